"""A quick update of the live model from the ratings that arrived since it was trained.

Why: a full training re-reads every rating, rebuilds the content graph and refits every source
(a minute or two at full scale), although a few thousand new ratings change little of it. The
update keeps what new ratings cannot change and refreshes what they do:

- the catalog content and its graph: unchanged (the catalog did not change);
- the real-taste sources EASE, implicit ALS and the popularity: refitted on the real taste as
  it is now (MovieLens bridged, plus every rating people in chat have given), a few seconds;
- LightFM on real taste: kept (new people are folded in at serving time anyway);
- the dataset MF and popularity: each person with new ratings is folded in again from all of
  their ratings (the item side fixed), new people get rows, the popularity counts follow;
- the learned weights and the star calibration: kept.

It is measured on the same holdout as the full training it updates (the same people, stored
with the model; never people in chat), so the guard compares like with like, and
``bench/retrain.py`` prints it beside a full retrain. The schedule runs an update when enough
new ratings arrived and a full training when the model gets old (``core.recommend.lifecycle``).
"""

from __future__ import annotations

import logging
import resource
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl

from core import db as dbmod
from core.recommend import registry
from core.recommend.artifact import new_version, read_artifact, write_artifact
from core.recommend.base import newest_first
from core.recommend.catalog import CatalogIndex
from core.recommend.config import RecommenderConfig
from core.recommend.data import _BATCH_ROWS, _arrow, _item_column, taste_data
from core.recommend.evaluation import hide_ratings
from core.recommend.hybrid import GROUPED, Hybrid
from core.recommend.idmap import IdMap
from core.recommend.popularity import Popularity
from core.recommend.scrub import per_person
from core.recommend.train import Holdout, TrainResult, evaluate

log = logging.getLogger("streambot.recommend")


class NothingToUpdate(RuntimeError):
    """There is no live model to update, or no rating arrived since it was trained."""


def _new_ratings(db_path: Path, watermark: int, items: list[str]) -> pl.DataFrame:
    """Ratings past ``watermark`` (``id, user_id, item, rating, timestamp``), via ADBC."""
    import adbc_driver_sqlite.dbapi as adbc

    enum = pl.Enum(items)
    with adbc.connect(str(db_path)) as conn, conn.cursor() as cur:
        cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": _BATCH_ROWS})
        frame = _arrow(
            cur,
            "SELECT id, user_id, title_id, rating, timestamp FROM ratings "
            f"WHERE id > {int(watermark)} ORDER BY id",
        )
    if frame.height == 0:
        return frame
    return frame.select(
        pl.col("id").cast(pl.Int64),
        pl.col("user_id").cast(pl.Int64),
        _item_column(pl.col("title_id"), enum).alias("item"),
        pl.col("rating").cast(pl.Float32),
        pl.col("timestamp").cast(pl.Int64),
    ).drop_nulls("item")


def _grow_users(arrays: dict[str, np.ndarray], ids: np.ndarray) -> dict[str, np.ndarray]:
    """The arrays with rows for the user ``ids`` they lack (zeros), in sorted id order."""
    old = arrays["idmap_users"]
    merged = np.union1d(old, ids)
    if merged.size == old.size:
        return arrays
    rows = np.searchsorted(merged, old)
    out = dict(arrays)
    for name, values in arrays.items():
        if per_person(name, values, old.size):
            grown = np.zeros((merged.size, *values.shape[1:]), values.dtype)
            grown[rows] = values
            out[name] = grown
    lengths = np.zeros(merged.size, np.int64)
    lengths[rows] = np.diff(arrays["rated_indptr"])
    out["rated_indptr"] = np.concatenate(([0], np.cumsum(lengths)))
    out["idmap_users"] = merged
    return out


def _merged_ratings(index: CatalogIndex, new: pl.DataFrame) -> CatalogIndex:
    """The served ratings with the new ones in (a re-rating replaces the old value)."""
    old = index.rated.tocoo()
    rows = np.searchsorted(index.idmap.users, new["user_id"].to_numpy())
    users = np.r_[old.row, rows]
    items = np.r_[old.col, new["item"].to_numpy()]
    stars = np.r_[old.data.astype(np.float32) / 2, new["rating"].to_numpy()]
    key = users.astype(np.int64) * index.n_items + items
    _, last = np.unique(key[::-1], return_index=True)
    keep = key.size - 1 - last
    built = CatalogIndex.build(index.idmap, index.catalog, users[keep], items[keep], stars[keep])
    recent = index.recent.copy()
    fresh, when, ids = (new[c].to_numpy() for c in ("item", "timestamp", "id"))
    order = np.lexsort((-ids, -when, rows))  # per person, newest first (same second: last saved)
    for row in np.unique(rows):
        mine = fresh[order[rows[order] == row]].tolist()
        titles = newest_first(mine, index.recent_of(int(row)).tolist(), recent.shape[1])
        recent[row] = 0
        recent[row, : titles.size] = titles + 1
    return CatalogIndex(built.idmap, built.catalog, built.rated, recent)


