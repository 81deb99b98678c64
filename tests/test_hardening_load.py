"""Load through the fake Bot API with a training running: every acknowledged rating is in the
database (and nothing else), nothing is lost, nothing is logged as an error, and the p99
latency is printed (and checked against a bound loose enough for a shared CI machine; the
issue's 100 ms target is measured by ``bench/load.py``, whose figures are in
docs/reliability.md).

CI runs a fifth of the issue's size (2,000 updates from 100 chats, 600 of them /rate);
``python bench/load.py`` runs the full 10,000 / 500 / 3,000.
"""

from __future__ import annotations

import os

from core.recommend.lifecycle import train_candidate
from harness.db import copy_db, integrity
from harness.load import Spec, run_load

SCALE = float(os.environ.get("LOAD_SCALE", "0.2"))


def test_load_with_a_training_keeps_every_acknowledged_rating_and_answers_all(demo_db, tmp_path):
    db = copy_db(demo_db, tmp_path / "load.db")
    spec = Spec(
        updates=int(10_000 * SCALE),
        chats=int(500 * SCALE),
        rates=int(3_000 * SCALE),
        per_second=100.0,
    )
    result = run_load(db, tmp_path / "models", spec, train_fn=train_candidate)
    print("\n" + result.report())
    assert result.lost == [] and result.answered == spec.updates
    assert len(result.acked) == spec.rates  # every /rate was saved and said so
    assert result.stored == result.acked  # and the database holds exactly those
    assert result.errors == []
    assert result.training_share > 0.9  # a training really ran meanwhile
    assert integrity(db) == "ok"
    assert result.percentile(0.99) < 1_000  # a stalled bot, not a busy shared machine
