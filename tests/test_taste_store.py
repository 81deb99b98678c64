"""Real taste in the database, on the shipped data: the shipped bridged file is exactly the
bridge of the shipped MovieLens copy on the shipped catalogs; ``load_taste`` returns it where it
applies; an import of a release (folder, zip, URL) is idempotent, one transaction, and refuses
bad input in one clear sentence."""

from __future__ import annotations

import hashlib
import lzma
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import polars as pl
import pytest

from core.db import connect, schema_problems
from core.etl import run_etl
from core.shipped import SHIPPED_DIR, TASTE, ShippedDataError
from core.taste import (
    SHIPPED_SOURCE,
    TASTE_SCHEMA,
    TasteInputError,
    import_movielens,
    list_sources,
    load_taste,
)
from core.taste.measure import figures, match_catalog, read_movies
from core.taste.shipped import SHIPPED_FIGURES, build_shipped, read_shipped, shipped_path
from tests.taste_data import serving, zipped

pytestmark = pytest.mark.real_data

SHIPPED_ROWS = 33_980


def table_rows(db: Path) -> tuple[list, list]:
    with closing(sqlite3.connect(db)) as conn:
        return (
            conn.execute(
                "SELECT * FROM taste_ratings ORDER BY source, user_id, title_id"
            ).fetchall(),
            conn.execute("SELECT * FROM taste_sources ORDER BY source").fetchall(),
        )


def test_the_shipped_file_is_the_bridge_of_the_shipped_movielens_on_the_shipped_catalogs(
    real_catalog_db: Path, movielens_small_dir: Path
) -> None:
    with closing(connect(real_catalog_db, readonly=True)) as conn:
        data, release = build_shipped(conn, movielens_small_dir)
    assert hashlib.sha256(data).hexdigest() == TASTE.files["movielens-small.csv"]
    assert data == lzma.decompress(shipped_path().read_bytes())
    assert release.bridged.height == SHIPPED_ROWS
    f = figures(release)
    assert {"movies": f.movies, "matched": f.matched, "ratings": f.ratings} == SHIPPED_FIGURES
    assert data.startswith(b"user_id,title_id,rating,timestamp,movie_id\n1,")


def test_the_shipped_licence_travels_with_the_bridged_file() -> None:
    licence = (SHIPPED_DIR / "movielens-small" / "README.txt").read_bytes()
    assert (SHIPPED_DIR / TASTE.name / "README.txt").read_bytes() == licence
    note = " ".join((SHIPPED_DIR / TASTE.name / "SOURCE.md").read_text().split())
    assert "no commercial or revenue-bearing use without permission" in note
    assert "10.1145/2827872" in note and TASTE.files["movielens-small.csv"] in note


def test_load_taste_returns_the_shipped_ratings_on_the_shipped_catalogs(
    real_catalog_db: Path,
) -> None:
    by_path = load_taste(real_catalog_db)
    assert by_path.schema == pl.Schema(TASTE_SCHEMA)
    assert by_path.height == SHIPPED_ROWS and set(by_path["source"]) == {SHIPPED_SOURCE}
    with closing(connect(real_catalog_db, readonly=True)) as conn:
        assert load_taste(conn).equals(by_path)
        known = {r[0] for r in conn.execute("SELECT id FROM titles")}
    assert set(by_path["title_id"]) <= known
    assert by_path.select("user_id", "title_id").is_duplicated().sum() == 0


def test_load_taste_leaves_the_shipped_ratings_out_on_other_catalogs(
    tiny_source: Path, tmp_path: Path
) -> None:
    # Other catalogs reuse ids like ns1 for other films: the shipped ids would point at them.
    run_etl(tiny_source, tmp_path / "tiny.db")
    assert load_taste(tmp_path / "tiny.db").height == 0
    with closing(connect(tmp_path / "tiny.db")) as conn:  # so no title has real fans there
        assert conn.execute("SELECT count(*) FROM t_fans").fetchone() == (0,)
    assert load_taste(tmp_path / "never-loaded.db").height == 0


def test_a_damaged_shipped_file_is_refused(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED_DIR / TASTE.name, tmp_path / TASTE.name)
    data = lzma.decompress(shipped_path().read_bytes()).replace(b",5.0,", b",0.5,", 1)
    shipped_path(tmp_path).write_bytes(lzma.compress(data))
    with pytest.raises(ShippedDataError, match="SHA-256"):
        read_shipped(tmp_path)


