"""Training data in index space, and the loaders that build it from SQLite or MovieLens files.

Why a separate step: models only ever see integer rows (``TrainData``), so the same model code
runs on the product database and on MovieLens, and the id mapping (``IdMap``) plus the catalog
facts the serving API needs (``Catalog``) travel with it in one ``Dataset``.

Reading the database uses ADBC (Arrow straight into polars, seconds for 11M rows). ADBC bundles
its own SQLite library, so no ``sqlite3`` connection to the same file may be open in the process
meanwhile: training runs in its own worker process (see ``core.recommend.train``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import polars as pl
import scipy.sparse as sp

from core.recommend.features import (
    feature_matrix,
    movielens_feature_pairs,
)
from core.recommend.idmap import IdMap


@dataclass(frozen=True)
class TrainData:
    """Rating events as parallel arrays of row indices, plus the item feature matrix."""

    user: np.ndarray  # int32
    item: np.ndarray  # int32
    rating: np.ndarray  # float32
    timestamp: np.ndarray  # int64
    n_users: int
    n_items: int
    item_features: sp.csr_matrix
    feature_names: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.rating.size)

    def subset(self, mask: np.ndarray) -> TrainData:
        """The same users, titles and features, with only the events where ``mask`` is true."""
        return replace(
            self,
            user=self.user[mask],
            item=self.item[mask],
            rating=self.rating[mask],
            timestamp=self.timestamp[mask],
        )

    def matrix(self, values: np.ndarray | None = None) -> sp.csr_matrix:
        """Users x titles CSR of ``values`` (default: the ratings)."""
        data = self.rating if values is None else values
        m = sp.csr_matrix(
            (data.astype(np.float32), (self.user, self.item)), shape=(self.n_users, self.n_items)
        )
        m.sort_indices()
        return m


@dataclass(frozen=True)
class Catalog:
    """Per-title facts the serving API filters and explains with, aligned with ``IdMap.items``."""

    title: np.ndarray  # str
    platform: np.ndarray  # str ("" when unknown)
    type: np.ndarray  # str
    year: np.ndarray  # int32, 0 when unknown

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {f"catalog_{k}": getattr(self, k) for k in ("title", "platform", "type", "year")}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Catalog:
        return cls(*(arrays[f"catalog_{k}"] for k in ("title", "platform", "type", "year")))


@dataclass(frozen=True)
class Sources:
    """Everything the served model learns from, in one title space (the rows of ``IdMap.items``).

    - ``ratings``: the product's ratings (dataset users and people in chat), rows of ``IdMap``;
    - ``taste``: real people's ratings (MovieLens bridged to the catalog, and people in chat),
      with user rows of its own: taste users are never bot users;
    - ``content``: titles x facts (``core.recommend.content.content_features``);
    - ``groups``: the work of each title (listings of one work on several platforms share it).

    On MovieLens alone every source is the same data (``Sources.of``).
    """

    ratings: TrainData
    taste: TrainData
    content: sp.csr_matrix
    groups: np.ndarray
    taste_people: np.ndarray | None = None
    """Per taste row, who it is: ``source:user_id`` (``chat:...`` for people in chat)."""
    ratings_users: np.ndarray | None = None
    """Per ratings row, the user id (``IdMap.users``, sorted)."""

    @classmethod
    def of(cls, data: TrainData) -> Sources:
        """One data set as every source (MovieLens, the tests)."""
        return cls(data, data, data.item_features, np.arange(data.n_items))

    def public_taste_rows(self) -> np.ndarray:
        """Taste rows that are not people in chat: the only ones a holdout may name, since
        the holdout's list of people is stored with the model."""
        if self.taste_people is None:
            return np.arange(self.taste.n_users)
        return np.flatnonzero(~np.char.startswith(self.taste_people.astype(str), "chat:"))


