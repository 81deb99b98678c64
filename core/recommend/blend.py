"""How much each source counts: weights learned on people whose newest ratings were hidden.

Why learned, not set: the sources differ by data set. On the real catalogs, the dataset ratings
(title ids assigned at random) predict nothing, the catalog content and real people's taste do;
on MovieLens the collaborative model does most of the work. So each training measures it: the
validation users' newest ratings are hidden from every source, each source ranks all titles for
them, and a coordinate ascent over a grid picks the weights of the z-scored sources that rank
the hidden positives highest (precision@10, NDCG@10 to break ties). A source that shows no
signal ends at weight 0 by that measurement, and the weights are stored with the model so
``streambot models`` and ``/modelinfo`` can show them.

Everything here is a pure function of arrays: seeded, no I/O, nothing printed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

K = 10
_DISCOUNT = 1.0 / np.log2(np.arange(2, K + 2))
_IDEAL = np.cumsum(_DISCOUNT)


@dataclass(frozen=True, slots=True)
class Fit:
    """The learned weights and the validation figures that chose them."""

    weights: dict[str, float]
    precision: float
    ndcg: float
    alone: dict[str, float]
    """Each source's own precision@10 on the validation users, for the record."""
    users: int


def zscore(scores: np.ndarray) -> np.ndarray:
    """Each row centred and scaled to unit spread (a constant row becomes zeros)."""
    scores = np.asarray(scores, np.float32)
    mean = scores.mean(axis=1, keepdims=True)
    std = scores.std(axis=1, keepdims=True)
    return (scores - mean) / np.where(std > 0, std, 1.0)


def top_k(scores: np.ndarray, exclude: sp.csr_matrix, k: int = K) -> np.ndarray:
    """The ``k`` best columns of each row, best first, never one ``exclude`` marks."""
    s = np.array(scores, dtype=np.float32, copy=True)
    rows = np.repeat(np.arange(exclude.shape[0]), np.diff(exclude.indptr))
    s[rows, exclude.indices] = -np.inf
    k = min(k, s.shape[1])
    top = np.argpartition(-s, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(s, top, 1), axis=1, kind="stable")
    return np.take_along_axis(top, order, 1)


@dataclass(frozen=True, slots=True)
class Quality:
    """Mean precision, recall and NDCG at 10 over the rows that have a positive."""

    precision: float
    recall: float
    ndcg: float
    users: int

    def key(self) -> tuple[float, float]:
        """What the weight search maximises: precision, then NDCG."""
        return self.precision, self.ndcg


def ranking_quality(
    scores: np.ndarray, exclude: sp.csr_matrix, positives: sp.csr_matrix
) -> Quality:
    """Precision, recall and NDCG at 10 of ``scores`` against the hidden ``positives``."""
    has = np.diff(positives.indptr) > 0
    if not has.any():
        return Quality(0.0, 0.0, 0.0, 0)
    top = top_k(scores[has], exclude[has])
    hits = np.take_along_axis(positives[has].toarray() > 0, top, 1)
    n_pos = np.diff(positives.indptr)[has]
    precision = hits.sum(axis=1) / K
    recall = hits.sum(axis=1) / n_pos
    ndcg = (hits * _DISCOUNT[: hits.shape[1]]).sum(axis=1) / _IDEAL[np.minimum(n_pos, K) - 1]
    return Quality(
        float(precision.mean()), float(recall.mean()), float(ndcg.mean()), int(has.sum())
    )


def learn_weights(
    parts: Mapping[str, np.ndarray],
    exclude: sp.csr_matrix,
    positives: sp.csr_matrix,
    grid: Sequence[float],
    rounds: int = 3,
) -> Fit:
    """Weights for the z-scored ``parts`` (rows: validation users; columns: titles).

    Starts from the best source alone at weight 1 and changes one weight at a time to the grid
    value that most improves (precision, NDCG); only a strict improvement moves a weight, so a
    source that adds nothing stays at 0.
    """
    names = list(parts)
    z = {name: zscore(parts[name]) for name in names}
    alone = {name: ranking_quality(z[name], exclude, positives).key() for name in names}
    best_name = max(names, key=lambda n: alone[n])
    weights = {name: 1.0 if name == best_name else 0.0 for name in names}

    def quality(w: Mapping[str, float]) -> tuple[float, float]:
        total = np.zeros_like(z[best_name])
        for name, value in w.items():
            if value:
                total += np.float32(value) * z[name]
        return ranking_quality(total, exclude, positives).key()

    best = alone[best_name]
    for _ in range(rounds):
        moved = False
        for name in names:
            for value in grid:
                trial = {**weights, name: float(value)}
                if trial == weights or not any(trial.values()):
                    continue
                found = quality(trial)
                if found > best:
                    best, weights, moved = found, trial, True
        if not moved:
            break
    users = int((np.diff(positives.indptr) > 0).sum())
    return Fit(weights, best[0], best[1], {n: round(alone[n][0], 4) for n in names}, users)
