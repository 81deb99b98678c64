"""Catalog queries on the real Kaggle catalogs (with generated ratings).

Two kinds of check: the answers the original project published, and a cross-check of every query
against an independent polars computation over the cleaned CSVs (and the raw rating events) for
200 seeded random argument combinations each.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from core.clean import clean_catalog
from core.db import connect
from core.etl import run_etl
from core.platforms import CATALOG_COLUMNS, PLATFORM_KEYS, PLATFORMS
from core.queries import (
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

COMBOS = 200
ALIASES = {
    "amazon": ["amazon", "Prime Video", "prime", "amazon prime"],
    "disney": ["disney", "Disney+", "disney plus"],
    "hulu": ["hulu", "HULU"],
    "netflix": ["netflix", "Netflix"],
}

pytestmark = pytest.mark.real_data


@dataclass(frozen=True)
class Reference:
    """The catalog as polars frames, built without the database's SQL."""

    titles: pl.DataFrame
    """Cleaned titles plus ``words`` (padded folded words) and ``score``/``rating_count``."""
    cast: pl.DataFrame

    @property
    def years(self) -> list[int]:
        return self.titles["release_year"].to_list()


def _fold_words(col: str) -> pl.Expr:
    """core.text.words, restated with polars' regex engine: ' w1 w2 ... '."""
    spaced = (
        pl.col(col)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )
    return pl.concat_str(pl.lit(" "), spaced, pl.lit(" "))


@pytest.fixture(scope="module")
def loaded(
    real_titles_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[sqlite3.Connection, Reference]:
    """The real catalogs with demo-scale generated ratings, loaded once for the module.

    ``real_titles_dir`` (tests/conftest.py) unpacks the catalogs shipped in data/titles.
    """
    from core.sample import write_sample

    folder = tmp_path_factory.mktemp("real")
    write_sample(folder, scale="demo", seed=0, titles_dir=real_titles_dir)
    run_etl(folder, folder / "db.sqlite")  # builds the query tables too
    conn = connect(folder / "db.sqlite")

    cleaned = [
        clean_catalog(
            pl.read_csv(real_titles_dir / p.file_name, infer_schema=False, columns=CATALOG_COLUMNS),
            p,
        )
        for p in PLATFORMS
    ]
    events = pl.DataFrame(
        conn.execute("SELECT title_id, rating FROM ratings").fetchall(),
        schema={"id": pl.String, "rating": pl.Float64},
        orient="row",
    )
    scores = events.group_by("id").agg(
        (pl.col("rating").sum() / pl.len()).alias("score"),
        pl.len().cast(pl.Int64).alias("rating_count"),
    )
    titles = (
        pl.concat([c.titles for c in cleaned])
        .join(scores, on="id", how="left")
        .with_columns(pl.col("rating_count").fill_null(0), _fold_words("title").alias("words"))
    )
    return conn, Reference(titles=titles, cast=pl.concat([c.cast for c in cleaned]))


@pytest.fixture
def conn(loaded) -> sqlite3.Connection:
    return loaded[0]


@pytest.fixture
def ref(loaded) -> Reference:
    return loaded[1]


def _platform(rng: random.Random) -> tuple[str, str]:
    key = rng.choice(PLATFORM_KEYS)
    return key, rng.choice(ALIASES[key])


def _year(rng: random.Random, ref: Reference) -> int:
    """Mostly years that have titles; sometimes any year in range (often empty)."""
    years = ref.years
    return rng.choice(years) if rng.random() < 0.8 else rng.randint(min(years), max(years))


# --- the answers the original project published --------------------------------------------


def test_longest_amazon_movie_of_2018(conn) -> None:
    result = get_max_duration(conn, 2018, "amazon", "min")
    assert [(t.display_title.lower(), t.duration) for t in result.titles] == [
        ("soothing surf at del norte for sleep black screen", 601)
    ]


def test_disney_has_1450_titles_of_which_1052_movies(conn) -> None:
    result = get_count_platform(conn, "disney")
    assert (result.total, result.movies, result.shows) == (1450, 1052, 398)


def test_netflix_2014_top_actor_is_miyuki_sawashiro(conn) -> None:
    result = get_actor(conn, "netflix", 2014)
    assert (result.names, result.appearances) == (("miyuki sawashiro",), 5)


def test_hulu_has_no_cast_data(conn) -> None:
    result = get_actor(conn, "hulu", 2018)
    assert result.has_cast_data is False and result.titles > 0


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("strangr things", "ns3686"),  # Stranger Things
        ("the ofice", "as504"),  # The Office
        ("la casa de papel", "ns110"),
        ("spiderman", "hs1633"),  # Spider-Man; ds235 is also "Spider-Man"
        ("mandalorian", "ds378"),  # The Mandalorian, before "Disney Gallery / ... Mandalorian"
        ("Ratatouile", "ds1153"),
        ("BLACK mirror", "ns3775"),
    ],
)
def test_search_finds_real_titles_despite_typos(conn, typed: str, expected: str) -> None:
    hits = search(conn, typed, 3)
    assert expected in [h.id for h in hits[:2]], hits


