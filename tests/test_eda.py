"""core.eda: every chart is a real PNG, findings agree with the analytics queries, tiny data
gives the known answers, and the cache and the rating aggregates stay exact as data changes."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core import eda, queries, ratings, where
from core.db import connect
from core.eda import labels
from core.eda.finding import TEMPLATES
from core.errors import InvalidInput
from core.etl import run_etl
from core.platforms import CATALOG_COLUMNS, PLATFORM_KEYS
from harness.db import copy_db
from tests.conftest import catalog_row, write_csv, write_ratings

PER_PLATFORM = [n for n in eda.CHART_NAMES if eda.parse_chart(n).per_platform]


@pytest.fixture(scope="module")
def eda_db(demo_db, tmp_path_factory) -> Path:
    """The demo database, copied (these tests add tables and ratings), with eda_* built."""
    path = copy_db(demo_db, tmp_path_factory.mktemp("eda") / "eda.db")
    conn = connect(path)
    eda.ensure_eda_support(conn)
    conn.close()
    return path


@pytest.fixture(scope="module")
def conn(eda_db):
    conn = connect(eda_db)
    yield conn
    conn.close()


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


@pytest.mark.parametrize("name", eda.CHART_NAMES)
def test_every_chart_is_a_png_of_the_expected_size_with_real_content(conn, name):
    image = eda.chart(conn, name)
    assert image.png[:8] == b"\x89PNG\r\n\x1a\n"
    picture = Image.open(io.BytesIO(image.png))
    assert picture.size == (eda.WIDTH_PX, eda.HEIGHT_PX)
    rgb = pixels(image.png)
    inked = (rgb.sum(axis=2) < 3 * 235).mean()
    colours = len(np.unique(rgb.reshape(-1, 3)[::7], axis=0))
    assert inked > 0.03, f"{name} is almost blank ({inked:.1%} inked)"
    assert colours > 30, f"{name} has only {colours} colours"
    assert image.findings and all(f.text for f in image.findings)


@pytest.mark.parametrize("name", PER_PLATFORM)
def test_a_platform_chart_differs_between_platforms(conn, name):
    netflix, hulu = (pixels(eda.chart(conn, name, p).png) for p in ("netflix", "hulu"))
    assert np.abs(netflix - hulu).mean() > 1.0
    assert eda.chart(conn, name, "netflix").findings != eda.chart(conn, name, "hulu").findings


def test_spanish_charts_are_drawn_with_spanish_words(conn):
    english, spanish = eda.chart(conn, "maturity"), eda.chart(conn, "maturity", lang="es")
    assert english.png != spanish.png
    assert english.findings == spanish.findings  # findings are language-neutral data


def test_mix_findings_are_the_platform_counts(conn):
    shares = {f.platform: f.params for f in eda.findings(conn, "mix") if f.code == "mix_share"}
    for count in queries.get_count_platform(conn):
        assert shares[count.platform]["movies"] == count.movies
        assert shares[count.platform]["shows"] == count.shows


@pytest.mark.parametrize("platform", PLATFORM_KEYS)
def test_longest_movie_and_most_seasons_are_what_max_duration_says(conn, platform):
    movie = queries.get_max_duration(conn, platform=platform)
    show = queries.get_max_duration(conn, platform=platform, duration_type="season")
    found = {f.code: f.params for f in eda.findings(conn, "durations", platform)}
    if "duration_outliers" in found:
        assert found["duration_outliers"]["minutes"] == movie.duration
        assert found["duration_outliers"]["title"] == movie.titles[0].display_title
    most = {f.code: f.params for f in eda.findings(conn, "seasons", platform)}["seasons_max"]
    assert (most["n"], most["title"]) == (show.duration, show.titles[0].display_title)


def test_score_findings_are_the_title_scores(conn):
    for f in eda.findings(conn, "scores"):
        if f.code != "score_mean":
            continue
        n, mean = conn.execute(
            "SELECT count(*), avg(s.score) FROM title_scores s JOIN titles t ON t.id = s.title_id "
            "WHERE t.platform = ? AND s.rating_count >= ?",
            (f.platform, f.params["min"]),
        ).fetchone()
        assert f.params["n"] == n and f.params["score"] == round(mean, 2)


def test_rating_findings_add_up_to_the_ratings_table(conn):
    total, users = conn.execute("SELECT count(*), count(DISTINCT user_id) FROM ratings").fetchone()
    found = {f.code: f.params for f in eda.findings(conn, "activity")}
    assert found["activity_total"]["n"] == total
    found = {f.code: f.params for f in eda.findings(conn, "users")}
    assert found["users_median"]["users"] == users
    (top,) = conn.execute(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM ratings GROUP BY user_id)"
    ).fetchone()
    assert found["users_median"]["max"] == top


def test_overlap_counts_works_as_compare_counts_them(conn):
    """One definition of "shared": the works of core.where, which /compare counts too."""
    (shared,) = conn.execute("SELECT count(*) FROM w_works WHERE n_platforms > 1").fetchone()
    found = {f.code: f.params for f in eda.findings(conn, "overlap")}
    assert found["overlap_total"]["n"] == shared
    pair = found["overlap_pair"]
    both = where.compare(conn, pair["platform"], pair["platform_b"]).shared.total
    assert pair["n"] == both


def test_every_finding_reads_as_a_sentence_in_both_languages(conn):
    for name in eda.CHART_NAMES:
        for f in eda.findings(conn, name):
            assert f.code in TEMPLATES
            assert "{" not in f.text
            assert all(f.display_params(lang) for lang in labels.LANGS)


def test_a_repeat_is_served_from_the_cache_and_a_new_rating_refreshes_only_score_charts(
    eda_db, tmp_path
):
    conn = connect(copy_db(eda_db, tmp_path / "rated.db"))
    cache = eda.ChartCache()
    catalog = eda.chart(conn, "genres", cache=cache)
    scores = eda.chart(conn, "scores", cache=cache)
    started = time.perf_counter()
    assert eda.chart(conn, "genres", cache=cache) is catalog
    assert (time.perf_counter() - started) * 1000 < 5
    ratings.record_rating(conn, 777_001, "ns1", "4.5")
    assert eda.chart(conn, "genres", cache=cache) is catalog
    assert eda.chart(conn, "scores", cache=cache) is not scores
    assert eda.chart(conn, "genres", cache=eda.ChartCache()) is not catalog  # caches are owned
    conn.close()


def test_unknown_chart_suggests_the_closest_name(conn):
    with pytest.raises(eda.UnknownChart) as err:
        eda.chart(conn, "genre")
    assert err.value.code == "unknown_chart" and err.value.params["suggestion"] == "genres"


def test_a_comparison_chart_refuses_a_platform(conn):
    with pytest.raises(InvalidInput) as err:
        eda.chart(conn, "overlap", "netflix")
    assert err.value.code == "chart_no_platform"


def test_chart_labels_exist_in_both_languages_with_the_same_placeholders():
    import string

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, (english, spanish) in labels.LABELS.items():
        assert english.strip() and spanish.strip(), key
        assert fields(english) == fields(spanish), key


def test_core_eda_imports_neither_telegram_nor_the_bot_and_loads_matplotlib_lazily():
    code = (
        "import sys, core.eda; "
        "assert 'matplotlib' not in sys.modules; "  # the ETL imports core.eda for the aggregates
        "core.eda.chart; import core.eda.summary; "
        "assert 'matplotlib' in sys.modules; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('telegram', 'bot')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- tiny data with known answers -----------------------------------------------------------


def _tiny_source(folder: Path) -> Path:
    """Amazon has one 10-hour sleep video among ordinary movies; one film is on Amazon and
    Netflix under two spellings; Netflix is mostly international dramas."""
    movies = {
        "amazon": [
            catalog_row(f"s{i}", f"Amazon Film {i}", duration=f"{90 + i % 20} min")
            for i in range(1, 31)
        ]
        + [
            catalog_row("s31", "10 Hours of Rain for Sleep", duration="600 min",
                        listed_in="Special Interest"),
            catalog_row("s32", "Shared Movie!", release_year=2010),
        ],
        "netflix": [
            catalog_row(f"s{i}", f"Netflix Film {i}", duration=f"{95 + i % 15} min",
                        listed_in="International Movies, Dramas")
            for i in range(1, 31)
        ]
        + [catalog_row("s31", "Shared  Movie", release_year=2010)],
        "disney": [catalog_row("s1", "Disney Film", listed_in="Family")],
        "hulu": [catalog_row("s1", "Hulu Show", type="TV Show", duration="3 Seasons")],
    }  # fmt: skip
    from core.platforms import BY_KEY

    for key, rows in movies.items():
        write_csv(folder / BY_KEY[key].file_name, CATALOG_COLUMNS, rows)
    january = 1_577_836_800  # 2020-01-01 UTC
    rows = [(u, 4.0, january + u * 3600, f"as{t}") for u in range(1, 4) for t in range(1, 11)]
    rows += [(9, 3.0, january + 40 * 86400, "ns1")]  # one rating in February
    write_ratings(folder, "ratings_1.csv", rows)
    return folder


def _tiny_db(folder: Path) -> tuple[Path, Path]:
    source = _tiny_source(folder / "src")
    run_etl(source, folder / "tiny.db")
    return source, folder / "tiny.db"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The tiny database, read only."""
    _, db = _tiny_db(tmp_path_factory.mktemp("tiny"))
    conn = connect(db)
    eda.ensure_eda_support(conn)
    yield conn
    conn.close()


