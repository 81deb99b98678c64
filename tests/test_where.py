"""core.where on a tiny catalog with known works (tests/test_where_data.py): grouping at ETL time,
where, compare, what_adds, coverage, the stored evidence, and bad input."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core import db as dbmod
from core import where as works
from core.errors import InvalidInput, UnknownPlatform
from core.etl import run_etl
from core.platforms import CATALOG_COLUMNS, PLATFORMS
from harness.db import copy_db
from tests.conftest import write_csv
from tests.test_where_data import WORKS, write_where_source


@pytest.fixture(scope="module")
def where_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("where")
    db_path = folder / "where.db"
    run_etl(write_where_source(folder / "src"), db_path)
    return db_path


@pytest.fixture
def conn(where_db: Path):
    conn = dbmod.connect(where_db)
    yield conn
    conn.close()


def _work_sets(conn: sqlite3.Connection) -> list[set[str]]:
    found: dict[int, set[str]] = {}
    for title_id, work_id in conn.execute("SELECT title_id, work_id FROM w_members"):
        found.setdefault(work_id, set()).add(title_id)
    return list(found.values())


def test_the_etl_groups_the_catalogs_into_the_expected_works(conn):
    assert sorted(map(sorted, _work_sets(conn))) == sorted(map(sorted, WORKS))


def test_grouping_is_idempotent_and_rebuilt_only_when_asked(conn):
    assert works.ensure_where_support(conn) is False
    assert works.ensure_where_support(conn, force=True) is True
    assert sorted(map(sorted, _work_sets(conn))) == sorted(map(sorted, WORKS))


def test_remakes_sharing_a_name_stay_apart_and_the_remake_is_found_everywhere(conn):
    result = works.where(conn, "the lion king")
    first, second = result.works[:2]
    assert (first.release_year, first.platforms) == (2019, ("disney", "hulu", "netflix"))
    assert (second.release_year, second.platforms) == (1994, ("disney",))
    assert {t.id for t in first.titles} == {"ns1", "ds2", "hs1"}
    assert "ds3" not in {t.id for w in result.works[:2] for t in w.titles}  # the sequel


def test_each_title_carries_platform_id_year_type_and_duration(conn):
    (work, *_) = works.where(conn, "lion king").works
    hulu = next(t for t in work.titles if t.platform == "hulu")
    assert (hulu.id, hulu.display_title, hulu.release_year, hulu.type) == (
        "hs1",
        "Lion King",
        2019,
        "movie",
    )
    assert (hulu.duration_int, hulu.duration_type) == (118, "min")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pokemon detective pikachu", {"ns2", "as1"}),  # accents
        ("Pokémon: Detective Pikachu", {"ns2", "as1"}),
        ("spiderman into the spiderverse", {"ns3", "as2"}),  # punctuation and spacing
        ("blood and water", {"ns4", "as3"}),  # "&" / "and"
        ("Blood & Water", {"ns4", "as3"}),
        ("office", {"ns6", "hs2"}),  # a leading article
        ("lion kng", {"ns1", "ds2", "hs1"}),  # a typo: fuzzy search
    ],
)
def test_where_ignores_accents_punctuation_and_articles(conn, query, expected):
    assert {t.id for t in works.where(conn, query).works[0].titles} == expected


def test_a_title_on_one_platform_only_is_one_work_with_one_title(conn):
    (work, *_) = works.where(conn, "only on netflix").works
    assert work.platforms == ("netflix",)
    assert [t.id for t in work.titles] == ["ns5"]


def test_where_returns_nothing_for_text_no_title_resembles(conn):
    assert works.where(conn, "zzqxv wvvpt").works == ()


@pytest.mark.parametrize("text", ["the kingdom of heaven", "la casa de papel"])
def test_titles_that_share_only_little_words_with_the_query_are_not_matches(conn, text):
    """ "the kingdom of heaven" against "The Lion King" is "the", "of" and some letters ("king"
    is not "kingdom"): no match to offer."""
    assert works.where(conn, text).works == ()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "missing_argument"),
        ("   ", "missing_argument"),
        (None, "missing_argument"),
        ("!!!", "bad_search_text"),
        ("the", "where_stop_words"),
        ("The Of And", "where_stop_words"),
        ("de la", "where_stop_words"),
    ],
)
def test_where_refuses_empty_queries_and_queries_of_only_stop_words(conn, text, code):
    with pytest.raises(InvalidInput) as caught:
        works.where(conn, text)
    assert caught.value.code == code


def test_search_as_you_type_accepts_a_lone_stop_word(conn):
    assert works.where(conn, "the", 10, strict=False).works


def test_every_match_carries_its_evidence(conn):
    pairs = {(p.a, p.b): p for p in works.explain(conn, "hs1")}
    hulu = pairs[("hs1", "ns1")]
    assert hulu.decision in ("link", "same") and hulu.rule == "evidence"
    assert hulu.evidence["title"] == "article" and hulu.evidence["minutes"] == [118, 118]
    assert hulu.evidence["weighed"]["length"] > 0 and hulu.evidence["weighed"]["year"] > 0
    remake = {(p.a, p.b): p for p in works.explain(conn, "ds1")}[("ds1", "ds2")]
    assert (remake.decision, remake.rule) == ("apart", "year")
    assert remake.evidence["years"] == [1994, 2019]
    assert remake.evidence["directors"]["state"] == "conflict"
    assert remake.evidence["cast"]["shared"] == ["james earl jones"]


def test_compare_counts_shared_and_unique_works_by_type(conn):
    result = works.compare(conn, "Netflix", "disney+")
    assert (result.platform_a, result.platform_b) == ("netflix", "disney")
    assert (result.shared.movies, result.shared.shows) == (1, 0)
    assert (result.only_a.movies, result.only_a.shows) == (3, 2)
    assert (result.only_b.movies, result.only_b.shows) == (2, 0)


def test_compare_names_a_lead_only_when_like_is_compared_with_like_beyond_chance(conn):
    """Comedy 3 vs 0: Disney+ labels no comedy here, so it is a label, not a lead; action 2 of
    6 against 1 of 3 is chance. Kids 3 of 3 against 2 of 6 is a lead (issue 15.5)."""
    result = works.compare(conn, "netflix", "disney")
    assert result.strongest_a == ()
    assert [(g.genre, g.on_a, g.on_b) for g in result.strongest_b] == [("kids", 2, 3)]


def test_genre_counts_belong_to_one_database_and_follow_its_rebuilds(conn, tmp_path):
    """The counts live in the ``GenreCounts`` a caller owns (``Services`` keeps one per
    database), not in a module: another database, counted with its own, keeps its figures."""
    counts = works.GenreCounts()
    before = works.compare(conn, "netflix", "disney", genres=counts)
    kept = counts.of(conn)
    assert counts.of(conn) is kept  # counted once per build
    works.ensure_where_support(conn, force=True)  # a new build: counted again, same figures
    assert counts.of(conn) is not kept
    assert works.compare(conn, "netflix", "disney", genres=counts) == before
    source = write_where_source(tmp_path / "src")
    for platform in PLATFORMS:  # another catalog: Netflix alone
        if platform.key != "netflix":
            write_csv(source / platform.file_name, CATALOG_COLUMNS, [])
    other_db = tmp_path / "other.db"
    run_etl(source, other_db)
    other = dbmod.connect(other_db)
    try:
        mine = works.GenreCounts()
        alone = works.compare(other, "netflix", "disney", genres=mine)
        assert alone.strongest_b == () and alone.shared.total == 0
        assert works.compare(conn, "netflix", "disney", genres=counts) == before
    finally:
        other.close()


def test_compare_chart_is_a_png(conn):
    png = works.compare_chart(works.compare(conn, "netflix", "hulu"), "es")
    assert png.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("a", "b", "code"),
    [("netflx", "hulu", "unknown_platform"), ("hulu", "Hulu", "where_same_platform")],
)
def test_compare_refuses_unknown_or_identical_platforms(conn, a, b, code):
    with pytest.raises(InvalidInput) as caught:
        works.compare(conn, a, b)
    assert caught.value.code == code
    if isinstance(caught.value, UnknownPlatform):
        assert caught.value.params["suggestion"] == "netflix"


def test_what_adds_counts_the_new_works_and_ranks_them_best_known_first(conn):
    result = works.what_adds(conn, ["netflix"], "disney", min_count=1)
    assert (result.candidate_works.total, result.added.movies, result.added.shows) == (3, 2, 0)
    # Best known: lead cast seen on other catalogs (ds1's James Earl Jones is on Netflix).
    assert result.best_by == "reach" and [t.id for t in result.best] == ["ds1"]
    assert result.share == pytest.approx(2 / 3)
    hulu = works.what_adds(conn, ["netflix"], "hulu", min_count=1)  # Hulu lists no cast
    assert hulu.best_by == "score"


def test_what_adds_without_enough_ratings_ranks_nothing(conn):
    # A title has a rating or two here, so the data's minimum is its floor, 10 (the fixed 30
    # before it followed the data): nothing qualifies, and the answer says how many it needs.
    result = works.what_adds(conn, ["netflix", "amazon"], "hulu")
    assert (result.added.total, result.best, result.bar.min_count) == (1, (), 10)


def test_what_adds_refuses_a_candidate_already_had(conn):
    with pytest.raises(InvalidInput) as caught:
        works.what_adds(conn, ["disney", "hulu"], "Disney+")
    assert caught.value.code == "where_candidate_in_have"


def test_coverage_counts_works_on_one_to_four_platforms(conn):
    result = works.coverage(conn)
    assert (result.titles, result.works) == (16, 10)
    assert result.by_platforms == {1: 5, 2: 4, 3: 1, 4: 0}


def test_a_hand_override_fixes_a_decision_and_survives_a_rebuild(where_db, tmp_path):
    conn = dbmod.connect(copy_db(where_db, tmp_path / "copy.db"))
    try:
        works.override_match(conn, "hs1", "ns1", False, "pretend Hulu's is another film")
        assert {t.id for t in works.where(conn, "lion king").works[0].titles} == {"ns1", "ds2"}
        works.ensure_where_support(conn, force=True)
        apart = {(p.a, p.b): p for p in works.explain(conn, "hs1")}[("hs1", "ns1")]
        assert apart.rule == "override"
        assert apart.evidence["note"] == "pretend Hulu's is another film"
        with pytest.raises(InvalidInput):
            works.override_match(conn, "hs1", "zz9", True, "no such title")
    finally:
        conn.close()


def test_queries_before_the_work_tables_exist_say_what_to_run(tmp_path):
    conn = dbmod.connect(tmp_path / "empty.db")
    try:
        dbmod.ensure_schema(conn)
        with pytest.raises(works.WhereSupportMissing):
            works.coverage(conn)
    finally:
        conn.close()
