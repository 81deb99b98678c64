"""A whole MovieLens release bridged in memory, and the figures that say how well it went.

Used where the release is small enough to hold at once: the shipped ml-latest-small (its file
in ``data/taste`` and the test that rebuilds it) and ``bench/taste_bridge.py``. A larger
release is imported in batches by ``core.taste.store``, with the same matching and the same
ratings rule.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from core.taste.bridge import (
    MATCHED,
    OUTCOMES,
    Bridge,
    CatalogIndex,
    bridge_ratings,
    catalog_movies,
    match_movies,
)
from core.taste.names import parse_title

MOVIES_SCHEMA = {"movieId": pl.Int64, "title": pl.String, "genres": pl.String}
RATINGS_SCHEMA = {
    "userId": pl.Int64,
    "movieId": pl.Int64,
    "rating": pl.Float64,
    "timestamp": pl.Int64,
}


def read_movies(path: Path) -> pl.DataFrame:
    """``movies.csv`` of a release (``movieId,title,genres``)."""
    return pl.read_csv(path, schema_overrides=MOVIES_SCHEMA)


def match_catalog(conn: sqlite3.Connection, movies: pl.DataFrame) -> Bridge:
    """Every movie of ``movies`` matched against the catalog of ``conn``."""
    index = CatalogIndex(catalog_movies(conn))
    return match_movies(movies.select("movieId", "title").iter_rows(), index)


@dataclass(frozen=True, slots=True)
class BridgedRelease:
    """A release, how its movies matched, and its ratings keyed by catalog title."""

    movies: pl.DataFrame
    ratings: pl.DataFrame
    bridge: Bridge
    bridged: pl.DataFrame
    """``core.taste.bridge.RATING_COLUMNS``, sorted by user and title."""


def bridge_release(conn: sqlite3.Connection, movies: Path, ratings: Path) -> BridgedRelease:
    """Bridge the release whose files are ``movies`` and ``ratings`` onto ``conn``'s catalog."""
    movie_frame = read_movies(movies)
    rating_frame = pl.read_csv(ratings, schema_overrides=RATINGS_SCHEMA)
    bridge = match_catalog(conn, movie_frame)
    return BridgedRelease(
        movie_frame, rating_frame, bridge, bridge_ratings(rating_frame, bridge.mapping)
    )


@dataclass(frozen=True, slots=True)
class Decade:
    decade: int
    """1990 for the 1990s; 0 for movies without a year."""
    movies: int
    matched: int


@dataclass(frozen=True, slots=True)
class BridgeFigures:
    """How much of a release the bridge carries onto the catalog."""

    movies: int
    matched: int
    outcomes: dict[str, int]
    """Movies per ``core.taste.bridge.OUTCOMES``."""
    ratings: int
    covered: int
    """Ratings of matched movies."""
    kept: int
    """Rows of the bridged ratings (one per person and title)."""
    users: int
    users_covered: int
    works: int
    """Catalog works the matched movies reach."""
    titles: int
    """Distinct title ids the bridged ratings are keyed by."""
    decades: tuple[Decade, ...]


def figures(release: BridgedRelease) -> BridgeFigures:
    """The match rate, coverage and per-decade figures of ``release``."""
    outcomes = release.bridge.outcomes
    matched_ids = [m for m, found in outcomes.items() if found.outcome == MATCHED]
    covered = release.ratings.filter(pl.col("movieId").is_in(matched_ids))
    works = {found.candidate.work_id for found in outcomes.values() if found.outcome == MATCHED}
    by_decade: dict[int, list[int]] = {}
    for movie_id, title in release.movies.select("movieId", "title").iter_rows():
        year = parse_title(title).year
        slot = by_decade.setdefault(year // 10 * 10 if year else 0, [0, 0])
        slot[0] += 1
        slot[1] += outcomes[movie_id].outcome == MATCHED
    return BridgeFigures(
        movies=release.movies.height,
        matched=len(matched_ids),
        outcomes={o: release.bridge.count(o) for o in OUTCOMES},
        ratings=release.ratings.height,
        covered=covered.height,
        kept=release.bridged.height,
        users=release.ratings["userId"].n_unique(),
        users_covered=release.bridged["user_id"].n_unique(),
        works=len(works),
        titles=release.bridged["title_id"].n_unique(),
        decades=tuple(Decade(d, n, m) for d, (n, m) in sorted(by_decade.items())),
    )