def test_a_ten_hour_sleep_video_is_a_named_outlier(tiny):
    conn = tiny
    found = {f.code: f.params for f in eda.findings(conn, "durations", "amazon")}
    assert found["duration_outliers"]["title"] == "10 Hours of Rain for Sleep"
    assert (found["duration_outliers"]["minutes"], found["duration_outliers"]["hours"]) == (600, 10)
    assert found["duration_outliers"]["n"] == 1


def test_the_same_film_spelled_two_ways_is_one_shared_title(tiny):
    conn = tiny
    found = {f.code: f.params for f in eda.findings(conn, "overlap")}
    assert found["overlap_total"]["n"] == 1
    assert (found["overlap_pair"]["platform"], found["overlap_pair"]["platform_b"]) == (
        "amazon",
        "netflix",
    )


def test_a_genre_label_only_one_platform_uses_is_never_called_its_distinctive_genre(tiny):
    """Like with like: "International" is a label only Netflix uses here, and "Special
    Interest" one only Prime Video uses; neither says what the others carry."""
    conn = tiny
    found = {f.code: f.params for f in eda.findings(conn, "genres", "netflix")}
    assert found["genre_top"]["genre"] in ("international", "drama")
    assert found.get("genre_distinctive", {}).get("genre") != "international"
    amazon = {f.code: f.params for f in eda.findings(conn, "genres", "amazon")}
    assert amazon.get("genre_distinctive", {}).get("genre") != "special"
    every = [f.code for f in eda.findings(conn, "genres")]
    assert "genre_exclusive" not in every