def test_an_import_of_the_small_release_stores_what_the_shipped_file_holds(
    real_db_copy: Path, movielens_release: Path
) -> None:
    lines: list[str] = []
    with closing(connect(real_db_copy)) as conn:
        result = import_movielens(
            conn, str(movielens_release), progress=lines.append, batch_rows=7_000
        )
        # MovieLens people are not bot users: nothing enters the ratings table.
        assert conn.execute("SELECT count(*) FROM ratings").fetchone() == (0,)
    assert result.imported and result.rows_read == 100_836
    s = result.source
    assert (s.source, s.movies, s.matched, s.ratings, s.kept) == (
        "ml-latest-small",
        9_742,
        2_069,
        100_836,
        SHIPPED_ROWS,
    )
    # Progress: rows read, movies matched, rows written, batch after batch.
    assert "matched 2,069 of 9,742 movies" in lines
    assert lines[-1] == f"read 100,836 ratings, wrote {SHIPPED_ROWS:,} rows"
    assert sum(line.startswith("read ") and "ratings" in line for line in lines) == 15
    taste = load_taste(real_db_copy)
    # The import replaces the shipped copy of the same release: nobody is counted twice.
    assert set(taste["source"]) == {"ml-latest-small"}
    shipped = read_shipped().select("user_id", "title_id", "rating", "timestamp")
    assert taste.drop("source").equals(shipped)


def test_a_second_import_of_the_same_release_changes_nothing_as_folder_zip_or_url(
    real_db_copy: Path, movielens_release: Path, tmp_path: Path
) -> None:
    archive = zipped(movielens_release, tmp_path)
    with serving(tmp_path) as url, closing(connect(real_db_copy)) as conn:
        first = import_movielens(conn, f"{url}/{archive.name}")
        assert first.imported and first.source.source == "ml-latest-small"
        before = table_rows(real_db_copy)
        for again in (str(movielens_release), str(archive), f"{url}/{archive.name}"):
            lines: list[str] = []
            result = import_movielens(conn, again, source="another-name", progress=lines.append)
            assert not result.imported and result.source.source == "ml-latest-small"
            assert lines[-1] == "already imported as ml-latest-small: nothing to do"
    assert table_rows(real_db_copy) == before
    assert before[1][0][5:] == (9_742, 2_069, 100_836, SHIPPED_ROWS)


def test_an_interrupted_import_leaves_the_database_as_it_was(
    real_db_copy: Path, movielens_release: Path
) -> None:
    def stop(line: str) -> None:
        if line.startswith("read 20,000"):
            raise KeyboardInterrupt

    with closing(connect(real_db_copy)) as conn:
        with pytest.raises(KeyboardInterrupt):
            import_movielens(conn, str(movielens_release), progress=stop, batch_rows=10_000)
        assert conn.execute("SELECT count(*) FROM taste_ratings").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM taste_sources").fetchone() == (0,)
    assert load_taste(real_db_copy)["source"].unique().to_list() == [SHIPPED_SOURCE]


