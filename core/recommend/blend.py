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
    steps: tuple[str, ...] = ()
    """Each weight change made, with the NDCG@10 gain and its standard error."""


def zscore(scores: np.ndarray) -> np.ndarray:
    """Each row centred and scaled to unit spread (a constant row becomes zeros), then its
    tails compressed (``sign(z) log(1 + |z|)``).

    Why compressed: an item-item source that knows one of a person's titles gives a handful of
    titles z-scores of 30 or more (a sparse, heavy-tailed row), against 5-10 for a source that
    knows all of them; unbounded, one title's neighbours outranked everything the person's
    other ratings said. The log keeps each source's order and tames the tail.

    Why ``log(1 + |z|)`` in place and not ``log1p``: numpy's float32 ``log1p`` is not
    vectorised (0.45 ms for one person's 23k titles, four to five times a request), ``log`` is
    (0.07 ms); they differ by at most one float32 step.
    """
    scores = np.asarray(scores, np.float32)
    mean = scores.mean(axis=1, keepdims=True)
    std = scores.std(axis=1, keepdims=True)
    z = scores - mean
    z /= np.where(std > 0, std, 1.0)
    return compress(z)


def compress(z: np.ndarray) -> np.ndarray:
    """``sign(z) log(1 + |z|)``, ``zscore``'s tails, as float32."""
    z = np.asarray(z, np.float32)
    magnitude = np.abs(z)
    magnitude += 1.0
    np.log(magnitude, out=magnitude)
    return np.copysign(magnitude, z, out=magnitude)


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
    """Mean precision, recall and NDCG at 10 over the rows that have a positive, and the
    per-row NDCG (for paired comparisons)."""

    precision: float
    recall: float
    ndcg: float
    users: int
    per_user_ndcg: np.ndarray

    def key(self) -> tuple[float, float]:
        return self.precision, self.ndcg


def ranking_quality(
    scores: np.ndarray,
    exclude: sp.csr_matrix,
    positives: sp.csr_matrix,
    candidates: np.ndarray | None = None,
) -> Quality:
    """Precision, recall and NDCG at 10 of ``scores`` against the hidden ``positives``."""
    ranked = _Ranked.of(exclude, positives, candidates)
    return ranked.quality(ranked.cut(scores))


@dataclass(frozen=True, slots=True)
class _Ranked:
    """What ``ranking_quality`` measures against, cut once to the rows with a hidden positive
    and the candidate columns, so the many blends ``learn_weights`` tries are each ranked over
    those columns only (on the real catalogs, the ~2,000 titles real people rated of 23,000:
    the weights' search took half of a training's time ranking titles it then masked)."""

    exclude: sp.csr_matrix
    positives: np.ndarray
    """Dense hits table (rows with a positive, candidate columns)."""
    n_positives: np.ndarray
    """Each row's hidden positives, candidates or not (recall and the ideal NDCG count all)."""
    rows: np.ndarray
    cols: np.ndarray | None

    @classmethod
    def of(
        cls, exclude: sp.csr_matrix, positives: sp.csr_matrix, candidates: np.ndarray | None
    ) -> _Ranked:
        counts = np.diff(positives.indptr)
        rows = np.flatnonzero(counts > 0)
        exclude, positives = exclude[rows], positives[rows]
        cols = None if candidates is None else np.flatnonzero(candidates)
        if cols is not None:
            exclude, positives = exclude[:, cols], positives[:, cols]
        return cls(exclude.tocsr(), positives.toarray() > 0, counts[rows], rows, cols)

    def cut(self, scores: np.ndarray) -> np.ndarray:
        """``scores`` (all rows and columns) cut to the measured rows and columns."""
        scores = scores[self.rows]
        return scores if self.cols is None else np.take(scores, self.cols, axis=1)

    def quality(self, scores: np.ndarray) -> Quality:
        """Figures of ``scores`` already cut by ``cut``."""
        if not self.rows.size:
            return Quality(0.0, 0.0, 0.0, 0, np.zeros(0))
        top = top_k(scores, self.exclude)
        hits = np.take_along_axis(self.positives, top, 1)
        n_pos = self.n_positives
        precision = hits.sum(axis=1) / K
        recall = hits.sum(axis=1) / n_pos
        ndcg = (hits * _DISCOUNT[: hits.shape[1]]).sum(axis=1) / _IDEAL[np.minimum(n_pos, K) - 1]
        return Quality(
            float(precision.mean()),
            float(recall.mean()),
            float(ndcg.mean()),
            int(self.rows.size),
            ndcg,
        )


