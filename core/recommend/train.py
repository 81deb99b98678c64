"""One training run: ratings and real taste -> fitted hybrid -> holdout figures -> artifact.

Why the steps are in this order: the data is read through ADBC (fast, Arrow) and that
connection is closed before any ``sqlite3`` connection opens (the taste ratings, the registry),
because two SQLite libraries must never hold the same file at once in one process. Call
``train`` in a process that has no ``sqlite3`` connection to the database open (the CLI, or the
continuous-training child process).

The holdout is real people's newest ratings (MovieLens bridged to the catalog, and people in
chat): a seeded sample of them is hidden from every source, and the figures in the artifact and
the registry are measured on them, never on training data, against the baselines on the same
holdout (the best popularity source, the content model alone). Without enough real taste, the
ratings table's users stand in. The model does not go live unless ``promote=True``: the
continuous-training job compares it with the live one and the baselines first.
"""

from __future__ import annotations

import logging
import resource
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from core import db as dbmod
from core.recommend import registry
from core.recommend.artifact import new_version, pack_strings, write_artifact
from core.recommend.base import profiles_of
from core.recommend.blend import ranking_quality
from core.recommend.catalog import CatalogIndex
from core.recommend.config import RecommenderConfig
from core.recommend.data import Dataset, Sources, TrainData, load_sqlite, taste_data
from core.recommend.evaluation import hide_ratings, sample_users
from core.recommend.explain import FactTable
from core.recommend.hybrid import MIN_VALIDATION_POSITIVES, Hybrid
from core.recommend.metrics import CalibrationBin, Metrics
from core.recommend.stars import calibration_table

log = logging.getLogger("streambot.recommend")

MIN_TASTE_USERS = 50
"""Below this many real-taste users with enough positives, the ratings table's users are held
out and validate instead (a database without MovieLens, the tests' small data)."""
HOLDOUT_TASTE_SHARE = 0.25
"""Share of the real-taste users held out for the figures (the rest may validate)."""


@dataclass(frozen=True)
class TrainResult:
    """What a training run produced."""

    version: str
    path: Path
    watermark: int
    metrics: Metrics
    counts: dict[str, int]
    timings: dict[str, float]
    promoted: bool


@dataclass(frozen=True)
class Holdout:
    """Who was held out, what they kept, and what was hidden from every source."""

    users: np.ndarray
    kept: TrainData
    hidden: TrainData
    source: str
    """``taste`` or ``ratings``."""


def choose_holdout(
    sources: Sources, config: RecommenderConfig, chat_user_base: int
) -> tuple[Sources, Holdout]:
    """Hide the holdout users' newest ratings from the sources (seeded). Never people in chat:
    the holdout's list of people is stored with the model (``Holdout.people``)."""
    eligible = sample_users(
        sources.taste, 10**9, config.seed + 1, min_positives=MIN_VALIDATION_POSITIVES
    )
    eligible = np.intersect1d(eligible, sources.public_taste_rows())
    if eligible.size >= MIN_TASTE_USERS and sources.taste is not sources.ratings:
        take = min(config.holdout_users, int(HOLDOUT_TASTE_SHARE * eligible.size))
        users = np.sort(np.random.default_rng(config.seed + 1).choice(eligible, take, False))
        kept, hidden = hide_ratings(sources.taste, users, config.holdout_last_share)
        held = replace(sources, taste=kept)
        return held, Holdout(users, kept, hidden, "taste")
    rated = sample_users(sources.ratings, 10**9, config.seed + 1, min_positives=1)
    if sources.ratings_users is not None:  # dataset users only, never people in chat
        rated = rated[rated < np.searchsorted(sources.ratings_users, chat_user_base)]
    take = min(config.holdout_users, int(config.holdout_max_user_share * rated.size))
    users = np.sort(np.random.default_rng(config.seed + 1).choice(rated, take, False))
    kept, hidden = hide_ratings(sources.ratings, users, config.holdout_last_share)
    return replace(sources, ratings=kept, taste=kept), Holdout(users, kept, hidden, "ratings")


def evaluate(model: Hybrid, holdout: Holdout) -> Metrics:
    """The served model's holdout figures, beside its baselines' on the same people."""
    if len(holdout.hidden) == 0:
        return Metrics(weights=model.weights, alone=model.report.get("alone", {}))
    profiles = profiles_of(holdout.kept, holdout.users)
    if holdout.source == "taste":  # taste users are no rows of the ratings' models
        profiles = [replace(p, row=None) for p in profiles]
    vectors = model.vectors(profiles)
    exclude = model.exclusions(profiles)
    row_of = {int(u): k for k, u in enumerate(holdout.users)}
    rows = np.array([row_of[int(u)] for u in holdout.hidden.user])
    good = holdout.hidden.rating >= model.config.ease.positive_min
    positives = sp.csr_matrix(
        (np.ones(int(good.sum()), np.float32), (rows[good], holdout.hidden.item[good])),
        shape=(len(profiles), model.n_items),
    )
    support = model.support(holdout.kept) if holdout.source == "taste" else None
    blend = model.rank_scores(vectors)
    served = ranking_quality(blend, exclude, positives, support)
    baselines = {
        name: ranking_quality(model.source_z(name, vectors), exclude, positives, support)
        for name in ("content", "taste_popularity", "dataset_popularity")
    }
    alone = {name: q.precision for name, q in baselines.items()}
    # A blend that is one baseline alone (all weight on content, as on data too small to show
    # anything more) is that baseline: it has to beat the others, not itself.
    used = [name for name, w in model.weights.items() if w > 0]
    rivals = [q for name, q in baselines.items() if used != [name]]
    best = max(rivals, key=lambda q: q.ndcg)
    diff = served.per_user_ndcg - best.per_user_ndcg
    error = float(diff.std(ddof=1) / np.sqrt(diff.size)) if diff.size > 1 else float("inf")
    for_stars = model.star_blend(blend)[rows, holdout.hidden.item]
    stars = model.stars_for(vectors[rows], holdout.hidden.item, for_stars)
    actual = holdout.hidden.rating.astype(np.float64)
    return Metrics(
        precision_at_10=round(served.precision, 4),
        recall_at_10=round(served.recall, 4),
        ndcg_at_10=round(served.ndcg, 4),
        popularity_precision_at_10=round(
            max(alone["taste_popularity"], alone["dataset_popularity"]), 4
        ),
        content_precision_at_10=round(alone["content"], 4),
        gain_over_baselines=round(float(diff.mean()), 4) if diff.size else None,
        gain_error=round(error, 4) if np.isfinite(error) else None,
        rmse=round(float(np.sqrt(np.mean((stars - actual) ** 2))), 4),
        mae=round(float(np.mean(np.abs(stars - actual))), 4),
        ranked_users=served.users,
        holdout_ratings=len(holdout.hidden),
        holdout_source=holdout.source,
        weights=dict(model.weights),
        alone=dict(model.report.get("alone", {})),
        calibration=tuple(CalibrationBin(**b) for b in calibration_table(stars, actual)),
    )


