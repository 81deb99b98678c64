"""The ADBC writer: the one connection an ETL run writes through, and what it writes.

Bulk rows go through ADBC's ingestion, the fastest SQLite insert path measured here (see
``bench/etl.py``); everything else is plain SQL with bound parameters. Each unit of work (the
four catalogs together, then each ratings file) is written in one transaction and committed by
the function that wrote it, so a crash leaves all of a unit or none of it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import adbc_driver_sqlite.dbapi as adbc
import polars as pl

from core.clean import CATALOG_RULES, TITLE_COLUMNS, CleanCatalog
from core.etl.read import FileReport, PreparedRatings


class Writer:
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

    def title_ids(self) -> pl.Series:
        """Every title id, as one Arrow read (the ratings are validated against them)."""
        self.cur.execute("SELECT id FROM titles")
        return pl.from_arrow(self.cur.fetch_arrow_table())["id"].cast(pl.String)

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


def record_file(
    w: Writer,
    run_id: int,
    kind: str,
    path: Path,
    digest: str,
    report: FileReport,
    size: int | None = None,
) -> int:
    """The ``etl_files`` row of one file; returns its id."""
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


def write_catalogs(
    w: Writer,
    run_id: int,
    cleaned: list[tuple[Path, CleanCatalog, FileReport]],
    digests: dict[str, str],
) -> None:
    """Replace every catalog table with the cleaned catalogs, in one transaction, and record
    the rules they were cleaned under (``core.clean.CATALOG_RULES``)."""
    for table in ("title_cast", "title_directors", "title_genres", "titles"):
        w.execute(f"DELETE FROM {table}")
    for path, result, report in cleaned:
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
        record_file(w, run_id, "catalog", path, digests[path.name], report)
    w.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('catalog_rules', ?)", (CATALOG_RULES,)
    )
    w.commit()


def catalog_rules(w: Writer) -> str | None:
    """The catalog rules the stored catalogs were cleaned under (None: before rules had a
    version, or never loaded)."""
    rows = w.query("SELECT value FROM meta WHERE key = 'catalog_rules'")
    return str(rows[0][0]) if rows else None


def write_ratings_file(w: Writer, run_id: int, prepared: PreparedRatings) -> FileReport:
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
    file_id = record_file(w, run_id, "ratings", path, prepared.digest, report, prepared.size)
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
        recompute_scores(w)
    else:
        assert prepared.delta is not None
        add_scores(w, prepared.delta)
    w.commit()
    return report


def add_scores(w: Writer, delta: pl.DataFrame) -> None:
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


def recompute_scores(w: Writer) -> None:
    """Rebuild every score from the rating events; used when a file's content was replaced."""
    w.execute("DELETE FROM title_scores")
    w.execute(
        "INSERT INTO title_scores (title_id, rating_sum, rating_count, score) "
        "SELECT title_id, sum(rating), count(*), avg(rating) FROM ratings GROUP BY title_id"
    )
