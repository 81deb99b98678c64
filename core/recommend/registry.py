"""The ``models`` table: which versions exist, their metrics, and which one is live.

Why in SQLite: the bot, the CLI and the continuous-training worker all read the same database,
and promotion is one transaction, so every reader sees either the old live model or the new one.

The table is declared with the rest of the schema (``core.db``). Loading a version to serve is
``core.recommend.serving``'s.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core import db as dbmod
from core.errors import UnknownModelVersion

log = logging.getLogger("streambot.recommend")


def _has_registry(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'models'")
    return row.fetchone() is not None


def ensure_registry(conn: sqlite3.Connection) -> None:
    """The ``models`` table (declared in ``core.db``), added to a database made before it."""
    if not _has_registry(conn):
        dbmod.ensure_schema(conn)


@dataclass(frozen=True, slots=True)
class ModelRecord:
    """One row of ``models``."""

    version: str
    kind: str
    path: str
    created_at: str
    watermark: int
    live: bool
    promoted_at: str | None
    metrics: dict
    summary: dict

    @property
    def trained_at(self) -> str:
        """When its full training ran: an update keeps the date of the training it updates, so
        the schedule's maximum age still brings a full training."""
        return str(self.summary.get("trained_at") or self.created_at)


_COLUMNS = "version, kind, path, created_at, watermark, live, promoted_at, metrics, summary"


def _record(row: tuple) -> ModelRecord:
    *head, metrics, summary = row
    head[5] = bool(head[5])
    return ModelRecord(*head, metrics=json.loads(metrics), summary=json.loads(summary))


def record_model(conn: sqlite3.Connection, meta: dict, path: Path) -> None:
    """Add a trained artifact (not live) from its metadata."""
    ensure_registry(conn)
    summary = {
        k: meta[k] for k in ("counts", "timings", "config", "update_of", "trained_at") if k in meta
    }
    conn.execute(
        f"INSERT INTO models ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?)",
        (
            meta["version"],
            meta["kind"],
            str(path),
            meta["created_at"],
            int(meta["watermark"]),
            json.dumps(meta.get("metrics", {})),
            json.dumps(summary),
        ),
    )
    conn.commit()


def register(db_path: Path, meta: dict, path: Path, *, promote_it: bool = False) -> None:
    """Record a version a training or an update just wrote, and make it live if asked: what
    both end with, on their own connection (they read the ratings through ADBC before)."""
    conn = dbmod.connect(db_path)
    try:
        record_model(conn, meta, path)
        if promote_it:
            promote(conn, meta["version"])
    finally:
        conn.close()


def list_models(conn: sqlite3.Connection) -> list[ModelRecord]:
    """Every version, newest first (none when the table does not exist yet)."""
    if not _has_registry(conn):
        return []
    rows = conn.execute(f"SELECT {_COLUMNS} FROM models ORDER BY created_at DESC, version DESC")
    return [_record(row) for row in rows]


def promote(conn: sqlite3.Connection, version: str) -> ModelRecord:
    """Make ``version`` the live model, in one transaction; raises ``UnknownModelVersion``."""
    ensure_registry(conn)
    with conn:
        found = conn.execute("SELECT 1 FROM models WHERE version = ?", (version,)).fetchone()
        if found is None:
            known = [
                r[0]
                for r in conn.execute("SELECT version FROM models ORDER BY created_at DESC LIMIT 5")
            ]
            raise UnknownModelVersion(
                f"No trained model has the version '{version}'"
                + (f"; the newest are {', '.join(known)}" if known else "; none is trained yet")
                + ". Run `streambot models` to list them, or `streambot train` to make one.",
                code="unknown_model_version",
                params={"given": version, "versions": known},
            )
        conn.execute("UPDATE models SET live = 0 WHERE live = 1")
        conn.execute(
            "UPDATE models SET live = 1, promoted_at = ? WHERE version = ?",
            (datetime.now(UTC).isoformat(timespec="seconds"), version),
        )
    return next(r for r in list_models(conn) if r.version == version)


def prune_models(conn: sqlite3.Connection, models_dir: Path, keep: int) -> list[str]:
    """Delete old versions, files and rows, keeping the live one, the ``keep - 1`` most
    recently promoted others (what ``load_live`` falls back to) and the newest version of all
    (a candidate just rejected, to look into). ``keep`` 0 keeps everything. Returns the
    versions deleted, oldest first.

    Why: each version of a full-scale model is ~150 MB, and the bot trains as ratings arrive.
    """
    if keep <= 0 or not _has_registry(conn):
        return []
    records = list_models(conn)  # newest first
    promoted = sorted(
        (r for r in records if r.promoted_at and not r.live),
        key=lambda r: (r.promoted_at, r.version),
        reverse=True,
    )
    kept = {r.version for r in records if r.live}
    kept |= {r.version for r in promoted[: max(keep - 1, 0)]}
    kept |= {r.version for r in records[:1]}
    gone = [r.version for r in reversed(records) if r.version not in kept]
    for version in gone:
        with conn:
            conn.execute("DELETE FROM models WHERE version = ?", (version,))
        shutil.rmtree(Path(models_dir) / version, ignore_errors=True)
        log.info("model %s deleted (keeping %d)", version, keep)
    return gone


def live_record(conn: sqlite3.Connection) -> ModelRecord | None:
    """The live version's row, if any: what serves, its watermark, when it was promoted."""
    if not _has_registry(conn):
        return None
    row = conn.execute(f"SELECT {_COLUMNS} FROM models WHERE live = 1").fetchone()
    return _record(row) if row else None