@dataclass(frozen=True)
class Dataset:
    """Everything a training run starts from."""

    data: TrainData
    idmap: IdMap
    catalog: Catalog
    watermark: int
    """The largest rating id used (``ratings.id``), or the row count for files."""
    facts: pl.DataFrame | None = None
    """The catalog facts (``catalog_facts``), for the product's database."""
    groups: np.ndarray | None = None
    """The work of each title (``w_members``), for the product's database."""


def _dedupe_last(user: np.ndarray, item: np.ndarray, n_items: int) -> np.ndarray:
    """Mask keeping each (user, title) pair's last event: a re-rating replaces the rating."""
    key = user.astype(np.int64) * n_items + item
    _, first_from_end = np.unique(key[::-1], return_index=True)
    keep = np.zeros(key.size, dtype=bool)
    keep[key.size - 1 - first_from_end] = True
    return keep


def catalog_facts(
    titles: pl.DataFrame, genres: pl.DataFrame, cast: pl.DataFrame, directors: pl.DataFrame
) -> pl.DataFrame:
    """One row per title (sorted by id) with what the content model reads.

    Columns: ``title_id, title`` (as displayed), ``platform, type, year, maturity,
    description`` and the lists ``genres, cast, directors, countries``. The inputs are the
    ``titles`` table (``id, display_title, platform, type, rating, release_year, country,
    description``) and the genre and people tables (``title_id, position, genre|name``).
    """

    def listed(frame: pl.DataFrame, column: str, alias: str) -> pl.DataFrame:
        return (
            frame.sort("title_id", "position")
            .group_by("title_id", maintain_order=True)
            .agg(pl.col(column).alias(alias))
        )

    base = titles.select(
        pl.col("id").cast(pl.String).alias("title_id"),
        pl.col("display_title").alias("title"),
        "platform",
        "type",
        pl.col("release_year").alias("year"),
        pl.col("rating").alias("maturity"),
        "description",
        pl.col("country")
        .fill_null("")
        .str.split(",")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element() != ""))
        .alias("countries"),
    )
    for frame, column, alias in (
        (genres, "genre", "genres"),
        (cast, "name", "cast"),
        (directors, "name", "directors"),
    ):
        base = base.join(listed(frame, column, alias), on="title_id", how="left")
    return base.sort("title_id")


def _catalog(items: pl.DataFrame) -> Catalog:
    return Catalog(
        title=items["title"].cast(pl.String).fill_null("").to_numpy().astype(np.str_),
        platform=items["platform"].cast(pl.String).fill_null("").to_numpy().astype(np.str_),
        type=items["type"].cast(pl.String).fill_null("").to_numpy().astype(np.str_),
        year=items["year"].cast(pl.Int32).fill_null(0).to_numpy(),
    )


def _item_column(title_ids: pl.Expr, enum: pl.Enum) -> pl.Expr:
    """Title id -> row index (null for titles outside the catalog): an Enum's physical code."""
    return title_ids.cast(pl.String).cast(enum, strict=False).to_physical().cast(pl.Int32)


def build_dataset(
    ratings: pl.DataFrame, items: pl.DataFrame, feature_pairs: pl.DataFrame, watermark: int
) -> Dataset:
    """Index ``ratings`` (``user_id, title_id, rating, timestamp`` in event order) over ``items``.

    ``items`` has ``title_id, title, platform, type, year``; ratings of titles not in it are
    dropped. A user who rated a title twice keeps the later rating.
    """
    items = items.unique("title_id", keep="first").sort("title_id")
    enum = pl.Enum(items["title_id"].cast(pl.String).to_list())
    indexed = ratings.select(
        "user_id", _item_column(pl.col("title_id"), enum).alias("item"), "rating", "timestamp"
    )
    return _assemble(indexed, items, feature_pairs, watermark)


