"""Orchestration: one ETL run, from checked inputs to fresh derived tables.

Flow: check every input first (``core.etl.read``; a missing file or column stops the run before
anything is written), then load the catalogs as one unit and each ratings file as its own unit
(``core.etl.writer``). Units already loaded with the same SHA-256 are skipped: running the same
input twice leaves the same data, and a new file in ``ratings/`` is appended without reloading
the rest. The catalogs are reloaded too when they were cleaned under older rules
(``core.clean.CATALOG_RULES``). Last, every family of derived tables is refreshed
(``core.refresh``), so whatever loaded the data, every command answers from it at once.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core import db as dbmod
from core.clean import CATALOG_RULES
from core.etl.read import (
    FileReport,
    PreparedRatings,
    catalog_paths,
    check_inputs,
    prepare_ratings,
    ratings_paths,
    read_catalog,
    sha256_of,
)
from core.etl.writer import Writer, catalog_rules, write_catalogs, write_ratings_file
from core.platforms import PLATFORMS
from core.refresh import Refreshed, refresh_derived


@dataclass(frozen=True, slots=True)
class EtlSummary:
    """The result of one ETL run, and the state of the database after it."""

    run_id: int
    files: tuple[FileReport, ...]
    titles_by_platform: dict[str, int]
    ratings_total: int
    rated_titles: int
    seconds: float
    derived: tuple[Refreshed, ...] = ()
    """What refreshing each family of derived tables did (``core.refresh``)."""

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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_etl(source: Path, db_path: Path) -> EtlSummary:
    """Load ``source`` (the catalogs and ``ratings/*.csv``) into the database at ``db_path``,
    then refresh every family of derived tables.

    Raises ``EtlInputError`` before writing anything if an input is missing or lacks a column.
    No other ``sqlite3`` connection to ``db_path`` may be open in this process meanwhile (see
    ``Writer``); long-running processes call this in a worker process.
    """
    started = time.perf_counter()
    source = Path(source)
    check_inputs(source)

    conn = dbmod.connect(db_path)
    try:
        dbmod.ensure_schema(conn)
    finally:
        conn.close()

    w = Writer(db_path)
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
    finally:
        w.close()
    # The derived tables, built with sqlite3 once ADBC is closed; the run is "ok" only after.
    conn = dbmod.connect(db_path)
    try:
        try:
            derived = refresh_derived(conn)
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            with conn:
                conn.execute(
                    "UPDATE etl_runs SET status = 'failed', finished_at = ? WHERE id = ?",
                    (_now(), run_id),
                )
            raise
        summary = EtlSummary(
            run_id=run_id,
            files=tuple(reports),
            titles_by_platform=titles_by_platform,
            ratings_total=int(ratings_total),
            rated_titles=int(rated_titles),
            seconds=time.perf_counter() - started,
            derived=derived,
        )
        with conn:
            conn.execute(
                "UPDATE etl_runs SET status = 'ok', finished_at = ?, summary = ? WHERE id = ?",
                (_now(), json.dumps(summary_dict(summary)), run_id),
            )
    finally:
        conn.close()
    return summary


def _load_units(w: Writer, run_id: int, source: Path) -> list[FileReport]:
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
    same_files = all(loaded.get(("catalog", name)) == d for name, d in digests.items())
    if same_files and catalog_rules(w) == CATALOG_RULES:
        reports += [FileReport(name, "catalog", "unchanged") for name in digests]
    else:
        cleaned = [
            (path, *read_catalog(path, platform))
            for platform in PLATFORMS
            for path in (source / platform.file_name,)
        ]
        write_catalogs(w, run_id, cleaned, digests)
        reports += [report for _, _, report in cleaned]

    title_ids = w.title_ids()
    # A two-stage pipeline: a worker thread reads, hashes and validates file i+1 (polars,
    # GIL released) while this thread inserts file i (ADBC, GIL released).
    paths = ratings_paths(source)

    def prepare(i: int) -> Future[PreparedRatings]:
        path = paths[i]
        return pool.submit(prepare_ratings, path, loaded.get(("ratings", path.name)), title_ids)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="etl-read") as pool:
        pending = prepare(0) if paths else None
        for i in range(len(paths)):
            assert pending is not None
            prepared = pending.result()
            pending = prepare(i + 1) if i + 1 < len(paths) else None
            if prepared.unchanged:
                reports.append(FileReport(prepared.path.name, "ratings", "unchanged"))
            else:
                reports.append(write_ratings_file(w, run_id, prepared))
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
        "derived": {
            d.prefix: {"changed": d.changed, "seconds": round(d.seconds, 3)}
            for d in summary.derived
        },
        "seconds": round(summary.seconds, 3),
    }
