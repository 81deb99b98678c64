"""Real taste in the database: imported MovieLens releases, and ``load_taste`` for training.

Tables (declared with the core schema in ``core.db``):

- ``taste_ratings(source, user_id, title_id, rating, timestamp)``: one row per person, title
  and source. ``(source, user_id)`` identifies a person: user 1 of ``ml-25m`` is not user 1 of
  ``movielens-small``, and none of them is a bot user (their ids never enter ``ratings``).
- ``taste_sources``: one row per imported release: its file, the release's SHA-256, the
  catalog fingerprint it was bridged onto (``core.derived.catalog_fingerprint``), when, and
  its figures (movies, matched, ratings read, rows kept).

An import (``import_movielens``) is one transaction: an interrupted import leaves the database
as it was. It is idempotent: a release already bridged onto the current catalog (same
SHA-256, under any source name) changes nothing. The same source name with another release,
or after the catalog was reloaded, replaces the earlier rows.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from core.db import ensure_schema
from core.derived import catalog_fingerprint
from core.shipped import SHIPPED_DIR, shipped_applies
from core.taste.bridge import bridge_ratings
from core.taste.measure import RATINGS_SCHEMA, match_catalog, read_movies
from core.taste.release import Progress, TasteInputError, open_release
from core.taste.shipped import (
    SHIPPED_FIGURES,
    SHIPPED_SHA256,
    SHIPPED_SOURCE,
    read_shipped,
    shipped_path,
)

TASTE_SCHEMA = {
    "source": pl.String,
    "user_id": pl.Int64,
    "title_id": pl.String,
    "rating": pl.Float64,
    "timestamp": pl.Int64,
}
"""The columns ``load_taste`` returns."""
BATCH_ROWS = 1_000_000
"""Ratings read, bridged and written at a time by an import (ml-32m: 32 batches)."""
_SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
_UPSERT = (
    "INSERT INTO taste_ratings (source, user_id, title_id, rating, timestamp) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, user_id, title_id) DO UPDATE SET "
    "rating = excluded.rating, timestamp = excluded.timestamp "
    "WHERE excluded.timestamp > taste_ratings.timestamp OR "
    "(excluded.timestamp = taste_ratings.timestamp AND excluded.rating > taste_ratings.rating)"
)
"""A person who rated two MovieLens entries of one film keeps the later rating (on a tie, the
higher): the rule ``core.taste.bridge.bridge_ratings`` applies within a batch."""


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True, slots=True)
class TasteSource:
    """One source of real taste and its figures."""

    source: str
    file_name: str
    sha256: str
    imported_at: str | None
    """UTC, ISO 8601; None for the shipped source."""
    movies: int
    """Movies in the release."""
    matched: int
    ratings: int
    """Ratings in the release."""
    kept: int
    """Bridged rows: one per person and title."""
    used: bool
    """Whether ``load_taste`` returns it: bridged onto the database's current catalog."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: TasteSource
    imported: bool
    """False when the release was already imported onto this catalog (nothing changed)."""
    rows_read: int


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _frame(conn, sql: str, params: tuple = ()) -> pl.DataFrame:
    """A query's rows as ``TASTE_SCHEMA`` columns, through ADBC's Arrow path when it is one."""
    cursor = conn.execute(sql, params)
    try:
        if hasattr(cursor, "fetch_arrow_table"):
            frame = pl.from_arrow(cursor.fetch_arrow_table())
            assert isinstance(frame, pl.DataFrame)
            return frame.cast(TASTE_SCHEMA) if frame.height else pl.DataFrame(schema=TASTE_SCHEMA)
        return pl.DataFrame(cursor.fetchall(), schema=TASTE_SCHEMA, orient="row")
    finally:
        cursor.close()


