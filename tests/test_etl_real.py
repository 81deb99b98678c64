"""The catalog rules, checked on every row of the four real Kaggle catalogs."""

from __future__ import annotations

import csv
import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from core.etl import run_etl
from core.platforms import PLATFORMS

EXPECTED_COUNTS = {"amazon": 9668, "disney": 1450, "hulu": 3073, "netflix": 8807}


@pytest.fixture(scope="module")
def real_db(real_titles_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The real catalogs (no ratings) loaded once, plus the raw rows keyed by title id."""
    src = tmp_path_factory.mktemp("real")
    for p in PLATFORMS:
        (src / p.file_name).symlink_to(real_titles_dir / p.file_name)
    db_path = src / "real.db"
    summary = run_etl(src, db_path)
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    titles = {r["id"]: dict(r) for r in conn.execute("SELECT * FROM titles")}
    raw = {}
    for p in PLATFORMS:
        with (real_titles_dir / p.file_name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                raw[p.prefix + row["show_id"]] = row
    yield summary, conn, titles, raw
    conn.close()


def test_every_real_title_loads(real_db):
    summary, _, titles, _ = real_db
    assert summary.titles_by_platform == EXPECTED_COUNTS
    assert len(titles) == sum(EXPECTED_COUNTS.values())
    assert summary.rejects == {}


def test_rule1_id_is_platform_letter_plus_show_id(real_db):
    _, _, titles, raw = real_db
    assert set(titles) == set(raw)
    for tid, t in titles.items():
        assert tid == t["platform"][0] + t["show_id"]
        assert re.fullmatch(r"[adhn]s\d+", tid)


def test_rule2_null_maturity_rating_becomes_g(real_db):
    _, _, titles, raw = real_db
    nulls = [tid for tid, r in raw.items() if not r["rating"].strip()]
    assert len(nulls) > 300  # amazon alone has 337
    assert all(titles[tid]["rating"] == "g" for tid in nulls)
    assert all(t["rating"] for t in titles.values())


def test_rule3_date_added_is_iso(real_db):
    _, _, titles, raw = real_db
    checked = 0
    for tid, t in titles.items():
        text = raw[tid]["date_added"].strip()
        if not text:
            assert t["date_added"] is None
            continue
        expected = datetime.strptime(text, "%B %d, %Y").strftime("%Y-%m-%d")
        assert t["date_added"] == expected, (tid, text)
        checked += 1
    assert checked > 13_000
    # The real files have dates with a stray leading space; they parse too.
    assert any(r["date_added"].startswith(" ") for r in raw.values())


def test_rule4_text_is_lower_case_and_display_title_keeps_case(real_db):
    _, _, titles, raw = real_db
    for tid, t in titles.items():
        for col in (
            "type",
            "title",
            "director",
            "cast",
            "country",
            "rating",
            "listed_in",
            "description",
        ):
            value = t[col]
            assert value is None or value == value.lower(), (tid, col)
        assert t["display_title"] == " ".join(raw[tid]["title"].split())
        assert t["title"] == t["display_title"].lower()
        assert t["display_description"] == (raw[tid]["description"].strip() or None)


def test_names_keep_their_casing_for_display_beside_the_lower_case_for_matching(real_db):
    _, conn, _, _ = real_db
    rows = conn.execute(
        "SELECT name, display_name FROM title_cast WHERE display_name IN "
        "('Lin-Manuel Miranda', 'Tress MacNeille', 'Anne-Marie Newland')"
    ).fetchall()
    assert {d for _, d in rows} == {"Lin-Manuel Miranda", "Tress MacNeille", "Anne-Marie Newland"}
    assert all(name == display.lower() for name, display in rows)
    (elsa,) = conn.execute(
        "SELECT display_description FROM titles WHERE display_description LIKE "
        "'Anna and Kristoff brave the elements%'"
    ).fetchone()
    assert "save Elsa" in elsa
    genre = conn.execute(
        "SELECT genre, display_genre FROM title_genres WHERE title_id = 'ns1'"
    ).fetchone()
    assert tuple(genre) == ("documentaries", "Documentaries")


def test_rule6_a_line_break_inside_a_title_becomes_a_space(real_db):
    _, _, titles, raw = real_db
    broken = [tid for tid, r in raw.items() if "\n" in r["title"]]
    assert broken  # "The Memphis Belle: A Story of a\nFlying Fortress"
    for tid in broken:
        assert "\n" not in titles[tid]["display_title"]
    assert any(t["display_title"].endswith("A Story of a Flying Fortress") for t in titles.values())


def test_rule7_placeholder_rows_are_kept_as_titles_but_quarantined(real_db):
    summary, conn, titles, _ = real_db
    marked = {tid for tid, t in titles.items() if t["quarantine"] == "placeholder"}
    assert "as6417" in marked  # "Title before 1C onboarding - 5", cast "1, 2, 3"
    assert len(marked) == 35 and all(tid.startswith("as") for tid in marked)
    assert "ns5998" not in marked  # a real concert whose cast includes the band "4minute"
    assert {f.name: f.fixes.get("placeholder_row", 0) for f in summary.files}[
        "amazon_prime_titles.csv"
    ] == 35
    digits = conn.execute(
        "SELECT count(*) FROM title_cast WHERE trim(name, '0123456789 ') = ''"
    ).fetchone()[0]
    assert digits == 0


def test_rule5_duration_split_into_int_and_type(real_db):
    _, _, titles, raw = real_db
    for tid, t in titles.items():
        text = raw[tid]["duration"].strip() or raw[tid]["rating"].strip()
        m = re.fullmatch(r"(\d+) (min|Seasons?)", text)
        if m is None:
            assert t["duration_int"] is None and t["duration_type"] is None, tid
            continue
        assert t["duration_int"] == int(m[1])
        assert t["duration_type"] == ("min" if m[2] == "min" else "season")
    # "1 Season" and "3 Seasons" are both "season".
    assert titles["ns2"]["duration_type"] == "season" and titles["ns2"]["duration_int"] == 2


def test_netflix_duration_in_rating_is_moved_and_counted(real_db):
    summary, conn, titles, _ = real_db
    by_file = {f.name: f for f in summary.files}
    assert by_file["netflix_titles.csv"].fixes == {"duration_in_rating": 3}
    assert by_file["hulu_titles.csv"].fixes == {"duration_in_rating": 292}
    for tid, minutes in (("ns5542", 74), ("ns5795", 84), ("ns5814", 66)):
        assert (titles[tid]["duration_int"], titles[tid]["duration_type"]) == (minutes, "min")
        assert titles[tid]["rating"] == "g"
    audit = conn.execute(
        "SELECT count(*) FROM etl_fixes WHERE file = 'netflix_titles.csv' "
        "AND fix = 'duration_in_rating'"
    ).fetchone()[0]
    assert audit == 3


def test_cast_and_genres_are_one_row_per_item(real_db):
    _, conn, _, raw = real_db
    expected = sum(
        len([n for n in r["cast"].split(",") if n.strip() and not n.strip().isdigit()])
        for r in raw.values()
    )
    assert conn.execute("SELECT count(*) FROM title_cast").fetchone()[0] == expected
    # The U+2028 in amazon s28's cast is trimmed away like any other space.
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM title_cast WHERE title_id = 'as28' ORDER BY position"
        )
    ]
    assert "christina ricci" in names
    hulu_cast = conn.execute(
        "SELECT count(*) FROM title_cast WHERE title_id LIKE 'hs%'"
    ).fetchone()[0]
    assert hulu_cast == 0
    genres = conn.execute(
        "SELECT group_concat(genre, '|') FROM title_genres WHERE title_id = 'ns1'"
    ).fetchone()[0]
    assert genres == "documentaries"


def test_audit_records_files_with_hashes(real_db):
    _, conn, _, _ = real_db
    rows = conn.execute(
        "SELECT name, sha256, rows_read, rows_loaded FROM etl_files WHERE kind = 'catalog'"
    ).fetchall()
    assert {r[0]: (r[2], r[3]) for r in rows}["disney_plus_titles.csv"] == (1450, 1450)
    assert all(len(r[1]) == 64 for r in rows)
