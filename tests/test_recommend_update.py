"""The quick update (``core.recommend.update``) and the schedule that chooses it over a full
training (``core.recommend.lifecycle``), on the real catalogs with real taste.

An update must fold in the people whose ratings arrived, be measured on the same real-taste
holdout as the training it updates (so the guard compares like with like), and leave a full
training to the schedule's maximum age. ``bench/retrain.py`` prints its time beside a full
training's.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from core import db as dbmod
from core.ratings import internal_user, record_rating
from core.recommend.artifact import read_artifact
from core.recommend.lifecycle import Candidate, Trainer, due
from core.recommend.metrics import Metrics
from core.recommend.registry import live_record
from core.recommend.serving import load_live
from core.recommend.update import NothingToUpdate, update
from core.settings import Settings
from tests.recommend_data import FAST, REAL_FAST

pytestmark = [pytest.mark.real_data, pytest.mark.slow]

HOUR = 3600.0


def fast_train(db_path: Path, models_dir: Path) -> Candidate:
    from core.recommend.train import train

    return Candidate.of(train(db_path, models_dir, FAST))


@pytest.fixture
def copy(real_trained: Path, tmp_path: Path) -> tuple[Path, Path]:
    db, models = tmp_path / "streambot.db", tmp_path / "models"
    shutil.copy(real_trained / "streambot.db", db)
    shutil.copytree(real_trained / "models", models)
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
        db_path=db,
        models_dir=models,
        retrain_min_new_ratings=40,
        retrain_max_age_hours=24,
        training_niceness=0,
    )
    trained_at = live_trained_at(db)
    trainer = Trainer(settings, fast_train, clock=lambda: trained_at + HOUR)
    _chat_ratings(db, range(7101, 7111), _marvel(db))  # 60 new ratings >= 40
    quick = trainer.tick()
    assert (quick.kind, quick.status) == ("update", "promoted"), quick.reason
    with closing(sqlite3.connect(db)) as conn:
        kind = conn.execute("SELECT json_extract(metrics, '$.kind') FROM training_runs").fetchone()
    assert kind == ("update",)

    # The live model is now the update; its full training's age still decides a full one.
    _chat_ratings(db, range(7201, 7203), _marvel(db))  # 12 new, below the threshold
    with closing(dbmod.connect(db)) as conn:
        assert live_record(conn).version == quick.candidate
        assert due(conn, settings, trained_at + 3 * HOUR) is None
        old = due(conn, settings, trained_at + 25 * HOUR)
    assert old is not None and old.trigger == "max_age"  # a full training (tick picks train_fn)


def test_an_update_refits_ease_with_the_penalty_the_training_chose(copy):
    """The training tunes EASE's penalty on its validation people; the update, which refits
    EASE on the new ratings, must use that penalty and not the configured starting one (the
    shared model starts from 250 and its tuning picks 100: ``REAL_FAST``)."""
    db, models = copy
    with closing(dbmod.connect(db)) as conn:
        live = live_record(conn)
    meta = read_artifact(Path(live.path)).meta
    assert meta["validation"]["taste_lambda"]["chosen"] == 100.0 != REAL_FAST.ease.lam
    assert meta["config"]["ease"]["lam"] == 100.0

    _chat_ratings(db, range(7301, 7306), _marvel(db))
    result = update(db, models)
    assert read_artifact(Path(models) / result.version).meta["config"]["ease"]["lam"] == 100.0


def test_an_update_learns_what_people_in_chat_liked_in_the_implicit_factors(copy):
    """Titles no real-taste person liked have no implicit-ALS factors; once people in chat
    like them, the update refits the factors and they have a place ("people like you")."""
    db, models = copy
    with closing(dbmod.connect(db)) as conn:
        before = load_live(conn, models)
        ids = [r[0] for r in conn.execute("SELECT id FROM titles ORDER BY id")]
    column = before.model.parts["taste_ials"].column
    unseen = [t for t in ids if column[before.index.idmap.item_index(t)] < 0][:4]
    assert len(unseen) == 4
    with closing(dbmod.connect(db)) as conn:
        for person in range(7401, 7409):
            for title in unseen:
                record_rating(conn, person, title, 5.0)
    result = update(db, models, promote=True)
    with closing(dbmod.connect(db)) as conn:
        after = load_live(conn, models)
    assert after.info.version == result.version
    column = after.model.parts["taste_ials"].column
    assert all(column[after.index.idmap.item_index(t)] >= 0 for t in unseen)


def live_trained_at(db: Path) -> float:
    from datetime import datetime

    with closing(dbmod.connect(db)) as conn:
        return datetime.fromisoformat(live_record(conn).trained_at).timestamp()


def test_an_update_keeps_the_order_of_what_people_in_chat_rated(copy):
    """ "What people rated next" reads a person's newest titles: after each update the served
    index has the chat ratings newest first, ahead of what it knew before, and a title rated
    again moves to the front."""
    db, models = copy
    with closing(dbmod.connect(db)) as conn:
        a, b, c, d, e = (r[0] for r in conn.execute("SELECT id FROM titles ORDER BY id LIMIT 5"))
        for title in (a, b, c):
            record_rating(conn, 7501, title, 4.0)
        person = internal_user(conn, 7501, create=False)
    update(db, models, promote=True)
    with closing(dbmod.connect(db)) as conn:
        for title, stars in ((d, 3.0), (e, 3.0), (a, 5.0)):
            record_rating(conn, 7501, title, stars)
    update(db, models, promote=True)
    with closing(dbmod.connect(db)) as conn:
        after = load_live(conn, models)
    row = after.index.idmap.user_index(int(person))
    served = [str(after.index.idmap.items[i]) for i in after.index.recent_of(row)]
    assert served == [a, e, d, c, b]
