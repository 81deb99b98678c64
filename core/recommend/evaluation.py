"""Evaluation: seeded splits and metrics as pure functions that return numbers and print nothing.

Why pure: the benchmark, the training run's holdout report and the continuous-training promotion
check must compute the same figure the same way. Ranking metrics follow the usual protocol:
positives are test ratings at or above ``positive_min``, a user's training titles are removed
from the ranking, and only users with at least one test positive count (LightFM's
``evaluation.py`` does the same).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.recommend.data import TrainData


def split_random(
    data: TrainData, test_share: float = 0.2, seed: int = 42
) -> tuple[TrainData, TrainData]:
    """A uniformly random ``test_share`` of the events is the test set."""
    rng = np.random.default_rng(seed)
    test = np.zeros(len(data), dtype=bool)
    test[rng.permutation(len(data))[: round(test_share * len(data))]] = True
    return data.subset(~test), data.subset(test)


def _last_share_mask(data: TrainData, test_share: float, users: np.ndarray | None) -> np.ndarray:
    """Events among each chosen user's newest ``floor(test_share * n_u)`` (ties: event order)."""
    n = len(data)
    order = np.lexsort((np.arange(n), data.timestamp, data.user))
    sorted_users = data.user[order]
    starts = np.flatnonzero(np.r_[True, sorted_users[1:] != sorted_users[:-1]])
    counts = np.diff(np.r_[starts, n])
    rank = np.arange(n) - np.repeat(starts, counts)
    n_test = np.floor(counts * test_share).astype(np.int64)
    chosen = np.ones(len(starts), dtype=bool)
    if users is not None:
        chosen = np.isin(sorted_users[starts], users)
    in_test = (rank >= np.repeat(counts - n_test, counts)) & np.repeat(chosen, counts)
    mask = np.zeros(n, dtype=bool)
    mask[order] = in_test
    return mask


def split_temporal(data: TrainData, test_share: float = 0.2) -> tuple[TrainData, TrainData]:
    """Each user's newest ``test_share`` of ratings (by timestamp) is the test set."""
    test = _last_share_mask(data, test_share, None)
    return data.subset(~test), data.subset(test)


def split_holdout(
    data: TrainData, n_users: int, max_user_share: float, test_share: float, seed: int
) -> tuple[TrainData, TrainData]:
    """The training run's holdout: a seeded sample of users loses its newest ratings.

    At most ``max_user_share`` of the users are sampled, so a small database keeps most of its
    data; the figures are comparable with the temporal split of the benchmark.
    """
    rated = np.unique(data.user)
    take = min(n_users, int(max_user_share * rated.size))
    chosen = np.random.default_rng(seed).choice(rated, size=take, replace=False)
    test = _last_share_mask(data, test_share, chosen)
    return data.subset(~test), data.subset(test)


def sample_users(
    data: TrainData,
    n: int,
    seed: int,
    *,
    exclude: np.ndarray | None = None,
    min_positives: int = 1,
    positive_min: float = 4.0,
) -> np.ndarray:
    """Up to ``n`` users (rows), seeded, among those with ``min_positives`` positive ratings or
    more and not in ``exclude`` (sorted)."""
    positives = np.bincount(data.user[data.rating >= positive_min], minlength=data.n_users)
    eligible = np.flatnonzero(positives >= min_positives)
    if exclude is not None:
        eligible = np.setdiff1d(eligible, exclude)
    take = min(n, eligible.size)
    chosen = np.random.default_rng(seed).choice(eligible, size=take, replace=False)
    return np.sort(chosen)


def hide_ratings(
    data: TrainData, users: np.ndarray, share: float, how: str = "newest", seed: int = 42
) -> tuple[TrainData, TrainData]:
    """``users`` lose ``share`` of their ratings, their newest (``how="newest"``) or a seeded
    random share (``"random"``): (what is left, what was hidden)."""
    hidden = hidden_mask(data, users, share, how, seed)
    return data.subset(~hidden), data.subset(hidden)


def hidden_mask(
    data: TrainData, users: np.ndarray, share: float, how: str = "newest", seed: int = 42
) -> np.ndarray:
    """The ratings ``hide_ratings`` hides, as a mask over ``data``. A smaller share with the
    same seed hides a subset of what a larger one hides (the newest of the newest, or the
    same random draw below a lower bar)."""
    users = np.asarray(users)
    if how == "newest":
        return _last_share_mask(data, share, users)
    if how == "random":
        chosen = np.isin(data.user, users)
        draw = np.random.default_rng(seed).random(len(data)) < share
        return chosen & draw
    raise ValueError(f"unknown way to hide ratings {how!r}: newest or random")


def rmse(predicted: np.ndarray, actual: np.ndarray) -> float:
    """Root mean squared error."""
    diff = np.asarray(predicted, np.float64) - np.asarray(actual, np.float64)
    return float(np.sqrt(np.mean(diff**2))) if diff.size else float("nan")


def mae(predicted: np.ndarray, actual: np.ndarray) -> float:
    """Mean absolute error."""
    diff = np.asarray(predicted, np.float64) - np.asarray(actual, np.float64)
    return float(np.mean(np.abs(diff))) if diff.size else float("nan")


@dataclass(frozen=True, slots=True)
class RankingMetrics:
    """Mean precision, recall and NDCG at ``k`` over ``users`` evaluated users."""

    precision: float
    recall: float
    ndcg: float
    k: int
    users: int


def ranking_metrics(
    scores: Callable[[np.ndarray], np.ndarray],
    train: TrainData,
    test: TrainData,
    *,
    k: int = 10,
    positive_min: float = 4.0,
    users: np.ndarray | None = None,
    batch: int = 512,
) -> RankingMetrics:
    """Precision, recall and NDCG at ``k`` of ``scores(user_rows) -> (batch, n_items)``.

    ``users`` restricts the evaluation to a sample (all users with a test positive otherwise).
    """
    seen = train.matrix(np.ones(len(train), dtype=np.float32))
    positive = test.rating >= positive_min
    pos = test.subset(positive).matrix(np.ones(int(positive.sum()), dtype=np.float32))
    candidates = np.flatnonzero(np.diff(pos.indptr) > 0)
    if users is not None:
        candidates = np.intersect1d(candidates, users)
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    ideal = np.cumsum(discount)
    total_p = total_r = total_n = 0.0
    for start in range(0, candidates.size, batch):
        rows = candidates[start : start + batch]
        s = np.array(scores(rows), dtype=np.float64, copy=True)
        block = seen[rows]
        s[np.repeat(np.arange(rows.size), np.diff(block.indptr)), block.indices] = -np.inf
        top = np.argpartition(-s, k, axis=1)[:, :k]
        top = np.take_along_axis(top, np.argsort(-np.take_along_axis(s, top, 1), axis=1), 1)
        hits = np.take_along_axis(pos[rows].toarray() > 0, top, 1)
        n_pos = np.diff(pos.indptr)[rows]
        total_p += hits.sum() / k
        total_r += float((hits.sum(1) / n_pos).sum())
        total_n += float(((hits * discount).sum(1) / ideal[np.minimum(n_pos, k) - 1]).sum())
    n = max(candidates.size, 1)
    return RankingMetrics(total_p / n, total_r / n, total_n / n, k, int(candidates.size))
