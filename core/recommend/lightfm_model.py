"""LightFM (hybrid, WARP loss): the ranking model, with catalog features on the item side.

Why LightFM: a title's representation is the sum of its identity's and its features' embeddings,
so a title nobody rated still has a place in the space (through its genres, platform, cast...),
and WARP optimises the top of the ranking, which is what ``top_n`` shows. It learns from the
positive ratings only (at or above ``positive_min``), a user's most recent ones first.

A title nobody rated is still ranked through its features: its representation is the sum of
its features' embeddings and an identity embedding that WARP only ever pushed down (every title
is sampled as a negative). That push is a fair "nobody watches this yet" prior for ranking (it
scored better than dropping it, docs/recommender.md), but it is noise for *similarity*, so
``item_embeddings`` describes unrated titles by their features alone.

WARP has no closed-form per-user solution, so fold-in for a user the model has not seen is a
linear map, learned at fit time, from the mean representation of the titles a user liked to that
user's trained vector (ridge regression over training users, each seen through random subsets of
3 to 30 of their liked titles, so the map also fits someone with five ratings). The item side
stays fixed. On MovieLens it beat the implicit-feedback least-squares solve (Hu, Koren & Volinsky
2008) and the plain mean: see docs/recommender.md.
"""

from __future__ import annotations

from typing import Self

import numpy as np
import scipy.sparse as sp
from lightfm import LightFM

from core.recommend.base import Model, clip_stars, unit_rows
from core.recommend.config import RecommenderConfig
from core.recommend.data import TrainData
from core.recommend.kernels import linear_spread, scores

_CALIBRATION_SAMPLE = 200_000
_FOLD_IN_SAMPLE_USERS = 5000
_FOLD_IN_SUBSET_SIZES = (3, 5, 10, 30)


def _normalise_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    sums = np.asarray(matrix.sum(axis=1)).ravel()
    scale = np.where(sums > 0, 1.0 / np.where(sums > 0, sums, 1.0), 0.0)
    return sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ matrix, dtype=np.float32)


def recent_positives(
    data: TrainData, positive_min: float, per_user: int, budget: int
) -> np.ndarray:
    """Mask of the positive events LightFM trains on: each user's newest ones.

    At most ``per_user`` a user, lowered further (for everyone alike) until the total fits in
    ``budget``: heavy users' oldest positives go first, light users keep all of theirs.
    """
    positive = np.flatnonzero(data.rating >= positive_min)
    order = np.lexsort((-data.timestamp[positive], data.user[positive]))
    idx, users = positive[order], data.user[positive[order]]
    starts = np.flatnonzero(np.r_[True, users[1:] != users[:-1]])
    counts = np.diff(np.r_[starts, idx.size])
    rank = np.arange(idx.size) - np.repeat(starts, counts)
    low, high = 1, max(per_user, 1)
    while low < high:  # the largest cap whose total fits the budget
        mid = (low + high + 1) // 2
        low, high = (mid, high) if np.minimum(counts, mid).sum() <= budget else (low, mid - 1)
    mask = np.zeros(len(data), dtype=bool)
    mask[idx[rank < low]] = True
    return mask


