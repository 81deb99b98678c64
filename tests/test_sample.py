"""The synthetic data generator: layout, determinism, real-data shapes and taste structure.

Everything runs at demo scale (one shared sample per session); the full-scale promises
(22,998 titles, 115,077 users, ~11M ratings) are checked on the cheap parts that fix
them (the title split and the ratings-per-user curve), never by generating full scale.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import scipy.sparse as sparse

from core.platforms import BY_KEY, CATALOG_COLUMNS, PLATFORM_KEYS, RATINGS_COLUMNS
from core.sample import (
    SCALES,
    _split_counts,
    catalog_from_frames,
    generate_ratings,
    generate_titles,
    write_sample,
)
from core.sample.ratings import VALUE_SHARES, ratings_per_user
from core.sample.vocab import KID_MATURITY, REAL_COUNTS, STATS

REPO = Path(__file__).resolve().parents[1]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = rf"^ ?({MONTHS}) \d{{1,2}}, \d{{4}}$"
DURATION = r"^(\d+ min|1 Season|\d+ Seasons)$"


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    write_sample(out, scale="demo", seed=0)
    return out


@pytest.fixture(scope="session")
def titles(demo_dir: Path) -> dict[str, pl.DataFrame]:
    return {
        p: pl.read_csv(demo_dir / BY_KEY[p].file_name, infer_schema=False) for p in PLATFORM_KEYS
    }


@pytest.fixture(scope="session")
def ratings(demo_dir: Path) -> pl.DataFrame:
    return pl.read_csv(sorted((demo_dir / "ratings").glob("ratings_*.csv")))


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


# --- determinism and layout ------------------------------------------------------------------


def test_same_seed_writes_byte_identical_files_even_in_another_process(
    demo_dir: Path, tmp_path: Path
) -> None:
    code = "import sys; from pathlib import Path; from core.sample import write_sample; "
    code += "write_sample(Path(sys.argv[1]), scale='demo', seed=0)"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env, cwd=REPO)
    assert _files(tmp_path) == _files(demo_dir)


def test_different_seed_changes_titles_and_ratings(demo_dir: Path, tmp_path: Path) -> None:
    write_sample(tmp_path, scale="demo", seed=1)
    ours, theirs = _files(demo_dir), _files(tmp_path)
    assert ours.keys() == theirs.keys()
    assert all(ours[name] != theirs[name] for name in ours)


def test_unknown_scale_names_the_valid_scales(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"'huge'.*\['demo', 'full'\]"):
        write_sample(tmp_path, scale="huge")


def test_layout_and_headers_are_exactly_the_real_ones(demo_dir: Path) -> None:
    names = {p.name for p in demo_dir.glob("*.csv")}
    assert names == {BY_KEY[p].file_name for p in PLATFORM_KEYS}
    shards = sorted(p.name for p in (demo_dir / "ratings").iterdir())
    assert shards == [f"ratings_{k}.csv" for k in range(1, SCALES["demo"].rating_files + 1)]
    for name in names:
        assert (demo_dir / name).read_text().split("\n", 1)[0] == ",".join(CATALOG_COLUMNS)
    for name in shards:
        header = (demo_dir / "ratings" / name).read_text().split("\n", 1)[0]
        assert header == ",".join(RATINGS_COLUMNS)


def test_summary_reports_what_was_written(tmp_path: Path) -> None:
    summary = write_sample(tmp_path / "s", scale="demo", seed=3)
    assert sum(summary.titles.values()) == SCALES["demo"].titles
    assert summary.users == SCALES["demo"].users
    assert all(path.is_file() for path in summary.files)
    written = pl.read_csv([p for p in summary.files if p.parent.name == "ratings"])
    assert written.height == summary.ratings


def test_smaller_scale_removes_stale_rating_shards(tmp_path: Path) -> None:
    (tmp_path / "ratings").mkdir()
    (tmp_path / "ratings" / "ratings_8.csv").write_text("stale")
    write_sample(tmp_path, scale="demo")
    assert not (tmp_path / "ratings" / "ratings_8.csv").exists()


# --- catalogs --------------------------------------------------------------------------------


def test_titles_split_like_the_real_catalogs(titles: dict[str, pl.DataFrame]) -> None:
    total = SCALES["demo"].titles
    assert sum(f.height for f in titles.values()) == total
    for p, frame in titles.items():
        assert abs(frame.height - total * REAL_COUNTS[p] / sum(REAL_COUNTS.values())) < 1
        assert frame["show_id"].to_list() == [f"s{i}" for i in range(1, frame.height + 1)]
    assert _split_counts(SCALES["full"].titles) == REAL_COUNTS


def test_columns_use_the_raw_kaggle_formats_and_vocabularies(
    titles: dict[str, pl.DataFrame],
) -> None:
    for p, frame in titles.items():
        stats = STATS[p]
        assert set(frame["type"]) <= {"Movie", "TV Show"}
        assert frame["date_added"].drop_nulls().str.contains(DATE).all()
        assert frame["release_year"].str.contains(r"^(19|20)\d\d$").all()
        assert frame["duration"].drop_nulls().str.contains(DURATION).all()
        genres = frame["listed_in"].str.replace("Arts, Entertainment, and Culture", "Arts")
        used = set(genres.str.split(", ").explode()) - {"Arts"}
        assert used <= set(stats.genres), used - set(stats.genres)
        labels = frame["rating"].drop_nulls()
        labels = labels.filter(~labels.str.contains(DURATION))
        assert set(labels) <= set(stats.maturity)
        assert frame["cast"].drop_nulls().str.contains(r"^[^,]+(, [^,]+)*$").all()


def test_maturity_labels_follow_kids_genres(titles: dict[str, pl.DataFrame]) -> None:
    frame = titles["netflix"]
    kids = frame["listed_in"].str.contains("Kids|Children")
    kid_label = frame["rating"].is_in(sorted(KID_MATURITY))
    assert kid_label.filter(kids).mean() > 2 * kid_label.filter(~kids).mean()


def test_known_quirks_of_the_real_files_are_reproduced(titles: dict[str, pl.DataFrame]) -> None:
    amazon, hulu, netflix = titles["amazon"], titles["hulu"], titles["netflix"]
    assert amazon["date_added"].is_null().mean() > 0.95
    assert hulu["cast"].is_null().all() and hulu["director"].is_null().all()
    no_duration = hulu.filter(pl.col("duration").is_null())
    assert 0.1 < no_duration.height / hulu.height < 0.2
    assert (no_duration["type"] == "Movie").all()
    assert no_duration["rating"].str.contains(DURATION).sum() > no_duration.height / 3
    moved = netflix.filter(pl.col("duration").is_null())
    assert moved.height >= 3 and moved["rating"].str.contains(r"^\d+ min$").all()
    assert netflix["date_added"].str.starts_with(" ").sum() >= 2


def test_amazon_has_hour_long_sleep_videos_among_ordinary_movies() -> None:
    amazon = generate_titles({"amazon": REAL_COUNTS["amazon"]}, seed=0)["amazon"]
    minutes = amazon.filter(pl.col("type") == "Movie")["duration"].str.extract(r"(\d+)")
    minutes = minutes.cast(pl.Int32)
    assert 80 <= minutes.median() <= 100
    assert 10 <= (minutes >= 479).sum() <= 50


def test_quoted_fields_survive_a_plain_csv_reader(demo_dir: Path) -> None:
    path = demo_dir / BY_KEY["amazon"].file_name
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert all(len(row) == len(CATALOG_COLUMNS) for row in rows)
    descriptions = [row[-1] for row in rows[1:]]
    assert any('"' in d for d in descriptions) and any("," in d for d in descriptions)


# --- ratings ---------------------------------------------------------------------------------


def test_ratings_use_known_ids_and_the_half_star_grid(
    ratings: pl.DataFrame, titles: dict[str, pl.DataFrame]
) -> None:
    ids = catalog_from_frames(titles)["title_id"]
    assert ratings["movieId"].is_in(ids.implode()).all()
    assert ratings["movieId"].str.contains(r"^[adhn]s\d+$").all()
    assert set(ratings["rating"].unique()) == {k / 2 for k in range(1, 11)}
    assert ratings["userId"].min() == 1 and ratings["userId"].max() == SCALES["demo"].users
    assert ratings["userId"].n_unique() == SCALES["demo"].users


def test_ratings_per_user_match_the_original_quartiles(ratings: pl.DataFrame) -> None:
    per_user = ratings.group_by("userId").len()["len"]
    assert per_user.quantile(0.25) == pytest.approx(15, abs=1)
    assert per_user.median() == pytest.approx(30, abs=1)
    assert per_user.quantile(0.75) == pytest.approx(92, abs=3)
    assert 250_000 <= ratings.height <= 300_000


def test_full_scale_curve_gives_the_original_totals() -> None:
    counts = ratings_per_user(
        SCALES["full"].users, sum(REAL_COUNTS.values()), np.random.default_rng(0)
    )
    assert counts.sum() == pytest.approx(11_024_289, rel=0.02)
    assert counts.max() == 18_276
    assert list(np.quantile(counts, [0.25, 0.5, 0.75])) == [15, 30, 92]


def test_star_value_shares_match_the_original(ratings: pl.DataFrame) -> None:
    shares = ratings["rating"].value_counts().sort("rating")["count"] / ratings.height * 100
    targets = np.asarray(VALUE_SHARES) / sum(VALUE_SHARES) * 100
    assert np.abs(shares.to_numpy() - targets).max() < 0.5


def test_timestamps_are_2015_to_2021_and_not_before_release(
    ratings: pl.DataFrame, titles: dict[str, pl.DataFrame]
) -> None:
    catalog = catalog_from_frames(titles).select("title_id", "release_year")
    joined = ratings.join(catalog, left_on="movieId", right_on="title_id")
    year = pl.from_epoch(joined["timestamp"]).dt.year()
    assert year.min() >= 2015 and year.max() <= 2021
    assert (year >= joined["release_year"]).all()


def test_some_users_rate_a_title_twice(ratings: pl.DataFrame) -> None:
    repeats = ratings.height - ratings.select("userId", "movieId").n_unique()
    assert 0.002 < repeats / ratings.height < 0.03


def test_generate_ratings_says_which_catalog_columns_are_missing() -> None:
    with pytest.raises(ValueError, match=r"listed_in.*catalog_from_frames"):
        generate_ratings(pl.DataFrame({"title_id": ["ns1"], "platform": ["netflix"]}), 5, 0)


def test_generate_titles_rejects_unknown_platforms() -> None:
    with pytest.raises(ValueError, match=r"'hbo'.*netflix"):
        generate_titles({"hbo": 3}, seed=0)


@pytest.mark.real_data
def test_titles_dir_copies_real_catalogs_and_rates_their_titles(
    real_titles_dir: Path, tmp_path: Path
) -> None:
    summary = write_sample(tmp_path, scale="demo", seed=0, titles_dir=real_titles_dir)
    assert summary.titles == REAL_COUNTS
    for p in PLATFORM_KEYS:
        name = BY_KEY[p].file_name
        assert (tmp_path / name).read_bytes() == (real_titles_dir / name).read_bytes()
    frames = {
        p: pl.read_csv(real_titles_dir / BY_KEY[p].file_name, infer_schema=False)
        for p in PLATFORM_KEYS
    }
    rated = pl.read_csv(sorted((tmp_path / "ratings").glob("*.csv")))
    assert rated["movieId"].is_in(catalog_from_frames(frames)["title_id"].implode()).all()
    assert rated["userId"].n_unique() == SCALES["demo"].users


# --- taste structure -------------------------------------------------------------------------


def _precision_at_10(ratings: pl.DataFrame, seed: int = 0) -> dict[str, float]:
    """Precision@10 of global popularity vs item-kNN on a random 20% per-user holdout.

    Positives are held-out ratings >= 4; already-seen titles are never recommended.
    """
    rng = np.random.default_rng(seed)
    ids, item = np.unique(ratings["movieId"].to_numpy(), return_inverse=True)
    user = ratings["userId"].to_numpy() - 1
    test = rng.random(len(user)) < 0.2
    liked = test & (ratings["rating"].to_numpy() >= 4)
    shape = (int(user.max()) + 1, len(ids))
    train = sparse.csr_matrix((np.ones(int((~test).sum())), (user[~test], item[~test])), shape)
    train.data[:] = 1.0
    truth = sparse.csr_matrix((np.ones(int(liked.sum())), (user[liked], item[liked])), shape)
    truth.data[:] = 1.0
    users = np.flatnonzero((truth.getnnz(axis=1) > 0) & (train.getnnz(axis=1) > 0))
    seen, hits = train[users], truth[users].toarray()
    popularity = np.asarray(train.sum(axis=0)).ravel()
    norm = np.sqrt(popularity) + 1e-9
    similarity = (train.T @ train).toarray() / np.outer(norm, norm)
    np.fill_diagonal(similarity, 0.0)
    scores = {
        "popularity": np.tile(popularity, (len(users), 1)),
        "item_knn": np.asarray(seen @ similarity),
    }
    result = {}
    for name, score in scores.items():
        score[seen.nonzero()] = -np.inf
        top = np.argpartition(-score, 10, axis=1)[:, :10]
        result[name] = float(np.take_along_axis(hits, top, axis=1).sum(axis=1).mean() / 10)
    return result


def test_ratings_have_learnable_taste_structure(ratings: pl.DataFrame) -> None:
    result = _precision_at_10(ratings)
    assert result["popularity"] > 0.02  # popularity still matters ...
    assert result["item_knn"] >= 1.5 * result["popularity"]  # ... but taste matters more