# --- cross-checks against polars -------------------------------------------------------------


def test_max_duration_matches_polars(conn, ref) -> None:
    rng = random.Random(1)
    for _ in range(COMBOS):
        year = None if rng.random() < 0.2 else _year(rng, ref)
        key, spelling = (None, None) if rng.random() < 0.2 else _platform(rng)
        unit_given = rng.choice([None, "min", "season", "minutes", "seasons"])
        unit = "season" if unit_given and unit_given.startswith("season") else "min"
        frame = ref.titles.filter(pl.col("duration_type") == unit)
        if year is not None:
            frame = frame.filter(pl.col("release_year") == year)
        if key is not None:
            frame = frame.filter(pl.col("platform") == key)
        longest = frame["duration_int"].max()
        expected = (
            frame.filter(pl.col("duration_int") == longest).sort("title", "id")["id"].to_list()
            if longest is not None
            else []
        )
        result = get_max_duration(conn, year, spelling, unit_given)
        assert [t.id for t in result.titles] == expected, (year, key, unit)
        assert result.duration == longest


def test_score_count_matches_polars(conn, ref) -> None:
    rng = random.Random(2)
    scored_titles = ref.titles.filter(pl.col("score").is_not_null())
    for _ in range(COMBOS):
        key, spelling = _platform(rng)
        year = _year(rng, ref)
        pool = scored_titles.filter((pl.col("platform") == key) & (pl.col("release_year") == year))
        choice = rng.random()
        if choice < 0.3 and pool.height:  # exactly a title's score: "strictly above" matters
            scored = rng.choice(pool["score"].to_list())
        elif choice < 0.6:
            scored = rng.randint(0, 20) / 4
        else:
            scored = round(rng.uniform(0, 5), 2)
        above = pool.filter(pl.col("score") > scored)
        result = get_score_count(conn, spelling, scored, year)
        movies = above.filter(pl.col("type") == "movie").height
        assert (result.movies, result.shows) == (movies, above.height - movies), (key, year)


def test_count_platform_matches_polars(conn, ref) -> None:
    for key in PLATFORM_KEYS:
        frame = ref.titles.filter(pl.col("platform") == key)
        movies = frame.filter(pl.col("type") == "movie").height
        for spelling in ALIASES[key]:
            result = get_count_platform(conn, spelling)
            assert (result.platform, result.movies, result.total) == (key, movies, frame.height)
    assert sum(c.total for c in get_count_platform(conn)) == ref.titles.height


