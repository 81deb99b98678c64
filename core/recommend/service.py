"""The serving API the bot calls: ``predict``, ``top_n``, ``similar``, ``for_group``.

Why one object over one loaded model: the bot loads it once (``core.recommend.registry``) and
calls it from handler threads, so every method is a read of immutable numpy arrays, with no
lock, no cache and no database access. A person's fresh ratings (given in chat after the model
was trained) are passed in as ``fresh=[(title_id, rating), ...]``.

Who the person is decides their profile: the titles they rated up to the model's watermark
(a trained user's row is used as such while nothing changed), plus their fresh ratings, folded
in at once. Someone with no ratings gets popular picks and a hint on how to personalise; an
unknown user is not an error.

A work on several platforms is one work here: a title is never recommended back to someone who
rated any listing of it, and a list shows each work once (the listing that passes the filters).
Reasons name what drove each pick (``core.recommend.explain``). Input mistakes raise
``InvalidInput`` subclasses with a ``code`` (docs/recommender.md lists them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from core.recommend import results as r
from core.recommend.artifact import Artifact
from core.recommend.base import Model, Profile, newest_first
from core.recommend.catalog import CatalogIndex
from core.recommend.config import RecommenderConfig
from core.recommend.explain import FactTable, best_rated, content_reason
from core.recommend.results import ModelInfo, Prediction, Recommendations, Suggestion
from core.recommend.validate import check_group, check_limit, check_rating, check_user

Fresh = Sequence[tuple[str, float]]


@dataclass(frozen=True, slots=True)
class _Person:
    user_id: int
    profile: Profile
    vector: np.ndarray
    personalised: bool


class Recommender:
    """Serving API over one fitted model; safe to share between threads."""

    def __init__(
        self,
        model: Model,
        index: CatalogIndex,
        info: ModelInfo,
        *,
        facts: FactTable | None = None,
        threshold: float = 3.5,
    ) -> None:
        self.model, self.index, self.info = model, index, info
        self.facts = facts or FactTable.empty(index.n_items)
        self.threshold = float(threshold)
        self._personal = model.kind != "popularity"  # popularity ranks everyone alike
        groups = getattr(model, "groups", None)
        self._groups = (
            np.asarray(groups, np.int64)
            if groups is not None and len(groups) == index.n_items
            else np.arange(index.n_items)
        )
        self._cold = model.vectors([Profile.of([], [])])[0]
        # Warm the scoring path now (numba kernels load from its cache), so the first request
        # does not pay for it.
        model.rank_scores(self._cold[None])

    @classmethod
    def from_artifact(cls, artifact: Artifact) -> Recommender:
        """The serving object for a loaded artifact (raises KeyError/ValueError if malformed)."""
        from core.recommend.kinds import model_from_arrays

        meta = artifact.meta
        config = RecommenderConfig.from_dict(meta.get("config", {}))
        model = model_from_arrays(meta["kind"], artifact.arrays, config)
        index = CatalogIndex.from_arrays(artifact.arrays)
        if model.n_items != index.n_items:
            raise ValueError(f"{artifact.path}: the model's shape does not match its id map")
        info = ModelInfo(
            artifact.version,
            meta["kind"],
            int(meta["watermark"]),
            meta.get("created_at"),
            metrics=meta.get("metrics") or {},
        )
        facts = FactTable.from_arrays(artifact.arrays, index.n_items)
        return cls(model, index, info, facts=facts, threshold=config.threshold)

    def with_fallback(self, reason: str) -> Recommender:
        """The same recommender, labelled as standing in for a model that failed to load."""
        clone = object.__new__(Recommender)
        for name in ("model", "index", "info", "facts", "threshold", "_personal", "_groups"):
            setattr(clone, name, getattr(self, name))
        clone._cold = self._cold
        clone.info = replace(self.info, fallback=reason)
        return clone

    # --- who is asking -------------------------------------------------------------------------

    def fresh_ratings(self, conn: sqlite3.Connection, user_id: int) -> list[tuple[str, float]]:
        """Chat ratings of ``user_id`` past this model's data watermark, oldest first."""
        from core.ratings import fresh_ratings

        return fresh_ratings(conn, check_user(user_id), self.info.watermark)

    def _person(self, user_id: int, fresh: Fresh | None) -> _Person:
        user_id = check_user(user_id)
        row = self.index.idmap.user_index(user_id)
        items, ratings = self.index.rated_by(row)
        recent = self.index.recent_of(row)
        changed = False
        if fresh:
            new: dict[int, float] = {}
            for title_id, value in fresh:
                item = self.index.idmap.item_index(str(title_id).strip().lower())
                if item is not None:  # a title added after training cannot be folded in yet
                    new.pop(item, None)  # rated again: it moves to the newest place
                    new[item] = check_rating(value)
            if new:
                keep = ~np.isin(items, list(new))
                items = np.r_[items[keep], np.fromiter(new, np.int64)].astype(np.int64)
                ratings = np.r_[ratings[keep], np.fromiter(new.values(), np.float32)]
                recent = newest_first(reversed(new), recent.tolist())
                changed = True
        profile = Profile(items, ratings.astype(np.float32), None if changed else row, recent)
        if items.size == 0:
            return _Person(user_id, profile, self._cold, False)
        vector = self.model.vectors([profile])[0]
        return _Person(user_id, profile, vector, self._personal)

    # --- explanations --------------------------------------------------------------------------

    def _whys(
        self, person: _Person, items: np.ndarray, by_source: dict[str, np.ndarray] | None = None
    ) -> list[r.Reason]:
        """What drove each of ``items`` for ``person``: the top source, and the rated title
        within it (``by_source``: the person's ``_scores``, if known)."""
        shares = getattr(self.model, "shares", None)
        if not person.personalised or shares is None:
            return [self._popular(int(i)) for i in items]
        rated = person.profile.items[person.profile.ratings >= 3.5]
        recent = person.profile.recent
        lately = np.zeros(0, np.int64) if recent is None else np.asarray(recent, np.int64)
        asked = np.concatenate([rated, lately]).astype(np.int64)
        return [
            self._why(item_shares, rated, int(item), lately)
            for item, item_shares in zip(
                items, shares(person.vector, items, by_source, asked), strict=True
            )
        ]

    def _why(self, shares, rated: np.ndarray, item: int, lately: np.ndarray) -> r.Reason:
        """The reason of the largest share that can be worded: ``rated`` (the liked titles)
        for the content and "people who liked", ``lately`` (the newest titles, any stars)
        for "people who rated X went on to rate this". A share's ``by_title`` holds the
        parts of ``rated`` then of ``lately`` (``_whys``)."""
        for share in shares:
            if share.value <= 0:
                break
            if share.source == "taste_next":
                parts = None if share.by_title is None else share.by_title[rated.size :]
                before = best_rated(parts, lately)
                if before is None:
                    continue
                return r.went_on_to(*self._name(before))
            if share.source in ("content", "taste"):
                parts = None if share.by_title is None else share.by_title[: rated.size]
                liked = best_rated(parts, rated)
                if liked is None:
                    continue
                title, tid = self._name(liked)
                if share.source == "content":
                    return content_reason(self.facts, item, liked, title, tid)
                return r.liked_by_fans(title, tid)
            if share.source in ("taste_factors", "taste_ials", "taste_mf", "dataset"):
                return r.TASTE_MATCH
            return self._popular(item)
        return self._popular(item)

    def _popular(self, item: int) -> r.Reason:
        platform = str(self.index.catalog.platform[item])
        return r.popular_on(platform) if platform else r.POPULAR

    def _name(self, item: int) -> tuple[str, str]:
        return str(self.index.catalog.title[item]), str(self.index.idmap.items[item])

    # --- ranking -------------------------------------------------------------------------------

    def _scores(self, vectors: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray] | None]:
        """Ranking scores of each person (a row each) and, for a model of several sources,
        each source's scores behind them: computed once per request, then read by the stars
        and the reasons (scoring every title is most of a request's time)."""
        by_source = getattr(self.model, "source_scores", None)
        if by_source is None:
            return self.model.rank_scores(vectors), None
        parts = by_source(vectors)
        return self.model.rank_scores(vectors, parts), parts

    def _stars(self, person: _Person, items: np.ndarray, ranked: np.ndarray) -> np.ndarray:
        """Predicted stars of ``items`` for ``person``, whose ranking scores are ``ranked``."""
        rows = np.broadcast_to(person.vector, (items.size, person.vector.size))
        stars_for = getattr(self.model, "stars_for", None)
        if stars_for is None:
            return self.model.predict(rows, items)
        return stars_for(rows, items, self.model.star_blend(ranked)[0, items])  # type: ignore[attr-defined]

    def _siblings(self, items: np.ndarray) -> np.ndarray:
        items = np.asarray(items, np.int64)
        if items.size == 0:
            return items
        # a mask over the works, not np.isin over every title (~0.15 ms a request at 23k)
        works = np.zeros(int(self._groups.max()) + 1, bool)
        works[self._groups[items]] = True
        return np.flatnonzero(works[self._groups])

    def _best(self, scores: np.ndarray, n: int) -> np.ndarray:
        """The ``n`` best finite scores, one listing per work, best first."""
        order = _ranked(scores, 4 * n + 32)
        if order.size < np.isfinite(scores).sum() and len(set(self._groups[order])) < n:
            order = _ranked(scores, scores.size)  # many listings of few works: look further
        picked, works = [], set()
        for i in order:
            work = int(self._groups[i])
            if work in works:
                continue
            works.add(work)
            picked.append(int(i))
            if len(picked) == n:
                break
        return np.array(picked, np.int64)

    # --- the API ------------------------------------------------------------------------------

    def predict(self, user_id: int, title_id: str, *, fresh: Fresh | None = None) -> Prediction:
        """Calibrated stars for ``user_id`` on ``title_id``, the verdict, and why."""
        item = self.index.require_title(title_id)
        person = self._person(user_id, fresh)
        ranked, by_source = self._scores(person.vector[None])
        rating = float(self._stars(person, np.array([item]), ranked[0])[0])
        why = self._whys(person, np.array([item]), by_source)[0]
        if rating < self.threshold:
            why = r.predicted_low(rating, self.threshold, why if person.personalised else None)
        title, tid = self._name(item)
        own = person.profile.ratings[self._groups[person.profile.items] == self._groups[item]]
        return Prediction(
            user_id=person.user_id,
            title_id=tid,
            title=title,
            rating=round(rating, 2),
            recommend=rating >= self.threshold,
            threshold=self.threshold,
            reason=why,
            personalised=person.personalised,
            rated=float(own[-1]) if own.size else None,  # fresh ratings come last: the newest
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
        """The best ``n`` titles the person has not rated (no listing of them), filtered."""
        n = check_limit(n)
        allowed = self.index.filter_mask(platform, type, year_range)
        person = self._person(user_id, fresh)
        ranked, by_source = self._scores(person.vector[None])
        scores = ranked[0].astype(np.float64)
        scores[~allowed] = -np.inf
        scores[self._siblings(person.profile.items)] = -np.inf
        items = self._best(scores, n)
        stars = self._stars(person, items, ranked[0])
        whys = self._whys(person, items, by_source)
        suggestions = tuple(
            self.index.suggestion(int(i), float(scores[i]), float(stars[k]), whys[k])
            for k, i in enumerate(items)
        )
        hint = None if person.personalised else r.RATE_TO_PERSONALISE
        return Recommendations((person.user_id,), suggestions, person.personalised, hint)

    def similar(self, title_id: str, n: int = 10) -> tuple[Suggestion, ...]:
        """Titles most like ``title_id`` by their catalog facts (works for unrated titles)."""
        item, n = self.index.require_title(title_id), check_limit(n)
        if hasattr(self.model, "similar") and self.model.kind in ("hybrid", "content"):
            found, sims = self.model.similar(item, 4 * n)
        else:
            found, sims = Model.similar(self.model, item, 4 * n)
        scores = np.full(self.index.n_items, -np.inf)
        scores[found] = sims
        scores[self._siblings(np.array([item]))] = -np.inf
        items = self._best(scores, n)
        stars = self.model.predict(np.repeat(self._cold[None], items.size, 0), items)
        title, tid = self._name(item)
        return tuple(
            self.index.suggestion(
                int(i),
                float(scores[i]),
                float(stars[k]),
                r.similar_to(title, tid, float(scores[i])),
            )
            for k, i in enumerate(items)
        )

    def for_group(
        self,
        user_ids: Iterable[int],
        n: int = 10,
        platform: str | None = None,
        type: str | None = None,
        *,
        fresh: Mapping[int, Fresh] | None = None,
    ) -> Recommendations:
        """Titles for several people at once ("average without misery"), filtered.

        Works any member rated are excluded. A title qualifies when every member's predicted
        stars are at least the threshold; qualifying titles are ranked by the members' mean
        ranking score (each member's z-scored, so no one's scale dominates). If fewer than ``n``
        qualify, the rest are the titles whose lowest predicted stars are highest. The reason
        is the strongest member's (what drove the title for the member who ranks it highest).
        """
        members, n = check_group(user_ids), check_limit(n)
        allowed = self.index.filter_mask(platform, type, None)
        fresh = fresh or {}
        people = [self._person(u, fresh.get(u)) for u in members]
        vectors = np.stack([p.vector for p in people])
        ranked, by_source = self._scores(vectors)
        ranked = ranked.astype(np.float64)
        z = (ranked - ranked.mean(axis=1, keepdims=True)) / np.maximum(
            ranked.std(axis=1, keepdims=True), 1e-9
        )
        mean_z = z.mean(axis=0)
        lowest = self.model.predict_all(vectors).min(axis=0).astype(np.float64)
        rated = self._siblings(np.unique(np.concatenate([p.profile.items for p in people])))
        mean_z[rated] = lowest[rated] = -np.inf
        mean_z[~allowed] = lowest[~allowed] = -np.inf
        ok = lowest >= self.threshold
        items = self._best(np.where(ok, mean_z, -np.inf), n)
        if items.size < n:
            rest = np.where(ok, -np.inf, lowest)
            rest[self._siblings(items)] = -np.inf
            items = np.r_[items, self._best(rest, n - items.size)].astype(np.int64)
        suggestions = []
        for i in items:
            k = int(np.argmax(z[:, i]))
            strongest = people[k]
            own = None if by_source is None else {s: v[k : k + 1] for s, v in by_source.items()}
            why = self._whys(strongest, np.array([i]), own)[0] if strongest.personalised else None
            suggestions.append(
                self.index.suggestion(
                    int(i),
                    float(mean_z[i]),
                    float(lowest[i]),
                    r.group_fit(float(lowest[i]), len(members), why),
                )
            )
        personal = any(p.personalised for p in people)
        return Recommendations(
            tuple(members),
            tuple(suggestions),
            personal,
            None if personal else r.RATE_TO_PERSONALISE,
        )


def _ranked(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the (up to) ``n`` best finite scores, best first (ties: lower index first)."""
    finite = int(np.isfinite(scores).sum())
    n = min(n, finite)
    if n <= 0:
        return np.zeros(0, np.int64)
    top = np.argpartition(-scores, n - 1)[:n] if n < scores.size else np.arange(scores.size)
    top = top[np.isfinite(scores[top])]
    return top[np.lexsort((top, -scores[top]))]
