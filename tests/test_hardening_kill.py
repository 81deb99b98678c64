"""SIGKILL — a power cut or the OOM killer — during the ETL, during a training, during a burst
of ratings, and of the whole bot mid-burst; then start again.

Each time: the database passes ``PRAGMA integrity_check``, every rating acknowledged before the
kill is there, no half-loaded file or half-written model is in use, and the work resumes (the
ETL completes, the schedule trains again, the bot answers every update it had not answered).
The processes are real (``subprocess``), and killed with ``os.kill``/``os.killpg``.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import polars as pl
import pytest

from core import db as dbmod
from core.etl import run_etl
from core.ratings import record_rating
from core.recommend.lifecycle import Trainer
from core.recommend.registry import list_models
from core.recommend.serving import ServedModel
from core.settings import Settings
from harness.db import copy_db, integrity, title_ids
from harness.fakebotapi import FakeBotAPI
from tests.hardening_bot import BOT_COMMAND, bot_env, chat_ratings
from tests.recommend_data import HALF, write_source

REPO = Path(__file__).resolve().parents[1]
VALUES = ("0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5")


def _spawn(*args: str, env: dict | None = None, log: Path | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        stdout=kw.pop("stdout", subprocess.DEVNULL),
        stderr=log.open("w") if log else subprocess.DEVNULL,
        **kw,
    )


def _telegram_ids(db_path: Path) -> dict[int, int]:
    """Internal user id -> Telegram id."""
    with closing(sqlite3.connect(db_path)) as conn:
        return {u: t for t, u in conn.execute("SELECT telegram_id, user_id FROM chat_users")}


def _scores_consistent(db_path: Path) -> int:
    """Titles whose stored score disagrees with their ratings (0 when every sum adds up)."""
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(
            "SELECT count(*) FROM title_scores s JOIN (SELECT title_id, count(*) AS n, "
            "sum(rating) AS total FROM ratings GROUP BY title_id) r USING (title_id) "
            "WHERE s.rating_count != r.n OR abs(s.rating_sum - r.total) > 1e-6"
        ).fetchone()[0]


def _files_whole(db_path: Path) -> None:
    """Every loaded ratings file is there entirely: its id range holds exactly its rows."""
    with closing(sqlite3.connect(db_path)) as conn:
        files = conn.execute(
            "SELECT name, first_rating_id, last_rating_id, rows_loaded FROM etl_files "
            "WHERE kind = 'ratings' AND rows_loaded > 0"
        ).fetchall()
        for name, first, last, loaded in files:
            n = conn.execute(
                "SELECT count(*) FROM ratings WHERE id BETWEEN ? AND ?", (first, last)
            ).fetchone()[0]
            assert n == loaded, f"{name}: {n} of {loaded} rows"


def test_sigkill_during_the_etl_leaves_whole_files_and_the_rerun_completes(demo_db, tmp_path):
    source = tmp_path / "src"
    shutil.copytree(demo_db.parent / "src", source)
    new = pl.read_csv(source / "ratings" / "ratings_1.csv")
    new.with_columns(pl.col("timestamp") + 1).write_csv(source / "ratings" / "ratings_3.csv")
    db = copy_db(demo_db, tmp_path / "bot.db")
    titles = title_ids(db, n=20)
    with closing(dbmod.connect(db)) as conn:
        acked = {record_rating(conn, 77, t, 4).rating_id for t in titles}
        before = conn.execute("SELECT count(*) FROM ratings").fetchone()[0]
    size = db.stat().st_size
    journal, wal = (db.with_name(db.name + suffix) for suffix in ("-journal", "-wal"))

    def mid_insert() -> bool:
        """A write transaction is open and a megabyte of the new file is in: the rollback
        journal (the ETL's bulk-load mode) or, failing that, the WAL."""
        grown = db.stat().st_size > size + 1_000_000
        return (journal.exists() and grown) or (wal.exists() and wal.stat().st_size > 1_000_000)

    etl = _spawn("-m", "bot.cli", "etl", "--source", str(source), "--db", str(db))
    deadline = time.monotonic() + 120
    while not mid_insert():
        assert etl.poll() is None, "the ETL finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.kill(etl.pid, signal.SIGKILL)  # mid-transaction: the new file is half inserted
    assert etl.wait() == -signal.SIGKILL

    assert integrity(db) == "ok"  # opening it rolls the hot journal back
    assert acked <= set(chat_ratings(db))
    _files_whole(db)
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == before

    summary = run_etl(source, db)  # start again
    assert [f.status for f in summary.files if f.name == "ratings_3.csv"] == ["loaded"]
    assert integrity(db) == "ok" and acked <= set(chat_ratings(db))
    _files_whole(db)
    assert _scores_consistent(db) == 0
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == before + new.height
        names = conn.execute("SELECT name FROM etl_files WHERE name = 'ratings_3.csv'").fetchall()
    assert len(names) == 1


def test_sigkill_during_a_burst_of_ratings_keeps_every_acknowledged_one(demo_db, tmp_path):
    """Three kills at different moments; each time every printed (acknowledged) id is stored
    with its person, title and value, and the next process goes on writing."""
    db = copy_db(demo_db, tmp_path / "bot.db")
    acked: dict[int, tuple[int, str, float]] = {}
    for round_, kill_after in enumerate((40, 150, 7)):
        child = _spawn(
            "-m", "tests.hardening_child", "rate", str(db), str(10_000 + 1_000 * round_), "100000",
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        printed = [child.stdout.readline() for _ in range(kill_after)]
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
        printed += child.stdout.read().splitlines(keepends=True)  # written before the kill
        child.stdout.close()
        for line in printed:
            if line.endswith("\n"):  # a line cut by the kill was never acknowledged
                rid, user, title, value = line.split()
                acked[int(rid)] = (int(user), title, float(value))

        assert integrity(db) == "ok"
        stored, telegram = chat_ratings(db), _telegram_ids(db)
        lost = {
            rid: ack
            for rid, ack in acked.items()
            if rid not in stored or (telegram[stored[rid][0]], *stored[rid][1:]) != ack
        }
        assert lost == {}
    assert len(acked) >= 40 + 150 + 7


def test_sigkill_during_a_training_keeps_the_live_model_and_the_schedule_resumes(tmp_path):
    """The bot's process and its training child die together while the new model's files are
    half written; the old model stays live, and after a restart the due training runs."""
    from tests.hardening_child import fast_train

    source = write_source(tmp_path / "src", scale=HALF)
    db, models = tmp_path / "s.db", tmp_path / "models"
    run_etl(source, db)
    settings = Settings(
        db_path=db, models_dir=models, retrain_min_new_ratings=40, training_niceness=0
    )
    live = Trainer(settings, fast_train).tick().candidate
    titles = title_ids(db, n=30)
    acked = set()
    with closing(dbmod.connect(db)) as conn:
        acked |= {record_rating(conn, 500, t, 4.5).rating_id for t in titles}

        trainer = _spawn(
            "-m", "tests.hardening_child", "train", str(db), str(models), start_new_session=True
        )
        deadline, k = time.monotonic() + 120, 0
        while not list(models.glob(".tmp-*/model.npz")):  # the arrays written, no metadata yet
            assert trainer.poll() is None and time.monotonic() < deadline
            acked.add(record_rating(conn, 501 + k // 30, titles[k % 30], 3).rating_id)
            k += 1
            time.sleep(0.02)
        os.killpg(trainer.pid, signal.SIGKILL)  # the process and its training child
        assert trainer.wait() == -signal.SIGKILL

    assert integrity(db) == "ok" and acked <= set(chat_ratings(db))
    half = [p.parent for p in models.glob(".tmp-*/model.npz")]
    assert half and not (half[0] / "meta.json").exists()
    with closing(dbmod.connect(db)) as conn:
        assert [m.version for m in list_models(conn) if m.live] == [live]
        assert all(Path(m.path).name != half[0].name for m in list_models(conn))
    served = ServedModel(db, models).get()
    assert served.info.version == live and served.info.fallback is None

    restarted = Trainer(settings, fast_train)  # what the bot does at start-up, then on schedule
    assert restarted.recover() == 1
    outcome = restarted.tick()  # due: the ratings given meanwhile pass the threshold
    assert outcome is not None and outcome.status in ("promoted", "rejected"), outcome
    with closing(sqlite3.connect(db)) as conn:
        runs = [r[0] for r in conn.execute("SELECT status FROM training_runs ORDER BY id")]
    assert runs == ["promoted", "interrupted", outcome.status]
    now_live = outcome.candidate if outcome.status == "promoted" else live
    assert ServedModel(db, models).get().info.version == now_live


_SAVED = re.compile(r"Saved: ([\d.]+) for")


def _acks(server: FakeBotAPI) -> set[tuple[int, float]]:
    """(user, value) of every "saved" reply Telegram took."""
    acks = set()
    for call in server.calls:
        if call.method == "sendMessage" and call.status == 200:
            found = _SAVED.search(call.result.get("text", ""))
            if found:
                acks.add((int(call.params["chat_id"]), float(found.group(1))))
    return acks


async def _until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
@pytest.mark.asyncio
async def test_sigkill_of_the_bot_mid_burst_then_restart_loses_no_rating_and_no_update(
    demo_db, tmp_path, mode
):
    """300 /rate from 30 people; the bot process is SIGKILLed after about 100 "saved" replies,
    then started again. Every acknowledged rating is stored; every update is answered in the
    end (Telegram keeps what polling has not confirmed, and POSTs again what the webhook had
    not answered 200 to; re-rating the same title is harmless, it replaces the value with the
    same one); the logs hold neither token nor errors."""
    db = copy_db(demo_db, tmp_path / "bot.db")
    titles = title_ids(db, n=10)
    wanted = {  # each person gives ten different values, so a reply names its title
        (30_000 + p, float(v)): t for p in range(30) for t, v in zip(titles, VALUES, strict=True)
    }
    async with FakeBotAPI(privacy_mode=False) as server:
        env = bot_env(server, db, tmp_path, mode)
        bot = _spawn("-m", "bot.cli", BOT_COMMAND[mode], env=env, log=tmp_path / "bot-1.log")
        try:
            ready = "getUpdates" if mode == "polling" else "setWebhook"
            await server.wait_for_calls(ready, timeout=60)
            for (user, value), title in wanted.items():
                server.send_text(f"/rate {title} {value:g}", user_id=user)
            await _until(lambda: len(_acks(server)) >= 100, 60, "100 acknowledgements")
            os.kill(bot.pid, signal.SIGKILL)
            assert bot.wait() == -signal.SIGKILL
        finally:
            if bot.poll() is None:
                bot.kill()
        before_restart = _acks(server)
        assert 100 <= len(before_restart) < len(wanted)

        assert integrity(db) == "ok"
        stored = {
            (tg, value): title
            for tg, (title, value) in (
                (_telegram_ids(db)[u], (t, v)) for u, t, v in chat_ratings(db).values()
            )
        }
        assert {ack: wanted[ack] for ack in before_restart} == {
            ack: stored.get(ack) for ack in before_restart
        }

        bot = _spawn("-m", "bot.cli", BOT_COMMAND[mode], env=env, log=tmp_path / "bot-2.log")
        try:
            await _until(lambda: _acks(server) == set(wanted), 90, "every update answered")
            await server.wait_for_delivery(timeout=30)
        finally:
            bot.send_signal(signal.SIGTERM)  # a graceful stop, served by this event loop
            try:
                await asyncio.to_thread(bot.wait, 30)
            except subprocess.TimeoutExpired:
                bot.kill()
                bot.wait()

    assert integrity(db) == "ok"
    assert len(chat_ratings(db)) == len(wanted)
    for log in ("bot-1.log", "bot-2.log"):
        text = (tmp_path / log).read_text()
        assert server.token.split(":")[1] not in text
        assert " ERROR " not in text, text[-2000:]
        assert "/rate" not in text and titles[0] not in text  # no message text
