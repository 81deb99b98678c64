"""Models whose scores are a person's titles times a title x title graph (EASE, what people
rated next): the scoring, the reasons' shares, ``similar``, the stars and the artifact, once.

Why one base: both keep a sparse graph over works (the listings of a film on several platforms
are one column, ``column``), score a person as ``x_u G`` over the columns their vector marks,
name the title behind a pick by its share of that sum, and take their stars from a baseline
predictor (``Popularity``) stored in the vector's first entry. They differ in how the graph is
learned and in which titles a person's vector marks.
"""

from __future__ import annotations

from typing import ClassVar, Self

import numpy as np
import scipy.sparse as sp

from core.recommend.base import Model
from core.recommend.config import RecommenderConfig
from core.recommend.kernels import graph_block, weighted_rows
from core.recommend.popularity import Popularity


def by_title(by_column: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Per-work values (a column each) spread onto every title row of their work (``column``:
    ``ease.work_matrix``'s lookup); 0 for titles of works outside it."""
    known, cols = _spread(column)
    out = np.zeros((by_column.shape[0], column.size), np.float32)
    out[:, known] = by_column[:, cols]
    return out


_SPREADS: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
_MAX_SPREADS = 32
_PLANS: dict[tuple[int, int, int], tuple] = {}


def columns_at(
    by_column: np.ndarray, column: np.ndarray, items: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``by_title(by_column, column)[:, items]`` with each row's mean and standard deviation
    over every title (a work's value counts once per listing, titles outside it count 0),
    without spreading the values over every title (``Model.scores_at``)."""
    cols, outside, listings = _plan(column, items, by_column.shape[1])
    values = by_column[:, cols]
    if outside.size:
        values[:, outside] = 0.0
    spread = np.asarray(by_column, np.float64)
    mean = spread @ listings / column.size
    var = (spread * spread) @ listings / column.size - mean * mean
    return values.astype(np.float32, copy=False), mean, np.sqrt(np.maximum(var, 0.0))


def _plan(
    column: np.ndarray, items: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For ``columns_at``: the columns of ``items`` (0 for titles outside every work), the
    positions of those outside, and each column's number of listings, computed once per
    (lookup, items) pair: both arrays are a fitted model's and the support, fixed."""
    key = (id(column), id(items), width)
    found = _PLANS.get(key)
    if found is None or found[0] is not column or found[1] is not items:
        cols = column[np.asarray(items, np.int64)]
        listings = np.zeros(width)
        counts = np.bincount(column[column >= 0])
        listings[: counts.size] = counts
        found = (column, items, np.maximum(cols, 0), np.flatnonzero(cols < 0), listings)
        if len(_PLANS) >= _MAX_SPREADS:
            _PLANS.pop(next(iter(_PLANS)), None)
        _PLANS[key] = found
    return found[2], found[3], found[4]


def _spread(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The title rows of ``column`` that belong to a work, and their works' columns, computed
    once per lookup array (a model's lookup never changes after its fit).

    Why: finding them over 23k titles on every call was ~3/4 of ``by_title``'s time (0.064 ms
    against 0.016 ms a row), and every request spreads three to five sources' scores and the
    reasons' shares (docs/benchmarks.md, stop 27)."""
    found = _SPREADS.get(id(column))
    if found is None or found[0] is not column:
        known = np.flatnonzero(column >= 0)
        found = (column, known, column[known])
        if len(_SPREADS) >= _MAX_SPREADS:
            _SPREADS.pop(next(iter(_SPREADS)), None)
        _SPREADS[id(column)] = found
    return found[1], found[2]


class ItemGraph(Model):
    """A title x title graph over works; vector = [baseline, a weight per work column]."""

    prefix: ClassVar[str]
    """Key prefix of the arrays in the artifact (``ease``, ``next``)."""

    def __init__(self, config: RecommenderConfig | None = None) -> None:
        super().__init__(config)
        self.base = Popularity(self.config)
        self.column = np.zeros(0, np.int64)
        """Title row -> graph column (its work among the works learned), -1 if none."""
        self.weights = sp.csr_matrix((0, 0), dtype=np.float32)

    @property
    def n_columns(self) -> int:
        return self.weights.shape[0]

    def user_vectors(self, users: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{self.kind} vectors come from profiles: call vectors()")

    def rank_scores(self, vectors: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return by_title(weighted_rows(np.atleast_2d(vectors)[:, 1:], self.weights), self.column)

    def scores_at(
        self, vectors: np.ndarray, items: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        self._check_fitted()
        return columns_at(
            weighted_rows(np.atleast_2d(vectors)[:, 1:], self.weights), self.column, items
        )

    def contributions(
        self, vector: np.ndarray, items: np.ndarray, titles: np.ndarray
    ) -> np.ndarray:
        """Each of ``titles``' share of each of ``items``' scores, the share of its work's
        column (0 for a work the vector does not mark): one row per item (all 0 for a title
        outside the graph), a column per title asked about.

        Only the marked columns' rows of the weights are read (a column slice scans them all),
        and only the titles asked about get a column (``ContentModel.contributions``)."""
        items, titles = np.asarray(items, np.int64), np.asarray(titles, np.int64)
        cols = self.column[items]
        ok = np.flatnonzero(cols >= 0)
        own = self.column[titles]
        weights = np.where(own >= 0, vector[1 + np.maximum(own, 0)], 0.0).astype(np.float32)
        marked = np.flatnonzero(weights)
        out = np.zeros((items.size, titles.size), np.float32)
        if marked.size and ok.size:
            block = graph_block(self.weights, own[marked], cols[ok])  # marked x items
            out[np.ix_(ok, marked)] = (weights[marked, None] * block).T
        return out

    def predict(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        return self.base.predict(np.atleast_2d(vectors)[:, :1], items)

    def predict_all(self, vectors: np.ndarray) -> np.ndarray:
        return self.base.predict_all(np.atleast_2d(vectors)[:, :1])

    def item_embeddings(self) -> np.ndarray:
        raise NotImplementedError(f"{self.kind} compares titles through its graph")

    def similar(self, item: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The titles ``item``'s row of the graph weighs most, best first; nothing for a title
        outside the graph."""
        col = self.column[item]
        if col < 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        lo, hi = self.weights.indptr[col], self.weights.indptr[col + 1]
        weights = np.zeros(self.n_columns, np.float32)
        weights[self.weights.indices[lo:hi]] = self.weights.data[lo:hi]
        scores = np.where(self.column >= 0, weights[np.maximum(self.column, 0)], -np.inf)
        scores[self.column == col] = -np.inf
        scores[scores <= 0] = -np.inf
        top = np.argsort(-scores, kind="stable")[:n]
        top = top[np.isfinite(scores[top])]
        return top.astype(np.int64), scores[top].astype(np.float32)

    def to_arrays(self) -> dict[str, np.ndarray]:
        p = self.prefix
        return {
            **{f"{p}_base_{k}": v for k, v in self.base.to_arrays().items()},
            f"{p}_column": self.column,
            f"{p}_indptr": self.weights.indptr.astype(np.int64),
            f"{p}_indices": self.weights.indices.astype(np.int32),
            f"{p}_weights": self.weights.data.astype(np.float32),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], config: RecommenderConfig) -> Self:
        model, p = cls(config), cls.prefix
        base = f"{p}_base_"
        model.base = Popularity.from_arrays(
            {k[len(base) :]: v for k, v in arrays.items() if k.startswith(base)}, config
        )
        model.column = arrays[f"{p}_column"]
        cols = arrays[f"{p}_indptr"].size - 1
        model.weights = sp.csr_matrix(
            (arrays[f"{p}_weights"], arrays[f"{p}_indices"], arrays[f"{p}_indptr"]),
            shape=(cols, cols),
        )
        model.n_users, model.n_items = model.base.n_users, model.column.size
        return model
