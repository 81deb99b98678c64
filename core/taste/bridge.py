"""The bridge: which catalog work a MovieLens movie is, and its ratings keyed by catalog title.

A MovieLens movie (``movieId,title,genres``) matches a catalog title when

- the catalog title is a movie (``type`` movie, not measured in seasons: 62 Hulu "movies" are
  shows);
- one of the movie's names (``core.taste.names.parse_title``: the title, its alternative and
  original titles, "a.k.a.") shares a key with the catalog title (``core.taste.names.forms``:
  where-to-watch's ``title_key``, then looser forms);
- the years are at most ``YEAR_SLACK`` apart (MovieLens and the catalogs often differ by one:
  festival year against release year); a trimmed form or a differing leading article ("Soul" /
  "The Soul") needs the exact year.

Of the candidates, the best rank wins: the exact year first, then the closest form, then a
leading article that agrees. If the best rank holds titles of two different works (the catalog's
works, ``w_members``: one film across platforms), the movie is **ambiguous** and left out. A
catalog title reached by two movies goes to the better-ranked one; a tie leaves both out
(**contested**), except for a film MovieLens lists twice under one title and year, whose
ratings are merged (a person who rated both keeps the later rating).

A matched movie's ratings are keyed by one *representative* title id of its work: the smallest
id of the work's members that share the matched title's key, so a film carried by two platforms
is counted once. Not simply the work's smallest id: works sometimes hold a sequel or a short
beside the film ("Frozen" and "Frozen Fever", "Cars" and "Cars Toon: El Materdor"), and its
ratings must not land on those.

Pure functions over plain records; ``catalog_movies`` is the one reader of the database.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import polars as pl

from core.taste.names import TRIMMED, Form, ParsedTitle, forms, parse_title
from core.where.normalize import title_key

YEAR_SLACK = 1
"""A MovieLens year and a catalog year may differ by this much (exact years are preferred;
a trimmed form or a differing leading article needs the exact year)."""

MATCHED, NO_YEAR, NO_MATCH, AMBIGUOUS, CONTESTED = (
    "matched",
    "no_year",
    "no_match",
    "ambiguous",
    "contested",
)
OUTCOMES = (MATCHED, NO_YEAR, NO_MATCH, AMBIGUOUS, CONTESTED)
"""What became of each MovieLens movie (``Bridge.outcomes``)."""


class CatalogMovie(NamedTuple):
    """A catalog movie as the bridge sees it."""

    title_id: str
    work_id: int
    representative: str
    """The id its bridged ratings are keyed by (module docstring)."""
    year: int
    title: str


def catalog_movies(conn: sqlite3.Connection) -> list[CatalogMovie]:
    """Every catalog movie with its work and representative (needs the ETL's ``w_members``)."""
    rows = conn.execute(
        "SELECT t.id, t.display_title, t.release_year, m.work_id FROM titles t "
        "JOIN w_members m ON m.title_id = t.id "
        "WHERE t.type = 'movie' AND coalesce(t.duration_type, '') != 'season' ORDER BY t.id"
    ).fetchall()
    first: dict[tuple[int, str], str] = {}
    for title_id, title, _, work_id in rows:  # ids come sorted: the first is the smallest
        first.setdefault((work_id, title_key(title).key), title_id)
    return [
        CatalogMovie(title_id, work_id, first[work_id, title_key(title).key], int(year or 0), title)
        for title_id, title, year, work_id in rows
    ]


@dataclass(frozen=True, slots=True)
class Candidate:
    """The catalog title a movie reached, and how closely (lower ``rank`` is closer)."""

    work_id: int
    representative: str
    title_id: str
    """The member that matched (the representative, or a copy of it on another platform)."""
    rank: tuple[int, int, int]
    """(year difference, form strength (``core.taste.names``), 1 when the leading articles
    disagree)."""


class CatalogIndex:
    """The catalog movies by the keys of their titles, for matching many movies."""

    def __init__(self, movies: Iterable[CatalogMovie]) -> None:
        self.by_key: dict[str, list[tuple[CatalogMovie, Form]]] = defaultdict(list)
        for movie in movies:
            for form in forms(movie.title):
                self.by_key[form.key].append((movie, form))

    def candidates(self, parsed: ParsedTitle) -> list[Candidate]:
        """The best candidate of each work, best first (none without a year)."""
        if parsed.year is None:
            return []
        best: dict[int, Candidate] = {}
        for name in parsed.names:
            for form in forms(name):
                for movie, theirs in self.by_key.get(form.key, ()):
                    gap = abs(movie.year - parsed.year)
                    strength = max(form.strength, theirs.strength)
                    other_article = int(form.article != theirs.article)
                    if gap > YEAR_SLACK or (gap and (other_article or strength == TRIMMED)):
                        continue
                    found = Candidate(
                        movie.work_id,
                        movie.representative,
                        movie.title_id,
                        (gap, strength, other_article),
                    )
                    held = best.get(movie.work_id)
                    if held is None or _order(found) < _order(held):
                        best[movie.work_id] = found
        return sorted(best.values(), key=_order)


def _order(c: Candidate) -> tuple:
    return c.rank, c.representative, c.title_id


class MovieMatch(NamedTuple):
    movie_id: int
    outcome: str
    """One of ``OUTCOMES``."""
    candidate: Candidate | None
    """The chosen title (``matched``), or the best one found (``ambiguous``, ``contested``)."""


@dataclass(frozen=True, slots=True)
class Bridge:
    """Every MovieLens movie's outcome, by movie id."""

    outcomes: dict[int, MovieMatch]

    @property
    def mapping(self) -> pl.DataFrame:
        """``movie_id`` (Int64) -> ``title_id`` (String), matched movies only, by movie id."""
        pairs = [
            (m.movie_id, m.candidate.representative)
            for m in self.outcomes.values()
            if m.outcome == MATCHED and m.candidate is not None
        ]
        return pl.DataFrame(
            pairs, schema={"movie_id": pl.Int64, "title_id": pl.String}, orient="row"
        )

    def count(self, outcome: str) -> int:
        """How many movies had this outcome (one of ``OUTCOMES``)."""
        return sum(1 for m in self.outcomes.values() if m.outcome == outcome)

    @property
    def matched(self) -> int:
        return self.count(MATCHED)


def _film_id(parsed: ParsedTitle) -> tuple[str, int | None]:
    """What makes two MovieLens entries one film listed twice: the main title's key and year."""
    return title_key(parsed.names[0]).key if parsed.names else "", parsed.year


def match_movies(movies: Iterable[tuple[int, str]], index: CatalogIndex) -> Bridge:
    """Match ``(movie_id, MovieLens title)`` pairs to catalog titles (module docstring)."""
    outcomes: dict[int, MovieMatch] = {}
    claims: dict[str, list[tuple[Candidate, int, tuple[str, int | None]]]] = defaultdict(list)
    for movie_id, raw in movies:
        parsed = parse_title(raw)
        if parsed.year is None:
            outcomes[movie_id] = MovieMatch(movie_id, NO_YEAR, None)
            continue
        found = index.candidates(parsed)
        if not found:
            outcomes[movie_id] = MovieMatch(movie_id, NO_MATCH, None)
        elif len(found) > 1 and found[1].rank == found[0].rank:
            outcomes[movie_id] = MovieMatch(movie_id, AMBIGUOUS, found[0])
        else:
            claims[found[0].representative].append((found[0], movie_id, _film_id(parsed)))
    for claimants in claims.values():
        best_rank = min(c[0].rank for c in claimants)
        one_film = len({film for c, _, film in claimants if c.rank == best_rank}) == 1
        for candidate, movie_id, _ in claimants:
            won = candidate.rank == best_rank and one_film
            outcomes[movie_id] = MovieMatch(movie_id, MATCHED if won else CONTESTED, candidate)
    return Bridge(dict(sorted(outcomes.items())))


RATING_COLUMNS = ("user_id", "title_id", "rating", "timestamp", "movie_id")
"""The columns of bridged ratings, in the order of the shipped file."""


def bridge_ratings(ratings: pl.DataFrame, mapping: pl.DataFrame) -> pl.DataFrame:
    """MovieLens ratings (``userId,movieId,rating,timestamp``) of matched movies, keyed by
    catalog title: ``RATING_COLUMNS``, one row per (user, title), sorted by user and title.

    A person who rated two MovieLens entries of one film keeps the later rating (on a tie, the
    higher), the rule ``core.taste.store`` applies across batches too.
    """
    return (
        ratings.select(
            pl.col("userId").cast(pl.Int64).alias("user_id"),
            pl.col("movieId").cast(pl.Int64).alias("movie_id"),
            pl.col("rating").cast(pl.Float64),
            pl.col("timestamp").cast(pl.Int64),
        )
        .join(mapping, on="movie_id", how="inner")
        .sort("user_id", "title_id", "timestamp", "rating", "movie_id")
        .unique(subset=["user_id", "title_id"], keep="last", maintain_order=True)
        .select(RATING_COLUMNS)
    )
