"""The last resort: popularity straight from the database, when no model artifact loads.

Why ``title_scores``: the ETL keeps each title's rating sum and count up to date, so this needs
no scan of the 11M ratings and works in the serving process with plain ``sqlite3``. Titles are
ranked by ``log(1 + count * damped_mean / 5)``: many ratings *and* good ones. Stars are the
title's damped mean; similarity uses the coarse catalog features.
"""

from __future__ import annotations

import sqlite3

import numpy as np
import polars as pl

from core.recommend.base import unit_rows
from core.recommend.catalog import CatalogIndex
from core.recommend.config import RecommenderConfig
from core.recommend.data import Catalog
from core.recommend.features import catalog_feature_pairs, coarse_columns, feature_matrix
from core.recommend.idmap import IdMap
from core.recommend.popularity import DAMPING, Popularity
from core.recommend.results import ModelInfo
from core.recommend.service import Recommender


def _frame(conn: sqlite3.Connection, sql: str, columns: list[str]) -> pl.DataFrame:
    return pl.DataFrame(conn.execute(sql).fetchall(), schema=columns, orient="row")


def popularity_from_db(conn: sqlite3.Connection, *, reason: str) -> Recommender:
    """A popularity-only ``Recommender`` built from the catalog tables and ``title_scores``."""
    config = RecommenderConfig()
    titles = _frame(
        conn,
        "SELECT t.id, t.display_title, t.platform, t.type, t.rating, t.release_year, "
        "coalesce(s.rating_sum, 0), coalesce(s.rating_count, 0) "
        "FROM titles t LEFT JOIN title_scores s ON s.title_id = t.id ORDER BY t.id",
        ["id", "title", "platform", "type", "rating", "release_year", "total", "count"],
    )
    genres = _frame(conn, "SELECT title_id, genre FROM title_genres", ["title_id", "genre"])
    people = pl.DataFrame(schema={"title_id": pl.String, "position": pl.Int64, "name": pl.String})
    idmap = IdMap(np.zeros(0, np.int64), titles["id"].cast(pl.String).to_numpy().astype(np.str_))
    features, names = feature_matrix(catalog_feature_pairs(titles, genres, people, people), idmap)
    total = titles["total"].cast(pl.Float64).to_numpy()
    count = titles["count"].cast(pl.Float64).to_numpy()
    mu = float(total.sum() / count.sum()) if count.sum() else 3.5
    bias = ((total - mu * count) / (count + DAMPING)).astype(np.float32)
    damped_mean = np.clip(mu + bias, 0.5, 5.0)
    model = Popularity.from_arrays(
        {
            "pop_mu": np.array([mu]),
            "pop_item_bias": bias,
            "pop_user_bias": np.zeros(0, np.float32),
            "pop_score": np.log1p(count * damped_mean / 5.0).astype(np.float32),
            "pop_content": unit_rows(features[:, coarse_columns(names)].toarray()),
        },
        config,
    )
    catalog = Catalog(
        title=titles["title"].cast(pl.String).fill_null("").to_numpy().astype(np.str_),
        platform=titles["platform"].cast(pl.String).fill_null("").to_numpy().astype(np.str_),
        type=titles["type"].cast(pl.String).fill_null("").to_numpy().astype(np.str_),
        year=titles["release_year"].cast(pl.Int32).fill_null(0).to_numpy(),
    )
    empty = np.zeros(0, np.int64)
    index = CatalogIndex.build(idmap, catalog, empty, empty, np.zeros(0, np.float32))
    info = ModelInfo(None, "popularity", 0, None, f"{reason}; answering with popularity")
    return Recommender(model, index, info, threshold=config.threshold)