def _assemble(
    indexed: pl.DataFrame,
    items: pl.DataFrame,
    feature_pairs: pl.DataFrame | None,
    watermark: int,
    *,
    features=None,
) -> Dataset:
    """The Dataset from events whose titles are already row indices (``item``); item features
    from ``feature_pairs``, or ready-made ``features`` (``ContentFeatures``)."""
    indexed = indexed.drop_nulls("item")
    user_ids = indexed["user_id"].to_numpy().astype(np.int64)
    idmap = IdMap(np.unique(user_ids), items["title_id"].cast(pl.String).to_numpy().astype(np.str_))
    user = np.searchsorted(idmap.users, user_ids).astype(np.int32)
    item = indexed["item"].to_numpy().astype(np.int32)
    keep = _dedupe_last(user, item, idmap.n_items)
    if features is None:
        matrix, names = feature_matrix(feature_pairs, idmap)
    else:
        matrix, names = features.matrix, features.names
    data = TrainData(
        user=user[keep],
        item=item[keep],
        rating=indexed["rating"].to_numpy().astype(np.float32)[keep],
        timestamp=indexed["timestamp"].to_numpy().astype(np.int64)[keep],
        n_users=idmap.n_users,
        n_items=idmap.n_items,
        item_features=matrix,
        feature_names=names,
    )
    return Dataset(data, idmap, _catalog(items), int(watermark))


def load_movielens(folder: Path) -> Dataset:
    """A MovieLens folder (``ratings.csv`` + ``movies.csv``), genres as the item features."""
    folder = Path(folder)
    ratings = pl.read_csv(folder / "ratings.csv").select(
        pl.col("userId").alias("user_id"),
        pl.col("movieId").cast(pl.String).alias("title_id"),
        "rating",
        "timestamp",
    )
    movies = pl.read_csv(folder / "movies.csv")
    items = movies.select(
        pl.col("movieId").cast(pl.String).alias("title_id"),
        pl.col("title"),
        pl.lit("").alias("platform"),
        pl.lit("Movie").alias("type"),
        pl.col("title").str.extract(r"\((\d{4})\)\s*$").cast(pl.Int32).alias("year"),
    )
    return build_dataset(ratings, items, movielens_feature_pairs(movies), ratings.height)


_BATCH_ROWS = "1000000"


def _arrow(cursor, sql: str) -> pl.DataFrame:
    cursor.execute(sql)
    frame = pl.from_arrow(cursor.fetch_arrow_table())
    assert isinstance(frame, pl.DataFrame)
    return frame


def load_sqlite(db_path: Path, max_rating_id: int | None = None) -> Dataset:
    """The ratings (up to ``max_rating_id``) and catalog of a streambot database, via ADBC.

    Ratings stream in batches of a million rows, each turned into integer columns at once, so
    the 11M title-id strings never sit in memory together (5 s and ~0.8 GB instead of 13 s and
    3 GB). The item features are the content vectors (``core.recommend.content``), and the
    works of ``w_members`` group the titles. Call it only where no ``sqlite3`` connection to
    ``db_path`` is open in this process.
    """
    import adbc_driver_sqlite.dbapi as adbc

    from core.recommend.content import content_features

    limit = "" if max_rating_id is None else f" WHERE id <= {int(max_rating_id)}"
    with adbc.connect(str(db_path)) as conn, conn.cursor() as cur:
        titles = _arrow(
            cur,
            "SELECT id, display_title, platform, type, rating, release_year, country, "
            "description FROM titles",
        )
        facts = catalog_facts(
            titles,
            _arrow(cur, "SELECT title_id, position, genre FROM title_genres"),
            _arrow(cur, "SELECT title_id, position, name FROM title_cast"),
            _arrow(cur, "SELECT title_id, position, name FROM title_directors"),
        )
        try:
            works = _arrow(cur, "SELECT title_id, work_id FROM w_members")
        except Exception:  # a database older than where-to-watch: every title its own work
            works = pl.DataFrame(schema={"title_id": pl.String, "work_id": pl.Int64})
        items = facts.select("title_id", "title", "platform", "type", "year")
        enum = pl.Enum(items["title_id"].to_list())
        cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": _BATCH_ROWS})
        cur.execute(
            f"SELECT id, user_id, title_id, rating, timestamp FROM ratings{limit} ORDER BY id"
        )
        parts = [
            pl.from_arrow(batch).select(
                pl.col("id").cast(pl.Int64),
                pl.col("user_id").cast(pl.Int64),
                _item_column(pl.col("title_id"), enum).alias("item"),
                pl.col("rating").cast(pl.Float32),
                pl.col("timestamp").cast(pl.Int64),
            )
            for batch in cur.fetch_record_batch()
        ]
    schema = {
        "id": pl.Int64,
        "user_id": pl.Int64,
        "item": pl.Int32,
        "rating": pl.Float32,
        "timestamp": pl.Int64,
    }
    ratings = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
    watermark = int(ratings["id"].max() or 0) if ratings.height else 0
    content = content_features(facts)
    dataset = _assemble(ratings.drop("id"), items, None, watermark, features=content)
    return replace(dataset, facts=facts, groups=_groups(items["title_id"], works))