class LightFMRanker(Model):
    """LightFM WARP with identity + catalog item features; user vector = LightFM embedding."""

    kind = "lightfm"

    def __init__(self, config: RecommenderConfig | None = None) -> None:
        super().__init__(config)
        self.user_emb = np.zeros((0, 0), np.float32)
        self.item_emb = np.zeros((0, 0), np.float32)
        self.item_bias = np.zeros(0, np.float32)
        self.fold_map = np.zeros((0, 0), np.float32)
        self.cold_rows = np.zeros(0, np.int64)
        self.cold_emb = np.zeros((0, 0), np.float32)
        self.calibration = np.array([3.5, 0.0])  # stars = a + b * score

    def fit(self, data: TrainData) -> Self:
        c = self.config.lightfm
        self.n_users, self.n_items = data.n_users, data.n_items
        mask = recent_positives(data, c.positive_min, c.max_positives_per_user, c.sample_budget)
        interactions = sp.coo_matrix(
            (np.ones(int(mask.sum()), np.float32), (data.user[mask], data.item[mask])),
            shape=(data.n_users, data.n_items),
        )
        identity = sp.identity(data.n_items, dtype=np.float32, format="csr")
        features = _normalise_rows(sp.hstack([identity, data.item_features], format="csr"))
        model = LightFM(
            loss="warp",
            no_components=c.components,
            learning_rate=c.learning_rate,
            item_alpha=c.item_alpha,
            user_alpha=c.user_alpha,
            max_sampled=c.max_sampled,
            random_state=self.config.seed,
        )
        model.fit(
            interactions,
            item_features=features,
            epochs=self.config.lightfm_epochs(int(mask.sum())),
            num_threads=self.config.threads,
        )
        self.item_bias, self.item_emb = model.get_item_representations(features)
        self.cold_rows = np.flatnonzero(np.bincount(data.item, minlength=data.n_items) == 0)
        no_identity = _normalise_rows(sp.hstack([0 * identity, data.item_features], format="csr"))
        self.cold_emb = model.get_item_representations(no_identity)[1][self.cold_rows]
        _, self.user_emb = model.get_user_representations()
        self.item_bias = self.item_bias.astype(np.float32)
        self.item_emb, self.user_emb = (
            self.item_emb.astype(np.float32),
            self.user_emb.astype(np.float32),
        )
        self.cold_emb = self.cold_emb.astype(np.float32)
        self._calibrate(data, mask)
        return self

    def _calibrate(self, data: TrainData, mask: np.ndarray) -> None:
        """Fit the score->stars line and the fold-in map on training users only."""
        rng = np.random.default_rng(self.config.seed)
        pick = rng.choice(len(data), size=min(len(data), _CALIBRATION_SAMPLE), replace=False)
        s = self.rank_pairs(self.user_emb[data.user[pick]], data.item[pick])
        slope, intercept = np.polyfit(s, data.rating[pick], 1) if s.std() > 0 else (0.0, 3.5)
        self.calibration = np.array([intercept, slope])
        liked = sp.csr_matrix(
            (np.ones(int(mask.sum()), np.float32), (data.user[mask], data.item[mask])),
            shape=(data.n_users, data.n_items),
        )
        users = np.flatnonzero(np.diff(liked.indptr) > 0)
        users = rng.choice(users, size=min(users.size, _FOLD_IN_SAMPLE_USERS), replace=False)
        x, y = [], []
        for u in users:
            items = liked.indices[liked.indptr[u] : liked.indptr[u + 1]]
            for k in _FOLD_IN_SUBSET_SIZES:
                subset = rng.choice(items, size=min(k, items.size), replace=False)
                x.append(self.item_emb[subset].mean(axis=0))
                y.append(self.user_emb[u])
        dim = self.item_emb.shape[1]
        if not x:
            self.fold_map = np.zeros((dim + 1, dim), np.float32)
            return
        xs = np.hstack([np.asarray(x, np.float64), np.ones((len(x), 1))])
        gram = xs.T @ xs + self.config.lightfm.fold_in_reg * np.eye(dim + 1)
        self.fold_map = np.linalg.solve(gram, xs.T @ np.asarray(y, np.float64)).astype(np.float32)

    def rank_pairs(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        """Ranking score of row ``k``'s user for ``items[k]``."""
        return np.einsum("ij,ij->i", vectors, self.item_emb[items]) + self.item_bias[items]

    def user_vectors(self, users: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return self.user_emb[np.asarray(users)]

    def fold_in(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        self._check_fitted()
        liked = np.asarray(items, dtype=np.int64)[
            np.asarray(ratings) >= self.config.lightfm.positive_min
        ]
        if liked.size == 0:
            return np.zeros(self.item_emb.shape[1], np.float32)
        mean = self.item_emb[liked].mean(axis=0)
        return (np.r_[mean, 1.0] @ self.fold_map).astype(np.float32)

    def rank_scores(self, vectors: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return scores(vectors, self.item_emb, self.item_bias)

    def scores_at(
        self, vectors: np.ndarray, items: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        self._check_fitted()
        spread = linear_spread(self.item_emb, self.item_bias)
        mean, std = spread.moments(vectors)
        return spread.scores_at(vectors, items), mean, std

    def predict(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        self._check_fitted()
        s = self.rank_pairs(np.atleast_2d(vectors), np.asarray(items))
        return clip_stars(self.calibration[0] + self.calibration[1] * s)

    def predict_all(self, vectors: np.ndarray) -> np.ndarray:
        return clip_stars(self.calibration[0] + self.calibration[1] * self.rank_scores(vectors))

    def item_embeddings(self) -> np.ndarray:
        self._check_fitted()
        emb = self.item_emb.copy()
        emb[self.cold_rows] = self.cold_emb
        return unit_rows(emb)

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            "lfm_user_emb": self.user_emb,
            "lfm_item_emb": self.item_emb,
            "lfm_item_bias": self.item_bias,
            "lfm_fold_map": self.fold_map,
            "lfm_calibration": self.calibration,
            "lfm_cold_rows": self.cold_rows,
            "lfm_cold_emb": self.cold_emb,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], config: RecommenderConfig) -> Self:
        model = cls(config)
        model.item_emb = arrays["lfm_item_emb"]
        # Absent where the users are not served (the real-taste source of the hybrid).
        model.user_emb = arrays.get(
            "lfm_user_emb", np.zeros((0, model.item_emb.shape[1]), np.float32)
        )
        model.item_bias, model.fold_map = arrays["lfm_item_bias"], arrays["lfm_fold_map"]
        model.calibration = arrays["lfm_calibration"]
        model.cold_rows, model.cold_emb = arrays["lfm_cold_rows"], arrays["lfm_cold_emb"]
        model.n_users, model.n_items = model.user_emb.shape[0], model.item_emb.shape[0]
        return model
