"""Backup and restore: a consistent online copy, and a checked restore."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

import pytest

from core import db as dbmod
from core.backup import BackupError, backup, restore
from core.etl import run_etl
from core.ratings import record_rating


def _count(path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM ratings").fetchone()[0]


def test_backup_while_ratings_arrive_then_restore(tiny_source, tmp_path):
    db = tmp_path / "live.db"
    run_etl(tiny_source, db)
    stop = threading.Event()

    def writer() -> None:
        with closing(dbmod.connect(db)) as conn:
            person = 0
            while not stop.is_set():
                person += 1
                record_rating(conn, person, "ns1", 4)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        result = backup(db, tmp_path / "backups")
    finally:
        stop.set()
        thread.join()
    assert result.integrity == "ok" and result.path == tmp_path / "backups" / "live.db"
    assert result.ratings == _count(result.path) >= 6
    restored = restore(result.path, tmp_path / "restored.db")
    assert restored.ratings == result.ratings


def test_restore_refuses_a_file_that_is_not_a_database(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    with pytest.raises(BackupError, match="not a streambot database"):
        restore(bad, tmp_path / "x.db")
    with pytest.raises(BackupError, match="no backup"):
        restore(tmp_path / "missing.db", tmp_path / "x.db")
