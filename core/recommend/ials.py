"""Implicit ALS: real taste as factors learned from likes (Hu, Koren & Volinsky 2008, with the
uniform weighting and frequency-scaled penalty of Rendle et al. 2022, "Revisiting the
Performance of iALS on Item Recommendation Benchmarks").

Why beside EASE and LightFM: it ranks about as well as EASE alone on MovieLens (precision@10
0.2345 against 0.2370 for the served EASE on the random split) but errs elsewhere: a factor
model smooths over titles that EASE's item-item weights treat apart, so the two together rank
better than either (docs/benchmarks.md, issue 13). The blend learns its weight like any
source's, on the validation people.

The model: each like (a rating at or above ``positive_min``) is a 1, every other (person, work)
pair a 0 of weight ``unobserved``; the loss is
``sum_likes (1 - u.v)^2 + unobserved * sum_all (u.v)^2 + reg * (likes_u + unobserved * n) |u|^2``
and likewise for the titles. Alternating least squares solves it, each side's rows by a few
conjugate-gradient steps from the previous sweep's values, every row at once (Takacs, Pilaszy
& Tikk 2011): seconds for MovieLens small instead of a minute of per-row solves, for the same
ranking. Listings of one work on several platforms are one column, as in EASE. A fit reads at
most ``like_budget`` likes (each person's newest), so a large imported MovieLens release keeps
the training within minutes.

The item factors are stored in the eigenbasis of their Gram matrix ``V'V`` (a rotation: every
dot product is unchanged), where the fold-in's system ``V_S'V_S + D`` has a diagonal ``D``:
folding in a person who liked ``s`` titles costs ``min(s, k)^2 * max(s, k)``, not a fresh
``k x k`` Gram matrix per request. A person who liked more than ``fold_in_max`` works is folded
in from an evenly spaced ``fold_in_max`` of them, which bounds a heavy person's request.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Self

import numpy as np
import scipy.sparse as sp

from core.recommend.base import Model, clip_stars, unit_rows
from core.recommend.config import RecommenderConfig
from core.recommend.data import TrainData
from core.recommend.ease import work_matrix
from core.recommend.itemgraph import by_title, columns_at
from core.recommend.kernels import scores
from core.recommend.lightfm_model import recent_positives

_CALIBRATION_SAMPLE = 200_000
_BLOCK = 65_536


def _blocks(indptr: np.ndarray, size: int) -> np.ndarray:
    """Row boundaries cutting a CSR's rows into runs of about ``size`` entries (a longer row
    is a run of its own)."""
    n = indptr.size - 1
    cuts = np.searchsorted(indptr, np.arange(size, indptr[-1], size), side="left")
    return np.unique(np.r_[0, np.clip(cuts, 0, n), n])


def _conjugate_gradient(
    x: sp.csr_matrix,
    other: np.ndarray,
    unobserved: float,
    reg: float,
    start: np.ndarray,
    steps: int,
) -> np.ndarray:
    """Each row's factors of ``x`` (rows: people or works) against the fixed ``other`` side,
    by ``steps`` conjugate-gradient steps from ``start``, every row at once.

    The likes are read in runs of ``_BLOCK`` entries: the factors of every like side by side
    would be likes x factors floats (5 GB for ml-25m's likes), a run's are ~64 MB."""
    gram = unobserved * (other.T @ other)
    counts = np.diff(x.indptr)
    penalty = (reg * (counts + unobserved * other.shape[0]))[:, None]
    rows = np.repeat(np.arange(x.shape[0]), counts)
    bounds = _blocks(x.indptr, _BLOCK)

    def apply(p: np.ndarray) -> np.ndarray:
        out = p @ gram + penalty * p
        for lo, hi in pairwise(bounds):
            a, b = x.indptr[lo], x.indptr[hi]
            cols = x.indices[a:b]
            dots = np.einsum("ij,ij->i", other[cols], p[rows[a:b]])
            block = sp.csr_matrix((dots, cols, x.indptr[lo : hi + 1] - a), (hi - lo, x.shape[1]))
            out[lo:hi] += block @ other
        return out

    u = start.copy()
    residual = x @ other - apply(u)
    direction = residual.copy()
    size = np.einsum("ij,ij->i", residual, residual)
    for _ in range(steps):
        moved = apply(direction)
        curvature = np.einsum("ij,ij->i", direction, moved)
        step = np.divide(size, curvature, out=np.zeros_like(size), where=curvature > 0)[:, None]
        u += step * direction
        residual -= step * moved
        new = np.einsum("ij,ij->i", residual, residual)
        ratio = np.divide(new, size, out=np.zeros_like(new), where=size > 0)[:, None]
        direction = residual + ratio * direction
        size = new
    return u


class ImplicitALS(Model):
    """iALS over (optionally grouped) titles; the user vector is the person's factors."""

    kind = "ials"

    def __init__(self, config: RecommenderConfig | None = None) -> None:
        super().__init__(config)
        self.column = np.zeros(0, np.int64)
        """Title row -> column of its work among the works anyone liked, -1 if none."""
        self.item_factors = np.zeros((0, 0), np.float32)
        """A row per column, in the eigenbasis of their Gram matrix."""
        self.eigen = np.zeros(0, np.float64)
        """The Gram matrix's eigenvalues (it is diagonal in this basis)."""
        self.user_factors = np.zeros((0, 0), np.float32)
        self.calibration = np.array([3.5, 0.0])  # stars = a + b * score

    def fit(self, data: TrainData, groups: np.ndarray | None = None) -> Self:
        c = self.config.ials
        self.n_users, self.n_items = data.n_users, data.n_items
        likes = recent_positives(data, c.positive_min, c.max_likes_per_user, c.like_budget)
        self.column, x = work_matrix(data, groups, likes.astype(np.float32))
        x.data[:] = 1.0
        rng = np.random.default_rng(self.config.seed)
        scale = 0.1 / np.sqrt(c.factors)
        u = rng.normal(0.0, scale, (x.shape[0], c.factors))
        v = rng.normal(0.0, scale, (x.shape[1], c.factors))
        xt = x.T.tocsr()
        for _ in range(c.sweeps):
            u = _conjugate_gradient(x, v, c.unobserved, c.reg, u, c.cg_steps)
            v = _conjugate_gradient(xt, u, c.unobserved, c.reg, v, c.cg_steps)
        eigen, basis = np.linalg.eigh(v.T @ v)
        self.eigen = eigen
        self.item_factors = (v @ basis).astype(np.float32)
        self.user_factors = (u @ basis).astype(np.float32)
        self._calibrate(data)
        return self

    def _calibrate(self, data: TrainData) -> None:
        """The score -> stars line, on a sample of the training ratings."""
        rng = np.random.default_rng(self.config.seed)
        pick = rng.choice(len(data), size=min(len(data), _CALIBRATION_SAMPLE), replace=False)
        s = self._pairs(self.user_factors[data.user[pick]], data.item[pick])
        ok = s.std() > 0
        slope, intercept = np.polyfit(s, data.rating[pick], 1) if ok else (0.0, 3.5)
        self.calibration = np.array([intercept, slope])

    def _pairs(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        cols = self.column[items]
        dots = np.einsum("ij,ij->i", vectors, self.item_factors[np.maximum(cols, 0)])
        return np.where(cols >= 0, dots, 0.0).astype(np.float32)

    def user_vectors(self, users: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return self.user_factors[np.asarray(users)]

    def fold_in(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        """The person's factors by the exact solve of the fit's equations, the items fixed."""
        self._check_fitted()
        c = self.config.ials
        items = np.asarray(items, np.int64)
        liked = items[np.asarray(ratings) >= c.positive_min]
        cols = np.unique(self.column[liked])
        cols = cols[cols >= 0]
        if cols.size > c.fold_in_max:  # an evenly spaced subset bounds a heavy person's cost
            cols = cols[np.linspace(0, cols.size - 1, c.fold_in_max).astype(np.int64)]
        k = self.item_factors.shape[1]
        if cols.size == 0:
            return np.zeros(k, np.float32)
        n = self.item_factors.shape[0]
        diagonal = c.unobserved * self.eigen + c.reg * (cols.size + c.unobserved * n)
        root = np.sqrt(diagonal)
        w = self.item_factors[cols].astype(np.float64) / root
        if cols.size < k:  # (W'W + I)^-1 W'1 = W'(WW' + I)^-1 1
            solution = w.T @ np.linalg.solve(w @ w.T + np.eye(cols.size), np.ones(cols.size))
        else:
            solution = np.linalg.solve(w.T @ w + np.eye(k), w.sum(axis=0))
        return (solution / root).astype(np.float32)

    def rank_scores(self, vectors: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return by_title(scores(vectors, self.item_factors), self.column)

    def scores_at(
        self, vectors: np.ndarray, items: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        self._check_fitted()
        return columns_at(scores(vectors, self.item_factors), self.column, items)

    def predict(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        self._check_fitted()
        s = self._pairs(np.atleast_2d(vectors), np.asarray(items, np.int64))
        return clip_stars(self.calibration[0] + self.calibration[1] * s)

    def predict_all(self, vectors: np.ndarray) -> np.ndarray:
        return clip_stars(self.calibration[0] + self.calibration[1] * self.rank_scores(vectors))

    def item_embeddings(self) -> np.ndarray:
        self._check_fitted()
        return unit_rows(by_title(self.item_factors.T, self.column).T)

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            "ials_column": self.column,
            "ials_item_factors": self.item_factors,
            "ials_eigen": self.eigen,
            "ials_user_factors": self.user_factors,
            "ials_calibration": self.calibration,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], config: RecommenderConfig) -> Self:
        model = cls(config)
        model.column, model.eigen = arrays["ials_column"], arrays["ials_eigen"]
        model.item_factors = arrays["ials_item_factors"]
        model.calibration = arrays["ials_calibration"]
        # Absent where the users are not served (a real-taste source of the hybrid).
        model.user_factors = arrays.get(
            "ials_user_factors", np.zeros((0, model.item_factors.shape[1]), np.float32)
        )
        model.n_users, model.n_items = model.user_factors.shape[0], model.column.size
        return model
