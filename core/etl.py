"""ETL: the four catalogs and the rating files, cleaned and loaded into SQLite.

Flow: check every input first (a missing file or column stops the run before anything is
written), then load the catalogs as one unit and each ratings file as its own unit. Each unit is
one transaction, so a crash leaves either all of a file or none of it, and the next run picks up
where this one stopped. Units already loaded with the same SHA-256 are skipped: running the same
input twice leaves the same data, and a new file in ``ratings/`` is appended without reloading
the rest.

Bulk rows go through ADBC's ingestion, the fastest SQLite insert path measured here (see
``bench/etl.py``); everything else is plain SQL with bound parameters.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import adbc_driver_sqlite.dbapi as adbc
import polars as pl

from core import db as dbmod
from core.clean import TITLE_COLUMNS, clean_catalog
from core.db import CHAT_USER_BASE
from core.errors import EtlInputError
from core.platforms import CATALOG_COLUMNS, PLATFORMS, RATINGS_COLUMNS
from core.queries.support import ensure_query_support
from core.where.support import ensure_where_support

_RATINGS_SCHEMA = {
    "userId": pl.Int64,
    "rating": pl.Float64,
    "timestamp": pl.Int64,
    "movieId": pl.String,
}
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileReport:
    """What happened to one input file in one run."""

    name: str
    kind: str
    """``catalog`` or ``ratings``."""
    status: str
    """``loaded``, ``replaced`` (same name, new content) or ``unchanged`` (skipped)."""
    rows_read: int = 0
    rows_loaded: int = 0
    rejects: dict[str, int] = field(default_factory=dict)
    fixes: dict[str, int] = field(default_factory=dict)

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejects.values())


@dataclass(frozen=True, slots=True)
class EtlSummary:
    """The result of one ETL run, and the state of the database after it."""

    run_id: int
    files: tuple[FileReport, ...]
    titles_by_platform: dict[str, int]
    ratings_total: int
    rated_titles: int
    seconds: float

    @property
    def rejects(self) -> dict[str, int]:
        """Rows rejected in this run, by reason."""
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.rejects)
        return dict(total)

    @property
    def fixes(self) -> dict[str, int]:
        """Fixes applied in this run, by kind."""
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.fixes)
        return dict(total)

    @property
    def ratings_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files if f.kind == "ratings")


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in chunks so an 11M-row file does not sit in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        row = next(csv.reader(fh), [])
    return [c.strip() for c in row]


def _check_columns(path: Path, required: Iterable[str]) -> None:
    header = _header(path)
    missing = [c for c in required if c not in header]
    if missing:
        raise EtlInputError(
            f"{path} is missing the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)} (found: {', '.join(header) or 'nothing'})."
        )


def catalog_paths(source: Path) -> dict[str, Path]:
    """The four catalog files expected in ``source``, by platform key."""
    return {p.key: source / p.file_name for p in PLATFORMS}


def ratings_paths(source: Path) -> list[Path]:
    """The ratings files in ``source/ratings``, in name order (the order they are loaded)."""
    folder = source / "ratings"
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def check_inputs(source: Path) -> None:
    """Fail before writing anything when a catalog is missing or any file lacks a column."""
    for path in catalog_paths(source).values():
        if not path.is_file():
            raise EtlInputError(
                f"{path} is missing: put the four Kaggle catalogs in {source} "
                "(see data/README.md), or run `streambot sample` to generate data."
            )
        _check_columns(path, CATALOG_COLUMNS)
    for path in ratings_paths(source):
        _check_columns(path, RATINGS_COLUMNS)


# --- reading and validating ratings --------------------------------------------------------


def _read_ratings_strict(data: bytes) -> pl.DataFrame:
    """The fast path: a well-formed file read with its final types."""
    return pl.read_csv(data, schema_overrides=_RATINGS_SCHEMA, columns=list(RATINGS_COLUMNS))


def _read_ratings_tolerant(data: bytes) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The slow path, for a file the fast path cannot parse: row by row, keeping line numbers.

    Returns the rows with the right number of fields (as strings) and the malformed ones.
    """
    good: dict[str, list] = {c: [] for c in ("line", *RATINGS_COLUMNS)}
    bad: dict[str, list] = {"line": [], "reason": [], "raw": []}
    with io.StringIO(data.decode("utf-8-sig", errors="replace"), newline="") as fh:
        reader = csv.reader(fh)
        header = [c.strip() for c in next(reader)]
        order = [header.index(c) for c in RATINGS_COLUMNS]
        for row in reader:
            line = reader.line_num
            if len(row) != len(header):
                bad["line"].append(line)
                bad["reason"].append("malformed")
                bad["raw"].append(",".join(row))
                continue
            good["line"].append(line)
            for name, idx in zip(RATINGS_COLUMNS, order, strict=True):
                good[name].append(row[idx].strip())
    frame = pl.DataFrame(
        good, schema={"line": pl.Int64, **dict.fromkeys(RATINGS_COLUMNS, pl.String)}
    )
    typed = frame.with_columns(
        pl.col("userId").cast(pl.Int64, strict=False).alias("_u"),
        pl.col("rating").cast(pl.Float64, strict=False).alias("_r"),
        pl.col("timestamp").cast(pl.Int64, strict=False).alias("_t"),
    )
    unparsable = (
        (pl.col("_u").is_null() & (pl.col("userId") != ""))
        | (pl.col("_r").is_null() & (pl.col("rating") != ""))
        | (pl.col("_t").is_null() & (pl.col("timestamp") != ""))
    )
    malformed = typed.filter(unparsable).select(
        "line",
        pl.lit("malformed").alias("reason"),
        pl.concat_str(list(RATINGS_COLUMNS), separator=",").alias("raw"),
    )
    parsed = typed.filter(~unparsable).select(
        "line",
        pl.col("_u").alias("userId"),
        pl.col("_r").alias("rating"),
        pl.col("_t").alias("timestamp"),
        pl.when(pl.col("movieId") == "").then(None).otherwise(pl.col("movieId")).alias("movieId"),
    )
    rejects = pl.concat([pl.DataFrame(bad, schema=malformed.schema), malformed])
    return parsed, rejects


