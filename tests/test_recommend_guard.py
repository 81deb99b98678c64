"""The guard (``core.recommend.guard``): a candidate goes live only when it beats its baselines
on its own holdout, and is not worse than the live model.

The end-to-end test is the case the original product got wrong: ratings whose title ids were
assigned at random (as in the original 11M-rating dataset) carry no signal about titles, so a
model trained on them learns nothing, and it must not go live however it compares with nothing.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from core.etl import run_etl
from core.recommend.guard import guard
from core.recommend.lifecycle import Candidate, Trainer
from core.recommend.metrics import Metrics
from core.settings import Settings
from tests.recommend_data import FAST, generated, write_source


def _metrics(gain: float, error: float, p10: float = 0.2, rmse: float = 0.9) -> Metrics:
    return Metrics(
        precision_at_10=p10,
        ndcg_at_10=p10,
        popularity_precision_at_10=0.1,
        content_precision_at_10=0.12,
        gain_over_baselines=gain,
        gain_error=error,
        rmse=rmse,
        ranked_users=200,
        holdout_ratings=2000,
    )


def test_a_gain_within_the_noise_of_the_holdout_is_no_gain():
    verdict = guard(_metrics(gain=0.015, error=0.01), None, 0.02)
    assert not verdict.promote and "does not beat popularity" in verdict.reason
    assert guard(_metrics(gain=0.025, error=0.01), None, 0.02).promote


def test_a_candidate_that_beats_its_baselines_still_may_not_lose_to_the_live_model():
    live = _metrics(gain=0.05, error=0.01, p10=0.30)
    worse = guard(_metrics(gain=0.05, error=0.01, p10=0.20), live, 0.02)
    assert not worse.promote and "precision@10 0.2000 < live 0.3000" in worse.reason
    assert guard(_metrics(gain=0.05, error=0.01, p10=0.295), live, 0.02).promote


def test_no_holdout_figures_means_no_promotion():
    assert not guard(Metrics(), None, 0.02).promote


def noise_train(db_path: Path, models_dir: Path) -> Candidate:
    from core.recommend.train import train

    return Candidate.of(train(db_path, models_dir, FAST))


@pytest.fixture
def noise_db(tmp_path: Path) -> Path:
    """The generated catalogs and ratings, each rating's title id reassigned at random."""
    _, ratings = generated()
    rng = np.random.default_rng(11)
    shuffled = ratings.with_columns(
        pl.Series("movieId", rng.permutation(ratings["movieId"].to_numpy()))
    )
    source = write_source(tmp_path / "src")
    shuffled.write_csv(source / "ratings" / "ratings_1.csv")
    run_etl(source, tmp_path / "noise.db")
    return tmp_path / "noise.db"


def test_a_model_of_ratings_with_random_title_ids_never_goes_live(noise_db: Path, tmp_path: Path):
    settings = Settings(db_path=noise_db, models_dir=tmp_path / "models", training_niceness=0)
    outcome = Trainer(settings, noise_train).tick(force=True)
    assert outcome.status == "rejected", outcome.reason
    assert "does not beat popularity" in outcome.reason
    assert outcome.metrics.gain_over_baselines <= 2 * outcome.metrics.gain_error
    with closing(sqlite3.connect(noise_db)) as conn:
        assert conn.execute("SELECT count(*) FROM models WHERE live = 1").fetchone() == (0,)