def _refresh_dataset(model: Hybrid, old: CatalogIndex, index: CatalogIndex, new: pl.DataFrame):
    """Fold in again everyone with new ratings; the dataset popularity follows the counts."""
    changed = np.unique(np.searchsorted(index.idmap.users, new["user_id"].to_numpy()))
    mf = model.parts["dataset"]
    bases = [model.parts["dataset_popularity"], model.parts["content"].base]  # type: ignore[attr-defined]
    for row in changed:
        items, stars = index.rated_by(int(row))
        vector = mf.fold_in(items, stars)
        mf.user_bias[row], mf.user_factors[row] = vector[0], vector[1:]  # type: ignore[attr-defined]
        for base in bases:
            base.user_bias[row] = base.fold_in(items, stars)[0]
    positive = model.config.lightfm.positive_min
    before = np.bincount(old.rated.indices[old.rated.data >= 2 * positive], minlength=index.n_items)
    after = np.bincount(
        index.rated.indices[index.rated.data >= 2 * positive], minlength=index.n_items
    )
    popularity = model.parts["dataset_popularity"]
    counts = np.expm1(popularity.score.astype(np.float64)) + (after - before)  # type: ignore[attr-defined]
    popularity.score = np.log1p(np.maximum(counts, 0)).astype(np.float32)  # type: ignore[attr-defined]
    return changed.size


def update(
    db_path: Path,
    models_dir: Path,
    config: RecommenderConfig | None = None,
    *,
    promote: bool = False,
) -> TrainResult:
    """A new version from the live one and the ratings since its watermark (not promoted
    unless asked). Raises ``NothingToUpdate`` without a live model or new ratings."""
    from core.taste.store import load_taste

    start = time.perf_counter()
    timings: dict[str, float] = {}
    conn = dbmod.connect(db_path)
    try:
        live = registry.live_record(conn)
    finally:
        conn.close()
    if live is None:
        raise NothingToUpdate("no live model to update: run a full training first")
    artifact = read_artifact(Path(live.path))
    meta = artifact.meta
    if meta.get("kind") != "hybrid" or not meta.get("holdout", {}).get("people"):
        raise NothingToUpdate(
            f"model {live.version} has no real-taste holdout to measure an update on: "
            "run a full training"
        )
    config = config or RecommenderConfig.from_dict(meta.get("config", {}))
    arrays = artifact.arrays
    items = [str(t) for t in arrays["idmap_items"]]
    new = _new_ratings(Path(db_path), int(meta["watermark"]), items)
    timings["load"] = round(time.perf_counter() - start, 3)
    if new.height == 0:
        raise NothingToUpdate(f"no rating arrived since model {live.version}")

    step = time.perf_counter()
    arrays = _grow_users(arrays, new["user_id"].unique().to_numpy())
    model = Hybrid.from_arrays(arrays, config)
    old_index = CatalogIndex.from_arrays(arrays)
    index = _merged_ratings(old_index, new)
    changed = _refresh_dataset(model, old_index, index, new)
    model.n_users = index.idmap.n_users
    timings["dataset"] = round(time.perf_counter() - step, 3)

    step = time.perf_counter()
    dataset = _ServedDataset(index)
    frame = load_taste(Path(db_path))
    taste, people = taste_data(frame, dataset, dbmod.CHAT_USER_BASE)  # type: ignore[arg-type]
    held = np.flatnonzero(np.isin(people, meta["holdout"]["people"]))
    kept, hidden = hide_ratings(taste, held, config.holdout_last_share)
    taste_kept = _with_content(kept, model)
    for name in GROUPED:
        model.parts[name] = type(model.parts[name])(config).fit(taste_kept, model.groups)  # type: ignore[call-arg]
    model.parts["taste_popularity"] = Popularity(config).fit(taste_kept)
    model.taste_support = model.support(taste)
    model._ready()
    timings["taste"] = round(time.perf_counter() - step, 3)

    step = time.perf_counter()
    metrics = evaluate(model, Holdout(held, kept, hidden, meta["holdout"].get("source", "taste")))
    timings["evaluate"] = round(time.perf_counter() - step, 3)
    out = {**model.to_arrays(), **index.to_arrays()}
    out.update({k: v for k, v in arrays.items() if k.startswith(("facts_", "feature_names"))})
    created = datetime.now(UTC)
    version = new_version(Path(models_dir), created)
    watermark = int(new["id"].max())
    timings["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    counts = {
        **meta.get("counts", {}),
        "new_ratings": new.height,
        "people_folded_in": int(changed),
        "users": index.idmap.n_users,
        "taste_ratings": len(taste),
    }
    new_meta = {
        "kind": model.kind,
        "created_at": created.isoformat(timespec="seconds"),
        "watermark": watermark,
        "update_of": live.version,
        "trained_at": live.trained_at,
        "config": config.to_dict(),
        "counts": counts,
        "metrics": metrics.to_dict(),
        "validation": meta.get("validation", {}),
        "holdout": meta["holdout"],
        "timings": timings,
    }
    path = write_artifact(Path(models_dir), version, out, new_meta)
    timings["total"] = round(time.perf_counter() - start, 3)
    registry.register(db_path, {**new_meta, "version": version}, path, promote_it=promote)
    log.info(
        "updated model %s -> %s in %.1f s: %d new ratings, P@10 %s",
        live.version,
        version,
        timings["total"],
        new.height,
        metrics.precision_at_10,
    )
    return TrainResult(version, path, watermark, metrics, counts, timings, promote)


class _ServedDataset:
    """What ``taste_data`` needs of a dataset, from the served arrays (no database read)."""

    def __init__(self, index: CatalogIndex) -> None:
        coo = index.rated.tocoo()
        self.idmap: IdMap = index.idmap
        self.data = _Ratings(coo.row, coo.col, coo.data.astype(np.float32) / 2, index.n_items)


class _Ratings:
    def __init__(self, user, item, rating, n_items) -> None:
        self.user, self.item, self.rating = user, item, rating
        self.timestamp = np.zeros(rating.size, np.int64)
        self.n_items = n_items
        self.item_features = None
        self.feature_names = ()


def _with_content(taste, model: Hybrid):
    from dataclasses import replace

    return replace(taste, item_features=model.parts["content"].graph, feature_names=())  # type: ignore[attr-defined]
