"""Online backup and restore of the database, through SQLite's backup API.

A Heroku-style dyno loses its disk at every restart, so the ratings people give must either live
on a persistent volume or be copied out regularly. The backup API copies a consistent snapshot
while the bot keeps reading and writing (WAL), unlike copying the file, which can catch a torn
state.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from core import db as dbmod
from core.errors import StreambotError


class BackupError(StreambotError):
    """A backup or restore cannot be done; the message says why."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    bytes: int
    ratings: int
    integrity: str


def _check(conn: sqlite3.Connection) -> tuple[str, int]:
    integrity = conn.execute("PRAGMA quick_check").fetchone()[0]
    ratings = conn.execute("SELECT count(*) FROM ratings").fetchone()[0]
    return str(integrity), int(ratings)


def backup(db_path: Path, dest: Path) -> BackupResult:
    """Write a consistent copy of ``db_path`` to ``dest`` (a file, or a folder to put it in)."""
    db_path, dest = Path(db_path), Path(dest)
    if not db_path.is_file():
        raise BackupError(f"There is no database at {db_path} to back up.")
    if dest.is_dir() or not dest.suffix:  # "backups/" or "backups": a folder
        dest = dest / db_path.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    with closing(dbmod.connect(db_path)) as src, closing(sqlite3.connect(tmp)) as out:
        src.backup(out, pages=4096)
        out.execute("PRAGMA journal_mode=DELETE")
        integrity, ratings = _check(out)
    if integrity != "ok":
        tmp.unlink(missing_ok=True)
        raise BackupError(
            f"The copy failed its integrity check ({integrity}); nothing was written."
        )
    tmp.replace(dest)  # atomic: a reader of dest never sees a half-written backup
    return BackupResult(dest, dest.stat().st_size, ratings, integrity)


def restore(src: Path, db_path: Path) -> BackupResult:
    """Replace the database at ``db_path`` with the backup ``src`` (checked first)."""
    src, db_path = Path(src), Path(db_path)
    if not src.is_file():
        raise BackupError(f"There is no backup at {src}.")
    with closing(sqlite3.connect(f"file:{src}?mode=ro", uri=True)) as check:
        try:
            integrity, _ = _check(check)
        except sqlite3.DatabaseError as err:
            raise BackupError(f"{src} is not a streambot database ({err}).") from err
    if integrity != "ok":
        raise BackupError(f"{src} failed its integrity check ({integrity}); nothing was changed.")
    with (
        closing(sqlite3.connect(f"file:{src}?mode=ro", uri=True)) as source,
        closing(dbmod.connect(db_path)) as target,
    ):
        source.backup(target, pages=4096)
        integrity, ratings = _check(target)
    return BackupResult(db_path, db_path.stat().st_size, ratings, integrity)