def test_an_import_onto_a_catalog_since_reloaded_is_set_aside_until_imported_again(
    real_db_copy: Path, movielens_release: Path
) -> None:
    with closing(connect(real_db_copy)) as conn:
        import_movielens(conn, str(movielens_release), source="ml-small")
        # A reload of a catalog file (a new etl_files row) changes what title ids mean.
        conn.execute(
            "INSERT INTO etl_files (run_id, kind, name, sha256) "
            "VALUES (9, 'catalog', 'hulu_titles.csv', 'changed')"
        )
        conn.commit()
        assert [(s.source, s.used) for s in list_sources(conn)] == [
            (SHIPPED_SOURCE, False),
            ("ml-small", False),
        ]
        assert load_taste(conn).height == 0
        again = import_movielens(conn, str(movielens_release), source="ml-small")
        assert again.imported and again.source.used
        # The import refreshed the count of real raters per title (/worth's best known).
        assert conn.execute("SELECT sum(people) FROM t_fans").fetchone() == (again.source.kept,)
    assert set(load_taste(real_db_copy)["source"]) == {"ml-small"}


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda tmp: tmp / "ml-25m.zip",
            r"ml-25m\.zip does not exist: give the folder or the \.zip",
        ),
        (
            lambda tmp: _write(tmp / "ml-1m", {"ratings.dat": "1::1193::5::978300760\n"}),
            r"not a MovieLens release with movies\.csv and ratings\.csv\. It looks like ml-1m",
        ),
        (
            lambda tmp: _write(tmp / "x", {"movies.csv": "id,name\n", "ratings.csv": "a\n"}),
            r"movies\.csv has the columns id,name, not movieId,title,genres",
        ),
        (
            lambda tmp: _write(tmp / "notes", {"notes.zip": "not a zip"}) / "notes.zip",
            r"notes\.zip cannot be read as a zip file",
        ),
        (
            lambda tmp: _write(
                tmp / "bad",
                {
                    "movies.csv": "movieId,title,genres\n1,Fargo (1996),Drama\n",
                    "ratings.csv": "userId,movieId,rating,timestamp\n1,1,4.0,5\n1,1,four,6\n",
                },
            ),
            r"ratings\.csv cannot be read after 0 rows: .*Nothing was imported",
        ),
    ],
    ids=["missing", "older layout", "wrong columns", "not a zip", "not a number"],
)
def test_bad_input_is_refused_in_one_sentence_and_nothing_is_written(
    real_db_copy: Path, tmp_path: Path, make, message: str
) -> None:
    given = make(tmp_path)
    with closing(connect(real_db_copy)) as conn:
        with pytest.raises(TasteInputError, match=message) as caught:
            import_movielens(conn, str(given))
        assert "\n" not in str(caught.value)
        assert conn.execute("SELECT count(*) FROM taste_sources").fetchone() == (0,)


def test_an_unreachable_url_is_refused_in_one_sentence(real_db_copy: Path, tmp_path: Path) -> None:
    missing = r"ml-32m\.zip cannot be downloaded \(HTTP 404 File not found\)"
    with serving(tmp_path) as url, closing(connect(real_db_copy)) as conn:
        with pytest.raises(TasteInputError, match=missing):
            import_movielens(conn, f"{url}/ml-32m.zip")
        gone = url
    # The server is gone: nothing listens on its port now.
    refused = r"cannot be downloaded \(.*[Rr]efused.*\): check the address and the network"
    with closing(connect(real_db_copy)) as conn, pytest.raises(TasteInputError, match=refused):
        import_movielens(conn, f"{gone}/ml-32m.zip")


@pytest.mark.parametrize(
    ("name", "message"),
    [(SHIPPED_SOURCE, "is the name of the ratings streambot ships"), ("ML 25M!", "cannot name")],
)
def test_a_source_name_must_be_free_and_plain(
    real_db_copy: Path, movielens_release: Path, name, message
) -> None:
    with closing(connect(real_db_copy)) as conn, pytest.raises(TasteInputError, match=message):
        import_movielens(conn, str(movielens_release), source=name)


def test_a_database_without_a_catalog_is_refused(tmp_path: Path, movielens_release: Path) -> None:
    with (
        closing(connect(tmp_path / "empty.db")) as conn,
        pytest.raises(TasteInputError, match="load the catalogs first"),
    ):
        import_movielens(conn, str(movielens_release))


def test_a_backup_from_before_the_taste_tables_is_still_a_database_to_use(
    real_db_copy: Path,
) -> None:
    with closing(connect(real_db_copy)) as conn:
        conn.execute("DROP TABLE taste_ratings")
        conn.execute("DROP TABLE taste_sources")
        assert schema_problems(conn) == []
        assert load_taste(conn).height == SHIPPED_ROWS


def test_the_labelled_sample_holds_pairs_the_bridge_makes_and_well_formed_labels(
    real_catalog_db: Path, movielens_small_dir: Path
) -> None:
    import csv

    path = Path(__file__).parent / "fixtures" / "taste_bridge_sample.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 200 and list(rows[0]) == ["movie_id", "title_id", "same", "note"]
    with closing(connect(real_catalog_db, readonly=True)) as conn:
        bridge = match_catalog(conn, read_movies(movielens_small_dir / "movies.csv"))
    made = set(bridge.mapping.iter_rows())
    assert {(int(r["movie_id"]), r["title_id"]) for r in rows} <= made
    assert {r["same"].strip() for r in rows} <= {"", "0", "1"}
