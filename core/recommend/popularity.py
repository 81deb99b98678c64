"""Popularity: the baseline every model must beat, and the fallback when no model loads.

Ranking is by the number of positive ratings (at or above ``positive_min``): titles many people
rated highly are both popular and good, which is what an unknown user should be shown. Stars come
from the classic baseline predictor, global mean + damped user and title offsets, so ``predict``
still answers "should I watch it?" sensibly without any factor model. Similarity uses the coarse
catalog features (genres, platform, type, maturity, decade).
"""

from __future__ import annotations

from typing import Self

import numpy as np

from core.recommend.base import Model, clip_stars, unit_rows
from core.recommend.config import RecommenderConfig
from core.recommend.data import TrainData
from core.recommend.features import coarse_columns

DAMPING = 10.0
"""Ratings' worth of prior pull towards zero offset (Koren's baseline predictor uses 10-25)."""


class Popularity(Model):
    """Most positively rated titles first; baseline-predictor stars."""

    kind = "popularity"

    def __init__(self, config: RecommenderConfig | None = None) -> None:
        super().__init__(config)
        self.mu = 0.0
        self.item_bias = np.zeros(0, np.float32)
        self.user_bias = np.zeros(0, np.float32)
        self.score = np.zeros(0, np.float32)
        self.content = np.zeros((0, 0), np.float32)

    def fit(self, data: TrainData) -> Self:
        self.n_users, self.n_items = data.n_users, data.n_items
        self.mu = float(data.rating.mean()) if len(data) else 3.5
        resid = data.rating - self.mu
        count_i = np.bincount(data.item, minlength=data.n_items)
        self.item_bias = (np.bincount(data.item, resid, data.n_items) / (count_i + DAMPING)).astype(
            np.float32
        )
        resid_u = resid - self.item_bias[data.item]
        count_u = np.bincount(data.user, minlength=data.n_users)
        self.user_bias = (
            np.bincount(data.user, resid_u, data.n_users) / (count_u + DAMPING)
        ).astype(np.float32)
        positive = data.rating >= self.config.lightfm.positive_min
        self.score = np.log1p(np.bincount(data.item[positive], minlength=data.n_items)).astype(
            np.float32
        )
        cols = coarse_columns(data.feature_names)
        self.content = unit_rows(data.item_features[:, cols].toarray().astype(np.float32))
        return self

    def user_vectors(self, users: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return self.user_bias[np.asarray(users)][:, None]

    def fold_in(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        self._check_fitted()
        items = np.asarray(items, dtype=np.int64)
        resid = np.asarray(ratings, dtype=np.float32) - self.mu - self.item_bias[items]
        return np.array([resid.sum() / (items.size + DAMPING)], dtype=np.float32)

    def rank_scores(self, vectors: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return np.broadcast_to(self.score, (np.atleast_2d(vectors).shape[0], self.n_items)).copy()

    def predict(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        self._check_fitted()
        vectors = np.atleast_2d(vectors)
        return clip_stars(self.mu + vectors[:, 0] + self.item_bias[np.asarray(items)])

    def predict_all(self, vectors: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return clip_stars(self.mu + np.atleast_2d(vectors)[:, :1] + self.item_bias)

    def item_embeddings(self) -> np.ndarray:
        self._check_fitted()
        return self.content

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            "pop_mu": np.array([self.mu], np.float64),
            "pop_item_bias": self.item_bias,
            "pop_user_bias": self.user_bias,
            "pop_score": self.score,
            "pop_content": self.content,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], config: RecommenderConfig) -> Self:
        model = cls(config)
        model.mu = float(arrays["pop_mu"][0])
        model.item_bias = arrays["pop_item_bias"]
        # Absent where the users are not served (the real-taste sources of the hybrid).
        model.user_bias = arrays.get("pop_user_bias", np.zeros(0, np.float32))
        model.score = arrays["pop_score"]
        model.content = arrays["pop_content"]
        model.n_users, model.n_items = model.user_bias.size, model.item_bias.size
        return model
