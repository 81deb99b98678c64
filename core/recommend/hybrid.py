"""The served model: every source scores, each counts by the weight it earned, stars calibrated.

Sources (``SOURCES``), each one model of the shared interface:

- ``content``: the catalog facts (``ContentModel``): franchise, genres, people, description...
- ``taste``: real people's taste (``Ease`` over MovieLens ratings bridged to the catalog and the
  ratings of people in chat): "people who liked X liked this";
- ``taste_factors``: LightFM WARP on the same real taste, with the catalog facts as item
  features, so titles no real person rated still get a place;
- ``taste_ials``: implicit ALS (``ImplicitALS``) on the same real taste's likes: factors that
  err where EASE does not, so the two rank better together;
- ``taste_next``: what real people rated next after the titles a person rated last
  (``NextRated``): where someone is now, which the set models above do not see;
- ``taste_popularity``: what real people like most;
- ``taste_mf``: biased MF on the same real taste's stars (not only its likes): the star model of
  real people, which the calibrated stars lean on (the dataset's MF knows only made ratings);
- ``dataset``: biased MF on the product's ratings table (the dataset's ratings and chat);
- ``dataset_popularity``: what the dataset's ratings like most.

Why learned weights: whether a source carries signal depends on the data (the original 11M
ratings carry none about titles; MovieLens carries a lot), so ``fit_sources`` measures it on
real people whose newest ratings it hides (``core.recommend.blend``) and the ranking score is
``sum_k w_k z_k`` over the sources' per-person z-scored scores. Stars come from
``core.recommend.stars``, calibrated on the same hidden ratings. A person's vector is every
source's vector side by side, so fold-in folds into all of them at once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Self

import numpy as np
import scipy.sparse as sp

from core.recommend.base import Model, Profile, profiles_of
from core.recommend.blend import compress, learn_weights, ranking_quality, zscore
from core.recommend.config import RecommenderConfig
from core.recommend.content import ContentModel
from core.recommend.data import Sources, TrainData
from core.recommend.ease import Ease
from core.recommend.evaluation import hidden_mask, sample_users
from core.recommend.ials import ImplicitALS
from core.recommend.kernels import symmetric_block_sum
from core.recommend.lightfm_model import LightFMRanker
from core.recommend.mf import MatrixFactorization
from core.recommend.popularity import Popularity
from core.recommend.sequence import NextRated
from core.recommend.stars import Stars

SOURCES: tuple[str, ...] = (
    "content",
    "taste",
    "taste_factors",
    "taste_ials",
    "taste_next",
    "taste_popularity",
    "taste_mf",
    "dataset",
    "dataset_popularity",
)
TASTE_SOURCES = frozenset(
    {"taste", "taste_factors", "taste_ials", "taste_next", "taste_popularity", "taste_mf"}
)
"""The sources learned from real taste: the ones the validation users' hidden ratings left."""
_KINDS: dict[str, type[Model]] = {
    "content": ContentModel,
    "taste": Ease,
    "taste_factors": LightFMRanker,
    "taste_ials": ImplicitALS,
    "taste_next": NextRated,
    "taste_popularity": Popularity,
    "taste_mf": MatrixFactorization,
    "dataset": MatrixFactorization,
    "dataset_popularity": Popularity,
}
MIN_VALIDATION_POSITIVES = 5
"""A validation user needs this many positive ratings: a few to hide, a few to fold in."""
STAR_FEATURES: tuple[str, ...] = ("dataset", "taste_mf", "taste_popularity", "blend")
"""What the calibrated stars are learned from: each star model's prediction (the dataset's MF,
the real-taste MF, the real-taste baseline predictor), then the blend's ranking z-score.

Why the real-taste MF: with the dataset's MF and the baseline alone, the stars on the bridged
MovieLens ratings had an RMSE 0.4-1.3% above SVD++'s (the dataset's ratings are made, so its MF
knows nothing of real stars); an MF on the real ratings alone is below SVD++ there."""
GROUPED = ("taste", "taste_ials", "taste_next")
"""The taste sources that learn works, not listings (a film on two platforms once)."""
_STATIC = frozenset({"taste_popularity", "dataset_popularity"})
"""Sources that score every person alike: their z-scores are computed once."""
_BLIND_OFF_SUPPORT = frozenset({"taste_factors", "taste_ials", "taste_mf"})
"""Factor sources whose score of a title no real-taste person rated is no evidence: 0 there.

Why: LightFM scores such a title from its facts, and the factor models of ratings from the
factors they start from; the validation people can only rank titles someone rated, so none of
that was ever measured. It ranked Marvel's Netflix shows (rated by nobody in the real taste)
first for someone who had rated three horror films and asked for Netflix shows, "because people
with tastes like yours liked them". The other real-taste sources give every such title one
value by construction. The content model speaks for titles nobody rated, with a share of the
real-taste sources' weight (``BlendConfig.silent_to_content``)."""
_SCORED_ON_SUPPORT = _BLIND_OFF_SUPPORT | frozenset(GROUPED)
"""Sources whose scores matter only on the titles real-taste people rated: off them a factor
source counts 0 (``_BLIND_OFF_SUPPORT``) and a work-graph source scores 0 by construction (no
column for a work nobody rated). ``source_z`` scores them on those titles alone
(``Model.scores_at``): a tenth of the catalogs."""
_SILENT = "content_off_support"
"""``person_weights``' key of the content's extra weight where the real-taste sources are silent."""
TIE_BREAK = 1e-4
"""Popularity's weight under every blend: it orders only titles the sources score alike (titles
no source knows, in a filtered list), which otherwise came in id order."""


