"""One training run: ratings from SQLite -> fitted hybrid -> versioned artifact -> registry row.

Why the steps are in this order: the data is read through ADBC (fast, Arrow) and that
connection is closed before the ``sqlite3`` connection that records the run is opened, because
two SQLite libraries must never hold the same file at once in one process. Call ``train`` in a
process that has no ``sqlite3`` connection to the database open (the CLI, or the
continuous-training worker process).

A seeded sample of users keeps its newest ratings out of training; the metrics in the artifact
and the registry are measured on them, never on training data. The model does not go live
unless ``promote=True``: the continuous-training job compares it with the live one first.
"""

from __future__ import annotations

import logging
import resource
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from core import db as dbmod
from core.recommend import registry
from core.recommend.artifact import new_version, write_artifact
from core.recommend.base import Model
from core.recommend.catalog import CatalogIndex
from core.recommend.config import RecommenderConfig
from core.recommend.data import Dataset, TrainData, load_sqlite
from core.recommend.evaluation import mae, ranking_metrics, rmse, split_holdout
from core.recommend.hybrid import Hybrid
from core.recommend.lightfm_model import LightFMRanker
from core.recommend.mf import MatrixFactorization
from core.recommend.popularity import Popularity

log = logging.getLogger("streambot.recommend")


@dataclass(frozen=True)
class TrainResult:
    """What a training run produced."""

    version: str
    path: Path
    watermark: int
    metrics: dict[str, float]
    counts: dict[str, int]
    timings: dict[str, float]
    promoted: bool


def evaluate(model: Hybrid, train: TrainData, holdout: TrainData, k: int = 10) -> dict[str, float]:
    """Holdout figures of the served model and of popularity (the bar it must clear)."""
    if len(holdout) == 0:
        return {}
    stars = model.predict(model.user_vectors(holdout.user), holdout.item)
    ours = ranking_metrics(lambda u: model.rank_scores(model.user_vectors(u)), train, holdout, k=k)
    pop = model.popularity
    base = ranking_metrics(lambda u: pop.rank_scores(pop.user_vectors(u)), train, holdout, k=k)
    return {
        "rmse": rmse(stars, holdout.rating),
        "mae": mae(stars, holdout.rating),
        f"precision_at_{k}": float(ours.precision),
        f"recall_at_{k}": float(ours.recall),
        f"ndcg_at_{k}": float(ours.ndcg),
        f"popularity_precision_at_{k}": float(base.precision),
        "ranked_users": ours.users,
        "holdout_ratings": len(holdout),
    }


def fit_hybrid(data: TrainData, config: RecommenderConfig, timings: dict[str, float]) -> Hybrid:
    """Fit the three parts, the MF in a second thread while LightFM runs in this one.

    Both release the GIL (numba ``nogil``, LightFM's OpenMP loops), so on two cores this takes
    about the LightFM time instead of the sum (-15 s at full scale). The MF is single-threaded
    and seeded, so running it beside LightFM does not change its result.
    """

    def timed(name: str, cls: type[Model]) -> Model:
        start = time.perf_counter()
        model = cls(config).fit(data)
        timings[f"fit_{name}"] = round(time.perf_counter() - start, 3)
        return model

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mf-fit") as pool:
        mf = pool.submit(timed, "mf", MatrixFactorization)
        popularity = timed("popularity", Popularity)
        lightfm = timed("lightfm", LightFMRanker)
        return Hybrid(config).fit_parts(popularity, mf.result(), lightfm)  # type: ignore[arg-type]


def build_artifact(dataset: Dataset, model: Hybrid) -> dict[str, np.ndarray]:
    """Every array the serving side needs; ratings of the holdout count as rated there."""
    d = dataset.data
    index = CatalogIndex.build(dataset.idmap, dataset.catalog, d.user, d.item, d.rating)
    return {
        **model.to_arrays(),
        **index.to_arrays(),
        "feature_names": np.array(d.feature_names, dtype=np.str_),
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
    dataset = load_sqlite(Path(db_path), max_rating_id)
    timings["load"] = round(time.perf_counter() - start, 3)
    if len(dataset.data) == 0:
        raise ValueError(f"{db_path} has no ratings to train on: run the ETL first.")
    train_data, holdout = split_holdout(
        dataset.data,
        config.holdout_users,
        config.holdout_max_user_share,
        config.holdout_last_share,
        config.seed,
    )
    model = fit_hybrid(train_data, config, timings)
    step = time.perf_counter()
    metrics = evaluate(model, train_data, holdout)
    timings["evaluate"] = round(time.perf_counter() - step, 3)
    step = time.perf_counter()
    arrays = build_artifact(dataset, model)
    created = datetime.now(UTC)
    version = new_version(Path(models_dir), created)
    counts = {
        "ratings": len(dataset.data),
        "train_ratings": len(train_data),
        "holdout_ratings": len(holdout),
        "users": dataset.idmap.n_users,
        "titles": dataset.idmap.n_items,
        "item_features": len(dataset.data.feature_names),
    }
    timings["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    meta = {
        "kind": model.kind,
        "created_at": created.isoformat(timespec="seconds"),
        "watermark": dataset.watermark,
        "config": config.to_dict(),
        "counts": counts,
        "metrics": metrics,
        "timings": timings,
    }
    path = write_artifact(Path(models_dir), version, arrays, meta)
    timings["write"] = round(time.perf_counter() - step, 3)
    timings["total"] = round(time.perf_counter() - start, 3)
    meta["timings"] = timings
    conn = dbmod.connect(db_path)
    try:
        registry.record_model(conn, {**meta, "version": version}, path)
        if promote:
            registry.promote(conn, version)
    finally:
        conn.close()
    log.info("trained model %s in %.1f s: %s", version, timings["total"], metrics)
    return TrainResult(version, path, dataset.watermark, metrics, counts, timings, promote)