def _load(conn, shipped: Path) -> pl.DataFrame:
    tables = _tables(conn)
    if "titles" not in tables:
        return pl.DataFrame(schema=TASTE_SCHEMA)
    frames = []
    imported = pl.DataFrame(schema=TASTE_SCHEMA)
    replaces_shipped = False
    if {"taste_sources", "taste_ratings"} <= tables:
        fingerprint = catalog_fingerprint(conn)
        imported = _frame(
            conn,
            "SELECT r.source, r.user_id, r.title_id, r.rating, r.timestamp FROM taste_ratings r "
            "JOIN taste_sources s ON s.source = r.source WHERE s.catalog = ? "
            "ORDER BY r.source, r.user_id, r.title_id",
            (fingerprint,),
        )
        replaces_shipped = (
            conn.execute(
                "SELECT 1 FROM taste_sources WHERE sha256 = ? AND catalog = ?",
                (SHIPPED_SHA256, fingerprint),
            ).fetchone()
            is not None
        )
    if "etl_files" in tables and not replaces_shipped and shipped_applies(conn):
        frames.append(
            read_shipped(shipped).select(
                pl.lit(SHIPPED_SOURCE).alias("source"), *list(TASTE_SCHEMA)[1:]
            )
        )
    frames.append(imported)
    return pl.concat(frames)


def load_taste(db: sqlite3.Connection | Path | str, *, shipped: Path = SHIPPED_DIR) -> pl.DataFrame:
    """Every real rating bridged onto the database's catalog: ``source, user_id, title_id,
    rating, timestamp`` (``TASTE_SCHEMA``), by source (the shipped one first), person and title.

    - The shipped ``movielens-small`` ratings, when the database holds the shipped catalogs
      (their title ids are those catalogs'; ``core.taste.shipped``).
    - Every release imported with ``import_movielens`` onto the current catalog; one imported
      onto a catalog since reloaded is left out until imported again (``list_sources`` says
      which). An import of ml-latest-small itself replaces the shipped copy (no double count).

    ``(source, user_id)`` identifies a person. ``db`` is an open ``sqlite3`` connection or the
    database's path; a path is read through ADBC's Arrow path (several times faster on a
    large import), so no ``sqlite3`` connection to it may be open in the process meanwhile
    (as for ``core.recommend.data.load_sqlite``). A database without the tables (never loaded,
    or older than them) gives what applies of the above, possibly nothing.
    """
    if isinstance(db, sqlite3.Connection):
        return _load(db, shipped)
    import adbc_driver_sqlite.dbapi as adbc

    with adbc.connect(str(db)) as conn:
        return _load(conn, shipped)


def list_sources(conn: sqlite3.Connection, *, shipped: Path = SHIPPED_DIR) -> list[TasteSource]:
    """The shipped source and every imported one, with their figures and whether
    ``load_taste`` uses them."""
    tables = _tables(conn)
    found = _imported(conn) if {"taste_sources", "titles"} <= tables else []
    replaced = any(s.sha256 == SHIPPED_SHA256 and s.used for s in found)
    applies = "etl_files" in tables and shipped_applies(conn)
    found.insert(
        0,
        TasteSource(
            SHIPPED_SOURCE,
            shipped_path(shipped).name,
            SHIPPED_SHA256,
            None,
            **SHIPPED_FIGURES,
            kept=read_shipped(shipped).height,
            used=applies and not replaced,
        ),
    )
    return found


def _source_name(given: str) -> str:
    name = given.strip().lower()
    if name == SHIPPED_SOURCE:
        raise TasteInputError(
            f"'{SHIPPED_SOURCE}' is the name of the ratings streambot ships: give the import "
            "another name with --source, e.g. --source ml-latest-small."
        )
    if not _SOURCE_NAME.match(name):
        raise TasteInputError(
            f"'{given}' cannot name a source: use up to 40 lower-case letters, digits, '.', "
            "'-' or '_', e.g. --source ml-25m."
        )
    return name