def read_ratings(data: bytes, title_ids: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Read and validate the content of one ratings file.

    Returns ``(valid rows, rejects, rows read)``. Valid rows have the ``ratings`` table's
    columns; rejects have ``line``, ``reason`` and ``raw``.
    """
    try:
        frame = _read_ratings_strict(data).with_row_index("line", offset=2)
        frame = frame.with_columns(pl.col("line").cast(pl.Int64))
        early_rejects = pl.DataFrame(
            schema={"line": pl.Int64, "reason": pl.String, "raw": pl.String}
        )
    except (pl.exceptions.ComputeError, pl.exceptions.ShapeError):
        frame, early_rejects = _read_ratings_tolerant(data)
    rows_read = frame.height + early_rejects.height

    movie = pl.col("movieId").str.strip_chars().str.to_lowercase()
    rating = pl.col("rating")
    reason = (
        pl.when(pl.any_horizontal(pl.col(c).is_null() for c in RATINGS_COLUMNS))
        .then(pl.lit("missing_value"))
        .when((pl.col("userId") <= 0) | (pl.col("userId") >= CHAT_USER_BASE))
        .then(pl.lit("bad_user_id"))
        .when(rating.is_nan() | (rating < 0.5) | (rating > 5.0))
        .then(pl.lit("rating_out_of_range"))
        .when((rating * 2) != (rating * 2).round(0))
        .then(pl.lit("rating_off_step"))
        .when(pl.col("timestamp") < 0)
        .then(pl.lit("bad_timestamp"))
        .when(~movie.is_in(title_ids.implode()))
        .then(pl.lit("unknown_title"))
    )
    frame = frame.with_columns(reason.alias("_reason"), movie.alias("_movie"))
    bad = frame.filter(pl.col("_reason").is_not_null())
    rejects = pl.concat(
        [
            early_rejects,
            bad.select(
                "line",
                pl.col("_reason").alias("reason"),
                pl.concat_str(
                    [pl.col(c).cast(pl.String).fill_null("") for c in RATINGS_COLUMNS],
                    separator=",",
                ).alias("raw"),
            ),
        ]
    ).sort("line")
    # Most files have no bad row: skip the filter then (a filtered frame inserts slower).
    kept = frame.filter(pl.col("_reason").is_null()) if bad.height else frame
    valid = kept.select(
        pl.col("userId").alias("user_id"),
        pl.col("_movie").alias("title_id"),
        "rating",
        "timestamp",
    )
    return valid, rejects, rows_read


# --- loading ---------------------------------------------------------------------------------


class _Writer:
    """The one connection an ETL run uses: ADBC, each unit of work in a single transaction.

    ADBC bundles its own SQLite library. Two SQLite libraries with the same file open in one
    process break each other's POSIX locks (sqlite.org/howtocorrupt.html, section 2.2), so while
    this writer is open no ``sqlite3`` connection to the same file may be open in the process:
    ``run_etl`` closes its own before, and the bot runs the ETL in a worker process.
    """

    def __init__(self, db_path: Path) -> None:
        self.conn = adbc.connect(str(db_path), autocommit=True)
        self.cur = self.conn.cursor()
        # Pragmas must be set outside a transaction.
        self.cur.execute("PRAGMA busy_timeout=10000")
        self.cur.execute("PRAGMA synchronous=NORMAL")
        self.cur.execute("PRAGMA cache_size=-262144")
        # A bulk append in WAL mode writes every page twice (log, then checkpoint); a rollback
        # journal only saves the few pages an append modifies, and is just as crash-safe. The
        # switch only succeeds when no other connection has the database open; otherwise the
        # run simply stays in WAL. close() switches back.
        self._switched = self._journal("DELETE") == "delete"
        self.conn.adbc_connection.set_autocommit(False)

    def _journal(self, mode: str) -> str:
        try:
            return str(self.query(f"PRAGMA journal_mode={mode}")[0][0]).lower()
        except adbc.Error:
            return ""

    def ingest(self, table: str, frame: pl.DataFrame, *, temporary: bool = False) -> None:
        if frame.height:
            self.cur.adbc_ingest(table, frame.to_arrow(), mode="append", temporary=temporary)

    def execute(self, sql: str, params: tuple = ()) -> None:
        self.cur.execute(sql, params)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        self.cur.execute(sql, params)
        return self.cur.fetchall()

    # The DB-API wrapper was opened in autocommit mode (pragmas need it) and would ignore
    # commit(); the low-level connection owns the transaction since set_autocommit(False).
    def commit(self) -> None:
        self.conn.adbc_connection.commit()

    def rollback(self) -> None:
        self.conn.adbc_connection.rollback()

    def close(self) -> None:
        if self._switched:
            self.conn.adbc_connection.set_autocommit(True)
            self._journal("WAL")
        self.cur.close()
        self.conn.close()


def _record_file(
    w: _Writer,
    run_id: int,
    kind: str,
    path: Path,
    digest: str,
    report: FileReport,
    size: int | None = None,
) -> int:
    next_id = w.query("SELECT coalesce(max(id), 0) + 1 FROM etl_files")[0][0]
    w.execute(
        "INSERT INTO etl_files (id, run_id, kind, name, sha256, bytes, rows_read, rows_loaded, "
        "rows_rejected, fixes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            next_id,
            run_id,
            kind,
            path.name,
            digest,
            path.stat().st_size if size is None else size,
            report.rows_read,
            report.rows_loaded,
            report.rows_rejected,
            sum(report.fixes.values()),
        ),
    )
    return int(next_id)


def _rejects_frame(run_id: int, file: str, rejects: pl.DataFrame) -> pl.DataFrame:
    return rejects.select(
        pl.lit(run_id, pl.Int64).alias("run_id"),
        pl.lit(file).alias("file"),
        pl.col("line").cast(pl.Int64),
        "reason",
        "raw",
    )


def _load_catalogs(
    w: _Writer, run_id: int, source: Path, digests: dict[str, str]
) -> list[FileReport]:
    """Replace every catalog table with the cleaned content of the four files."""
    reports: list[FileReport] = []
    cleaned = []
    for platform in PLATFORMS:
        path = source / platform.file_name
        raw = pl.read_csv(path, infer_schema=False, columns=list(CATALOG_COLUMNS))
        result = clean_catalog(raw, platform)
        cleaned.append((platform, path, result))
        reports.append(
            FileReport(
                name=path.name,
                kind="catalog",
                status="loaded",
                rows_read=raw.height,
                rows_loaded=result.titles.height,
                rejects=dict(Counter(result.rejects["reason"].to_list())),
                fixes=dict(Counter(result.fixes["fix"].to_list())),
            )
        )
    for table in ("title_cast", "title_directors", "title_genres", "titles"):
        w.execute(f"DELETE FROM {table}")
    for (_platform, path, result), report in zip(cleaned, reports, strict=True):
        w.ingest("titles", result.titles.select(TITLE_COLUMNS))
        w.ingest("title_cast", result.cast)
        w.ingest("title_directors", result.directors)
        w.ingest("title_genres", result.genres)
        w.ingest("etl_rejects", _rejects_frame(run_id, path.name, result.rejects))
        w.ingest(
            "etl_fixes",
            result.fixes.select(
                pl.lit(run_id, pl.Int64).alias("run_id"),
                pl.lit(path.name).alias("file"),
                "title_id",
                "fix",
                "detail",
            ),
        )
        _record_file(w, run_id, "catalog", path, digests[path.name], report)
    w.commit()
    return reports


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A ratings file read, hashed and validated, ready to insert (or skipped as unchanged)."""

    path: Path
    digest: str
    size: int
    previous: str | None
    """The SHA-256 of the version loaded before, if any."""
    valid: pl.DataFrame | None = None
    rejects: pl.DataFrame | None = None
    delta: pl.DataFrame | None = None
    rows_read: int = 0

    @property
    def unchanged(self) -> bool:
        return self.digest == self.previous


def _prepare_ratings(path: Path, previous: str | None, title_ids: pl.Series) -> _Prepared:
    """Everything about a file that needs no database: runs on a second core while the
    previous file is being inserted. The file is read once, for both the hash and the parse."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest == previous:
        return _Prepared(path, digest, len(data), previous)
    valid, rejects, rows_read = read_ratings(data, title_ids)
    return _Prepared(
        path, digest, len(data), previous, valid, rejects, score_delta(valid), rows_read
    )


def _load_ratings_file(w: _Writer, run_id: int, prepared: _Prepared) -> FileReport:
    """Append one prepared file (or replace an earlier version of it) in one transaction."""
    assert prepared.valid is not None and prepared.rejects is not None
    path, valid, rejects = prepared.path, prepared.valid, prepared.rejects
    replace = prepared.previous is not None
    report = FileReport(
        name=path.name,
        kind="ratings",
        status="replaced" if replace else "loaded",
        rows_read=prepared.rows_read,
        rows_loaded=valid.height,
        rejects=dict(Counter(rejects["reason"].to_list())),
    )
    if replace:
        # Every earlier version of the file: its rows are one id range each.
        for first, last in w.query(
            "SELECT first_rating_id, last_rating_id FROM etl_files "
            "WHERE kind = 'ratings' AND name = ? AND first_rating_id IS NOT NULL",
            (path.name,),
        ):
            w.execute("DELETE FROM ratings WHERE id BETWEEN ? AND ?", (first, last))
    file_id = _record_file(w, run_id, "ratings", path, prepared.digest, report, prepared.size)
    # One ingest in one transaction appends consecutive rowids after the current maximum.
    first_id = int(w.query("SELECT coalesce(max(id), 0) + 1 FROM ratings")[0][0])
    w.ingest("ratings", valid)
    last_id = int(w.query("SELECT coalesce(max(id), 0) FROM ratings")[0][0])
    if valid.height and last_id - first_id + 1 != valid.height:
        raise RuntimeError(f"rating ids of {path.name} are not consecutive")
    w.execute(
        "UPDATE etl_files SET first_rating_id = ?, last_rating_id = ? WHERE id = ?",
        (first_id if valid.height else None, last_id if valid.height else None, file_id),
    )
    w.ingest("etl_rejects", _rejects_frame(run_id, path.name, rejects))
    if replace:
        _recompute_scores(w)
    else:
        assert prepared.delta is not None
        _add_scores(w, prepared.delta)
    w.commit()
    return report


def score_delta(valid: pl.DataFrame) -> pl.DataFrame:
    """Per-title sum and count of a batch of ratings: what a batch adds to ``title_scores``."""
    return valid.group_by("title_id").agg(
        pl.col("rating").sum().alias("rating_sum"), pl.len().cast(pl.Int64).alias("rating_count")
    )


def _add_scores(w: _Writer, delta: pl.DataFrame) -> None:
    """Fold one file's per-title sums and counts into the scores; exact, and no rescan."""
    if not delta.height:
        return
    w.execute(
        "CREATE TEMP TABLE IF NOT EXISTS score_delta "
        "(title_id TEXT, rating_sum REAL, rating_count INTEGER)"
    )
    w.execute("DELETE FROM score_delta")
    w.ingest("score_delta", delta, temporary=True)
    w.execute(
        "INSERT INTO title_scores (title_id, rating_sum, rating_count, score) "
        "SELECT title_id, rating_sum, rating_count, rating_sum / rating_count FROM score_delta "
        "WHERE true ON CONFLICT(title_id) DO UPDATE SET "
        "rating_sum = rating_sum + excluded.rating_sum, "
        "rating_count = rating_count + excluded.rating_count, "
        "score = (rating_sum + excluded.rating_sum) / (rating_count + excluded.rating_count)"
    )


def _recompute_scores(w: _Writer) -> None:
    """Rebuild every score from the rating events; used when a file's content was replaced."""
    w.execute("DELETE FROM title_scores")
    w.execute(
        "INSERT INTO title_scores (title_id, rating_sum, rating_count, score) "
        "SELECT title_id, sum(rating), count(*), avg(rating) FROM ratings GROUP BY title_id"
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_etl(source: Path, db_path: Path) -> EtlSummary:
    """Load ``source`` (the catalogs and ``ratings/*.csv``) into the database at ``db_path``.

    Raises ``EtlInputError`` before writing anything if an input is missing or lacks a column.
    No other ``sqlite3`` connection to ``db_path`` may be open in this process meanwhile (see
    ``_Writer``); long-running processes call this in a worker process.
    """
    started = time.perf_counter()
    source = Path(source)
    check_inputs(source)

    conn = dbmod.connect(db_path)
    try:
        dbmod.ensure_schema(conn)
    finally:
        conn.close()

    w = _Writer(db_path)
    try:
        w.execute("UPDATE etl_runs SET status = 'interrupted' WHERE status = 'running'")
        run_id = int(w.query("SELECT coalesce(max(id), 0) + 1 FROM etl_runs")[0][0])
        w.execute(
            "INSERT INTO etl_runs (id, started_at, status, source_dir) VALUES (?, ?, 'running', ?)",
            (run_id, _now(), str(source)),
        )
        w.commit()
        try:
            reports = _load_units(w, run_id, source)
        except BaseException:
            w.rollback()
            w.execute(
                "UPDATE etl_runs SET status = 'failed', finished_at = ? WHERE id = ?",
                (_now(), run_id),
            )
            w.commit()
            raise
        titles_by_platform = {
            str(k): int(v)
            for k, v in w.query(
                "SELECT platform, count(*) FROM titles GROUP BY platform ORDER BY platform"
            )
        }
        ratings_total, rated_titles = w.query(
            "SELECT coalesce(sum(rating_count), 0), count(*) FROM title_scores"
        )[0]
        summary = EtlSummary(
            run_id=run_id,
            files=tuple(reports),
            titles_by_platform=titles_by_platform,
            ratings_total=int(ratings_total),
            rated_titles=int(rated_titles),
            seconds=time.perf_counter() - started,
        )
        w.execute(
            "UPDATE etl_runs SET status = 'ok', finished_at = ?, summary = ? WHERE id = ?",
            (_now(), json.dumps(summary_dict(summary)), run_id),
        )
        w.commit()
    finally:
        w.close()
    # The analytics tables are derived from the catalog; built with sqlite3 once ADBC is closed.
    conn = dbmod.connect(db_path)
    try:
        ensure_query_support(conn)
        ensure_where_support(conn)
    finally:
        conn.close()
    return summary


def _load_units(w: _Writer, run_id: int, source: Path) -> list[FileReport]:
    """Load the catalogs (as one unit) and each new or changed ratings file (one unit each)."""
    loaded = {
        (str(kind), str(name)): str(digest)
        for kind, name, digest in w.query(
            "SELECT kind, name, sha256 FROM etl_files f WHERE id = "
            "(SELECT max(id) FROM etl_files g WHERE g.kind = f.kind AND g.name = f.name)"
        )
    }
    reports: list[FileReport] = []
    digests = {p.name: sha256_of(p) for p in catalog_paths(source).values()}
    if all(loaded.get(("catalog", name)) == d for name, d in digests.items()):
        reports += [FileReport(name, "catalog", "unchanged") for name in digests]
    else:
        reports += _load_catalogs(w, run_id, source, digests)

    w.cur.execute("SELECT id FROM titles")
    title_ids = pl.from_arrow(w.cur.fetch_arrow_table())["id"].cast(pl.String)
    # A two-stage pipeline: a worker thread reads, hashes and validates file i+1 (polars,
    # GIL released) while this thread inserts file i (ADBC, GIL released).
    paths = ratings_paths(source)

    def prepare(i: int) -> Future[_Prepared]:
        path = paths[i]
        return pool.submit(_prepare_ratings, path, loaded.get(("ratings", path.name)), title_ids)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="etl-read") as pool:
        pending = prepare(0) if paths else None
        for i in range(len(paths)):
            assert pending is not None
            prepared = pending.result()
            pending = prepare(i + 1) if i + 1 < len(paths) else None
            if prepared.unchanged:
                reports.append(FileReport(prepared.path.name, "ratings", "unchanged"))
            else:
                reports.append(_load_ratings_file(w, run_id, prepared))
    return reports


def summary_dict(summary: EtlSummary) -> dict:
    """A JSON-ready view of a summary, stored in ``etl_runs.summary``."""
    return {
        "titles_by_platform": summary.titles_by_platform,
        "ratings_total": summary.ratings_total,
        "ratings_loaded": summary.ratings_loaded,
        "rejects": summary.rejects,
        "fixes": summary.fixes,
        "files": [
            {
                "name": f.name,
                "kind": f.kind,
                "status": f.status,
                "rows_read": f.rows_read,
                "rows_loaded": f.rows_loaded,
                "rejects": f.rejects,
                "fixes": f.fixes,
            }
            for f in summary.files
        ],
        "seconds": round(summary.seconds, 3),
    }