def test_actor_matches_polars(conn, ref) -> None:
    rng = random.Random(3)
    appearances = (
        ref.cast.join(ref.titles.select("id", "platform", "release_year"), left_on="title_id",
                      right_on="id")
        .unique(["title_id", "name"])
        .group_by("platform", "release_year", "name")
        .len()
    )  # fmt: skip
    for _ in range(COMBOS):
        key, spelling = _platform(rng)
        year = _year(rng, ref)
        counts = appearances.filter((pl.col("platform") == key) & (pl.col("release_year") == year))
        best = counts["len"].max() or 0
        names = sorted(counts.filter(pl.col("len") == best)["name"].to_list()) if best else []
        result = get_actor(conn, spelling, year)
        assert (list(result.names), result.appearances) == (names, best), (key, year)
        assert result.has_cast_data == (best > 0)


def test_word_count_matches_polars(conn, ref) -> None:
    rng = random.Random(4)
    for _ in range(COMBOS):
        key, spelling = _platform(rng)
        titles = ref.titles.filter(pl.col("platform") == key)
        row = titles.row(rng.randrange(titles.height), named=True)
        found = row["words"].split()
        if rng.random() < 0.2 and len(found) > 1:  # a phrase, typed with punctuation
            i = rng.randrange(len(found) - 1)
            phrase, typed = f"{found[i]} {found[i + 1]}", f"{found[i]}-{found[i + 1].upper()}"
        elif rng.random() < 0.1:  # part of a word: must not match as a word
            phrase = typed = rng.choice(found)[:-1] or "zz"
        else:
            phrase = rng.choice(found)
            typed = row["title"] if len(found) == 1 else phrase.capitalize()
        if not any(ch.isalnum() for ch in typed):
            continue
        matching = titles.filter(pl.col("words").str.contains(f" {phrase} ", literal=True))
        movies = matching.filter(pl.col("type") == "movie").height
        result = get_word_count(conn, spelling, typed)
        assert (result.movies, result.total) == (movies, matching.height), (key, typed)


def test_top_rated_matches_polars(conn, ref) -> None:
    rng = random.Random(5)
    for _ in range(COMBOS):
        key, spelling = (None, None) if rng.random() < 0.5 else _platform(rng)
        year = None if rng.random() < 0.5 else _year(rng, ref)
        kind = rng.choice([None, "movie", "tv show"])
        min_count = rng.choice([None, 1, 5, 30, 100])
        limit = rng.randint(1, 20)
        frame = ref.titles.filter(
            pl.col("score").is_not_null()
            & (pl.col("rating_count") >= (min_count or _data_minimum(ref)))
            & pl.col("quarantine").is_null()  # catalog placeholders are never ranked
        )
        for col, value in (("platform", key), ("release_year", year), ("type", kind)):
            if value is not None:
                frame = frame.filter(pl.col(col) == value)
        expected = frame.sort(["score", "rating_count", "id"], descending=[True, True, False]).head(
            limit
        )
        result = top_rated(conn, spelling, year, kind, min_count=min_count, limit=limit)
        assert [(t.id, t.score) for t in result.titles] == list(
            zip(expected["id"], expected["score"], strict=True)
        ), (key, year, kind, min_count)