def _require_catalog(conn: sqlite3.Connection) -> None:
    tables = _tables(conn)
    if "titles" not in tables or "w_members" not in tables:
        raise TasteInputError(
            "The database has no catalog to bridge onto: load the catalogs first "
            "(`streambot etl --source DIR`, or `make run`)."
        )


def _imported(conn: sqlite3.Connection, where: str = "1", params: tuple = ()) -> list[TasteSource]:
    """The imported sources (``where``: a condition on ``taste_sources``), by name."""
    fingerprint = catalog_fingerprint(conn)
    return [
        TasteSource(source, file_name, sha, *rest, used=catalog == fingerprint)
        for source, file_name, sha, catalog, *rest in conn.execute(
            "SELECT source, file_name, sha256, catalog, imported_at, movies, matched, ratings, "
            f"kept FROM taste_sources WHERE {where} ORDER BY source",
            params,
        )
    ]


def import_movielens(
    conn: sqlite3.Connection,
    path_or_url: str,
    *,
    source: str | None = None,
    progress: Progress = _quiet,
    batch_rows: int = BATCH_ROWS,
) -> ImportResult:
    """Bridge a MovieLens release (folder, ``.zip`` or URL of one; ``core.taste.release``) onto
    the catalog of ``conn`` and store its ratings as ``source`` (default: the release's name,
    e.g. ``ml-25m``). Progress goes to ``progress`` (rows read, movies matched, rows written).

    Raises ``TasteInputError`` for a missing file, another layout, an unreachable URL, an
    unreadable ratings file or a database without a catalog; nothing is written then.
    """
    ensure_schema(conn)  # an older database gets the taste tables
    _require_catalog(conn)
    with open_release(path_or_url, progress) as release:
        name = _source_name(source or release.name)
        fingerprint = catalog_fingerprint(conn)
        done = next(
            iter(_imported(conn, "sha256 = ? AND catalog = ?", (release.sha256, fingerprint))), None
        )
        if done is not None:
            progress(f"already imported as {done.source}: nothing to do")
            return ImportResult(done, False, 0)
        movies = read_movies(release.movies)
        progress(f"read {movies.height:,} movies")
        bridge = match_catalog(conn, movies)
        progress(f"matched {bridge.matched:,} of {movies.height:,} movies")
        mapping = bridge.mapping
        read = written = 0
        if conn.in_transaction:
            conn.commit()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM taste_ratings WHERE source = ?", (name,))
            conn.execute("DELETE FROM taste_sources WHERE source = ?", (name,))
            batches = pl.scan_csv(release.ratings, schema_overrides=RATINGS_SCHEMA)
            for batch in batches.collect_batches(chunk_size=batch_rows):
                read += batch.height
                rows = bridge_ratings(batch, mapping)
                conn.executemany(
                    _UPSERT,
                    rows.select(pl.lit(name), "user_id", "title_id", "rating", "timestamp").rows(),
                )
                written += rows.height
                progress(f"read {read:,} ratings, wrote {written:,} rows")
            (kept,) = conn.execute(
                "SELECT count(*) FROM taste_ratings WHERE source = ?", (name,)
            ).fetchone()
            conn.execute(
                "INSERT INTO taste_sources (source, file_name, sha256, catalog, imported_at, "
                "movies, matched, ratings, kept) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    Path(release.given).name or release.given,
                    release.sha256,
                    fingerprint,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    movies.height,
                    bridge.matched,
                    read,
                    kept,
                ),
            )
            conn.commit()
        except pl.exceptions.PolarsError as err:
            conn.rollback()
            raise TasteInputError(
                f"{release.given}: ratings.csv cannot be read after {read:,} rows: "
                f"{str(err).splitlines()[0]}. Nothing was imported."
            ) from err
        except BaseException:
            conn.rollback()
            raise
    from core.refresh import refresh_derived

    refresh_derived(conn)  # t_fans counts the new real raters
    (stored,) = _imported(conn, "source = ?", (name,))
    return ImportResult(stored, True, read)
