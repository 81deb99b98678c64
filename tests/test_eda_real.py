"""The charts on the real catalogs: what a reader should see in them.

Read from the catalogs shipped in data/titles. The images themselves were looked at by eye (see
docs/eda.md); these tests pin the findings that made them worth looking at.
"""

from __future__ import annotations

import shutil

import pytest

from core import eda, queries
from core.db import connect
from core.etl import run_etl
from core.platforms import PLATFORMS
from tests.conftest import write_ratings

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def conn(real_titles_dir, tmp_path_factory):
    """The real catalogs and a single rating: these findings are about the catalogs only."""
    source = tmp_path_factory.mktemp("eda_real")
    for platform in PLATFORMS:
        shutil.copy(real_titles_dir / platform.file_name, source / platform.file_name)
    write_ratings(source, "ratings_1.csv", [(1, 4.0, 1_600_000_000, "ns1")])
    run_etl(source, source / "real.db")
    conn = connect(source / "real.db")
    yield conn
    conn.close()


def _found(conn, name, platform=None):
    return {(f.code, f.platform): f.params for f in eda.findings(conn, name, platform)}


def test_prime_videos_longest_movies_are_sleep_videos(conn):
    found = _found(conn, "durations", "amazon")
    outliers = found[("duration_outliers", "amazon")]
    assert "Sleep" in outliers["title"] and outliers["minutes"] >= 540
    assert outliers["n"] >= 20
    longest = queries.get_max_duration(conn, platform="amazon")
    assert outliers["minutes"] == longest.duration


def test_prime_video_is_left_out_of_titles_added_for_lack_of_dates(conn):
    missing = _found(conn, "added")[("added_missing", "amazon")]
    assert missing["n"] < missing["total"] / 10


def test_platforms_keep_their_character(conn):
    genres = _found(conn, "genres")
    assert genres[("genre_top", "disney")]["genre"] == "kids"
    # "International" labels half of Netflix and none of Disney+: a label, not a genre the
    # others lack, so it is never called distinctive (like with like, issue 15.5).
    assert genres[("genre_distinctive", "netflix")]["genre"] != "international"
    maturity = _found(conn, "maturity")
    assert maturity[("maturity_most_adult", None)]["platform"] == "netflix"
    assert maturity[("maturity_least_adult", None)]["platform"] == "disney"
    mix = _found(conn, "mix")[("mix_most_shows", None)]
    assert mix["platform"] == "hulu"


def test_overlap_finds_titles_on_several_platforms(conn):
    found = _found(conn, "overlap")
    assert 100 < found[("overlap_total", None)]["n"] < 2000
    pair = found[("overlap_pair", None)]
    assert pair["n"] > 50
