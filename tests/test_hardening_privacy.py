"""/forget leaves no trace: not in any table (derived ones included), not in any model folder
(temporary ones included), not in the backups; and killed trainings leave no folder behind.

/forget replied "I no longer know anything about you" while ``eda_user_counts`` kept the
person's per-platform counts, a training killed after writing its arrays left
``.tmp-*/model.npz`` with their ratings (skipped by the scrub, deleted by nothing), and the
scheduled backups kept everything.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest

from core import db as dbmod
from core.eda import ensure_eda_support
from core.etl import run_etl
from core.jobs import Jobs
from core.ratings import internal_user
from core.recommend.lifecycle import Candidate, Trainer
from core.recommend.serving import ServedModel
from core.settings import Settings
from harness.db import copy_db, title_ids
from harness.fakebotapi import FakeBotAPI
from tests.hardening_bot import ADMIN_ID, TunedServices, cells_about, serve
from tests.recommend_data import FAST, HALF, write_source

REPO = Path(__file__).resolve().parents[1]
PERSON = 0x0123_4567_89AB  # a Telegram id no generated number collides with
GROUP = -1001000000999
EDA_TABLES = ("eda_user_counts", "eda_day_counts", "eda_user_hist")


def fast_train(db_path: Path, models_dir: Path) -> Candidate:
    """A real training with the small test config (run in the Trainer's child process)."""
    from core.recommend.train import train

    result = train(db_path, models_dir, FAST)
    return Candidate.of(result)


def killed_before_rename(db_path: Path, models_dir: Path) -> Candidate:
    """A real training whose process is SIGKILLed once the model's arrays and metadata are on
    disk, just before the folder is renamed into place."""
    import core.recommend.artifact as artifact

    def die(*args: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    artifact.os.rename = die  # this child process only
    return fast_train(db_path, models_dir)


def _leave_a_killed_training(db: Path, models: Path) -> Path:
    """A whole process (not a Trainer's child) killed mid-write, as a SIGKILL of the bot
    leaves it: returns the ``.tmp-*`` folder it left."""
    code = (
        "import sys; from pathlib import Path; "
        "from tests.test_hardening_privacy import killed_before_rename as k; "
        "k(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    run = subprocess.run([sys.executable, "-c", code, str(db), str(models)], cwd=REPO)
    assert run.returncode == -signal.SIGKILL
    (left,) = models.glob(".tmp-*")
    assert (left / "model.npz").is_file() and (left / "meta.json").is_file()
    return left


def _models_holding(models: Path, internal_id: int) -> list[str]:
    """Every array file under ``models`` (hidden and temporary folders too) that still holds
    ratings or non-zero learned numbers of ``internal_id``."""
    holding = []
    for path in sorted(models.rglob("*")):
        if not path.is_file() or ".npz" not in path.name:
            continue
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        users = arrays.get("idmap_users")
        if users is None or internal_id not in users:
            continue
        row = int(np.searchsorted(users, internal_id))
        indptr = arrays["rated_indptr"]
        numbers = sum(
            float(np.abs(values[row]).sum())
            for name, values in arrays.items()
            if "user" in name and name != "idmap_users" and values.shape[:1] == users.shape
        )
        if indptr[row + 1] > indptr[row] or numbers:
            holding.append(str(path.relative_to(models)))
    return holding


def _eda(db: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(db)) as conn:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in EDA_TABLES
        }


@pytest.mark.asyncio
async def test_after_forget_no_table_model_folder_or_backup_holds_the_person(tmp_path):
    db, models, backups = tmp_path / "bot.db", tmp_path / "models", tmp_path / "backups"
    run_etl(write_source(tmp_path / "src", scale=HALF), db)
    settings = Settings(db_path=db, models_dir=models, backup_dir=backups, training_niceness=0)
    titles = title_ids(db, n=8)
    services = TunedServices(
        settings, admin_ids=frozenset({ADMIN_ID}), served=ServedModel(db, models)
    )

    async with FakeBotAPI(privacy_mode=False) as server, serve(server, services):
        for title in titles:  # the person rates, and joins a group's watch party
            server.send_text(f"/rate {title} 5", user_id=PERSON)
            assert "Saved" in (await server.next_reply(PERSON)).text
        server.send_text("/join", user_id=PERSON, chat_type="supergroup", chat_id=GROUP)
        assert "joined" in (await server.next_reply(GROUP)).text
        with closing(dbmod.connect(db)) as conn:
            ensure_eda_support(conn)  # the derived tables, as every ETL and ingest builds them
            me = internal_user(conn, PERSON, create=False)
        trained = Trainer(settings, fast_train).tick(force=True)  # a model that knows them
        assert trained is not None and trained.status == "promoted", trained
        Jobs(settings, tmp_path / "raw", trainer=None).backup()  # a scheduled backup
        left = _leave_a_killed_training(db, models)  # a training killed mid-write

        # Before: the scans do see the person everywhere.
        assert ("eda_user_counts", "user_id") in cells_about(db, {PERSON, me})
        assert set(_models_holding(models, me)) == {
            f"{trained.candidate}/model.npz",
            f"{left.name}/model.npz",
        }
        (backup,) = backups.glob("*.db")
        assert cells_about(backup, {PERSON, me})

        Trainer(settings, fast_train).recover()  # what the bot does when it starts again
        server.send_text("/forget", user_id=PERSON)
        prompt = await server.next_reply(PERSON)
        server.press_button(prompt, prompt.reply_markup["inline_keyboard"][0][0]["callback_data"])
        done = await server.next_reply(PERSON)
    services.close()

    assert "I no longer know anything about you" in done.text
    assert cells_about(db, {PERSON, me}) == []
    rebuilt = copy_db(db, tmp_path / "rebuilt.db")
    with closing(dbmod.connect(rebuilt)) as conn:
        ensure_eda_support(conn, force=True)  # from the ratings as they are now
    assert _eda(db) == _eda(rebuilt)  # the aggregates count the person nowhere
    assert _models_holding(models, me) == [] and not list(models.glob(".tmp-*"))
    assert [p.name for p in backups.glob("*.db")] == [backup.name]
    assert cells_about(backup, {PERSON, me}) == []
    assert dbmod.schema_problems(sqlite3.connect(backup)) == []  # still a backup to restore


def test_a_killed_trainings_folder_is_deleted_at_start_and_after_each_training(tmp_path):
    """A killed training's ``.tmp-*`` folder (8.7 MB at demo scale) stayed forever."""
    db, models = tmp_path / "t.db", tmp_path / "models"
    run_etl(write_source(tmp_path / "src", scale=HALF), db)
    settings = Settings(db_path=db, models_dir=models, training_niceness=0)

    _leave_a_killed_training(db, models)
    assert Trainer(settings, fast_train).recover() == 0  # at start-up
    assert not list(models.glob(".tmp-*"))

    outcome = Trainer(settings, killed_before_rename).tick(force=True)  # its child is killed
    assert outcome is not None and outcome.status == "failed"
    assert not list(models.glob(".tmp-*"))  # deleted right after the training

    from core.recommend.artifact import remove_partial_versions

    writing = models / ".tmp-20260101T000000Z-busy"  # a writer still at work keeps its folder
    writing.mkdir()
    held = os.open(writing, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert remove_partial_versions(models) == 0 and writing.is_dir()
    finally:
        os.close(held)
    assert remove_partial_versions(models) == 1 and not writing.exists()