def _data_minimum(ref: Reference) -> int:
    """docs/queries.md's rule, restated: 30, or the (lower) median ratings per rated title
    when smaller, never under 10."""
    counts = ref.titles.filter(pl.col("score").is_not_null() & pl.col("quarantine").is_null())
    ordered = counts["rating_count"].sort()
    typical = ordered[(len(ordered) - 1) // 2]
    return 30 if typical >= 30 else max(10, typical)


def test_demo_scale_ratings_rank_titles_with_the_typical_count(conn, ref) -> None:
    assert _data_minimum(ref) == 12  # about 12 ratings per title at demo scale
    assert rating_bar(conn) == RatingBar(12, typical=12)
    result = top_rated(conn)
    assert len(result.titles) == 10 and all(t.rating_count >= 12 for t in result.titles)


def _scores(db: sqlite3.Connection, counts: dict[str, int], means: dict[str, float]) -> None:
    with db:
        db.execute("DELETE FROM title_scores")
        db.executemany(
            "INSERT INTO title_scores VALUES (?, ?, ?, ?)",
            [(i, means[i] * n, n, means[i]) for i, n in counts.items()],
        )


def test_at_full_scale_the_minimum_is_30_and_the_answers_are_unchanged(real_db_copy) -> None:
    """The counts and means full-scale generation gives every title (11,024,289 ratings, each
    title's shipped mean): every title has 399 or more, so the 30 applies as before."""
    from core.sample import read_means
    from core.sample.calibrated import ORIGINAL_RATINGS, title_targets

    db = connect(real_db_copy)
    ids = pl.DataFrame({"title_id": [r[0] for r in db.execute("SELECT id FROM titles")]})
    targets = title_targets(ids, read_means(), ORIGINAL_RATINGS)
    counts = dict(zip(ids["title_id"], targets.counts.tolist(), strict=True))
    means = {i: s / (2 * n) for i, s, n in zip(counts, targets.sums, counts.values(), strict=True)}
    _scores(db, counts, means)
    assert rating_bar(db) == RatingBar(30)
    for args in [(), ("netflix",), ("hulu", 2019, "movie"), (None, 2020, "show")]:
        assert top_rated(db, *args, limit=20) == top_rated(db, *args, min_count=30, limit=20)
    assert len(top_rated(db, limit=20).titles) == 20


def test_rating_counts_follow_every_score_write(real_db_copy) -> None:
    """The histogram the minimum reads stays what a scan of the titles gives, through inserts,
    updates (of count, and of title), deletes, and writes to catalog placeholders."""
    db = connect(real_db_copy)
    ids = [r[0] for r in db.execute("SELECT id FROM titles ORDER BY id")]
    placeholders = [r[0] for r in db.execute("SELECT id FROM titles WHERE quarantine IS NOT NULL")]
    assert placeholders  # the real catalogs have some (core.clean rule 7)
    rng = random.Random(7)
    scan = (
        "SELECT rating_count, count(*) FROM q_titles WHERE NOT quarantined "
        "GROUP BY rating_count ORDER BY 1"
    )
    for step in range(300):
        picked = rng.choice(placeholders) if step % 10 == 0 else rng.choice(ids)
        n = rng.randint(1, 40)
        with db:
            action = rng.random()
            if action < 0.5:
                db.execute(
                    "INSERT INTO title_scores VALUES (?, ?, ?, 3.0) ON CONFLICT (title_id) "
                    "DO UPDATE SET rating_count = excluded.rating_count",
                    (picked, 3.0 * n, n),
                )
            elif action < 0.8:
                db.execute(
                    "UPDATE title_scores SET title_id = ? WHERE title_id = "
                    "(SELECT title_id FROM title_scores ORDER BY title_id LIMIT 1) AND "
                    "NOT EXISTS (SELECT 1 FROM title_scores WHERE title_id = ?)",
                    (picked, picked),
                )
            else:
                db.execute("DELETE FROM title_scores WHERE title_id = ?", (picked,))
        held = db.execute("SELECT rating_count, titles FROM q_rating_counts ORDER BY 1").fetchall()
        assert held == db.execute(scan).fetchall(), step


def test_title_card_matches_polars(conn, ref) -> None:
    rng = random.Random(6)
    cast = ref.cast.group_by("title_id").agg(pl.col("name").sort_by("position"))
    names = dict(zip(cast["title_id"], cast["name"].to_list(), strict=True))
    for i in rng.sample(range(ref.titles.height), COMBOS):
        row = ref.titles.row(i, named=True)
        card = title(conn, row["id"].upper())
        assert (card.id, card.title, card.release_year, card.duration_int, card.rating_count) == (
            row["id"],
            row["title"],
            row["release_year"],
            row["duration_int"],
            row["rating_count"],
        )
        assert card.score == row["score"]
        assert list(card.cast_names) == names.get(row["id"], [])
