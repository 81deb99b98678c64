"""Catalog queries on a tiny hand-made catalog whose right answers are known by heart.

The real-data checks (known answers from the original project, and a cross-check against polars
on random arguments) are in ``test_queries_real.py``.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from core.db import connect
from core.errors import InvalidInput, QuerySupportMissing, UnknownPlatform, UnknownTitle
from core.etl import run_etl
from core.platforms import BY_KEY, CATALOG_COLUMNS
from core.queries import (
    drop_query_support,
    ensure_query_support,
    get_actor,
    get_count_platform,
    get_max_duration,
    get_score_count,
    get_word_count,
    rating_bar,
    search,
    title,
    top_rated,
)
from core.queries.results import RatingBar

# show_id, type, title, cast, release_year, rating, duration
CATALOGS: dict[str, list[tuple[str, ...]]] = {
    "netflix": [
        ("s1", "Movie", "Love Actually", "Ann, Bob", "2010", "PG", "120 min"),
        ("s2", "Movie", "I Love You", "Ann, Cy", "2010", "PG", "120 min"),
        ("s3", "Movie", "Lovely Bones", "Bob, Cy", "2010", "PG", "90 min"),
        ("s4", "TV Show", "Love's Labour", "Bob, Cy, Dee", "2010", "TV-14", "3 Seasons"),
        ("s5", "TV Show", "Spider-Man: Loves", "", "2011", "TV-14", "2 Seasons"),
        ("s6", "Movie", "Amélie", "Ann", "2011", "R", "100 min"),
        ("s7", "Movie", "Pokémon: Love, Again", "Ann, Ann", "2011", "G", "80 min"),
    ],
    "hulu": [
        ("s1", "Movie", "Hulu Love", "", "2010", "PG", "95 min"),
        ("s2", "TV Show", "Show", "", "2010", "2 Seasons", ""),
    ],
    "disney": [("s1", "Movie", "Frozen", "Elsa", "2013", "G", "102 min")],
    "amazon": [
        ("s1", "Movie", "Long", "", "2010", "R", "300 min"),
        ("s2", "Movie", "Longer", "", "2010", "R", "300 min"),
    ],
}
RATINGS = [  # (user, rating, title id)
    (1, 4.0, "ns1"),
    (2, 5.0, "ns1"),  # ns1: 4.5 from 2 ratings
    (1, 3.0, "ns2"),  # ns2: 3.0
    (1, 3.5, "ns3"),
    (2, 3.5, "ns3"),  # ns3: 3.5 from 2 ratings
    (3, 3.5, "ns6"),  # ns6 and ns7: 3.5 from 1 rating each
    (3, 3.5, "ns7"),
    (1, 5.0, "hs1"),
    (1, 1.0, "as1"),
]


def write_catalogs(folder: Path) -> None:
    (folder / "ratings").mkdir(parents=True, exist_ok=True)
    for key, rows in CATALOGS.items():
        with (folder / BY_KEY[key].file_name).open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(CATALOG_COLUMNS)
            for show_id, kind, name, cast, year, rating, duration in rows:
                out.writerow(
                    [show_id, kind, name, "", cast, "", "", year, rating, duration, "Dramas", ""]
                )
    with (folder / "ratings" / "ratings_1.csv").open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["userId", "rating", "timestamp", "movieId"])
        out.writerows((user, rating, 1_600_000_000, tid) for user, rating, tid in RATINGS)


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    folder = tmp_path_factory.mktemp("tiny")
    write_catalogs(folder)
    run_etl(folder, folder / "db.sqlite")
    return connect(folder / "db.sqlite")


def test_max_duration_returns_every_tied_title_sorted_by_title(conn) -> None:
    result = get_max_duration(conn, 2010, "netflix", "min")
    assert result.duration == 120
    assert [t.display_title for t in result.titles] == ["I Love You", "Love Actually"]
    assert result.titles[0].id == "ns2" and result.titles[0].release_year == 2010


def test_max_duration_defaults_to_movies_and_filters_are_optional(conn) -> None:
    result = get_max_duration(conn)
    assert (result.duration_type, result.duration) == ("min", 300)
    assert [t.id for t in result.titles] == ["as1", "as2"]
    assert get_max_duration(conn, year=2010).duration == 300


def test_max_duration_in_seasons_gives_the_longest_show(conn) -> None:
    assert [t.id for t in get_max_duration(conn, duration_type="seasons").titles] == ["ns4"]
    # Hulu's duration was in the rating column; the ETL moved it, so it counts.
    hulu = get_max_duration(conn, platform="hulu", duration_type="season")
    assert (hulu.duration, [t.id for t in hulu.titles]) == (2, ["hs2"])


def test_max_duration_with_no_match_is_empty_not_an_error(conn) -> None:
    result = get_max_duration(conn, 2013, "netflix")
    assert result.duration is None and result.titles == ()


@pytest.mark.parametrize(
    ("scored", "movies", "shows"),
    [(0, 3, 0), (3.0, 2, 0), (3.49, 2, 0), (3.5, 1, 0), (4.5, 0, 0)],
)
def test_score_count_is_strictly_above_and_skips_unrated(conn, scored, movies, shows) -> None:
    result = get_score_count(conn, "Netflix", scored, 2010)
    assert (result.movies, result.shows, result.total) == (movies, shows, movies + shows)


def test_count_platform_splits_movies_and_shows(conn) -> None:
    netflix = get_count_platform(conn, "netflix")
    assert (netflix.total, netflix.movies, netflix.shows) == (7, 5, 2)
    every = get_count_platform(conn)
    assert [(c.platform, c.total) for c in every] == [
        ("amazon", 2),
        ("disney", 1),
        ("hulu", 2),
        ("netflix", 7),
    ]


def test_actor_ties_are_all_returned_sorted(conn) -> None:
    result = get_actor(conn, "netflix", 2010)
    assert result.names == ("bob", "cy") and result.appearances == 3
    assert result.has_cast_data and result.titles == 4


def test_actor_counts_a_name_once_per_title(conn) -> None:
    result = get_actor(conn, "netflix", "2011")
    assert (result.names, result.appearances) == (("ann",), 2)


def test_actor_without_cast_data_says_so(conn) -> None:
    result = get_actor(conn, "hulu", 2010)
    assert result.has_cast_data is False
    assert (result.names, result.appearances, result.titles) == ((), 0, 2)
    empty_year = get_actor(conn, "disney", 2010)
    assert (empty_year.has_cast_data, empty_year.titles) == (False, 0)


@pytest.mark.parametrize(
    ("word", "movies", "shows"),
    [
        ("love", 3, 1),  # "love actually", "i love you", "pokémon: love, again", "love's labour"
        ("LOVE", 3, 1),
        ("lovely", 1, 0),
        ("loves", 0, 1),
        ("pokemon", 1, 0),  # accents do not matter
        ("Amélie", 1, 0),
        ("spider-man", 0, 1),  # a phrase: "spider" then "man"
        ("man", 0, 1),
        ("love's", 0, 1),
        ("love again", 1, 0),
        ("again love", 0, 0),
        ("lov", 0, 0),
    ],
)
def test_word_count_matches_whole_words_only(conn, word, movies, shows) -> None:
    result = get_word_count(conn, "netflix", word)
    assert (result.movies, result.shows) == (movies, shows)


def test_user_text_is_never_sql(conn) -> None:
    hostile = "love'; DROP TABLE titles; --"
    assert get_word_count(conn, "netflix", hostile).word == "love drop table titles"
    assert search(conn, hostile) is not None
    assert conn.execute("SELECT count(*) FROM titles").fetchone()[0] == 12


def test_top_rated_orders_by_score_then_count_then_id(conn) -> None:
    result = top_rated(conn, "netflix", min_count=1)
    assert [(t.id, t.score) for t in result.titles] == [
        ("ns1", 4.5),
        ("ns3", 3.5),
        ("ns6", 3.5),
        ("ns7", 3.5),
        ("ns2", 3.0),
    ]
    assert [t.id for t in top_rated(conn, min_count=2).titles] == ["ns1", "ns3"]
    assert [t.id for t in top_rated(conn, year=2011, type="movies", min_count=1).titles] == [
        "ns6",
        "ns7",
    ]
    # A title has one or two ratings here: the data's minimum falls to its floor, 10, and
    # still nobody has enough (before the minimum followed the data, nobody had the fixed 30).
    assert top_rated(conn).bar == RatingBar(10, typical=1)
    assert top_rated(conn).titles == ()


def _set_counts(db: sqlite3.Connection, counts: list[int]) -> None:
    """Give the tiny catalog's 12 titles these rating counts (score 3 each; 0 or left out =
    unrated), as rating writes would: through ``title_scores`` and its triggers."""
    ids = [row[0] for row in db.execute("SELECT id FROM titles ORDER BY id")]
    assert len(counts) <= len(ids) == 12
    with db:
        db.execute("DELETE FROM title_scores")
        db.executemany(
            "INSERT INTO title_scores VALUES (?, ?, ?, 3.0)",
            [(i, 3.0 * n, n) for i, n in zip(ids, counts, strict=False) if n],
        )


@pytest.mark.parametrize(
    ("counts", "bar"),
    [
        # Every title rated 30 times or more (as at full scale, 399+ each): the standard 30.
        ([40, 35, 31, 30, 300, 45, 50, 60, 33, 34, 36, 37], RatingBar(30)),
        # Under 30 for half the rated or more (4 of 7; the unrated do not count): the median.
        ([29, 29, 29, 29, 40, 40, 40], RatingBar(29, typical=29)),
        # Demo scale, about 12 each: the median, 12, and at least half the titles rank.
        ([12, 12, 13, 11, 12, 13, 14, 12, 13, 12, 12, 13], RatingBar(12, typical=12)),
        # A handful each: never under 10, so a few fans cannot put a title on top.
        ([3, 2, 4, 3, 12, 0, 0, 0], RatingBar(10, typical=3)),
        ([], RatingBar(30)),  # nothing rated: nothing to rank, the standard stands
    ],
)
def test_the_minimum_is_30_or_the_typical_count_when_smaller_never_under_10(
    tmp_path: Path, counts: list[int], bar: RatingBar
) -> None:
    write_catalogs(tmp_path)
    run_etl(tmp_path, tmp_path / "db.sqlite")
    db = connect(tmp_path / "db.sqlite")
    _set_counts(db, counts)
    assert rating_bar(db) == bar
    ranked = top_rated(db, limit=20)
    assert ranked.bar == bar
    assert len(ranked.titles) == sum(n >= bar.min_count for n in counts)
    assert rating_bar(db, min_count=2) == RatingBar(2)  # a caller's own minimum wins


def test_scores_follow_rating_writes_through_triggers(tmp_path: Path) -> None:
    write_catalogs(tmp_path)
    run_etl(tmp_path, tmp_path / "db.sqlite")
    db = connect(tmp_path / "db.sqlite")
    with db:  # as a chat rating would: update, insert, delete title_scores
        db.execute("UPDATE title_scores SET score = 4.0, rating_count = 2 WHERE title_id = 'ns2'")
        db.execute("INSERT INTO title_scores VALUES ('ns4', 10.0, 2, 5.0)")
        db.execute("DELETE FROM title_scores WHERE title_id = 'ns1'")
    result = get_score_count(db, "netflix", 3.9, 2010)
    assert (result.movies, result.shows) == (1, 1)
    assert [t.id for t in top_rated(db, "netflix", min_count=2).titles] == ["ns4", "ns2", "ns3"]


def test_a_new_ratings_file_reaches_the_scores_without_a_rebuild(tmp_path: Path) -> None:
    write_catalogs(tmp_path)
    run_etl(tmp_path, tmp_path / "db.sqlite")
    db = connect(tmp_path / "db.sqlite")
    token = db.execute("SELECT value FROM q_meta WHERE key = 'token'").fetchone()
    db.close()  # the ETL wants the database to itself (see core.etl.run_etl)
    with (tmp_path / "ratings" / "ratings_2.csv").open("w", newline="") as fh:
        fh.write("userId,rating,timestamp,movieId\n9,5.0,1600000000,ns5\n9,1.0,1600000000,ns1\n")
    run_etl(tmp_path, tmp_path / "db.sqlite")  # appends through ADBC; the triggers fire
    db = connect(tmp_path / "db.sqlite")
    assert db.execute("SELECT value FROM q_meta WHERE key = 'token'").fetchone() == token
    assert get_score_count(db, "netflix", 4.9, 2011).shows == 1
    assert title(db, "ns1").score == pytest.approx(10 / 3)
    assert get_score_count(db, "netflix", 3.4, 2010).movies == 1  # ns1 fell to 3.33


def test_ensure_query_support_is_idempotent_and_follows_catalog_reloads(tmp_path: Path) -> None:
    write_catalogs(tmp_path)
    run_etl(tmp_path, tmp_path / "db.sqlite")  # the ETL builds the query tables
    db = connect(tmp_path / "db.sqlite")
    assert ensure_query_support(db) is False
    first = search(db, "frozen")[0]
    db.close()
    catalog = tmp_path / BY_KEY["disney"].file_name
    catalog.write_text(catalog.read_text().replace("Frozen", "Frozen II"), encoding="utf-8")
    run_etl(tmp_path, tmp_path / "db.sqlite")
    db = connect(tmp_path / "db.sqlite")
    assert ensure_query_support(db) is False
    assert search(db, "frozen")[0].display_title == "Frozen II" != first.display_title
    assert ensure_query_support(db, force=True) is True


def test_queries_without_support_say_what_to_run(tmp_path: Path) -> None:
    write_catalogs(tmp_path)
    run_etl(tmp_path, tmp_path / "db.sqlite")
    db = connect(tmp_path / "db.sqlite")
    drop_query_support(db)
    with pytest.raises(QuerySupportMissing, match="ensure_query_support"):
        get_count_platform(db, "netflix")
    with pytest.raises(QuerySupportMissing):
        search(db, "love")
    with db:  # no trigger is left behind to fail rating writes
        db.execute("UPDATE title_scores SET score = 1.0")
    assert ensure_query_support(db) is True
    assert get_count_platform(db, "netflix").total == 7


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda c: get_max_duration(c, 1999), "year_out_of_range"),
        (lambda c: get_max_duration(c, 2010, "hbo"), "unknown_platform"),
        (lambda c: get_max_duration(c, 2010, "netflix", "hours"), "bad_duration_type"),
        (lambda c: get_score_count(c, "netflix", 6, 2010), "score_out_of_range"),
        (lambda c: get_score_count(c, "netflix", "high", 2010), "bad_score"),
        (lambda c: get_score_count(c, "netflix", 3, "10"), "bad_year"),
        (lambda c: get_count_platform(c, "netflx"), "unknown_platform"),
        (lambda c: get_actor(c, "netflix", 2014), "year_out_of_range"),
        (lambda c: get_actor(c, None, 2010), "missing_argument"),
        (lambda c: get_word_count(c, "netflix", "..."), "bad_word"),
        (lambda c: top_rated(c, type="podcast"), "bad_title_type"),
        (lambda c: top_rated(c, min_count=0), "bad_min_count"),
        (lambda c: top_rated(c, limit=500), "bad_limit"),
        (lambda c: search(c, "  "), "bad_search_text"),
        (lambda c: title(c, "ns99"), "unknown_title"),
    ],
)
def test_queries_reject_bad_input_with_a_code(conn, call, code) -> None:
    with pytest.raises(InvalidInput) as caught:
        call(conn)
    assert caught.value.code == code
    assert "e.g." in str(caught.value)


def test_unknown_platform_in_a_query_suggests_closest(conn) -> None:
    with pytest.raises(UnknownPlatform) as caught:
        get_count_platform(conn, "Netflixx")
    assert caught.value.params["suggestion"] == "netflix"


def test_search_tolerates_typos_and_accents(conn) -> None:
    assert search(conn, "lov actualy")[0].id == "ns1"
    assert search(conn, "amelie")[0].display_title == "Amélie"
    assert search(conn, "POKEMON")[0].id == "ns7"
    assert [h.id for h in search(conn, "long", limit=2)] == ["as1", "as2"]


def test_search_needs_a_word_of_the_query_besides_the_little_ones(conn) -> None:
    """ "the office" shares only "the" with anything here: nothing comes back, not noise."""
    assert search(conn, "i love the office")[0].id == "ns2"
    assert search(conn, "the frozen")[0].display_title == "Frozen"
    assert search(conn, "the office") == ()
    assert search(conn, "spiderman loves")[0].id == "ns5"  # words run together still count


def test_title_card_has_everything(conn) -> None:
    card = title(conn, " NS1 ")
    assert (card.id, card.display_title, card.platform, card.type) == (
        "ns1",
        "Love Actually",
        "netflix",
        "movie",
    )
    assert card.cast_names == ("ann", "bob") and card.genres == ("dramas",)
    assert (card.score, card.rating_count, card.duration_int) == (4.5, 2, 120)
    assert title(conn, "ns4").score is None


def test_unknown_title_suggests_closest_ids_and_titles(conn) -> None:
    with pytest.raises(UnknownTitle) as caught:
        title(conn, "ns11")
    assert caught.value.params["given"] == "ns11"
    assert caught.value.params["suggestions"][0]["id"] == "ns1"
    with pytest.raises(UnknownTitle) as caught:
        title(conn, "frozen")
    assert caught.value.params["suggestions"][0] == {
        "id": "ds1",
        "title": "Frozen",
        "platform": "disney",
    }