def test_rating_aggregates_count_users_and_months(tiny):
    conn = tiny
    users = {f.code: f.params for f in eda.findings(conn, "users")}
    assert users["users_median"] == {"users": 4, "n": 10, "max": 10}
    activity = {f.code: f.params for f in eda.findings(conn, "activity")}
    assert activity["activity_peak"] == {"month": "2020-01", "n": 30}
    assert activity["activity_total"]["last"] == "2020-02"


def test_rating_aggregates_fold_new_files_and_chat_ratings_like_a_rebuild(tmp_path):
    source, db = _tiny_db(tmp_path)
    conn = connect(db)
    assert eda.ensure_eda_support(conn) is False  # the ETL built them; nothing to do
    write_ratings(source, "ratings_2.csv", [(5, 2.0, 1_600_000_000, "ns2")])
    conn.close()
    run_etl(source, db)
    conn = connect(db)
    ratings.record_rating(conn, 424_242, "as31", "5")
    assert eda.ensure_eda_support(conn) is True
    folded = conn.execute("SELECT * FROM eda_user_hist ORDER BY 1, 2").fetchall()
    days = conn.execute("SELECT * FROM eda_day_counts ORDER BY 1, 2, 3").fetchall()
    assert eda.ensure_eda_support(conn, force=True) is True
    assert conn.execute("SELECT * FROM eda_user_hist ORDER BY 1, 2").fetchall() == folded
    assert conn.execute("SELECT * FROM eda_day_counts ORDER BY 1, 2, 3").fetchall() == days
    (total,) = conn.execute(
        "SELECT sum(n * users) FROM eda_user_hist WHERE platform = ''"
    ).fetchone()
    assert total == conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 33
    conn.close()


def test_charts_of_ratings_say_what_to_run_when_the_aggregates_are_missing(tmp_path, demo_db):
    conn = connect(copy_db(demo_db, tmp_path / "bare.db"))
    eda.drop_eda_support(conn)
    with pytest.raises(eda.EdaSupportMissing, match="streambot etl"):
        eda.chart(conn, "users")
    conn.close()
