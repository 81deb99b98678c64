"""Online backup and restore of the database, through SQLite's backup API.

A Heroku-style dyno loses its disk at every restart, so the ratings people give must either live
on a persistent volume or be copied out regularly. The backup API copies a consistent snapshot
while the bot keeps reading and writing (WAL), unlike copying the file, which can catch a torn
state.

What each side promises (tests/test_backup.py):

- **A backup never writes over a file.** Not the live database or its ``-wal``/``-shm`` (a
  folder destination used to become ``<folder>/<db name>``, so ``streambot backup data/`` wrote
  over the live file and swapped it in while the bot held it: a malformed database), and not any
  other existing file, which some program may hold open. The copy is written to a temporary
  name and linked into place, which fails rather than replaces.
- **A restore checks before it changes anything**: the file is a database that passes its
  integrity check and has this streambot's schema version, tables and columns. It refuses while
  a bot or worker serves the database (they hold ``<db>.lock``, shared, see ``serving``): their
  ratings would vanish under them. The database it replaces is kept as a backup of its own.
- **Retention** (``BACKUP_KEEP``): the scheduled job deletes all but the newest backups.
- **/forget reaches the backups** in ``BACKUP_DIR`` (``forget_in_backups``): each backup there
  has the person deleted as the live database had. Copies made elsewhere are out of reach.
"""

from __future__ import annotations

import fcntl
import glob
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core import db as dbmod
from core.errors import StreambotError

log = logging.getLogger("streambot.backup")
STAMP = "%Y%m%d-%H%M%S"
_STAMPED = r"-\d{8}-\d{6}(?:-\d+)?\.db"
"""What follows the database's name in a backup's file name: the UTC time, and a number when
two backups fall in the same second."""
_SIDE_FILES = ("", "-wal", "-shm", "-journal")


class BackupError(StreambotError):
    """A backup or restore cannot be done; the message says why, and that nothing changed."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    bytes: int
    ratings: int
    integrity: str


@dataclass(frozen=True, slots=True)
class RestoreResult:
    path: Path
    bytes: int
    ratings: int
    integrity: str
    kept: Path | None
    """The database that was replaced, kept as a backup (None when there was none)."""


def _check(conn: sqlite3.Connection) -> tuple[str, int]:
    integrity = conn.execute("PRAGMA quick_check").fetchone()[0]
    ratings = conn.execute("SELECT count(*) FROM ratings").fetchone()[0]
    return str(integrity), int(ratings)


def _is_live(path: Path, db_path: Path) -> bool:
    """Whether ``path`` is, or resolves to, the database or one of its side files (``-wal``,
    ``-shm``, ``-journal``), through any symlink, ``..`` or hard link."""
    target = path.resolve()
    for suffix in _SIDE_FILES:
        side = db_path.with_name(db_path.name + suffix)
        if target == side.resolve():
            return True
        try:
            if path.exists() and side.exists() and path.samefile(side):
                return True
        except OSError:
            continue
    return False


def backup_path(folder: Path, db_path: Path, now: datetime | None = None, tag: str = "") -> Path:
    """A new file name in ``folder`` for a backup of ``db_path``: ``<db stem>[-tag]-<UTC time>.db``,
    numbered past any taken in the same second (so it names no existing file, and sorts last)."""
    stamp = (now or datetime.now(UTC)).strftime(STAMP)
    base = f"{Path(db_path).stem}{'-' + tag if tag else ''}-{stamp}"
    same = re.compile(re.escape(base) + r"(?:-(\d+))?\.db")
    taken = [same.fullmatch(p.name) for p in Path(folder).glob(f"{glob.escape(base)}*.db")]
    numbers = [int(m.group(1) or 1) for m in taken if m]
    return Path(folder) / (f"{base}-{max(numbers) + 1}.db" if numbers else f"{base}.db")


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """One writer at a time in a backup folder (a backup, a retention pass, a /forget), across
    processes: an ``flock`` on the folder itself, released even by a SIGKILL."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def backup(
    db_path: Path, dest: Path, *, now: datetime | None = None, tag: str = ""
) -> BackupResult:
    """Write a consistent copy of ``db_path`` to ``dest``: a new file, or a folder to put a new
    ``<db stem>-<UTC time>.db`` in. Refuses (``BackupError``) a destination that is the live
    database or one of its side files, or that already exists."""
    db_path, dest = Path(db_path), Path(dest)
    if not db_path.is_file():
        raise BackupError(f"There is no database at {db_path} to back up.")
    folder_given = dest.is_dir() or (not dest.exists() and not dest.suffix)
    folder = dest if folder_given else dest.parent
    folder.mkdir(parents=True, exist_ok=True)
    with _folder_lock(folder):
        if folder_given:
            dest = backup_path(folder, db_path, now, tag)
        if _is_live(dest, db_path):
            raise BackupError(
                f"{dest} is the live database (or its -wal/-shm file): a backup never writes "
                "over the database it copies. Give another file name, or a folder."
            )
        if dest.exists():
            raise BackupError(
                f"{dest} already exists, and a backup never replaces a file (a program may have "
                "it open). Give a new file name, or a folder: each backup there gets its own."
            )
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=folder)
        os.close(fd)
        tmp = Path(name)
        try:
            with closing(dbmod.connect(db_path)) as src, closing(sqlite3.connect(tmp)) as out:
                src.backup(out)  # one step: a snapshot in one read transaction; writers go on
                out.execute("PRAGMA journal_mode=DELETE")
                integrity, ratings = _check(out)
            if integrity != "ok":
                raise BackupError(
                    f"The copy failed its integrity check ({integrity}); nothing was written."
                )
            try:
                os.link(tmp, dest)  # unlike a rename, fails if dest appeared meanwhile
            except FileExistsError as err:
                raise BackupError(
                    f"{dest} appeared during the backup; nothing was replaced."
                ) from err
        except sqlite3.Error as err:
            raise BackupError(
                f"The backup of {db_path} failed: {err}; nothing was written."
            ) from err
        finally:
            tmp.unlink(missing_ok=True)
    return BackupResult(dest, dest.stat().st_size, ratings, integrity)


