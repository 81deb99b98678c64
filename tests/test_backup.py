"""Backup and restore: consistent online copies that never touch the live file, and a restore
that checks the file, refuses while the database is served, and keeps what it replaces.

The concurrent-writer tests run a writer that commits ratings as the bot does (``record_rating``,
acknowledged once it returns) while backups and restores run: every acknowledged rating is in
the result, or the command refused and the live database still has it.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from core import db as dbmod
from core.backup import BackupError, backup, backups_of, prune_backups, restore, serving
from core.etl import run_etl
from core.jobs import Jobs
from core.ratings import record_rating
from core.settings import Settings
from harness.db import copy_db, integrity, title_ids
from harness.fakebotapi import DEFAULT_USER_ID, FakeBotAPI
from tests.hardening_bot import BOT_COMMAND, bot_env, chat_ratings

REPO = Path(__file__).resolve().parents[1]


class Writer:
    """A thread that records ratings one after another, as the bot does on /rate, and keeps the
    id of each the moment it is acknowledged. ``serve`` holds the database as a running bot
    does (``core.backup.serving``)."""

    def __init__(self, db: Path, *, serve: bool = False, first_person: int = 1) -> None:
        self.db, self.serve, self.person = db, serve, first_person
        self.acked: list[tuple[float, int]] = []  # (time acknowledged, rating id)
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.titles = title_ids(db, n=20)

    def _run(self) -> None:
        try:
            if self.serve:
                with serving(self.db):
                    self._write()
            else:
                self._write()
        except BaseException as err:  # reported by stop()
            self.errors.append(err)

    def _write(self) -> None:
        with closing(dbmod.connect(self.db)) as conn:
            k = 0
            while not self._stop.is_set():
                title = self.titles[k % len(self.titles)]
                receipt = record_rating(conn, self.person + k // len(self.titles), title, 4)
                self.acked.append((time.monotonic(), receipt.rating_id))
                k += 1

    def __enter__(self) -> Writer:
        self._thread.start()
        while len(self.acked) < 5 and not self.errors:  # writing before the command starts
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        assert self.errors == [], self.errors

    def ids(self, before: float = float("inf")) -> set[int]:
        return {rid for at, rid in list(self.acked) if at < before}


@pytest.fixture
def live_db(demo_db, tmp_path) -> Path:
    """A copy of the demo database (16 MB: a backup takes long enough to overlap writes), in
    its own data folder, as ``data/streambot.db`` is."""
    return copy_db(demo_db, tmp_path / "data" / "streambot.db")


def test_backup_to_the_databases_own_folder_or_path_never_touches_the_live_file(live_db):
    """``streambot backup data/`` wrote the copy over ``data/streambot.db`` itself and swapped
    it in under the writing bot: a malformed database. Now a folder gets a new file, and any
    destination that is the live database or its side files is refused."""
    folder = live_db.parent
    (folder / "alias.db").symlink_to(live_db)
    with Writer(live_db) as writer:
        made = []
        for _ in range(3):
            started = time.monotonic()
            result = backup(live_db, folder)
            made.append((started, result))
        for dest in (live_db, folder / "streambot.db-wal", folder / "alias.db"):
            with pytest.raises(BackupError, match="live database"):
                backup(live_db, dest)
        os.link(live_db, folder / "hardlink.db")
        with pytest.raises(BackupError, match=r"live database|already exists"):
            backup(live_db, folder / "hardlink.db")

    assert integrity(live_db) == "ok"
    assert writer.ids() <= set(chat_ratings(live_db))  # nothing acknowledged was lost
    names = {result.path.name for _, result in made}
    assert len(names) == 3 and "streambot.db" not in names
    for started, result in made:
        assert result.integrity == "ok" and integrity(result.path) == "ok"
        in_copy = set(chat_ratings(result.path))
        assert writer.ids(before=started) <= in_copy  # acknowledged before it began: in it
        assert in_copy <= writer.ids()  # and nothing that was never acknowledged
        assert in_copy == set(range(min(in_copy), max(in_copy) + 1))  # a snapshot, no gaps


def test_a_backup_never_replaces_an_existing_file(live_db, tmp_path):
    other = copy_db(live_db, tmp_path / "other.db")
    before = other.read_bytes()
    with pytest.raises(BackupError, match="already exists"):
        backup(live_db, other)
    assert other.read_bytes() == before
    assert not list(tmp_path.glob(".*.partial"))


def _schema_variant(source: Path, target: Path, sql: str) -> Path:
    copy_db(source, target)
    with closing(sqlite3.connect(target)) as conn:
        conn.executescript(sql)
    return target


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("only a ratings table", "schema version is missing"),
        ("an older schema version", "schema version is 1"),
        ("a table without a column", "chat_users lacks created_at"),
        ("not a database", "cannot be read as a database"),
    ],
)
def test_restore_refuses_a_file_this_version_cannot_use(live_db, tmp_path, kind, message):
    """A file with only ``create table ratings(x)`` was restored ("0 ratings, integrity ok") and
    every command then failed; so was a backup edited to an older schema version."""
    bad = tmp_path / "bad.db"
    if kind == "only a ratings table":
        with closing(sqlite3.connect(bad)) as conn:
            conn.execute("CREATE TABLE ratings(x)")
    elif kind == "an older schema version":
        _schema_variant(live_db, bad, "UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    elif kind == "a table without a column":
        _schema_variant(live_db, bad, "ALTER TABLE chat_users DROP COLUMN created_at")
    elif kind == "not a database":
        bad.write_text("not a database at all " * 100)
    before = live_db.read_bytes()
    with pytest.raises(BackupError, match=message):
        restore(bad, live_db)
    assert live_db.read_bytes() == before
    assert not list(live_db.parent.glob("*before-restore*"))


@pytest.mark.parametrize("name", ["bk#1.db", "with space%20x.db", "q?mode=rw.db"])
def test_restore_takes_a_path_as_a_path_not_a_uri(live_db, tmp_path, name):
    made = backup(live_db, tmp_path / "backups" / name)
    assert made.path.name == name
    with closing(dbmod.connect(live_db)) as conn:
        record_rating(conn, 77, title_ids(live_db, n=1)[0], 5)  # after the backup
    result = restore(made.path, live_db)
    assert result.ratings == made.ratings and result.integrity == "ok"
    assert len(chat_ratings(live_db)) == len(chat_ratings(made.path))


def test_restore_refuses_while_served_and_keeps_the_database_it_replaces(live_db, tmp_path):
    """During a concurrent writer, 209 of 483 acknowledged ratings vanished in a restore. Now
    a restore refuses while a bot or worker serves the database; once they stop, it runs and
    keeps the replaced database, which holds every rating acknowledged before."""
    made = backup(live_db, tmp_path / "backups")
    with Writer(live_db, serve=True) as writer:
        before = live_db.stat().st_mtime_ns
        with pytest.raises(BackupError, match="being served by a running bot or worker"):
            restore(made.path, live_db, keep_dir=tmp_path / "backups")
        time.sleep(0.1)  # the writer goes on, unharmed
    assert live_db.stat().st_mtime_ns >= before
    assert integrity(live_db) == "ok" and writer.ids() <= set(chat_ratings(live_db))
    assert not list((tmp_path / "backups").glob("*before-restore*"))

    result = restore(made.path, live_db, keep_dir=tmp_path / "backups")  # the bot stopped
    assert result.integrity == "ok" and set(chat_ratings(live_db)) == set(chat_ratings(made.path))
    assert result.kept is not None and result.kept.parent == tmp_path / "backups"
    assert writer.ids() <= set(chat_ratings(result.kept))


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_streambot_restore_refuses_while_the_jobs_run_and_says_why_in_one_line(live_db, tmp_path):
    """Through the real commands: a missing path and a running ``streambot jobs`` (the headless
    schedule) each get one clean line (no traceback) and exit code 2; once the jobs stop, the
    restore runs."""
    env = {
        "STREAMBOT_DB": str(live_db),
        "STREAMBOT_MODELS_DIR": str(tmp_path / "models"),
        "STREAMBOT_RAW_DIR": str(tmp_path / "raw"),
        "RETRAIN_CHECK_MINUTES": "0",
        "INGEST_INTERVAL_MINUTES": "0",
    }
    made = _cli("backup", str(tmp_path / "backups"), env=env)
    assert made.returncode == 0, made.stderr
    copy = next((tmp_path / "backups").glob("streambot-*.db"))
    hashed = copy.rename(copy.with_name("bk#1.db"))

    missing = _cli("restore", str(tmp_path / "nowhere" / "x.db"), env=env)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.strip().count("\n") == 0 and "no backup at" in missing.stderr

    jobs = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "jobs"],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert "scheduled" in jobs.stdout.readline()  # serving the database now
        refused = _cli("restore", str(hashed), env=env)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert refused.stderr.strip().count("\n") == 0
        assert "being served by a running bot or worker" in refused.stderr
    finally:
        jobs.terminate()  # SIGTERM, as a dyno or systemd stops it
        jobs.wait(timeout=30)
    done = _cli("restore", str(hashed), env=env)
    assert done.returncode == 0, done.stderr
    assert "kept at" in done.stdout


@pytest.mark.asyncio
async def test_a_running_bot_is_backed_up_but_never_restored_under(live_db, tmp_path):
    """A real ``streambot worker`` (the polling bot, against the fake Bot API) holds the
    database: a restore is refused while it answers, and a backup taken meanwhile holds the
    rating it acknowledged."""
    made = backup(live_db, tmp_path / "backups")
    title = title_ids(live_db, n=1)[0]
    async with FakeBotAPI() as server:
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", BOT_COMMAND["polling"]],
            cwd=REPO,
            env=bot_env(server, live_db, tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            await server.wait_for_calls("getUpdates", timeout=60)
            server.send_text(f"/rate {title} 4")
            assert "Saved" in (await server.next_reply(DEFAULT_USER_ID, timeout=30)).text
            with pytest.raises(BackupError, match="being served by a running bot or worker"):
                restore(made.path, live_db)
            during = backup(live_db, tmp_path / "backups")
        finally:
            bot.terminate()
            await asyncio.to_thread(bot.wait, 30)
    assert integrity(live_db) == "ok" and integrity(during.path) == "ok"
    assert len(chat_ratings(during.path)) == 1 == len(chat_ratings(live_db))
    assert not list(live_db.parent.glob("*before-restore*"))


def test_scheduled_backups_keep_only_the_newest_backup_keep(tiny_source, tmp_path):
    db = tmp_path / "live.db"
    run_etl(tiny_source, db)
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    kept_by_restore = folder / "live-before-restore-20260101-000000.db"
    kept_by_restore.write_bytes(b"")
    settings = Settings(db_path=db, backup_dir=folder, backup_keep=3)
    jobs = Jobs(settings, tmp_path / "raw", trainer=None)  # type: ignore[arg-type]
    written = [jobs.backup() for _ in range(5)]
    assert all(written) and len(set(written)) == 5
    assert backups_of(folder, db) == written[-3:]  # the newest three, nothing else deleted
    assert (folder / "notes.txt").exists() and kept_by_restore.exists()
    assert prune_backups(folder, db, 0) == []  # 0 keeps all
    assert Settings.from_env({"BACKUP_KEEP": "2"}).backup_keep == 2
    assert Settings.from_env({}).backup_keep == 7