def _groups(title_ids: pl.Series, works: pl.DataFrame) -> np.ndarray:
    """The work of each title; titles in no work get a work of their own (ids past the rest)."""
    joined = pl.DataFrame({"title_id": title_ids}).join(
        works.select(pl.col("title_id").cast(pl.String), pl.col("work_id").cast(pl.Int64)),
        on="title_id",
        how="left",
    )
    work = joined["work_id"].to_numpy().astype(np.float64)
    missing = np.isnan(work)
    base = int(np.nanmax(work)) + 1 if (~missing).any() else 0
    work[missing] = base + np.arange(int(missing.sum()))
    return work.astype(np.int64)


def taste_data(
    frame: pl.DataFrame, dataset: Dataset, chat_user_base: int
) -> tuple[TrainData, np.ndarray]:
    """Real people's ratings over ``dataset``'s titles, with user rows of their own.

    ``frame`` has ``source, user_id, title_id, rating, timestamp`` (``core.taste``: MovieLens
    bridged to the catalog); the ratings of people in chat (``dataset`` users from
    ``chat_user_base`` up) are real taste too and join as users of a source ``chat``. Titles
    outside the catalog are dropped; a user who rated a title twice keeps the later rating.
    Returns the data and, per user row, ``source:user_id``.
    """
    d = dataset.data
    chat = d.user >= np.searchsorted(dataset.idmap.users, chat_user_base)
    parts = [
        frame.select(
            pl.col("source").cast(pl.String),
            pl.col("user_id").cast(pl.Int64),
            _item_column(pl.col("title_id"), pl.Enum(dataset.idmap.items.tolist())).alias("item"),
            pl.col("rating").cast(pl.Float32),
            pl.col("timestamp").cast(pl.Int64),
        ),
        pl.DataFrame(
            {
                "source": ["chat"] * int(chat.sum()),
                "user_id": dataset.idmap.users[d.user[chat]].astype(np.int64),
                "item": d.item[chat].astype(np.int32),
                "rating": d.rating[chat].astype(np.float32),
                "timestamp": d.timestamp[chat].astype(np.int64),
            },
            schema={
                "source": pl.String,
                "user_id": pl.Int64,
                "item": pl.Int32,
                "rating": pl.Float32,
                "timestamp": pl.Int64,
            },
        ),
    ]
    events = pl.concat(parts).drop_nulls("item")
    keys = events.select("source", "user_id").unique().sort("source", "user_id")
    keys = keys.with_row_index("row")
    events = events.join(keys, on=["source", "user_id"], how="left")
    user = events["row"].to_numpy().astype(np.int32)
    item = events["item"].to_numpy().astype(np.int32)
    keep = _dedupe_last(user, item, d.n_items)
    people = (keys["source"] + ":" + keys["user_id"].cast(pl.String)).to_numpy().astype(np.str_)
    data = TrainData(
        user=user[keep],
        item=item[keep],
        rating=events["rating"].to_numpy().astype(np.float32)[keep],
        timestamp=events["timestamp"].to_numpy().astype(np.int64)[keep],
        n_users=keys.height,
        n_items=d.n_items,
        item_features=d.item_features,
        feature_names=d.feature_names,
    )
    return data, people
