"""Continuous training, driven by a controllable clock on small generated data.

Trainings really run (in a spawned child process, as in production) with a small fast config;
the only test doubles are the failure injections: a training that raises, and one that kills
its own process.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from core import db as dbmod
from core.etl import run_etl
from core.jobs import Jobs
from core.ratings import record_rating
from core.recommend.config import LightFMConfig, MFConfig
from core.recommend.lifecycle import Candidate, Trainer, due
from core.recommend.serving import ServedModel
from core.settings import Settings
from tests.recommend_data import FAST, HALF, generated, write_source

HOUR = 3600.0


def fast_train(db_path: Path, models_dir: Path) -> Candidate:
    from core.recommend.train import train

    result = train(db_path, models_dir, FAST)
    return Candidate.of(result)


def bad_train(db_path: Path, models_dir: Path) -> Candidate:
    """A real training with a crippled config: one epoch, two factors."""
    from core.recommend.train import train

    crippled = replace(
        FAST,
        mf=MFConfig(factors=2, epochs=1, lr=0.001),
        lightfm=LightFMConfig(components=2, epochs=1, max_sampled=2),
    )
    result = train(db_path, models_dir, crippled)
    return Candidate.of(result)


def raising_train(db_path: Path, models_dir: Path) -> Candidate:
    raise RuntimeError("the disk is on fire")


def killed_train(db_path: Path, models_dir: Path) -> Candidate:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def niceness_train(db_path: Path, models_dir: Path) -> Candidate:
    raise RuntimeError(f"ran at niceness {os.nice(0)}")


def slow_train(db_path: Path, models_dir: Path) -> Candidate:
    time.sleep(3)
    return fast_train(db_path, models_dir)


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def env(tmp_path):
    """A database with generated ratings and no model yet, plus settings and a clock."""
    source = write_source(tmp_path / "src", scale=HALF)
    db = tmp_path / "s.db"
    run_etl(source, db)
    settings = Settings(
        db_path=db,
        models_dir=tmp_path / "models",
        retrain_min_new_ratings=40,
        retrain_max_age_hours=24,
        promote_tolerance=0.02,
        # Trainings share the cores evenly here: at the served niceness (15) the other test
        # worker starved them (a 21 s test took 85 s); what they test is the lifecycle.
        training_niceness=0,
    )
    return settings, Clock(), source


def _runs(settings) -> list[tuple]:
    with closing(sqlite3.connect(settings.db_path)) as conn:
        return conn.execute(
            "SELECT status, trigger, candidate FROM training_runs ORDER BY id"
        ).fetchall()


def _live(settings) -> str | None:
    with closing(sqlite3.connect(settings.db_path)) as conn:
        row = conn.execute("SELECT version FROM models WHERE live = 1").fetchone()
    return row[0] if row else None


def _rate_many(settings, people: range, value: float = 5.0) -> None:
    frames, _ = generated(HALF)
    ids = ["n" + s for s in frames["netflix"]["show_id"].to_list()[:12]]
    with closing(dbmod.connect(settings.db_path)) as conn:
        for person in people:
            for tid in ids:
                record_rating(conn, person, tid, value)


def test_ratings_arrive_then_the_job_retrains_and_predictions_change(env):
    settings, clock, _ = env
    served = ServedModel(settings.db_path, settings.models_dir)
    trainer = Trainer(settings, fast_train, clock=clock, on_promoted=served.reload)
    first = trainer.tick()
    assert first.status == "promoted" and _live(settings) == first.candidate
    assert served.get().info.version == first.candidate
    _, ratings = generated(HALF)
    # Several people and titles: one star, rounded, can be the same from two models (4.9 at the
    # top of the map both times).
    asked = list(zip(ratings["userId"][:40:4].to_list(), ratings["movieId"][1:41:4], strict=True))
    before = [served.get().predict(int(u), str(t)).rating for u, t in asked]

    _rate_many(settings, range(500, 505))  # 5 people x 12 ratings = 60 >= threshold 40
    clock.now += 60
    second = trainer.tick()
    assert second.status == "promoted" and second.candidate != first.candidate
    # This data has no real taste to hold out, so the quick update cannot be measured: the run
    # falls back to a full training (tests/test_recommend_update.py runs the update itself).
    assert second.kind == "full"
    assert served.get().info.version == second.candidate
    after = [served.get().predict(int(u), str(t)).rating for u, t in asked]
    assert after != before  # the new model answers
    assert [r[0] for r in _runs(settings)] == ["promoted", "promoted"]


def test_after_a_training_old_versions_beyond_models_keep_leave_the_disk(env):
    settings, clock, _ = env
    settings = dataclasses.replace(settings, models_keep=1)
    trainer = Trainer(settings, fast_train, clock=clock)
    first = trainer.tick()
    _rate_many(settings, range(600, 605))
    clock.now += 60
    second = trainer.tick()
    assert (first.status, second.status) == ("promoted", "promoted")
    on_disk = [p.name for p in settings.models_dir.iterdir() if not p.name.startswith(".")]
    assert on_disk == [second.candidate] == [_live(settings)]


def test_below_the_threshold_nothing_retrains_until_the_model_is_too_old(env):
    settings, clock, _ = env
    trainer = Trainer(settings, fast_train, clock=clock)
    trainer.tick()
    _rate_many(settings, range(600, 602))  # 24 new ratings < 40
    clock.now += 2 * HOUR
    assert trainer.tick() is None
    clock.now += 23 * HOUR  # now older than 24 h, with new ratings waiting
    outcome = trainer.tick()
    assert outcome is not None and outcome.status == "promoted"
    assert [r[1] for r in _runs(settings)] == ["no_model", "max_age"]


@pytest.mark.parametrize(
    ("train_fn", "expected"),
    [(raising_train, "the disk is on fire"), (killed_train, "exited (-9)")],
)
def test_a_failing_training_leaves_the_old_model_live_and_is_recorded(env, train_fn, expected):
    settings, clock, _ = env
    Trainer(settings, fast_train, clock=clock).tick()
    live = _live(settings)
    _rate_many(settings, range(700, 705))
    outcome = Trainer(settings, train_fn, clock=clock, timeout=60).tick()
    assert outcome.status == "failed" and expected in outcome.reason
    assert _live(settings) == live
    assert _runs(settings)[-1][0] == "failed"
    served = ServedModel(settings.db_path, settings.models_dir)
    assert served.get().info.version == live and served.get().info.fallback is None


def test_the_training_runs_at_the_configured_lower_priority(env):
    """A training must not take the bot's cores: TRAINING_NICENESS (15 by default) lowers it."""
    settings, clock, _ = env
    assert Settings().training_niceness == 15
    _rate_many(settings, range(600, 601))
    outcome = Trainer(replace(settings, training_niceness=7), niceness_train, clock=clock).tick()
    assert f"ran at niceness {min(19, os.nice(0) + 7)}" in outcome.reason


