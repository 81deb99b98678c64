"""Child processes for the SIGKILL tests, run as ``python -m tests.hardening_child ...``.

- ``rate DB FIRST_USER COUNT``: records ratings one after another, as the bot does on
  ``/rate``, and prints ``rating_id user title value`` the moment each one is acknowledged
  (``record_rating`` returned, so it is committed with ``synchronous=FULL``).
- ``train DB MODELS``: one forced training under ``Trainer``, as the bot's retrain job runs
  it, whose child process stops for a minute in the middle of writing the model files — so a
  test can SIGKILL the whole process group while a model is half written.
"""

from __future__ import annotations

import sys
import time
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.recommend.lifecycle import Candidate

VALUES = ("0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5")


def rate(db_path: Path, first_user: int, count: int) -> None:
    from core import db as dbmod
    from core.ratings import record_rating
    from harness.db import title_ids

    titles = title_ids(db_path, n=40)
    with closing(dbmod.connect(db_path)) as conn:
        for k in range(count):
            user, title = first_user + k // len(titles), titles[k % len(titles)]
            value = VALUES[k % len(VALUES)]
            receipt = record_rating(conn, user, title, value)
            print(f"{receipt.rating_id} {user} {title} {receipt.value}", flush=True)


def fast_train(db_path: Path, models_dir: Path) -> Candidate:
    """A real training with the small test config (the job a restarted schedule runs)."""
    from core.recommend.train import train
    from tests.recommend_data import FAST

    result = train(db_path, models_dir, FAST)
    from core.recommend.lifecycle import Candidate

    return Candidate.of(result)


def half_written_train(db_path: Path, models_dir: Path) -> Candidate:
    """A real (small) training whose artifact writer pauses after the arrays are on disk and
    before the metadata and the rename: the moment a crash leaves a half-written model."""
    import core.recommend.artifact as artifact
    from core.recommend.train import train
    from tests.recommend_data import FAST

    real_savez = artifact.np.savez

    def savez_then_stall(*args, **kwargs):
        real_savez(*args, **kwargs)
        time.sleep(60)

    artifact.np.savez = savez_then_stall
    result = train(db_path, models_dir, FAST)
    from core.recommend.lifecycle import Candidate

    return Candidate.of(result)


def run_training(db_path: Path, models_dir: Path) -> None:
    from core.recommend.lifecycle import Trainer
    from core.settings import Settings

    settings = Settings(db_path=db_path, models_dir=models_dir, training_niceness=0)
    print(Trainer(settings, half_written_train).tick(force=True), flush=True)


if __name__ == "__main__":
    what, *args = sys.argv[1:]
    if what == "rate":
        rate(Path(args[0]), int(args[1]), int(args[2]))
    elif what == "train":
        run_training(Path(args[0]), Path(args[1]))
    else:
        sys.exit(f"unknown child job {what!r}")