@dataclass(frozen=True, slots=True)
class Share:
    """One source's part in one title's score for one person."""

    source: str
    value: float
    """``w * z``: the weighted z-score this source gave the title."""
    by_title: np.ndarray | None
    """Each title asked about's share of the source's score (``Hybrid.shares``' ``titles``;
    sources that sum over the titles rated), else None."""


@dataclass(frozen=True, slots=True)
class _Validation:
    """The validation users as the sources fitted without their hidden ratings see them."""

    profiles: list[Profile]
    exclude: sp.csr_matrix
    """Every listing of what each of them rated: never ranked for them."""
    positives: sp.csr_matrix
    """Their hidden likes (rows: validation users)."""
    candidates: np.ndarray
    """Titles whose work someone in the kept ratings rated (``Hybrid.support``)."""
    hidden_ratings: int


class Hybrid(Model):
    """Sources blended by learned weights; calibrated stars; similarity from the content."""

    kind = "hybrid"

    def __init__(self, config: RecommenderConfig | None = None) -> None:
        super().__init__(config)
        self.parts: dict[str, Model] = {}
        self.weights: dict[str, float] = {}
        self.stars = Stars.identity(len(STAR_FEATURES))
        self.groups = np.zeros(0, np.int64)
        self.taste_support = np.zeros(0, bool)
        """Titles whose work some real-taste person rated: where the taste sources know
        anything (``coverage``)."""
        self.coherence_floor = 1.0
        """Mean similarity of liked titles below which a person is as broad as the validation
        users (their 99th percentile, measured at fit): no weight moves for them."""
        self.taste_rows = False
        """True when the taste users are the ratings' users (MovieLens alone): the taste
        sources may then use trained rows; otherwise they always fold a person in."""
        self.report: dict = {}
        """What the fit measured: weights, each source alone, validation size (for meta.json)."""

    # --- fitting -----------------------------------------------------------------------------

    def fit(self, data: TrainData) -> Self:
        return self.fit_sources(Sources.of(data))

    def _fit_parts(
        self, names: Sequence[str], ratings: TrainData, taste: TrainData, groups: np.ndarray
    ) -> dict[str, Model]:
        """The named sources fitted; the MF and LightFM (both release the GIL) side by side."""
        taste_data = _with_features(taste, ratings)

        def make(name: str) -> Model:
            start = time.perf_counter()
            model = _KINDS[name](self.config)
            if name == "content":
                model.fit(ratings, groups)  # type: ignore[call-arg]
            elif name in GROUPED:
                model.fit(taste_data, groups)  # type: ignore[call-arg]
            elif name in TASTE_SOURCES:
                model.fit(taste_data)
            else:
                model.fit(ratings)
            self.report.setdefault("fit_seconds", {})[name] = round(time.perf_counter() - start, 3)
            return model

        heavy = [n for n in names if n in ("dataset", "taste_factors", "taste_ials", "taste_mf")]
        light = [n for n in names if n not in heavy]
        with ThreadPoolExecutor(max_workers=max(1, len(heavy))) as pool:
            futures = {n: pool.submit(make, n) for n in heavy}
            fitted = {n: make(n) for n in light}
            fitted.update({n: f.result() for n, f in futures.items()})
        return fitted

    def fit_sources(self, sources: Sources, *, exclude_users: np.ndarray | None = None) -> Self:
        """Fit every source, learn the weights and the stars on hidden ratings, then refit the
        sources the hidden ratings were taken from. ``exclude_users`` (taste rows) are never
        validation users: the caller's holdout."""
        c = self.config.blend
        same = sources.ratings is sources.taste
        self.taste_rows = same
        self.n_users, self.n_items = sources.ratings.n_users, sources.ratings.n_items
        self.groups = np.asarray(sources.groups, np.int64)
        self.report = {}
        users = sample_users(
            sources.taste,
            c.validation_users,
            self.config.seed,
            exclude=exclude_users,
            min_positives=MIN_VALIDATION_POSITIVES,
        )
        taste, seed = sources.taste, self.config.seed
        hidden_all = hidden_mask(taste, users, c.validation_share, c.validation_hides, seed)
        kept, hidden = taste.subset(~hidden_all), taste.subset(hidden_all)
        # The hidden ratings in two halves: the newer (the same draw at half the share), older.
        late = hidden_mask(taste, users, c.validation_share / 2, c.validation_hides, seed)
        halves = (late, hidden_all & ~late)
        ratings = kept if same else sources.ratings
        self.taste_support = self.support(sources.taste)
        validating = bool(users.size and len(hidden))
        # The penalty tuning fits the taste EASE itself (one Gram matrix for the whole grid).
        tuned = validating and len(self.config.ease.lam_grid) >= 2
        first = tuple(n for n in SOURCES if not (tuned and n == "taste"))
        self.parts = self._fit_parts(first, ratings, kept, self.groups)
        self.weights = {name: 1.0 if name == "content" else 0.0 for name in SOURCES}
        if validating:
            validation = self._validation(kept, hidden, users, attach_rows=same)
            self._tune_taste(kept, validation)
            self._learn(validation)
            self._learn_stars(taste, halves, users, attach_rows=same)
        refit = SOURCES if same else tuple(n for n in SOURCES if n in TASTE_SOURCES)
        if users.size:
            self.parts.update(self._fit_parts(refit, sources.ratings, sources.taste, self.groups))
        return self._ready()

    def _validation(
        self, kept: TrainData, hidden: TrainData, users: np.ndarray, attach_rows: bool
    ) -> _Validation:
        """The validation users as the sources see them (``kept``) and what they hid."""
        profiles = profiles_of(kept, users)
        if not attach_rows:  # taste users are no rows of the ratings' models: fold them in
            profiles = [replace(p, row=None) for p in profiles]
        row_of = {int(u): k for k, u in enumerate(users)}
        rows = np.array([row_of[int(u)] for u in hidden.user])
        good = hidden.rating >= self.config.ease.positive_min
        positives = sp.csr_matrix(
            (np.ones(int(good.sum()), np.float32), (rows[good], hidden.item[good])),
            shape=(len(users), self.n_items),
        )
        return _Validation(
            profiles, self.exclusions(profiles), positives, self.support(kept), len(hidden)
        )

    def _tune_taste(self, kept: TrainData, v: _Validation) -> None:
        """EASE's penalty: the one of ``EaseConfig.lam_grid`` whose model alone ranks the
        validation users' hidden likes best (NDCG@10); kept in ``self.config``, so the refit
        and later updates use it and the artifact records it."""
        grid = self.config.ease.lam_grid
        if len(grid) < 2:
            return
        start = time.perf_counter()
        models = Ease.fit_each(self.config, grid, kept, self.groups)
        found = {}
        for lam, model in models.items():
            scores = zscore(model.rank_scores(model.vectors(v.profiles)))
            found[lam] = ranking_quality(scores, v.exclude, v.positives, v.candidates)
        best = max(found, key=lambda lam: (found[lam].ndcg, found[lam].precision))
        self.config = replace(self.config, ease=replace(self.config.ease, lam=best))
        self.parts["taste"] = models[best]
        self.report["taste_lambda"] = {
            "chosen": best,
            "ndcg_at_10": {f"{lam:g}": round(q.ndcg, 4) for lam, q in found.items()},
        }
        self.report.setdefault("fit_seconds", {})["taste_lambda"] = round(
            time.perf_counter() - start, 3
        )

    def _learn(self, v: _Validation) -> None:
        """Weights from the validation users' hidden ratings."""
        profiles, exclude, positives = v.profiles, v.exclude, v.positives
        self._ready()
        vectors = self.vectors(profiles)
        z = {name: self.source_z(name, vectors) for name in SOURCES}
        found = learn_weights(
            z,
            exclude,
            positives,
            self.config.blend.grid,
            self.config.blend.rounds,
            candidates=v.candidates,
        )
        self.weights = found.weights
        self.report.update(
            weights=found.weights,
            validation_precision_at_10=round(found.precision, 4),
            validation_ndcg_at_10=round(found.ndcg, 4),
            alone=found.alone,
            steps=list(found.steps),
            validation_users=found.users,
            validation_ratings=v.hidden_ratings,
        )
        likeness = np.array([self.likeness(p) for p in profiles])
        self.coherence_floor = float(np.percentile(likeness, 99))
        self.report["likeness"] = {
            f"p{q}": round(float(np.percentile(likeness, q)), 3) for q in (50, 90, 99)
        }

    def _learn_stars(
        self,
        taste: TrainData,
        halves: tuple[np.ndarray, ...],
        users: np.ndarray,
        attach_rows: bool,
    ) -> None:
        """The stars, from the validation users' hidden ratings, one half at a time: each
        half's ratings predicted with the person folded in with everything else they rated
        (the other half too).

        Why not with the profiles the weights were learned on: the served person is folded in
        with all their ratings, the validation person then with 80%, and the features got
        sharper at serving than where the map was learned. On the benchmark's temporal splits
        the test's actual stars rose faster than predicted (slope 1.06-1.07), ~0.15 too high
        in the low bins and ~0.07 too low in the middle. The sources never saw either half
        (they were fitted without any hidden rating), so nothing leaks: the person just brings
        90% of their ratings instead of 80%, and every hidden rating still teaches the map.
        """
        row_of = {int(u): k for k, u in enumerate(users)}
        features, actual = [], []
        for half in halves:
            if not half.any():
                continue
            profiles = profiles_of(taste.subset(~half), users)
            if not attach_rows:
                profiles = [replace(p, row=None) for p in profiles]
            vectors = self.vectors(profiles)
            target = taste.subset(half)
            rows = np.array([row_of[int(u)] for u in target.user])
            blend = np.zeros(len(target))
            for name, w in self.weights.items():
                if w:
                    blend += w * self.source_z(name, vectors)[rows, target.item]
            features.append(self._star_features(vectors[rows], target.item, blend))
            actual.append(target.rating.astype(np.float64))
        if features:
            self.stars = Stars.fit(np.vstack(features), np.concatenate(actual))
            self.report["star_ratings"] = int(sum(a.size for a in actual))

    def exclusions(self, profiles: Sequence[Profile]) -> sp.csr_matrix:
        """Per profile, every listing of every work it rated (never recommended back)."""
        rows, cols = [], []
        for k, p in enumerate(profiles):
            titles = self.siblings(p.items)
            rows.append(np.full(titles.size, k))
            cols.append(titles)
        data = np.concatenate(cols) if cols else np.zeros(0, np.int64)
        return sp.csr_matrix(
            (np.ones(data.size, np.float32), (np.concatenate(rows) if rows else data, data)),
            shape=(len(profiles), self.n_items),
        )

    def support(self, taste: TrainData) -> np.ndarray:
        """Titles whose work anyone in ``taste`` rated: what its people could have rated at all.

        MovieLens users never rated a Netflix original; ranking such titles for them measures
        nothing (they cannot be among the hidden ratings), so evaluation on them ranks only
        this support.
        """
        works = np.unique(self.groups[taste.item])
        return np.isin(self.groups, works)

    def siblings(self, items: np.ndarray) -> np.ndarray:
        """Every listing of the works of ``items`` (itself included), sorted."""
        items = np.asarray(items, np.int64)
        if items.size == 0:
            return items
        return np.flatnonzero(np.isin(self.groups, self.groups[items]))

    # --- assembly ------------------------------------------------------------------------------

    def _ready(self) -> Self:
        self._sizes = {}
        probe = [Profile(np.zeros(0, np.int64), np.zeros(0, np.float32))]
        for name in SOURCES:
            self._sizes[name] = self.parts[name].vectors(probe).shape[1]
        self._slices, start = {}, 2  # vector[0]: taste coverage; vector[1]: coherence
        for name in SOURCES:
            self._slices[name] = slice(start, start + self._sizes[name])
            start += self._sizes[name]
        self._taste_column = np.array([n in TASTE_SOURCES for n in SOURCES])
        self._content_column = SOURCES.index("content")
        self._static_z = {
            name: zscore(self.parts[name].rank_scores(np.zeros((1, self._sizes[name]))))[0]
            for name in _STATIC
        }
        self._tie_break = np.float32(TIE_BREAK) * self._static_z["dataset_popularity"]
        # 1 where real-taste people rated the work, else 0: a product, not a masked assignment
        # (0.1 ms a source and request at 23k titles).
        support = self.taste_support
        self._support_rows = np.flatnonzero(support) if support.size else None
        self._on_support = support.astype(np.float32) if support.size else None
        self._off_support = (1 - self._on_support) if support.size else None
        # star_blend's shift is ranked @ this: the mean on titles someone rated minus the mean
        # on the others (None when either set is empty: nothing to move)
        self._level = None
        if support.any() and not support.all():
            self._level = self._on_support / support.sum() - self._off_support / (~support).sum()
        return self

    def source_z(self, name: str, vectors: np.ndarray) -> np.ndarray:
        """One source's scores for each vector, z-scored over all titles (a factor source's
        are 0 on titles no real-taste person rated: ``_BLIND_OFF_SUPPORT``)."""
        if name in _STATIC:
            return np.broadcast_to(self._static_z[name], (len(vectors), self.n_items))
        own = vectors[:, self._slices[name]]
        if name in _SCORED_ON_SUPPORT and self._support_rows is not None:
            # The same z-scores, computed on the support alone (~0.3 ms less a source and
            # request at 23k titles): off it a factor source counts 0, a graph source's 0 score
            # gets its z-score.
            values, mean, std = self.parts[name].scores_at(own, self._support_rows)
            mean = mean.astype(np.float32)[:, None]
            scale = np.where(std > 0, std, 1.0).astype(np.float32)[:, None]
            if name in _BLIND_OFF_SUPPORT:
                z = np.zeros((len(vectors), self.n_items), np.float32)
            else:
                z = np.empty((len(vectors), self.n_items), np.float32)
                z[:] = compress(-mean / scale)
            values -= mean
            values /= scale
            z[:, self._support_rows] = compress(values)
            return z
        z = zscore(self.parts[name].rank_scores(own))
        if name in _BLIND_OFF_SUPPORT and self._on_support is not None:
            z *= self._on_support
        return z

    def _star_features(self, vectors: np.ndarray, items: np.ndarray, blend: np.ndarray):
        """``STAR_FEATURES`` for (vector row k, items[k])."""
        stars = [
            self.parts[name].predict(vectors[:, self._slices[name]], items)
            for name in STAR_FEATURES[:-1]
        ]
        return np.column_stack([*stars, blend]).astype(np.float64)

    # --- the interface ---------------------------------------------------------------------------

    def vectors(self, profiles: Sequence[Profile]) -> np.ndarray:
        self._check_fitted()
        folded = profiles
        if not self.taste_rows and any(p.row is not None for p in profiles):
            folded = [replace(p, row=None) for p in profiles]
        evidence = np.array([[self.coverage(p), self.coherence(p)] for p in profiles], np.float32)
        return np.hstack(
            [evidence]
            + [
                self.parts[name].vectors(folded if name in TASTE_SOURCES else profiles)
                for name in SOURCES
            ]
        ).astype(np.float32)

    def coherence(self, profile: Profile) -> float:
        """How alike the titles the person liked are: their mean pairwise content similarity
        (0 for fewer than two), divided by ``content.coherent`` and capped at 1.

        The weights are learned on real people with broad taste (MovieLens users rated dozens
        of films of every kind; their coherence is near 0, ``report["coherence"]`` records
        it). Someone whose favourites are five Star Wars films shows a narrower taste than
        anyone the weights were learned on, and their own ratings are the best evidence of what
        they want: at full coherence the catalog content ranks alone, in between the learned
        weights shift towards it in proportion.
        """
        low, span = self.coherence_floor, self.config.content.coherent
        return float(np.clip((self.likeness(profile) - low) / span, 0.0, 1.0))

    def likeness(self, profile: Profile) -> float:
        """Mean pairwise content similarity of the titles a person liked (0 for fewer than 2)."""
        liked = np.unique(
            np.asarray(profile.items, np.int64)[
                np.asarray(profile.ratings) >= self.config.ease.positive_min
            ]
        )
        if liked.size < 2:
            return 0.0
        most = max(self.config.content.likeness_sample, 2)
        if liked.size > most:  # evenly spaced: the same titles at every request
            liked = liked[np.linspace(0, liked.size - 1, most).astype(np.int64)]
        graph = self.parts["content"].graph  # type: ignore[attr-defined]
        # Each pair's similarity is the larger of its two directions: each title keeps its
        # own nearest neighbours, so the graph is not symmetric.
        return symmetric_block_sum(graph, liked) / (liked.size * (liked.size - 1))

    def coverage(self, profile: Profile) -> float:
        """How much of what the person liked the real-taste sources know: the share of their
        positive ratings (all ratings if none is positive) on titles real-taste people rated.

        The taste sources count for a person in proportion to it. Someone whose five favourites
        are Netflix originals no MovieLens user could have rated gets nothing personal from
        them, only their idea of what is popular; without this, that popularity outranked the
        person's own taste (a Korean-drama fan was offered Inception). MovieLens people, on
        whom the weights are learned, have coverage 1, so the weights mean what was measured.
        """
        items = np.asarray(profile.items, np.int64)
        if items.size == 0 or self.taste_support.size == 0:
            return 1.0
        liked = items[np.asarray(profile.ratings) >= self.config.ease.positive_min]
        basis = liked if liked.size else items
        return float(self.taste_support[basis].mean())

    def user_vectors(self, users: np.ndarray) -> np.ndarray:
        raise NotImplementedError("hybrid vectors come from profiles: call vectors()")

    def fold_in(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        return self.vectors([Profile(np.asarray(items, np.int64), np.asarray(ratings))])[0]

    def source_scores(self, vectors: np.ndarray) -> dict[str, np.ndarray]:
        """Each source's z-scores for these people (a row each), leaving out the sources that
        weigh nothing for any of them: what ``rank_scores`` sums and ``shares`` takes apart.

        Why apart: scoring every title is most of a request's time (~1 ms a source at 23k
        titles), so the serving side computes this once per request and hands it to both.
        """
        self._check_fitted()
        vectors = np.atleast_2d(vectors)
        weights = self.person_weights(vectors)
        used = {n for n in SOURCES if weights[n].any()}
        if weights[_SILENT].any():
            used.add("content")
        return {n: self.source_z(n, vectors) for n in SOURCES if n in used}

    def rank_scores(
        self, vectors: np.ndarray, by_source: dict[str, np.ndarray] | None = None
    ) -> np.ndarray:
        """The blend ``sum_k w_k z_k``; ``by_source`` is ``source_scores(vectors)`` when the
        caller has it already."""
        self._check_fitted()
        vectors = np.atleast_2d(vectors)
        by_source = self.source_scores(vectors) if by_source is None else by_source
        total = np.tile(self._tie_break, (len(vectors), 1))
        weights = self.person_weights(vectors)
        for name, z in by_source.items():
            total += weights[name] * z
        if "content" in by_source and weights[_SILENT].any():
            total += (weights[_SILENT] * self._off_support) * by_source["content"]
        return total

    def person_weights(self, vectors: np.ndarray) -> dict[str, np.ndarray]:
        """Each person's weight of every source (a column each, to broadcast over the titles).

        The learned weights hold for people like the validation users: everything they rated
        is known to the real-taste sources (coverage 1) and their taste is broad (coherence
        0). Otherwise the weight follows the evidence: a real-taste source keeps the share of
        its weight that the person's coverage supports, the rest goes to the catalog content
        (which knows every title); and the share ``coherence`` of every other source's weight
        goes to the content too. All sources at once: a request reads them three times.

        ``_SILENT`` is the content's extra weight on titles no real-taste person rated, where
        the real-taste sources are silent: ``silent_to_content`` of their weight for the person.
        """
        # One (people x sources) array, not a dict of columns built source by source: a
        # request reads these three times (~0.1 ms each, that way).
        coverage, coherence = vectors[:, :1], vectors[:, 1:2]
        weights = np.fromiter((self.weights[n] for n in SOURCES), np.float64, len(SOURCES))
        taste, content = self._taste_column, self._content_column
        supported = weights * np.where(taste, coverage, 1.0)
        unsupported = (weights * taste).sum() * (1 - coverage[:, 0])
        others = supported.sum(axis=1) - supported[:, content]
        found = supported * (1 - coherence)
        found[:, content] = supported[:, content] + unsupported + coherence[:, 0] * others
        share = self.config.blend.silent_to_content if self._off_support is not None else 0.0
        silent = (share * (found * taste).sum(axis=1, keepdims=True)).astype(np.float32)
        found = found.astype(np.float32)  # a float64 weight would make every w * z float64
        return {**{n: found[:, k : k + 1] for k, n in enumerate(SOURCES)}, _SILENT: silent}

    def shares(
        self,
        vector: np.ndarray,
        items: np.ndarray,
        by_source: dict[str, np.ndarray] | None = None,
        titles: np.ndarray | None = None,
    ) -> list[list[Share]]:
        """For each of ``items``, every weighted source's part in its score for the person of
        ``vector``, largest first (``by_source``: their ``source_scores``, if known), and
        within a source that sums over rated titles, the part of each of ``titles`` (the ones a
        reason may name; default every title)."""
        items = np.asarray(items, np.int64)
        titles = np.arange(self.n_items) if titles is None else np.asarray(titles, np.int64)
        weights = {n: float(w[0, 0]) for n, w in self.person_weights(vector[None]).items()}
        by_source = self.source_scores(vector[None]) if by_source is None else by_source
        z = {n: values[0] for n, values in by_source.items() if weights[n]}
        if weights[_SILENT] and "content" in by_source:
            z["content"] = by_source["content"][0]
        by_title = {
            n: self.parts[n].contributions(vector[self._slices[n]], items, titles)  # type: ignore[attr-defined]
            for n in z
            if hasattr(self.parts[n], "contributions")
        }
        off = self._off_support
        out = []
        for k, item in enumerate(items):
            silent = weights[_SILENT] * float(off[item]) if off is not None else 0.0
            found = [
                Share(
                    n,
                    (weights[n] + (silent if n == "content" else 0.0)) * float(values[item]),
                    by_title[n][k] if n in by_title else None,
                )
                for n, values in z.items()
            ]
            out.append(sorted(found, key=lambda s: -s.value))
        return out

    def predict(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        self._check_fitted()
        vectors, items = np.atleast_2d(vectors), np.asarray(items, np.int64)
        if len(vectors) > 1 and (vectors == vectors[:1]).all():  # one person, many titles
            blend = self.star_blend(self.rank_scores(vectors[:1]))
            blend = blend[np.zeros(len(items), np.int64), items]
        else:
            blend = self.star_blend(self.rank_scores(vectors))[np.arange(len(vectors)), items]
        return self.stars_for(vectors, items, blend)

    def star_blend(self, ranked: np.ndarray) -> np.ndarray:
        """The blend scores (``rank_scores``, a row per person) as the stars read them: on
        titles no real-taste person rated, moved so that their mean is the mean on titles
        someone rated. The ranking is unchanged.

        Why: the star map is learned on hidden ratings of titles real people rated, where a
        low blend means the person's taste ranks the title low. On the others the real-taste
        sources say nothing, and their constant share put every such title below the
        person's typical title: on ``bench/cold_titles.py``'s titles hidden from the real taste
        the stars were 0.17-0.18 too low on average (3.29-3.30 against 3.47)."""
        ranked = np.atleast_2d(ranked)
        if self._level is None:
            return ranked
        shift = (ranked @ self._level).astype(np.float32)
        return ranked + shift[:, None] * self._off_support

    def stars_for(self, vectors: np.ndarray, items: np.ndarray, blend: np.ndarray) -> np.ndarray:
        """Calibrated stars of row ``k``'s person for ``items[k]``, whose blend score (from
        ``star_blend(rank_scores(...))``) is ``blend[k]``."""
        return self.stars(self._star_features(vectors, items, blend))

    def predict_all(self, vectors: np.ndarray) -> np.ndarray:
        """Stars of every title for each person. Each person's vector is broadcast over the
        titles, never copied: a copy is titles x vector length (23k x 25k floats, 2.2 GB, at
        full scale) for what reads two small slices of it."""
        vectors = np.atleast_2d(vectors)
        blend = self.star_blend(self.rank_scores(vectors))
        items = np.arange(self.n_items)
        shape = (self.n_items, vectors.shape[1])
        return np.stack(
            [
                self.stars(self._star_features(np.broadcast_to(v, shape), items, b))
                for v, b in zip(vectors, blend, strict=True)
            ]
        )

    def item_embeddings(self) -> np.ndarray:
        raise NotImplementedError("the hybrid compares titles through the content graph")

    def similar(self, item: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        return self.parts["content"].similar(item, n)  # type: ignore[attr-defined]

    # --- persistence -----------------------------------------------------------------------------

    def to_arrays(self) -> dict[str, np.ndarray]:
        arrays = {
            f"{name}__{key}": value
            for name in SOURCES
            for key, value in self.parts[name].to_arrays().items()
            if self.taste_rows or name not in TASTE_SOURCES or not _per_user(key)
        }
        arrays["hybrid_taste_rows"] = np.array([self.taste_rows])
        arrays.update(self.stars.to_arrays())
        arrays["hybrid_sources"] = np.array(SOURCES, dtype=np.str_)
        arrays["hybrid_weights"] = np.array([self.weights[n] for n in SOURCES], np.float64)
        arrays["hybrid_groups"] = self.groups
        arrays["hybrid_taste_support"] = self.taste_support
        arrays["hybrid_coherence_floor"] = np.array([self.coherence_floor])
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], config: RecommenderConfig) -> Self:
        model = cls(config)
        names = [str(n) for n in arrays["hybrid_sources"]]
        for name in names:
            prefix = f"{name}__"
            own = {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}
            model.parts[name] = _KINDS[name].from_arrays(own, config)
        model.weights = dict(zip(names, map(float, arrays["hybrid_weights"]), strict=True))
        model.stars = Stars.from_arrays(arrays)
        model.groups = arrays["hybrid_groups"]
        model.taste_rows = bool(arrays["hybrid_taste_rows"][0])
        model.taste_support = arrays["hybrid_taste_support"]
        model.coherence_floor = float(arrays["hybrid_coherence_floor"][0])
        model.n_items = model.parts["content"].n_items
        model.n_users = model.parts["dataset"].n_users
        return model._ready()


def _per_user(key: str) -> bool:
    """Arrays with a row per taste user: never stored (taste users are not served, and the
    people in chat among them must be forgettable)."""
    return key.endswith(("user_emb", "user_bias", "user_factors"))


def _with_features(taste: TrainData, ratings: TrainData) -> TrainData:
    """Taste data carrying the catalog's facts as item features (LightFM's side information)."""
    if taste.item_features is ratings.item_features:
        return taste
    from dataclasses import replace

    return replace(taste, item_features=ratings.item_features, feature_names=ratings.feature_names)