def test_a_worse_candidate_is_rejected_and_the_live_model_kept(env):
    settings, clock, _ = env
    Trainer(settings, fast_train, clock=clock).tick()
    live = _live(settings)
    _rate_many(settings, range(800, 805))
    outcome = Trainer(settings, bad_train, clock=clock).tick()
    assert outcome.status == "rejected", outcome.reason
    assert "live" in outcome.reason and _live(settings) == live


def test_two_trainings_never_overlap_a_due_one_is_coalesced(env):
    settings, clock, _ = env
    trainer = Trainer(settings, slow_train, clock=clock)
    results = []
    first = threading.Thread(target=lambda: results.append(trainer.tick()))
    first.start()
    time.sleep(1.0)
    second = trainer.tick()
    first.join()
    assert second.status == "coalesced"
    assert results[0].status == "promoted"
    assert sorted(r[0] for r in _runs(settings)) == ["coalesced", "promoted"]


def test_after_a_restart_an_interrupted_run_is_recorded_and_due_work_runs(env):
    settings, clock, _ = env
    crashed = Trainer(settings, fast_train, clock=clock)
    with closing(crashed._conn()) as conn:  # what a SIGKILL mid-training leaves behind
        crashed._record(conn, clock(), "running", due(conn, settings, clock()))
    restarted = Trainer(settings, fast_train, clock=clock)
    assert restarted.recover() == 1
    assert restarted.tick().status == "promoted"
    assert [r[0] for r in _runs(settings)] == ["interrupted", "promoted"]
    assert restarted.tick() is None  # nothing runs twice


def test_a_new_ratings_file_is_ingested_exactly_once(env):
    settings, clock, source = env
    jobs = Jobs(settings, source, Trainer(settings, fast_train, clock=clock))
    assert jobs.ingest() is not None  # first look: the existing file, already loaded
    pl.DataFrame(
        {"userId": [1, 2], "rating": [4.0, 3.5], "timestamp": [1, 2], "movieId": ["ns1", "ns2"]}
    ).write_csv(source / "ratings" / "ratings_9.csv")
    loaded = jobs.ingest()
    assert loaded["ratings_loaded"] == 2
    assert jobs.ingest() is None  # nothing new
    with closing(sqlite3.connect(settings.db_path)) as conn:
        count = conn.execute("SELECT count(*) FROM etl_files WHERE name = 'ratings_9.csv'")
        assert count.fetchone()[0] == 1


def test_durable_ratings_survive_concurrent_writes_during_a_training(env):
    settings, clock, _ = env
    trainer = Trainer(settings, fast_train, clock=clock)
    acknowledged: list[int] = []
    training = threading.Thread(target=trainer.tick)
    training.start()

    def writer(person: int) -> None:
        with closing(dbmod.connect(settings.db_path)) as conn:
            frames, _ = generated(HALF)
            for sid in frames["netflix"]["show_id"].to_list()[:25]:
                acknowledged.append(record_rating(conn, person, "n" + sid, 3.5).rating_id)

    writers = [threading.Thread(target=writer, args=(p,)) for p in range(900, 908)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    training.join()
    with closing(sqlite3.connect(settings.db_path)) as conn:
        stored = [r[0] for r in conn.execute("SELECT id FROM ratings WHERE user_id >= 1000000000")]
    assert sorted(stored) == sorted(acknowledged) and len(set(stored)) == 200


def test_the_bot_and_the_worker_build_their_scheduler_from_settings(env):
    from bot.cli_serve import services_and_jobs

    settings, _, _ = env
    services, jobs = services_and_jobs(settings)
    assert services.trainer is jobs.trainer and services.served is not None
    assert [name for name, _ in jobs.intervals()] == ["ingest", "retrain"]
    assert services.recommender().info.fallback  # nothing trained yet: popularity answers