def load_sources(db_path: Path, max_rating_id: int | None = None) -> tuple[Dataset, Sources]:
    """The database's ratings and catalog (ADBC, closed again), then the real taste ratings."""
    from core.taste.store import load_taste

    dataset = load_sqlite(Path(db_path), max_rating_id)
    taste, people = taste_data(load_taste(Path(db_path)), dataset, dbmod.CHAT_USER_BASE)
    groups = dataset.groups if dataset.groups is not None else np.arange(dataset.idmap.n_items)
    return dataset, Sources(
        dataset.data, taste, dataset.data.item_features, groups, people, dataset.idmap.users
    )


def build_artifact(dataset: Dataset, model: Hybrid) -> dict[str, np.ndarray]:
    """Every array the serving side needs; ratings of the holdout count as rated there."""
    d = dataset.data
    index = CatalogIndex.build(
        dataset.idmap, dataset.catalog, d.user, d.item, d.rating, d.timestamp
    )
    return {
        **model.to_arrays(),
        **index.to_arrays(),
        **(FactTable.build(dataset.facts).to_arrays() if dataset.facts is not None else {}),
        **pack_strings("feature_names", d.feature_names),
    }


def train(
    db_path: Path,
    models_dir: Path,
    config: RecommenderConfig | None = None,
    *,
    promote: bool = False,
    max_rating_id: int | None = None,
) -> TrainResult:
    """Train on the ratings in ``db_path`` (up to ``max_rating_id``) and record the artifact."""
    config = config or RecommenderConfig()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    dataset, sources = load_sources(Path(db_path), max_rating_id)
    timings["load"] = round(time.perf_counter() - start, 3)
    if len(dataset.data) == 0 and len(sources.taste) == 0:
        raise ValueError(f"{db_path} has no ratings to train on: run the ETL first.")
    held, holdout = choose_holdout(sources, config, dbmod.CHAT_USER_BASE)
    step = time.perf_counter()
    model = Hybrid(config).fit_sources(held, exclude_users=holdout.users)
    timings["fit"] = round(time.perf_counter() - step, 3)
    timings.update({f"fit_{k}": v for k, v in model.report.get("fit_seconds", {}).items()})
    step = time.perf_counter()
    metrics = evaluate(model, holdout)
    timings["evaluate"] = round(time.perf_counter() - step, 3)
    step = time.perf_counter()
    arrays = build_artifact(dataset, model)
    created = datetime.now(UTC)
    version = new_version(Path(models_dir), created)
    counts = {
        "ratings": len(dataset.data),
        "taste_ratings": len(sources.taste),
        "taste_users": sources.taste.n_users,
        "holdout_ratings": len(holdout.hidden),
        "validation_ratings": int(model.report.get("validation_ratings", 0)),
        "users": dataset.idmap.n_users,
        "titles": dataset.idmap.n_items,
        "item_features": len(dataset.data.feature_names),
    }
    timings["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    meta = {
        "kind": model.kind,
        "created_at": created.isoformat(timespec="seconds"),
        "watermark": dataset.watermark,
        "config": model.config.to_dict(),  # with what the fit chose (EASE's penalty)
        "counts": counts,
        "metrics": metrics.to_dict(),
        "validation": {k: v for k, v in model.report.items() if k != "fit_seconds"},
        "holdout": {
            "source": holdout.source,
            "people": (
                sources.taste_people[holdout.users].tolist()
                if holdout.source == "taste" and sources.taste_people is not None
                else []
            ),
        },
        "timings": timings,
    }
    path = write_artifact(Path(models_dir), version, arrays, meta)
    timings["write"] = round(time.perf_counter() - step, 3)
    timings["total"] = round(time.perf_counter() - start, 3)
    meta["timings"] = timings
    registry.register(db_path, {**meta, "version": version}, path, promote_it=promote)
    log.info(
        "trained model %s in %.1f s: P@10 %s (popularity %s, content %s), weights %s",
        version,
        timings["total"],
        metrics.precision_at_10,
        metrics.popularity_precision_at_10,
        metrics.content_precision_at_10,
        metrics.weights,
    )
    return TrainResult(version, path, dataset.watermark, metrics, counts, timings, promote)
