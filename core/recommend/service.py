"""The serving API the bot calls: ``predict``, ``top_n``, ``similar``, ``for_group``.

Why one object over one loaded model: the bot loads it once (``core.recommend.registry.
load_live``) and calls it from handler threads, so every method is a read of immutable numpy
arrays, with no lock, no cache and no database access. A user's fresh ratings (given in chat
after the model was trained) are passed in as ``fresh=[(title_id, rating), ...]``;
``fresh_ratings(conn, user_id)`` reads them with the caller's ``sqlite3`` connection (chat
users have ids from ``core.db.CHAT_USER_BASE`` up; fold-in works for any id the model lacks).

Who the user is decides how they are scored (see ``core.recommend.base``):

- a trained user with no fresh ratings: their trained vector;
- anyone with fresh ratings: fold-in of all their ratings against the fixed item side, at once;
- anyone else (unknown, nothing rated): popular picks and a hint on how to personalise.

Input mistakes raise ``InvalidInput`` subclasses with a ``code`` (docs/recommender.md lists
them); an unknown *user* is not a mistake.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from core.recommend import results as r
from core.recommend.artifact import Artifact
from core.recommend.base import Model, zscore_rows
from core.recommend.catalog import CatalogIndex
from core.recommend.config import RecommenderConfig
from core.recommend.kernels import scores
from core.recommend.results import ModelInfo, Prediction, Recommendations, Suggestion
from core.recommend.validate import check_group, check_limit, check_rating, check_user

Fresh = Sequence[tuple[str, float]]
MAX_REASON_TITLES = 2
MAX_LIKED_FOR_REASONS = 300
"""Reasons compare a candidate with at most this many of the user's liked titles (the highest
rated): a user with 9,000 liked titles would otherwise cost ``top_n`` milliseconds."""


@dataclass(frozen=True, slots=True)
class _Profile:
    user_id: int
    vector: np.ndarray
    items: np.ndarray  # every title row the user rated (trained + fresh)
    ratings: np.ndarray
    personalised: bool


class Recommender:
    """Serving API over one fitted model; safe to share between threads."""

    def __init__(
        self,
        model: Model,
        index: CatalogIndex,
        info: ModelInfo,
        *,
        threshold: float = 3.5,
        positive_min: float = 4.0,
    ) -> None:
        self.model, self.index, self.info = model, index, info
        self.threshold, self.positive_min = float(threshold), float(positive_min)
        self._emb = model.item_embeddings()
        self._personal = model.kind != "popularity"  # popularity ranks everyone alike
        self._cold = model.fold_in(np.zeros(0, np.int64), np.zeros(0, np.float32))
        # Load the numba kernels now (from numba's cache; compiled on a first run ever), so the
        # first request does not pay for it.
        model.rank_scores(self._cold[None])

    @classmethod
    def from_artifact(cls, artifact: Artifact) -> Recommender:
        """The serving object for a loaded artifact (raises KeyError/ValueError if malformed)."""
        from core.recommend.kinds import model_from_arrays

        meta = artifact.meta
        config = RecommenderConfig.from_dict(meta.get("config", {}))
        model = model_from_arrays(meta["kind"], artifact.arrays, config)
        index = CatalogIndex.from_arrays(artifact.arrays)
        if model.n_items != index.n_items or model.n_users not in (0, index.idmap.n_users):
            raise ValueError(f"{artifact.path}: the model's shape does not match its id map")
        info = ModelInfo(
            artifact.version, meta["kind"], int(meta["watermark"]), meta.get("created_at")
        )
        return cls(
            model, index, info, threshold=config.threshold, positive_min=config.lightfm.positive_min
        )

    def with_fallback(self, reason: str) -> Recommender:
        """The same recommender, labelled as standing in for a model that failed to load."""
        clone = object.__new__(Recommender)
        clone.__dict__.update(self.__dict__)
        clone.info = replace(self.info, fallback=reason)
        return clone

    # --- who is asking -------------------------------------------------------------------------

    def fresh_ratings(self, conn: sqlite3.Connection, user_id: int) -> list[tuple[str, float]]:
        """Chat ratings of ``user_id`` past this model's data watermark, oldest first.

        The same query the bot uses (``core.ratings.fresh_ratings``), served by the partial index
        on chat ratings.
        """
        from core.ratings import fresh_ratings

        return fresh_ratings(conn, check_user(user_id), self.info.watermark)

    def _profile(self, user_id: int, fresh: Fresh | None) -> _Profile:
        user_id = check_user(user_id)
        row = self.index.idmap.user_index(user_id)
        items, ratings = self.index.rated_by(row)
        if fresh:
            new = {}
            for title_id, value in fresh:
                item = self.index.idmap.item_index(str(title_id).strip().lower())
                if item is not None:  # a title added after training cannot be folded in yet
                    new[item] = check_rating(value)
            if new:
                keep = ~np.isin(items, list(new))
                items = np.r_[items[keep], np.fromiter(new, np.int64)].astype(np.int64)
                ratings = np.r_[ratings[keep], np.fromiter(new.values(), np.float32)]
                vector = self.model.fold_in(items, ratings)
                return _Profile(user_id, vector, items, ratings, self._personal)
        if row is not None:
            vector = self.model.user_vectors(np.array([row]))[0]
            return _Profile(user_id, vector, items, ratings, self._personal)
        return _Profile(user_id, self._cold, items, ratings, False)

    # --- explanations -------------------------------------------------------------------------

    def _closest_liked(self, profile: _Profile, items: np.ndarray) -> list[list[int]]:
        """For each of ``items``, the user's liked titles most like it (best first)."""
        good = profile.ratings >= self.positive_min
        liked, stars = profile.items[good], profile.ratings[good]
        if liked.size > MAX_LIKED_FOR_REASONS:  # a heavy user: their highest-rated titles
            liked = liked[np.argsort(-stars, kind="stable")[:MAX_LIKED_FOR_REASONS]]
        if liked.size == 0:
            return [[] for _ in items]
        sims = scores(self._emb[items], self._emb[liked])
        take = min(MAX_REASON_TITLES, liked.size)
        top = np.argsort(-sims, axis=1, kind="stable")[:, :take]
        return [[int(liked[j]) for j in row if sims[k, j] > 0] for k, row in enumerate(top)]

    def _reason(
        self, profile: _Profile, rating: float, closest: list[int], *, verdict: bool
    ) -> r.Reason:
        """Why: in a list, the liked titles it resembles; for a verdict, also why not."""
        titles = [str(self.index.catalog.title[i]) for i in closest]
        ids = [str(self.index.idmap.items[i]) for i in closest]
        if verdict and rating < self.threshold:
            return r.predicted_low(rating, self.threshold, titles, ids)
        return r.liked_similar(titles, ids) if titles and profile.personalised else r.POPULAR

    def _suggestions(
        self, profile: _Profile, items: np.ndarray, scores: np.ndarray
    ) -> tuple[Suggestion, ...]:
        stars = self.model.predict(np.repeat(profile.vector[None], items.size, 0), items)
        closest = self._closest_liked(profile, items) if profile.personalised else None
        return tuple(
            self.index.suggestion(
                int(i),
                float(s),
                float(stars[k]),
                self._reason(
                    profile, float(stars[k]), closest[k] if closest else [], verdict=False
                ),
            )
            for k, (i, s) in enumerate(zip(items, scores, strict=True))
        )

    # --- the API ------------------------------------------------------------------------------

    def predict(self, user_id: int, title_id: str, *, fresh: Fresh | None = None) -> Prediction:
        """Predicted stars for ``user_id`` on ``title_id``, the verdict, and why."""
        item = self.index.require_title(title_id)
        profile = self._profile(user_id, fresh)
        rating = float(self.model.predict(profile.vector[None], np.array([item]))[0])
        closest = self._closest_liked(profile, np.array([item]))[0]
        return Prediction(
            user_id=profile.user_id,
            title_id=str(self.index.idmap.items[item]),
            title=str(self.index.catalog.title[item]),
            rating=round(rating, 2),
            recommend=rating >= self.threshold,
            threshold=self.threshold,
            reason=self._reason(profile, rating, closest, verdict=True),
            personalised=profile.personalised,
        )

    def top_n(
        self,
        user_id: int,
        n: int = 10,
        platform: str | None = None,
        type: str | None = None,
        year_range: tuple[int, int] | None = None,
        *,
        fresh: Fresh | None = None,
    ) -> Recommendations:
        """The best ``n`` titles the user has not rated, optionally filtered."""
        n = check_limit(n)
        allowed = self.index.filter_mask(platform, type, year_range)
        profile = self._profile(user_id, fresh)
        scores = self.model.rank_scores(profile.vector[None])[0].astype(np.float64)
        scores[~allowed] = -np.inf
        scores[profile.items] = -np.inf
        items = _top(scores, n)
        hint = None if profile.personalised else r.RATE_TO_PERSONALISE
        return Recommendations(
            (profile.user_id,),
            self._suggestions(profile, items, scores[items]),
            profile.personalised,
            hint,
        )

    def similar(self, title_id: str, n: int = 10) -> tuple[Suggestion, ...]:
        """Titles most like ``title_id`` in the learned item space (works for unrated titles)."""
        item, n = self.index.require_title(title_id), check_limit(n)
        sims = scores(self._emb[item], self._emb)[0].astype(np.float64)
        sims[item] = -np.inf
        items = _top(sims, n)
        stars = self.model.predict(np.repeat(self._cold[None], items.size, 0), items)
        name, tid = str(self.index.catalog.title[item]), str(self.index.idmap.items[item])
        return tuple(
            self.index.suggestion(
                int(i), float(sims[i]), float(stars[k]), r.similar_to(name, tid, float(sims[i]))
            )
            for k, i in enumerate(items)
        )

    def for_group(
        self, user_ids: Iterable[int], n: int = 10, *, fresh: Mapping[int, Fresh] | None = None
    ) -> Recommendations:
        """Titles for several people at once ("average without misery").

        Titles any member rated are excluded. A title qualifies when every member's predicted
        rating is at least the threshold; qualifying titles are ranked by the members' mean
        (per-member z-scored) ranking score. If fewer than ``n`` qualify, the rest are the
        titles whose lowest predicted rating is highest.
        """
        members, n = check_group(user_ids), check_limit(n)
        fresh = fresh or {}
        profiles = [self._profile(u, fresh.get(u)) for u in members]
        vectors = np.stack([p.vector for p in profiles])
        mean_z = zscore_rows(self.model.rank_scores(vectors)).mean(axis=0).astype(np.float64)
        lowest = self.model.predict_all(vectors).min(axis=0).astype(np.float64)
        rated = np.unique(np.concatenate([p.items for p in profiles]))
        mean_z[rated] = lowest[rated] = -np.inf
        ok = lowest >= self.threshold
        items = _top(np.where(ok, mean_z, -np.inf), n)
        if items.size < n:
            rest = np.where(ok, -np.inf, lowest)
            items = np.r_[items, _top(rest, n - items.size)]
        suggestions = tuple(
            self.index.suggestion(
                int(i),
                float(mean_z[i]),
                float(lowest[i]),
                r.group_safe(float(lowest[i]), len(members)),
            )
            for i in items
        )
        personal = any(p.personalised for p in profiles)
        return Recommendations(
            tuple(members), suggestions, personal, None if personal else r.RATE_TO_PERSONALISE
        )


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` highest finite scores, best first (ties: lower index first)."""
    finite = int(np.isfinite(scores).sum())
    n = min(n, finite)
    if n <= 0:
        return np.zeros(0, np.int64)
    top = np.argpartition(-scores, n - 1)[:n]
    return top[np.lexsort((top, -scores[top]))]
