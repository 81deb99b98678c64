"""The one small interface every model implements, baselines included.

Why so small: serving, evaluation, fold-in and the artifact format are written once against it,
and one shared test suite (``tests/test_recommend_models.py``) holds every model to the same
contract, the way implicit's ``RecommenderBase`` does.

Everything is in index space (rows of ``IdMap``). A user is represented by a *vector*: a trained
user's comes from ``user_vectors``; anyone else's from ``fold_in`` over their ratings, solved
against the fixed item side with no retraining. ``fold_in`` of no ratings is the cold-start
vector. Scores and predictions take vectors, so trained, folded-in and unknown users go through
the same code.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy as np
import scipy.sparse as sp

from core.recommend.config import RecommenderConfig
from core.recommend.data import TrainData
from core.recommend.kernels import scores

RATING_MIN, RATING_MAX = 0.5, 5.0


@dataclass(frozen=True, slots=True)
class Profile:
    """What a model is told about one person: the titles they rated, and their trained row.

    ``row`` is set only when ``items``/``ratings`` are exactly what the model was trained with
    for that user, so a factor model may use the trained vector; anyone else (a new person, or a
    trained user who rated more since) is folded in from ``items`` and ``ratings``.
    """

    items: np.ndarray
    ratings: np.ndarray
    row: int | None = None
    recent: np.ndarray | None = None
    """The titles rated last, newest first (at most ``RECENT_KEPT``), or None when the order of
    the ratings is not known: what "people who rated X went on to rate this" reads
    (``core.recommend.sequence``); every other source reads ``items`` as a set."""

    @classmethod
    def of(
        cls, items: Sequence[int] | np.ndarray, ratings: Sequence[float] | np.ndarray
    ) -> Profile:
        return cls(np.asarray(items, np.int64), np.asarray(ratings, np.float32))


RECENT_KEPT = 10
"""How many of a person's newest titles a profile (and the served index) keeps in order."""
EMPTY = Profile(np.zeros(0, np.int64), np.zeros(0, np.float32))
"""Someone the model knows nothing about: the cold-start profile."""


def profiles_of(data: TrainData, users: np.ndarray) -> list[Profile]:
    """The training profiles of ``users`` (rows of ``data``), trained rows and the order of
    their newest ratings attached."""
    matrix = data.matrix()
    users = np.asarray(users)
    recent = newest_titles(data, users)
    return [
        Profile(
            matrix.indices[matrix.indptr[u] : matrix.indptr[u + 1]].astype(np.int64),
            matrix.data[matrix.indptr[u] : matrix.indptr[u + 1]].astype(np.float32),
            int(u),
            recent[int(u)],
        )
        for u in users
    ]


def newest_titles(
    data: TrainData, users: np.ndarray | None = None, keep: int = RECENT_KEPT
) -> dict[int, np.ndarray]:
    """Each of ``users``' (default: everyone's) ``keep`` newest titles, newest first."""
    mask = slice(None) if users is None else np.isin(data.user, users)
    rows = newest_rows(data.user[mask], data.item[mask], data.timestamp[mask], data.n_users, keep)
    wanted = np.unique(data.user) if users is None else np.asarray(users)
    return {int(u): rows[u][rows[u] > 0].astype(np.int64) - 1 for u in wanted}


def newest_first(newer, older, keep: int = RECENT_KEPT) -> np.ndarray:
    """``newer`` titles (newest first) ahead of ``older`` ones, each title once at its newest
    place, at most ``keep``: a person's newest titles after they rated more."""
    return np.asarray(list(dict.fromkeys([*newer, *older]))[:keep], np.int64)


def newest_rows(users, items, timestamps, n_users: int, keep: int = RECENT_KEPT) -> np.ndarray:
    """Users x ``keep``: each user's newest title rows + 1, newest first, 0 past the end (ties
    in time: the higher title row counts as newer). What ``CatalogIndex.recent`` stores."""
    users, items = np.asarray(users, np.int64), np.asarray(items, np.int64)
    out = np.zeros((n_users, keep), np.int32)
    if users.size == 0:
        return out
    order = np.lexsort((-items, -np.asarray(timestamps, np.int64), users))
    users, items = users[order], items[order]
    starts = np.flatnonzero(np.r_[True, users[1:] != users[:-1]])
    rank = np.arange(users.size) - np.repeat(starts, np.diff(np.r_[starts, users.size]))
    top = rank < keep
    out[users[top], rank[top]] = items[top] + 1
    return out


class NotFitted(RuntimeError):
    """A model was used before ``fit`` (or ``from_arrays``): call one of them first."""


