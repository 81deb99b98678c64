"""Titles no real person rated: how much of the silent real-taste sources' weight the content takes.

Usage: ``python bench/cold_titles.py [--shares 0,0.25,0.5,1,2] [--cold 0.2] [--seed 42]``

Real ratings only: the shipped ml-latest-small ratings bridged onto the shipped catalogs, as
``bench/recommender.py`` loads them. A random ``--cold`` share of the rated works is made cold:
every real rating of them leaves the real taste, as a Hulu show or a 2021 film is unknown to
MovieLens people. The other ratings are split 80/20 at random; the served hybrid is fitted on
the warm training part (its weights and stars learned on it, as ``train.py`` does). The test is
the warm 20% and every rating of the cold works, by people who have training ratings.

For each share of ``BlendConfig.silent_to_content`` (one fitted model; the share is read at
ranking time), printed:

- **all titles**: precision/recall/NDCG@10 ranking every title someone rated (warm or cold),
  as an unfiltered ``/recommend``, and the cold titles' part of the top 10;
- **cold titles only**: the same ranking among the cold titles alone, as a filtered list of
  titles the real taste never saw (``/recommend hulu show``); at share 0 they tie and the
  dataset's popularity orders them (the tie-break);
- **stars on the cold test ratings**: mean predicted and RMSE, served and from the unmoved
  blend (``Hybrid.star_blend``), against the mean actual.

Why this bench: the weights are learned on people's hidden likes of titles the real taste
knows, so nothing else measures how titles outside it should compete (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

import numpy as np
from recommender import bridged_sources, masked, model_scores, profiles, rated_titles

from core.recommend import evaluation as ev
from core.recommend.config import RecommenderConfig
from core.recommend.data import TrainData
from core.recommend.hybrid import Hybrid

K = 10


def cold_works(taste: TrainData, groups: np.ndarray, share: float, seed: int) -> np.ndarray:
    """Mask of the ratings whose work is in a random ``share`` of the rated works."""
    works = np.unique(groups[taste.item])
    rng = np.random.default_rng(seed)
    cold = rng.choice(works, size=round(share * works.size), replace=False)
    return np.isin(groups[taste.item], cold)


def scores_for(model: Hybrid, train: TrainData, candidates: np.ndarray):
    """The hybrid's ranking scores of users' training profiles, titles outside ``candidates``
    last (the people are folded in, as the product does for real-taste people)."""
    return masked(model_scores(model, train, rows=False), candidates)


def cold_part(
    model: Hybrid, train: TrainData, users: np.ndarray, cold: np.ndarray, candidates: np.ndarray
) -> float:
    """Share of the cold titles in the top 10 over ``candidates``, for ``users``."""
    found = 0
    scores = scores_for(model, train, candidates)
    seen_all = train.matrix(np.ones(len(train), np.float32))
    for start in range(0, users.size, 512):
        rows = users[start : start + 512]
        s = scores(rows)
        seen = seen_all[rows]
        s[np.repeat(np.arange(rows.size), np.diff(seen.indptr)), seen.indices] = -np.inf
        top = np.argpartition(-s, K, axis=1)[:, :K]
        found += int(cold[top].sum())
    return found / max(users.size * K, 1)


def cold_stars(model: Hybrid, train: TrainData, test: TrainData) -> dict[str, float]:
    """The served stars of the test ratings of cold titles (``Hybrid.predict``, whose blend
    feature ``star_blend`` moves to the level of titles someone rated) and, for comparison,
    the stars from the unmoved blend: mean predicted, mean actual, RMSE."""
    served, unmoved = [], []
    for user in np.unique(test.user):
        profile = profiles(train, np.array([user]), rows=False)[0]
        items = test.item[test.user == user]
        vector = model.vectors([profile])
        rows = np.repeat(vector, items.size, 0)
        ranked = model.rank_scores(vector)
        served.append(model.predict(rows, items))
        unmoved.append(model.stars_for(rows, items, ranked[0, items]))
    actual = test.rating.astype(np.float64)
    out = {"actual": float(actual.mean()), "n": float(actual.size)}
    for name, found in (("served", served), ("unmoved", unmoved)):
        stars = np.concatenate(found).astype(np.float64)
        out[name] = float(stars.mean())
        out[f"{name}_rmse"] = float(np.sqrt(np.mean((stars - actual) ** 2)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shares", default="0,0.25,0.5,1,2")
    parser.add_argument("--cold", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    shares = [float(s) for s in args.shares.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        sources = bridged_sources(Path(tmp))
    taste, groups = sources.taste, np.asarray(sources.groups)
    is_cold = cold_works(taste, groups, args.cold, args.seed)
    kept = ~is_cold & (np.random.default_rng(args.seed).random(len(taste)) >= 0.2)
    warm_train = taste.subset(kept)
    known = np.isin(taste.user, np.unique(warm_train.user))
    test, cold_test = taste.subset(~kept & known), taste.subset(is_cold & known)
    cold = rated_titles(cold_test)
    print(
        f"bridged real ratings {len(taste):,}; cold works {args.cold:.0%} of the rated "
        f"({cold.sum():,} titles, {len(cold_test):,} ratings); warm train {len(warm_train):,}, "
        f"test {len(test):,}"
    )
    start = time.perf_counter()
    model = Hybrid(RecommenderConfig()).fit_sources(dataclasses.replace(sources, taste=warm_train))
    weights = {n: w for n, w in model.weights.items() if w}
    print(f"hybrid fitted in {time.perf_counter() - start:.1f} s; weights {weights}")
    everything = cold | rated_titles(warm_train)
    print(
        f"{'share':>6} | {'all P@10':>8} {'R@10':>7} {'NDCG':>7} {'cold top10':>10} | "
        f"{'cold P@10':>9} {'R@10':>7} {'NDCG':>7} | cold stars: mean predicted (RMSE), "
        "unmoved blend / actual"
    )
    for share in shares:
        blend = dataclasses.replace(model.config.blend, silent_to_content=share)
        model.config = dataclasses.replace(model.config, blend=blend)
        every = ev.ranking_metrics(scores_for(model, warm_train, everything), warm_train, test)
        users = np.unique(test.user[test.rating >= 4.0])
        part = cold_part(model, warm_train, users, cold, everything)
        alone = ev.ranking_metrics(scores_for(model, warm_train, cold), warm_train, cold_test)
        st = cold_stars(model, warm_train, cold_test)
        print(
            f"{share:>6g} | {every.precision:>8.4f} {every.recall:>7.4f} {every.ndcg:>7.4f} "
            f"{part:>10.1%} | {alone.precision:>9.4f} {alone.recall:>7.4f} {alone.ndcg:>7.4f} | "
            f"{st['served']:.2f} ({st['served_rmse']:.3f}), {st['unmoved']:.2f} "
            f"({st['unmoved_rmse']:.3f}) / {st['actual']:.2f} ({st['n']:,.0f})",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
