"""The served model: LightFM ranks, the MF predicts stars, popularity steadies the ranking.

Why a blend rather than one model: on MovieLens the MF's stars beat SVD++ but rank poorly, and
LightFM ranks well but its scores are not stars (see docs/recommender.md). The ranking score is
``z(LightFM) + w_pop * z(log popularity) + w_mf * z(MF)``, each part z-scored per user over all
titles so the weights mean the same thing for every user; LightFM stays the core of it.
A user's vector is the three parts' vectors side by side, so fold-in folds into all three.
"""

from __future__ import annotations

from typing import Self

import numpy as np

from core.recommend.base import Model, zscore_rows
from core.recommend.config import RecommenderConfig
from core.recommend.data import TrainData
from core.recommend.kernels import scores
from core.recommend.lightfm_model import LightFMRanker
from core.recommend.mf import MatrixFactorization
from core.recommend.popularity import Popularity


class Hybrid(Model):
    """Popularity + MF + LightFM, blended for ranking; MF for stars; LightFM for similarity."""

    kind = "hybrid"

    def __init__(self, config: RecommenderConfig | None = None) -> None:
        super().__init__(config)
        self.popularity = Popularity(self.config)
        self.mf = MatrixFactorization(self.config)
        self.lightfm = LightFMRanker(self.config)
        self._pop_z = np.zeros(0, np.float32)

    @property
    def parts(self) -> tuple[Model, Model, Model]:
        return self.popularity, self.mf, self.lightfm

    def fit(self, data: TrainData) -> Self:
        for part in self.parts:
            part.fit(data)
        return self._ready()

    def fit_parts(
        self, popularity: Popularity, mf: MatrixFactorization, lfm: LightFMRanker
    ) -> Self:
        """Assemble from parts trained elsewhere (e.g. concurrently by ``core.recommend.train``)."""
        self.popularity, self.mf, self.lightfm = popularity, mf, lfm
        return self._ready()

    def _ready(self) -> Self:
        self.n_users, self.n_items = self.lightfm.n_users, self.lightfm.n_items
        self._pop_z = zscore_rows(self.popularity.score[None, :])[0]
        # One matrix [E_lfm | Q_mf | b_lfm | b_mf | z_pop] and each part's column means and
        # covariance: a part's per-user mean and std over all titles are then a d x d product
        # (mean = a.m, var = a'Ca with a = [vector, 1]), and the whole blend is one pass over
        # the titles instead of two passes plus two z-scorings (0.45 ms instead of 0.8 at 23k).
        parts = (
            (self.lightfm.item_emb, self.lightfm.item_bias),
            (self.mf.item_factors, self.mf.item_bias),
        )
        self._stats = []
        for emb, bias in parts:
            cols = np.hstack([emb, bias[:, None]]).astype(np.float64)
            self._stats.append((cols.mean(axis=0), np.cov(cols, rowvar=False, bias=True)))
        self._fused = np.ascontiguousarray(
            np.hstack(
                [
                    self.lightfm.item_emb,
                    self.mf.item_factors,
                    self.lightfm.item_bias[:, None],
                    self.mf.item_bias[:, None],
                    self._pop_z[:, None],
                ]
            ),
            dtype=np.float32,
        )
        return self

    def _split(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        vectors = np.atleast_2d(vectors)
        k = self.mf.item_factors.shape[1] + 1
        return vectors[:, :1], vectors[:, 1 : 1 + k], vectors[:, 1 + k :]

    def user_vectors(self, users: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return np.hstack([p.user_vectors(users) for p in self.parts]).astype(np.float32)

    def fold_in(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return np.concatenate([p.fold_in(items, ratings) for p in self.parts]).astype(np.float32)

    def rank_scores(self, vectors: np.ndarray) -> np.ndarray:
        """``z(LightFM) + w_pop z(log popularity) + w_mf z(MF)``, in one pass over the titles."""
        self._check_fitted()
        _, mf_v, lfm_v = self._split(vectors)
        blend = self.config.blend
        weighted, offset = [], np.zeros(len(lfm_v))
        for (mean, cov), v, w in zip(
            self._stats, (lfm_v, mf_v[:, 1:]), (1.0, blend.mf), strict=True
        ):
            a = np.hstack([v, np.ones((len(v), 1))]).astype(np.float64)
            std = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", a, cov, a), 0.0))
            scale = w / np.where(std > 0, std, 1.0)
            weighted.append(a * scale[:, None])  # the part's vector and its bias weight
            offset += scale * (a @ mean)
        (lfm_a, mf_a), pop = weighted, np.full((len(lfm_v), 1), blend.popularity)
        user = np.hstack([lfm_a[:, :-1], mf_a[:, :-1], lfm_a[:, -1:], mf_a[:, -1:], pop])
        return scores(user, self._fused) - offset[:, None].astype(np.float32)

    def predict(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return self.mf.predict(self._split(vectors)[1], items)

    def predict_all(self, vectors: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return self.mf.predict_all(self._split(vectors)[1])

    def item_embeddings(self) -> np.ndarray:
        self._check_fitted()
        return self.lightfm.item_embeddings()

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {k: v for p in self.parts for k, v in p.to_arrays().items()}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], config: RecommenderConfig) -> Self:
        model = cls(config)
        return model.fit_parts(
            Popularity.from_arrays(arrays, config),
            MatrixFactorization.from_arrays(arrays, config),
            LightFMRanker.from_arrays(arrays, config),
        )
