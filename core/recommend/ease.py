"""EASE (Steck 2019): "people who liked these also liked that", in closed form.

Why: on real ratings (MovieLens) the item-item model EASE ranks better than every factor model
tried here, it needs no per-user training (a new person's positives are their vector, so
fold-in is exact and free), and each score is a sum over the titles the person liked, so the
title that drove a pick can be named ("people who liked X liked this").

``B = I - P / diag(P)`` with ``P = (X'X + lambda I)^-1`` over the users x items matrix ``X`` of
graded ratings (``Ease.grade``: 1 for a like, 0.5 for a middling rating, 0.1 for a low one;
Steck's binary positives ranked 6-11% lower on the benchmark's random splits, see
docs/recommender.md); a person's scores are ``x_u B``. Items can be grouped (listings of one work on
several platforms are one column), so a film on two platforms is learned once and both listings
score alike. ``B`` keeps each row's ``neighbours`` largest weights, which keeps the artifact and
the serving memory small (a few MB instead of hundreds).

``dropout`` > 0 gives the denoising variant (Steck 2020, EDLAE/DLAE): the penalty grows with each
item's popularity, ``lambda + p/(1-p) * diag(X'X)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import numpy as np
import scipy.sparse as sp

from core.recommend.base import Profile
from core.recommend.config import RecommenderConfig
from core.recommend.data import TrainData
from core.recommend.itemgraph import ItemGraph
from core.recommend.popularity import Popularity


def ease_weights(gram: np.ndarray, lam: float, dropout: float = 0.0) -> np.ndarray:
    """The EASE item-item weights for a Gram matrix ``X'X`` (dense), diagonal zero."""
    g = np.array(gram, dtype=np.float64, copy=True)
    diag = np.diag(g).copy()
    penalty = lam + (dropout / (1 - dropout)) * diag if dropout > 0 else lam
    g[np.diag_indices_from(g)] += penalty
    p = np.linalg.inv(g)
    b = p / -np.diag(p)
    b[np.diag_indices_from(b)] = 0.0
    return b.astype(np.float32)


def work_matrix(
    data: TrainData, groups: np.ndarray | None, values: np.ndarray
) -> tuple[np.ndarray, sp.csr_matrix]:
    """People x works: each rating's ``value`` (0: left out) on its title's work.

    Returns the title row -> column lookup (the column of its work among the works with a
    non-zero value, -1 for the others) and the matrix, where a work rated on two platforms
    counts once, at its larger value. Without ``groups`` every title is its own work."""
    values = np.asarray(values, np.float32)
    kept = values > 0
    column = work_columns(data.item[kept], groups, data.n_items)
    n_works = int(column.max(initial=-1)) + 1
    user, col, value = data.user[kept], column[data.item[kept]], values[kept]
    order = np.lexsort((-value, col, user))
    user, col, value = user[order], col[order], value[order]
    first = np.r_[True, (user[1:] != user[:-1]) | (col[1:] != col[:-1])]
    matrix = sp.csr_matrix((value[first], (user[first], col[first])), shape=(data.n_users, n_works))
    return column, matrix


def work_columns(items: np.ndarray, groups: np.ndarray | None, n_items: int) -> np.ndarray:
    """Title row -> column of its work among the works of ``items`` (in work order), -1 for
    titles whose work is not among them. Without ``groups`` every title is its own work."""
    group = np.arange(n_items) if groups is None else np.asarray(groups, np.int64)
    used = np.unique(group[np.asarray(items, np.int64)])
    lookup = np.full(int(group.max(initial=0)) + 1, -1, np.int64)
    lookup[used] = np.arange(used.size)
    return lookup[group]


def top_per_row(matrix: np.ndarray, k: int) -> sp.csr_matrix:
    """The ``k`` entries of largest magnitude of each row of a dense matrix, as a CSR.

    By magnitude, not value: EASE's negative weights ("people who liked X did not like Y")
    matter too. On MovieLens small, keeping the 500 largest of 9,700 per row kept precision@10
    (0.2299 against 0.2304 dense); keeping the 2,000 largest *values* lost 3%.
    """
    n, m = matrix.shape
    if k >= m:
        return sp.csr_matrix(matrix)
    top = np.argpartition(-np.abs(matrix), k - 1, axis=1)[:, :k]
    values = np.take_along_axis(matrix, top, 1)
    graph = sp.csr_matrix((values.ravel(), top.ravel(), np.arange(0, n * k + 1, k)), shape=(n, m))
    graph.sort_indices()
    graph.eliminate_zeros()
    return graph


class Ease(ItemGraph):
    """EASE over (optionally grouped) titles; stars from the baseline predictor."""

    kind = "ease"
    prefix = "ease"

    def fit(self, data: TrainData, groups: np.ndarray | None = None) -> Self:
        gram = self._gram(data, groups)
        self._solve(gram, self.config.ease.lam)
        return self

    @classmethod
    def fit_each(
        cls,
        config: RecommenderConfig,
        lams: Sequence[float],
        data: TrainData,
        groups: np.ndarray | None = None,
    ) -> dict[float, Ease]:
        """One model per penalty in ``lams``, over one Gram matrix (built once: only the
        solve depends on lambda). What the served fit tunes lambda with."""
        first = cls(config)
        gram = first._gram(data, groups)
        models = {}
        for lam in lams:
            model = cls(config)
            model.n_users, model.n_items = first.n_users, first.n_items
            model.base, model.column = first.base, first.column
            models[float(lam)] = model._solve(gram, float(lam))
        return models

    def _gram(self, data: TrainData, groups: np.ndarray | None) -> np.ndarray:
        """Sets the title -> column lookup and the baseline; returns ``X'X`` (dense)."""
        self.n_users, self.n_items = data.n_users, data.n_items
        self.base = Popularity(self.config).fit(data)
        self.column, x = work_matrix(data, groups, self.grade(data.rating))
        return (x.T @ x).toarray()

    def _solve(self, gram: np.ndarray, lam: float) -> Self:
        c = self.config.ease
        dense = ease_weights(gram, lam, c.dropout) if gram.size else np.zeros((0, 0))
        self.weights = top_per_row(dense, c.neighbours)
        return self

    def grade(self, ratings: np.ndarray) -> np.ndarray:
        """Each rating's weight in EASE's input: 1 for a like, less for a middling or low
        rating (``EaseConfig``)."""
        c = self.config.ease
        ratings = np.asarray(ratings, np.float32)
        return np.where(
            ratings >= c.positive_min,
            1.0,
            np.where(ratings >= c.middling_min, c.middling, c.low),
        ).astype(np.float32)

    def fold_in(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        self._check_fitted()
        vector = np.zeros(self.n_columns + 1, np.float32)
        vector[0] = self.base.fold_in(items, ratings)[0]
        items = np.asarray(items, np.int64)
        grade = self.grade(ratings)
        cols = self.column[items]
        ok = (cols >= 0) & (grade > 0)
        np.maximum.at(vector, 1 + cols[ok], grade[ok])
        return vector

    def vectors(self, profiles: Sequence[Profile]) -> np.ndarray:
        self._check_fitted()
        out = (
            np.stack([self.fold_in(p.items, p.ratings) for p in profiles])
            if profiles
            else (np.zeros((0, self.n_columns + 1), np.float32))
        )
        for k, p in enumerate(profiles):
            if p.row is not None:
                out[k, 0] = self.base.user_bias[p.row]
        return out
