"""How the recommender's defaults were chosen: small grids on MovieLens, both splits.

Usage: ``python bench/recommender_tune.py --what mf|lightfm [--dataset DIR]``

Each grid changes one part of ``RecommenderConfig`` around the defaults and prints the test
figures on the random (seed 42) and temporal splits; docs/recommender.md records the outcome.
``mf`` (the hybrid's ``dataset`` source) also prints each fit's seconds; ``lightfm`` is the
hybrid's ``taste_factors`` source, fitted alone. LightFM runs on one thread, so the figures
repeat. The blend's weights are no longer a grid: the hybrid learns them on validation users
(``core.recommend.blend``), and bench/recommender.py tunes the EASE baseline's lambda.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
import time
from pathlib import Path

from core.recommend.config import RecommenderConfig
from core.recommend.data import load_movielens
from core.recommend.evaluation import (
    ranking_metrics,
    rmse,
    split_random,
    split_temporal,
)
from core.recommend.lightfm_model import LightFMRanker
from core.recommend.mf import MatrixFactorization
from core.shipped import MOVIELENS_SMALL, unpack

REPO = Path(__file__).resolve().parents[1]

BASE = dataclasses.replace(RecommenderConfig(), threads=1)

MF_GRID = {
    "factors": (32, 64, 128),
    "epochs": (20, 30, 50),
    "lr": (0.01, 0.025),
    "reg": (0.04, 0.06, 0.08),
}
LIGHTFM_GRID = [
    {},
    {"components": 32},
    {"components": 96},
    {"epochs": 25},
    {"epochs": 80},
    {"max_sampled": 10},
    {"learning_rate": 0.02},
    {"item_alpha": 0.0},
    {"max_positives_per_user": 100},
]


def _splits(dataset: Path):
    data = load_movielens(dataset).data
    return {"random": split_random(data, 0.2, 42), "temporal": split_temporal(data, 0.2)}


def tune_mf(splits) -> None:
    print(f"{'factors':>7} {'epochs':>6} {'lr':>6} {'reg':>5}  random RMSE (s)  temporal RMSE (s)")
    for values in itertools.product(*MF_GRID.values()):
        cfg = dataclasses.replace(
            BASE, mf=dataclasses.replace(BASE.mf, **dict(zip(MF_GRID, values, strict=True)))
        )
        cells = []
        for train, test in splits.values():
            start = time.perf_counter()
            model = MatrixFactorization(cfg).fit(train)
            fit = time.perf_counter() - start
            stars = model.predict(model.user_vectors(test.user), test.item)
            cells.append(f"{rmse(stars, test.rating):.4f} ({fit:.2f})")
        factors, epochs, lr, reg = values
        print(f"{factors:7} {epochs:6} {lr:6} {reg:5}  {cells[0]:>15}  {cells[1]:>17}")


def _precision(model, train, test) -> float:
    return ranking_metrics(
        lambda u: model.rank_scores(model.user_vectors(u)), train, test
    ).precision


def tune_lightfm(splits) -> None:
    print(f"{'change from the defaults':32} {'random P@10':>11} {'temporal P@10':>13}")
    for change in LIGHTFM_GRID:
        cfg = dataclasses.replace(BASE, lightfm=dataclasses.replace(BASE.lightfm, **change))
        cells = [_precision(LightFMRanker(cfg).fit(tr), tr, te) for tr, te in splits.values()]
        print(f"{change or 'defaults'!s:32} {cells[0]:11.4f} {cells[1]:13.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--what", choices=("mf", "lightfm"), required=True)
    parser.add_argument("--dataset", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.dataset is None:  # the copy shipped in data/movielens-small
        args.dataset = unpack(MOVIELENS_SMALL, REPO / "bench" / "out" / "movielens-small")
    splits = _splits(args.dataset)
    {"mf": tune_mf, "lightfm": tune_lightfm}[args.what](splits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
