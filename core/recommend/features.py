"""Item features from the catalog: what lets a title with no ratings be ranked and compared.

Features are named ``kind:value`` (``genre:Dramas``, ``platform:netflix``, ``cast:Ann Lee``) so
the artifact can say what each column of the learned feature embeddings means. Cast members and
directors only become features when they appear in at least two titles: a name on one title says
nothing the title's own identity does not.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import scipy.sparse as sp

from core.recommend.idmap import IdMap

COARSE_KINDS: tuple[str, ...] = ("genre", "platform", "type", "maturity", "decade")
"""Feature kinds shared by many titles; the star model maps these to factors for cold titles."""


def feature_matrix(pairs: pl.DataFrame, idmap: IdMap) -> tuple[sp.csr_matrix, tuple[str, ...]]:
    """A binary (titles x features) matrix from ``title_id, feature`` pairs.

    Feature columns follow the sorted feature names; pairs for titles outside ``idmap`` are
    dropped; duplicates count once.
    """
    pairs = pairs.select(pl.col("title_id").cast(pl.String), pl.col("feature").cast(pl.String))
    pairs = pairs.drop_nulls().unique()
    names = sorted(set(pairs["feature"].to_list()))
    col = {name: j for j, name in enumerate(names)}
    rows = idmap.item_indices(pairs["title_id"].to_list())
    cols = np.array([col[f] for f in pairs["feature"].to_list()], dtype=np.int64)
    keep = rows >= 0
    matrix = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.float32), (rows[keep], cols[keep])),
        shape=(idmap.n_items, len(names)),
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix, tuple(names)


def catalog_feature_pairs(
    titles: pl.DataFrame,
    genres: pl.DataFrame,
    cast: pl.DataFrame,
    directors: pl.DataFrame,
    *,
    cast_top: int = 3,
    directors_top: int = 2,
) -> pl.DataFrame:
    """``title_id, feature`` pairs from the catalog tables (columns as in ``core.db``).

    ``titles`` needs ``id, platform, type, rating, release_year``; the people tables need
    ``title_id, position, name`` and ``genres`` needs ``title_id, genre``.
    """
    tid = pl.col("id").alias("title_id")
    parts = [
        titles.select(tid, ("platform:" + pl.col("platform")).alias("feature")),
        titles.select(tid, ("type:" + pl.col("type")).alias("feature")),
        titles.select(tid, ("maturity:" + pl.col("rating")).alias("feature")),
        titles.select(
            tid,
            ("decade:" + ((pl.col("release_year") // 10) * 10).cast(pl.String)).alias("feature"),
        ),
        genres.select("title_id", ("genre:" + pl.col("genre")).alias("feature")),
    ]
    for kind, frame, top in (("cast", cast, cast_top), ("director", directors, directors_top)):
        people = frame.filter(pl.col("position") < top).select("title_id", "name")
        shared = people.group_by("name").agg(pl.len().alias("n")).filter(pl.col("n") >= 2)
        parts.append(
            people.join(shared.select("name"), on="name").select(
                "title_id", (f"{kind}:" + pl.col("name")).alias("feature")
            )
        )
    return pl.concat([p.cast({"title_id": pl.String, "feature": pl.String}) for p in parts])


def movielens_feature_pairs(movies: pl.DataFrame) -> pl.DataFrame:
    """``title_id, feature`` pairs from MovieLens ``movies.csv``: its ``|``-separated genres and
    the decade of the year in the title (``Heat (1995)`` -> ``decade:1990``), the same two
    kinds of catalog facts the product's titles have. The decade lifted precision@10 on the
    temporal split (new titles share it with recent ones; docs/recommender.md)."""
    movie = pl.col("movieId").cast(pl.String).alias("title_id")
    year = pl.col("title").str.extract(r"\((\d{4})\)\s*$").cast(pl.Int32)
    genres = (
        movies.select(movie, pl.col("genres").str.split("|").alias("genre"))
        .explode("genre")
        .filter(pl.col("genre") != "(no genres listed)")
        .select("title_id", ("genre:" + pl.col("genre")).alias("feature"))
    )
    decades = movies.select(
        movie, ("decade:" + ((year // 10) * 10).cast(pl.String)).alias("feature")
    ).drop_nulls()
    return pl.concat([genres, decades])


def coarse_columns(names: tuple[str, ...]) -> np.ndarray:
    """Indices of the features whose kind is in ``COARSE_KINDS``."""
    return np.array([j for j, n in enumerate(names) if n.split(":", 1)[0] in COARSE_KINDS], int)