class Model(ABC):
    """A recommender over ``n_users`` x ``n_items`` rows."""

    kind: ClassVar[str]
    """Stable name stored in artifacts (``popularity``, ``mf``, ``lightfm``, ``hybrid``)."""

    def __init__(self, config: RecommenderConfig | None = None) -> None:
        self.config = config or RecommenderConfig()
        self.n_users = 0
        self.n_items = 0

    @abstractmethod
    def fit(self, data: TrainData) -> Self:
        """Learn from ``data``; returns self."""

    @abstractmethod
    def user_vectors(self, users: np.ndarray) -> np.ndarray:
        """(len(users), dim) float32 vectors of trained users."""

    @abstractmethod
    def fold_in(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        """(dim,) vector of a user who rated ``items`` with ``ratings``, item side fixed."""

    def vectors(self, profiles: Sequence[Profile]) -> np.ndarray:
        """One vector per profile: the trained one where the profile is a trained user's
        training ratings, else fold-in of its ratings. Item-item models override it."""
        self._check_fitted()
        rows = [
            self.user_vectors(np.array([p.row]))[0]
            if p.row is not None
            else self.fold_in(p.items, p.ratings)
            for p in profiles
        ]
        return np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)

    @abstractmethod
    def rank_scores(self, vectors: np.ndarray) -> np.ndarray:
        """(len(vectors), n_items) float32 ranking scores, higher is better."""

    def scores_at(
        self, vectors: np.ndarray, items: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``rank_scores(vectors)[:, items]``, and each row's mean and standard deviation over
        every title: all that z-scoring ``items`` alone needs. Models whose scores that matter
        sit on a few titles override it to score only those (``Hybrid.source_z``)."""
        full = self.rank_scores(np.atleast_2d(vectors))
        return full[:, np.asarray(items, np.int64)], full.mean(axis=1), full.std(axis=1)

    @abstractmethod
    def predict(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        """Predicted stars (0.5..5) of row ``k``'s user for ``items[k]``."""

    def predict_all(self, vectors: np.ndarray) -> np.ndarray:
        """(len(vectors), n_items) predicted stars; models override it with a faster path."""
        vectors = np.atleast_2d(vectors)
        items = np.arange(self.n_items)
        return np.stack([self.predict(np.repeat(v[None], self.n_items, 0), items) for v in vectors])

    @abstractmethod
    def item_embeddings(self) -> np.ndarray:
        """(n_items, d) unit-length rows; their dot product is the titles' similarity."""

    @abstractmethod
    def to_arrays(self) -> dict[str, np.ndarray]:
        """Every learned array, keyed with the model's prefix (saved as ``.npz``)."""

    @classmethod
    @abstractmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], config: RecommenderConfig) -> Self:
        """Rebuild a fitted model from ``to_arrays`` output."""

    # --- shared behaviour, written once on top of the abstract methods -----------------------

    def _check_fitted(self) -> None:
        if self.n_items == 0:
            raise NotFitted(f"This {self.kind} model is not fitted: call fit() or from_arrays().")

    def recommend(
        self, vectors: np.ndarray, exclude: sp.csr_matrix | None, n: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` item rows (and scores) per vector, best first, without row ``k`` of
        ``exclude`` (the titles that user already rated)."""
        scores = self.rank_scores(np.atleast_2d(vectors)).astype(np.float64)
        if exclude is not None:
            rows = np.repeat(np.arange(exclude.shape[0]), np.diff(exclude.indptr))
            scores[rows, exclude.indices] = -np.inf
        n = min(n, self.n_items)
        top = np.argpartition(-scores, n - 1, axis=1)[:, :n]
        order = np.argsort(-np.take_along_axis(scores, top, 1), axis=1, kind="stable")
        top = np.take_along_axis(top, order, 1)
        return top, np.take_along_axis(scores, top, 1)

    def similar(self, item: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``n`` rows most similar to ``item`` (itself excluded), with cosine similarities."""
        emb = self.item_embeddings()
        sims = scores(emb[item], emb)[0]
        sims[item] = -np.inf
        n = min(n, self.n_items - 1)
        top = np.argpartition(-sims, n - 1)[:n]
        top = top[np.argsort(-sims[top], kind="stable")]
        return top, sims[top]


def clip_stars(values: np.ndarray) -> np.ndarray:
    """Predictions on the rating scale."""
    return np.clip(values, RATING_MIN, RATING_MAX).astype(np.float32)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (all-zero rows stay zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def zscore_rows(scores: np.ndarray) -> np.ndarray:
    """Each row centred and scaled, so parts with different scales can be blended."""
    mean = scores.mean(axis=1, keepdims=True)
    std = scores.std(axis=1, keepdims=True)
    return ((scores - mean) / np.where(std > 0, std, 1.0)).astype(np.float32)