def backups_of(folder: Path, db_path: Path) -> list[Path]:
    """The backups of ``db_path`` in ``folder`` that ``backup`` named, oldest first."""
    stamped = re.compile(re.escape(Path(db_path).stem) + _STAMPED)
    found = [p for p in Path(folder).glob("*.db") if stamped.fullmatch(p.name)]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def prune_backups(folder: Path, db_path: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``db_path`` in ``folder`` (0 keeps all);
    returns what was deleted. Only files ``backup`` named are ever touched."""
    if keep <= 0 or not Path(folder).is_dir():
        return []
    with _folder_lock(Path(folder)):
        old = backups_of(folder, db_path)[:-keep]
        for path in old:
            path.unlink(missing_ok=True)
    return old


def forget_in_backups(folder: Path | None, telegram_id: int) -> int:
    """/forget in every backup in ``folder`` (``BACKUP_DIR``), as in the live database: every
    row about the person deleted. Returns how many backups held them. Only files ``backup``
    named are opened; one that cannot be is logged and skipped."""
    from core.ratings import forget_user

    if folder is None or not Path(folder).is_dir():
        return 0
    held = 0
    named = re.compile(".+" + _STAMPED)
    with _folder_lock(Path(folder)):
        for path in sorted(p for p in Path(folder).glob("*.db") if named.fullmatch(p.name)):
            try:
                with closing(sqlite3.connect(path)) as conn:
                    gone = forget_user(conn, telegram_id)
            except sqlite3.Error as err:
                log.warning("cannot forget a person in backup %s: %s", path.name, err)
                continue
            held += bool(gone.ratings or gone.party_memberships or gone.user_rows)
    return held


def _lock_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def serving(db_path: Path) -> Iterator[None]:
    """Hold while serving ``db_path`` (``streambot build``, ``run``, ``web``, ``worker``,
    ``jobs``): a restore then refuses to run.

    A shared ``flock`` on ``<db>.lock``: any number of servers at once, released by the kernel
    even after a SIGKILL. A server that starts during a restore waits for it to finish.
    """
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(_lock_file(db_path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("a restore of %s is running: waiting for it to finish", db_path.name)
            fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


@contextmanager
def _sole_user(db_path: Path) -> Iterator[None]:
    fd = os.open(_lock_file(db_path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise BackupError(
                f"{db_path} is being served by a running bot or worker (streambot build, run, web, "
                "worker or jobs): stop it first, then restore. Nothing was changed."
            ) from err
        yield
    finally:
        os.close(fd)


def _inspect(src: Path) -> None:
    """Refuse a file that is not a whole database with this streambot's schema."""
    try:
        with closing(sqlite3.connect(dbmod.readonly_uri(src), uri=True)) as conn:
            integrity = conn.execute("PRAGMA quick_check").fetchone()[0]
            problems = [] if integrity == "ok" else [f"its integrity check says {integrity}"]
            problems += dbmod.schema_problems(conn)
    except sqlite3.DatabaseError as err:
        problems = [f"it cannot be read as a database ({err})"]
    if problems:
        raise BackupError(
            f"{src} is not a streambot database this version can use: "
            + "; ".join(problems[:5])
            + ". Nothing was changed."
        )


def restore(
    src: Path, db_path: Path, *, keep_dir: Path | None = None, now: datetime | None = None
) -> RestoreResult:
    """Replace the database at ``db_path`` with the backup ``src``, once checked.

    Refuses a file that fails the checks, and a database a bot or worker is serving. The
    database being replaced is first backed up into ``keep_dir`` (default: its own folder) as
    ``<db stem>-before-restore-<UTC time>.db``, so nothing acknowledged is thrown away.
    """
    src, db_path = Path(src), Path(db_path)
    if not src.is_file():
        raise BackupError(f"There is no backup at {src}; nothing was changed.")
    if _is_live(src, db_path):
        raise BackupError(f"{src} is the database itself; give a backup to restore from.")
    _inspect(src)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _sole_user(db_path):
        kept = None
        if db_path.is_file():
            kept = backup(db_path, keep_dir or db_path.parent, now=now, tag="before-restore").path
        try:
            with (
                closing(sqlite3.connect(dbmod.readonly_uri(src), uri=True)) as source,
                closing(dbmod.connect(db_path)) as target,
            ):
                source.backup(target)  # through SQLite's locks: never a file swapped under anyone
                integrity, ratings = _check(target)
        except sqlite3.Error as err:
            raise BackupError(
                f"The restore into {db_path} failed: {err}. The database it replaced is kept "
                f"at {kept}."
            ) from err
    return RestoreResult(db_path, db_path.stat().st_size, ratings, integrity, kept)
