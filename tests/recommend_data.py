"""Small generated data for the recommender tests, built once per test process.

Why generated rather than hand-written: the models must find the generator's taste structure
(segments that prefer genre themes), which a handful of hand-written rows cannot carry, while a
thousand titles and eight hundred users keep every fit to a second or two.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl

from core.platforms import BY_KEY
from core.recommend.config import IALSConfig, LightFMConfig, MFConfig, RecommenderConfig
from core.recommend.data import Dataset, build_dataset
from core.recommend.features import catalog_feature_pairs
from core.sample import catalog_from_frames, generate_ratings, generate_titles

TITLES = {"amazon": 420, "disney": 80, "hulu": 150, "netflix": 350}
USERS = 800
SEED = 7

FAST = RecommenderConfig(
    mf=MFConfig(factors=16, epochs=15),
    lightfm=LightFMConfig(components=16, epochs=15, max_sampled=10),
    ials=IALSConfig(factors=32),
    threads=1,
    seed=SEED,
)
"""Small and single-threaded: LightFM is only reproducible with one thread."""
REAL_FAST = dataclasses.replace(FAST, ease=dataclasses.replace(FAST.ease, lam=250.0))
"""``FAST`` for the real catalogs' shared model (``real_trained``): EASE's starting penalty
is not the one its tuning picks there (100), so a test can tell which one a later step used
(the same model as ``FAST``'s: the tuning tries every penalty of the grid)."""


HALF = 0.5
"""The scale of the data for tests of what happens around trainings (the schedule, the guard,
kills, forgetting), which train many times: half the titles and people train in 3.3 s instead
of 7.3 s and still beat popularity by 5 standard errors."""


@lru_cache(maxsize=2)
def generated(scale: float = 1.0) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """The raw catalogs (per platform) and ratings, as the sample writer would write them;
    ``scale`` multiplies the numbers of titles and people."""
    frames = generate_titles({k: round(n * scale) for k, n in TITLES.items()}, SEED)
    ratings = generate_ratings(catalog_from_frames(frames), round(USERS * scale), SEED)
    return frames, ratings


def write_source(
    folder: Path,
    extra: pl.DataFrame | None = None,
    drop_title: str | None = None,
    *,
    scale: float = 1.0,
) -> Path:
    """The generated data as an ETL source folder (catalog CSVs + ratings/ratings_1.csv)."""
    frames, ratings = generated(scale)
    if drop_title is not None:
        ratings = ratings.filter(pl.col("movieId") != drop_title)
    (folder / "ratings").mkdir(parents=True, exist_ok=True)
    for platform, frame in frames.items():
        frame.write_csv(folder / BY_KEY[platform].file_name)
    if extra is not None:
        ratings = pl.concat([ratings, extra.select(ratings.columns)])
    ratings.write_csv(folder / "ratings" / "ratings_1.csv")
    return folder


@lru_cache(maxsize=1)
def dataset() -> Dataset:
    """The generated data indexed in memory (no database), for the model contract tests."""
    frames, ratings = generated()
    titles = pl.concat(
        [
            f.select(
                (pl.lit(p[0]) + pl.col("show_id")).alias("id"),
                pl.col("title"),
                pl.lit(p).alias("platform"),
                pl.col("type").str.to_lowercase(),
                pl.col("rating"),
                pl.col("release_year").cast(pl.Int32, strict=False),
            )
            for p, f in frames.items()
        ]
    )
    genres = titles.select(
        pl.col("id").alias("title_id"),
        pl.concat([f.select("listed_in") for f in frames.values()])["listed_in"]
        .str.split(", ")
        .alias("genre"),
    ).explode("genre")
    people = pl.DataFrame(schema={"title_id": pl.String, "position": pl.Int64, "name": pl.String})
    pairs = catalog_feature_pairs(titles, genres, people, people)
    items = titles.select(
        pl.col("id").alias("title_id"),
        "title",
        "platform",
        "type",
        pl.col("release_year").alias("year"),
    )
    frame = ratings.select(
        pl.col("userId").alias("user_id"),
        pl.col("movieId").alias("title_id"),
        "rating",
        "timestamp",
    )
    return build_dataset(frame, items, pairs, frame.height)


def config(**changes) -> RecommenderConfig:
    """``FAST`` with some fields replaced."""
    return dataclasses.replace(FAST, **changes)


def genre_titles(ds: Dataset, feature: str) -> np.ndarray:
    """Rows of the titles carrying ``feature`` (e.g. ``genre:Horror Movies``)."""
    col = ds.data.feature_names.index(feature)
    return np.flatnonzero(ds.data.item_features[:, col].toarray().ravel() > 0)


LOVER = 900_001
"""A dataset user who rated only one genre highly (and a few others at one star)."""
LOVED_GENRE = "Comedy"
UNRATED = "ns3"
"""A catalog title whose ratings are removed, so the model never saw it rated."""


def lover_ratings(n_loved: int = 25, n_hated: int = 25, *, scale: float = 1.0) -> pl.DataFrame:
    """Ratings of ``LOVER``: five stars for ``LOVED_GENRE`` titles, one star for others."""
    frames, _ = generated(scale)
    catalog = pl.concat(
        [
            f.select((pl.lit(p[0]) + pl.col("show_id")).alias("id"), "listed_in")
            for p, f in frames.items()
        ]
    )
    loved = catalog.filter(pl.col("listed_in").str.split(", ").list.contains(LOVED_GENRE))
    other = catalog.filter(~pl.col("listed_in").str.contains(LOVED_GENRE, literal=True))
    ids = loved["id"].head(n_loved).to_list() + other["id"].head(n_hated).to_list()
    stars = [5.0] * min(n_loved, loved.height) + [1.0] * min(n_hated, other.height)
    return pl.DataFrame(
        {
            "userId": [LOVER] * len(ids),
            "rating": stars,
            "timestamp": [1_600_000_000 + k for k in range(len(ids))],
            "movieId": ids,
        }
    )


def build_trained(
    root: Path, versions: int = 1, *, scale: float = 1.0
) -> tuple[Path, Path, list[str]]:
    """ETL the generated data (plus ``LOVER``, minus ``UNRATED``'s ratings) into a database and
    train ``versions`` promoted models. Returns (db path, models dir, versions oldest first).

    Every ``sqlite3`` connection is closed before training reads through ADBC.
    """
    from core.etl import run_etl
    from core.recommend.train import train

    source = write_source(
        root / "src", extra=lover_ratings(scale=scale), drop_title=UNRATED, scale=scale
    )
    db_path, models = root / "test.db", root / "models"
    run_etl(source, db_path)
    made = [train(db_path, models, FAST, promote=True).version for _ in range(versions)]
    return db_path, models, made


YOUR_TASTE = ("which you liked", "as you did", "like yours")
"""How a reason speaks of the asker's own taste (bot/i18n/recommend.py, English)."""


def speaks_of_your_taste(text: str) -> bool:
    """Whether a reply explains a pick by what the person asking liked."""
    return any(phrase in text for phrase in YOUR_TASTE)
