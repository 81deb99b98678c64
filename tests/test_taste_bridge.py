"""The MovieLens bridge on tiny catalogs with known answers: titles as MovieLens writes them
(articles moved to the end, alternative titles, "a.k.a."), years a year apart, movies only,
ambiguity, and one work keyed by one title id."""

from __future__ import annotations

import sqlite3

import polars as pl
import pytest

from core.taste.bridge import (
    AMBIGUOUS,
    CONTESTED,
    MATCHED,
    NO_MATCH,
    NO_YEAR,
    Bridge,
    CatalogIndex,
    bridge_ratings,
    catalog_movies,
    match_movies,
)
from core.taste.names import parse_title


def catalog(*rows: tuple) -> sqlite3.Connection:
    """A database with the columns the bridge reads: ``(id, title, year[, type[, unit[,
    work]]])``; each title is its own work unless ``work`` groups it with others."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE titles (id TEXT PRIMARY KEY, display_title TEXT, release_year INTEGER, "
        "type TEXT, duration_type TEXT)"
    )
    conn.execute("CREATE TABLE w_members (title_id TEXT PRIMARY KEY, work_id INTEGER)")
    for n, (title_id, title, year, *rest) in enumerate(rows, 1):
        kind, unit, work = (*rest, *("movie", "min", n)[len(rest) :])
        conn.execute(
            "INSERT INTO titles VALUES (?, ?, ?, ?, ?)", (title_id, title, year, kind, unit)
        )
        conn.execute("INSERT INTO w_members VALUES (?, ?)", (title_id, work))
    return conn


def bridge(conn: sqlite3.Connection, *movies: tuple[int, str]) -> Bridge:
    return match_movies(movies, CatalogIndex(catalog_movies(conn)))


def keyed(result: Bridge) -> dict[int, str]:
    """movie id -> the title id its ratings are keyed by."""
    return dict(result.mapping.iter_rows())


@pytest.mark.parametrize(
    ("raw", "names", "year"),
    [
        ("Matrix, The (1999)", ("The Matrix",), 1999),
        ("Misérables, Les (1998)", ("Les Misérables",), 1998),
        ("Auberge espagnole, L' (2002)", ("L'Auberge espagnole",), 2002),
        (
            "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)",
            ("Amélie", "Le Fabuleux destin d'Amélie Poulain"),
            2001,
        ),
        ("Seven (a.k.a. Se7en) (1995)", ("Seven", "Se7en"), 1995),
        (
            "Léon: The Professional (a.k.a. The Professional) (Léon) (1994)",
            ("Léon: The Professional", "The Professional", "Léon"),
            1994,
        ),
        (
            "From Dusk Till Dawn 2: Texas Blood Money (1999) ",
            ("From Dusk Till Dawn 2: Texas Blood Money",),
            1999,
        ),
        ("Death Note: Desu nôto (2006\u20132007)", ("Death Note: Desu nôto",), 2006),
        ("Babylon 5", ("Babylon 5",), None),
    ],
)
def test_movielens_titles_give_every_name_the_film_goes_by(raw, names, year) -> None:
    assert parse_title(raw) == (names, year)


@pytest.mark.parametrize(
    ("movie", "catalog_title", "year"),
    [
        ("Matrix, The (1999)", "The Matrix", 1999),
        ("Misérables, Les (1998)", "Les Misérables", 1998),
        ("Auberge espagnole, L' (2002)", "L'auberge espagnole", 2002),
        (
            "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)",
            "Le fabuleux destin d'Amélie Poulain",
            2001,
        ),
        ("Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)", "Amelie", 2001),
        ("Seven (a.k.a. Se7en) (1995)", "Se7en", 1995),
        ("Godfather: Part II, The (1974)", "The Godfather Part 2", 1974),
        ("Star Wars: Episode IV - A New Hope (1977)", "Star Wars: A New Hope (Episode IV)", 1977),
        ("Star Wars: The Last Jedi (2017)", "Star Wars: Episode VIII: The Last Jedi", 2017),
        (
            "Nightmare Before Christmas, The (1993)",
            "Tim Burton's The Nightmare Before Christmas",
            1993,
        ),
        ("Life with Father (1947)", "Life With Father - A Restored Color Classic", 1947),
        ("Shark Night 3D (2011)", "Shark Night", 2011),
        ("Chinese Box (1997)", "Chinese Box", 1998),
        ("Chinese Box (1997)", "Chinese Box", 1996),
    ],
)
def test_a_movie_matches_the_catalog_title_it_is(movie, catalog_title, year) -> None:
    result = bridge(catalog(("ns1", catalog_title, year)), (1, movie))
    assert keyed(result) == {1: "ns1"}


@pytest.mark.parametrize(
    ("movie", "catalog_title", "year", "why"),
    [
        ("Chinese Box (1997)", "Chinese Box", 1999, "two years apart"),
        ("Soul (2020)", "The Soul", 2021, "an article apart needs the exact year"),
        (
            "Nightmare Before Christmas, The (1993)",
            "Tim Burton's The Nightmare Before Christmas",
            1994,
            "a trimmed form needs the exact year",
        ),
        ("Schindler's List (1993)", "List", 1993, "a trimmed form keeps two words"),
        ("Mission: Impossible - Fallout (2018)", "Fallout", 2018, "nor a single word"),
        ("Matrix, The (1999)", "The Matrix Reloaded", 1999, "other words"),
    ],
)
def test_a_movie_does_not_match_a_title_that_is_not_it(movie, catalog_title, year, why) -> None:
    result = bridge(catalog(("ns1", catalog_title, year)), (1, movie))
    assert result.outcomes[1].outcome == NO_MATCH, why


def test_an_article_apart_matches_in_the_same_year() -> None:
    result = bridge(catalog(("ns1", "The Boondock Saints", 2000)), (1, "Boondock Saints (2000)"))
    assert keyed(result) == {1: "ns1"}


def test_only_movies_match_not_shows_nor_shows_typed_as_movies() -> None:
    conn = catalog(
        ("ns1", "Fargo", 1996, "tv show", "season"),
        ("hs1", "Fargo", 1996, "movie", "season"),  # Hulu: a "movie" measured in seasons
    )
    assert bridge(conn, (1, "Fargo (1996)")).outcomes[1].outcome == NO_MATCH
    conn.execute("INSERT INTO titles VALUES ('as9', 'Fargo', 1996, 'movie', 'min')")
    conn.execute("INSERT INTO w_members VALUES ('as9', 99)")
    assert keyed(bridge(conn, (1, "Fargo (1996)"))) == {1: "as9"}


def test_the_exact_year_wins_over_a_year_apart() -> None:
    conn = catalog(("ns1", "Hamlet", 1996), ("ns2", "Hamlet", 1997))
    assert keyed(bridge(conn, (1, "Hamlet (1996)"))) == {1: "ns1"}
    assert keyed(bridge(conn, (1, "Hamlet (1995)"))) == {1: "ns1"}


def test_two_works_that_match_equally_are_ambiguous_and_counted() -> None:
    conn = catalog(("as1", "Sucker Punch", 2011), ("hs1", "Sucker Punch", 2011))
    result = bridge(conn, (1, "Sucker Punch (2011)"), (2, "Babylon 5"))
    assert result.outcomes[1].outcome == AMBIGUOUS
    assert result.outcomes[2].outcome == NO_YEAR
    assert result.count(AMBIGUOUS) == 1 and result.mapping.height == 0


def test_a_film_on_two_platforms_is_keyed_by_its_smallest_id() -> None:
    conn = catalog(
        ("ns5", "The Matrix", 1999, "movie", "min", 7), ("hs9", "Matrix", 1999, "movie", "min", 7)
    )
    result = bridge(conn, (1, "Matrix, The (1999)"))
    assert result.outcomes[1].outcome == MATCHED
    assert keyed(result) == {1: "hs9"}


def test_a_sequel_grouped_into_the_films_work_does_not_take_its_ratings() -> None:
    # The catalogs' works sometimes hold a short or a sequel beside the film: "Frozen" must
    # keep its own id, not the smaller id of "Frozen Fever".
    conn = catalog(
        ("ds2", "Frozen", 2013, "movie", "min", 4),
        ("ds1", "Frozen Fever", 2015, "movie", "min", 4),
        ("ds3", "Home Alone", 1990, "movie", "min", 5),
        ("ds4", "Home Alone 2: Lost in New York", 1992, "movie", "min", 5),
    )
    result = bridge(
        conn,
        (1, "Frozen (2013)"),
        (2, "Home Alone (1990)"),
        (3, "Home Alone 2: Lost in New York (1992)"),
    )
    assert keyed(result) == {1: "ds2", 2: "ds3", 3: "ds4"}


def test_two_films_claiming_one_title_leave_it_to_the_closer_or_to_none() -> None:
    conn = catalog(("ns1", "The Descent", 2006))
    closer = bridge(
        conn, (1, "Descent, The (2005)"), (2, "Descent, The (2007)"), (3, "Descent (2006)")
    )
    assert keyed(closer) == {3: "ns1"}
    assert {closer.outcomes[m].outcome for m in (1, 2)} == {CONTESTED}
    tied = bridge(conn, (1, "Descent, The (2005)"), (2, "Descent, The (2007)"))
    assert tied.count(CONTESTED) == 2 and tied.mapping.height == 0


def test_a_film_movielens_lists_twice_keeps_the_later_rating_of_each_person() -> None:
    conn = catalog(("ns1", "War of the Worlds", 2005))
    result = bridge(conn, (34048, "War of the Worlds (2005)"), (64997, "War of the Worlds (2005)"))
    assert keyed(result) == {34048: "ns1", 64997: "ns1"}
    ratings = pl.DataFrame(
        {
            "userId": [1, 1, 2, 3, 3],
            "movieId": [34048, 64997, 64997, 34048, 99],
            "rating": [2.0, 4.5, 3.0, 5.0, 1.0],
            "timestamp": [100, 200, 50, 10, 5],
        }
    )
    assert bridge_ratings(ratings, result.mapping).rows() == [
        (1, "ns1", 4.5, 200, 64997),
        (2, "ns1", 3.0, 50, 64997),
        (3, "ns1", 5.0, 10, 34048),
    ]
