"""Database helpers the bot's tests and benchmarks share: a consistent copy, an integrity
check, and a fixed list of title ids to ask about."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from core import db as dbmod


def integrity(db_path: Path) -> str:
    """``PRAGMA integrity_check`` of a database, opened as the bot opens it (recovers a hot
    journal or WAL left by a killed process first)."""
    with closing(dbmod.connect(db_path)) as conn:
        return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))


def copy_db(source: Path, target: Path) -> Path:
    """A consistent copy of a database (SQLite's backup API), in WAL mode like the original."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    return target


def title_ids(db_path: Path, prefix: str = "ns", n: int = 50) -> list[str]:
    """``n`` catalog title ids, most rated first (a fixed list for a given database)."""
    with closing(sqlite3.connect(db_path)) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT title_id FROM title_scores WHERE title_id LIKE ? "
                "ORDER BY rating_count DESC, title_id LIMIT ?",
                (prefix + "%", n),
            )
        ]
