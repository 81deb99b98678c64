"""The quick update (``core.recommend.update``) and the schedule that chooses it over a full
training (``core.recommend.lifecycle``), on the real catalogs with real taste.

An update must fold in the people whose ratings arrived, be measured on the same real-taste
holdout as the training it updates (so the guard compares like with like), and leave a full
training to the schedule's maximum age. ``bench/retrain.py`` prints its time beside a full
training's.
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from core import db as dbmod
from core.ratings import internal_user, record_rating
from core.recommend.artifact import read_artifact
from core.recommend.lifecycle import Candidate, Trainer
from core.recommend.metrics import Metrics
from core.recommend.registry import live_record
from core.recommend.serving import load_live
from core.recommend.update import NothingToUpdate, update
from core.settings import Settings
from tests.recommend_data import FAST

pytestmark = [pytest.mark.real_data, pytest.mark.slow]

HOUR = 3600.0


def fast_train(db_path: Path, models_dir: Path) -> Candidate:
    from core.recommend.train import train

    return Candidate.of(train(db_path, models_dir, FAST))


@pytest.fixture(scope="module")
def trained(real_titles_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shipped catalogs, demo ratings, the shipped real taste, one small model live."""
    from core.etl import run_etl
    from core.recommend.train import train
    from core.sample import write_sample

    root = tmp_path_factory.mktemp("update")
    write_sample(root / "src", scale="demo", seed=0, titles_dir=real_titles_dir)
    run_etl(root / "src", root / "streambot.db")
    train(root / "streambot.db", root / "models", FAST, promote=True)
    return root


@pytest.fixture
def copy(trained: Path, tmp_path: Path) -> tuple[Path, Path]:
    db, models = tmp_path / "streambot.db", tmp_path / "models"
    shutil.copy(trained / "streambot.db", db)
    shutil.copytree(trained / "models", models)
    with closing(sqlite3.connect(db)) as conn, conn:  # the artifacts' paths, in the copy
        conn.execute("UPDATE models SET path = ? || '/' || version", (str(models),))
    return db, models


def _chat_ratings(db: Path, people: range, titles: list[str]) -> list[int]:
    with closing(dbmod.connect(db)) as conn:
        for person in people:
            for k, title in enumerate(titles):
                record_rating(conn, person, title, 5.0 if k % 2 == 0 else 2.0)
        return [int(internal_user(conn, p, create=False)) for p in people]




def _marvel(db: Path) -> list[str]:
    """Six real Disney+ titles (the ids exist in the shipped catalog)."""
    with closing(sqlite3.connect(db)) as conn:
        found = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM titles WHERE platform = 'disney' AND lower(title) LIKE "
                "'%marvel%' ORDER BY id LIMIT 6"
            )
        ]
    assert len(found) == 6
    return found


def test_an_update_folds_in_the_new_people_and_is_measured_on_the_same_holdout(copy):
    db, models = copy
    with closing(dbmod.connect(db)) as conn:
        before = live_record(conn)
    people = _chat_ratings(db, range(7001, 7011), _marvel(db))
    result = update(db, models, promote=True)

    after = read_artifact(Path(models) / result.version)
    old = read_artifact(Path(before.path))
    assert after.meta["update_of"] == before.version
    assert after.meta["holdout"] == old.meta["holdout"]  # the same people held out
    assert after.meta["counts"]["new_ratings"] == 60
    live = Metrics.from_dict(before.metrics)
    assert result.metrics.holdout_source == "taste"
    assert abs(result.metrics.precision_at_10 - live.precision_at_10) <= 0.02
    with closing(dbmod.connect(db)) as conn:
        rec = load_live(conn, models)
    assert rec.info.version == result.version
    assert all(rec.index.idmap.user_index(p) is not None for p in people)  # rows of their own


def test_no_new_rating_means_nothing_to_update(copy):
    db, models = copy
    with pytest.raises(NothingToUpdate, match="no rating arrived"):
        update(db, models)


def test_the_schedule_updates_on_new_ratings_and_trains_in_full_when_the_model_is_old(copy):
    db, models = copy
    settings = Settings(
        db_path=db, models_dir=models, retrain_min_new_ratings=40, retrain_max_age_hours=24
    )
    clock = [live_trained_at(db) + HOUR]
    trainer = Trainer(settings, fast_train, clock=lambda: clock[0])
    _chat_ratings(db, range(7101, 7111), _marvel(db))  # 60 new ratings >= 40
    quick = trainer.tick()
    assert (quick.kind, quick.status) == ("update", "promoted"), quick.reason

    _chat_ratings(db, range(7201, 7203), _marvel(db))  # 12 new, below the threshold
    clock[0] += 2 * HOUR
    assert trainer.tick() is None
    clock[0] += 24 * HOUR  # the full training behind the live update is now older than 24 h
    full = trainer.tick()
    assert (full.kind, full.status) == ("full", "promoted"), full.reason
    with closing(sqlite3.connect(db)) as conn:
        kinds = [
            r[0]
            for r in conn.execute(
                "SELECT json_extract(metrics, '$.kind') FROM training_runs ORDER BY id"
            )
        ]
    assert kinds == ["update", "full"]


def live_trained_at(db: Path) -> float:
    from datetime import datetime

    with closing(dbmod.connect(db)) as conn:
        return datetime.fromisoformat(live_record(conn).trained_at).timestamp()


def test_an_update_that_cannot_run_falls_back_to_a_full_training(copy):
    db, models = copy
    settings = Settings(db_path=db, models_dir=models, retrain_min_new_ratings=40)
    trainer = Trainer(settings, fast_train, update_fn=refusing_update)
    _chat_ratings(db, range(7301, 7311), _marvel(db))
    outcome = trainer.tick()
    assert outcome.kind == "full" and outcome.status == "promoted", outcome.reason
    assert dataclasses.asdict(outcome)["candidate"] is not None


def refusing_update(db_path: Path, models_dir: Path) -> Candidate:
    raise NothingToUpdate("no real-taste holdout to measure an update on")