def _gain(trial: Quality, best: Quality) -> tuple[float, float]:
    """The paired per-person NDCG gain of ``trial`` over ``best``, and its standard error."""
    diff = trial.per_user_ndcg - best.per_user_ndcg
    if diff.size < 2:
        return 0.0, float("inf")
    return float(diff.mean()), float(diff.std(ddof=1) / np.sqrt(diff.size))


def _tied(source: Quality, best: Quality, z: float) -> bool:
    """True when the validation users cannot tell ``source`` from the best source alone: its
    paired NDCG@10 deficit is within ``z`` standard errors."""
    deficit, error = _gain(best, source)
    return deficit <= z * error


def learn_weights(
    parts: Mapping[str, np.ndarray],
    exclude: sp.csr_matrix,
    positives: sp.csr_matrix,
    grid: Sequence[float],
    rounds: int = 3,
    *,
    candidates: np.ndarray | None = None,
    z: float = 2.0,
) -> Fit:
    """Weights for the z-scored ``parts`` (rows: validation users; columns: titles).

    Starts from the sources the validation users cannot tell from the best one (its paired
    NDCG@10 lead over them is within ``z`` standard errors), each at weight 1, and changes one
    weight at a time to the grid value that most improves NDCG@10, only when the paired gain
    is ``z`` standard errors above zero: a source whose help is within noise stays where it is.

    Why a tie starts as an equal mix, not as the best alone: two different models that rank
    equally well rank better together (their errors partly cancel), by more than ~500
    validation people can see. On the benchmark's test splits EASE + LightFM at 1 : 1 beat
    whichever of the two the validation people had picked alone by 1-4% on all four splits
    (docs/benchmarks.md); a source clearly worse than the best, as the dataset's made ratings
    are, starts and stays at 0.
    ``candidates`` limits the ranking to titles the validation users could have rated at all
    (MovieLens users rated films MovieLens lists, never a Netflix original).
    """
    names = list(parts)
    ranked = _Ranked.of(exclude, positives, candidates)
    zs = {name: ranked.cut(zscore(parts[name])) for name in names}

    def quality(w: Mapping[str, float]) -> Quality:
        total = np.zeros_like(zs[names[0]])
        for name, value in w.items():
            if value:
                total += np.float32(value) * zs[name]
        return ranked.quality(total)

    alone = {name: quality({name: 1.0}) for name in names}
    best_name = max(names, key=lambda n: alone[n].key())
    tied = [name for name in names if _tied(alone[name], alone[best_name], z)]
    weights = {name: 1.0 if name in tied else 0.0 for name in names}
    best = quality(weights) if len(tied) > 1 else alone[best_name]
    steps = [f"start {'+'.join(f'{n}=1' for n in tied)} ndcg {best.ndcg:.4f}"]
    for _ in range(rounds):
        moved = False
        for name in names:
            trials = []
            for value in grid:
                trial = {**weights, name: float(value)}
                if trial != weights and any(trial.values()):
                    trials.append((quality(trial), trial))
            if not trials:
                continue
            found, trial = max(trials, key=lambda t: t[0].ndcg)
            gain, error = _gain(found, best)
            if gain > z * error:
                steps.append(f"{name}={trial[name]} +{gain:.4f} (se {error:.4f})")
                best, weights, moved = found, trial, True
        if not moved:
            break
    return Fit(
        weights,
        best.precision,
        best.ndcg,
        {n: round(alone[n].precision, 4) for n in names},
        best.users,
        tuple(steps),
    )
