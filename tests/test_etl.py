"""ETL behaviour on tiny hand-written inputs: ratings, rejects, idempotence, increments."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from core import etl
from core.errors import EtlInputError
from core.etl import run_etl
from tests.conftest import write_csv, write_ratings, write_tiny_catalogs


def _rows(db: Path, sql: str) -> list[tuple]:
    # Closed at once: run_etl must not share the process with an open sqlite3 connection.
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()


def _data_tables(db: Path) -> dict[str, list[tuple]]:
    tables = [
        "titles",
        "title_cast",
        "title_directors",
        "title_genres",
        "ratings",
        "title_scores",
        "etl_files",
        "etl_rejects",
        "etl_fixes",
    ]
    return {t: _rows(db, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}


def test_ratings_load_with_scores_as_mean_of_events(tiny_source, tmp_path):
    db = tmp_path / "s.db"
    summary = run_etl(tiny_source, db)
    assert summary.ratings_loaded == 6 and summary.ratings_total == 6
    scores = {
        r[0]: (r[1], r[2])
        for r in _rows(db, "SELECT title_id, score, rating_count FROM title_scores")
    }
    assert scores["ns1"] == (pytest.approx(13 / 3), 3)
    assert scores["ds2"] == (0.5, 1)
    assert _rows(db, "SELECT min(id), max(id) FROM ratings") == [(1, 6)]


def test_repeated_ratings_by_one_user_are_all_kept(tmp_path):
    src = write_tiny_catalogs(tmp_path / "src")
    write_ratings(src, "r.csv", [(7, 4.0, 1, "ns1"), (7, 2.0, 2, "ns1")])
    summary = run_etl(src, tmp_path / "s.db")
    assert summary.ratings_loaded == 2
    assert _rows(tmp_path / "s.db", "SELECT score FROM title_scores") == [(3.0,)]


def test_bad_rows_are_quarantined_with_file_line_and_reason(tmp_path):
    src = write_tiny_catalogs(tmp_path / "src")
    write_ratings(
        src,
        "r.csv",
        [
            (1, 4.0, 1600000000, "ns1"),  # line 2: good
            (1, 5.5, 1600000000, "ns1"),  # line 3: out of range
            (1, 3.3, 1600000000, "ns1"),  # line 4: off step
            (1, 0.0, 1600000000, "ns1"),  # line 5: out of range
            (1, 4.0, 1600000000, "xs999"),  # line 6: unknown title
            (1, "", 1600000000, "ns1"),  # line 7: missing value
            (2, 3.0, 1600000000, "NS2"),  # line 8: good (ids are case-insensitive)
        ],
    )
    db = tmp_path / "s.db"
    summary = run_etl(src, db)
    assert summary.ratings_loaded == 2
    assert summary.rejects == {
        "rating_out_of_range": 2,
        "rating_off_step": 1,
        "unknown_title": 1,
        "missing_value": 1,
    }
    rejects = _rows(db, "SELECT file, line, reason FROM etl_rejects ORDER BY line")
    assert rejects == [
        ("r.csv", 3, "rating_out_of_range"),
        ("r.csv", 4, "rating_off_step"),
        ("r.csv", 5, "rating_out_of_range"),
        ("r.csv", 6, "unknown_title"),
        ("r.csv", 7, "missing_value"),
    ]


def test_malformed_rows_are_quarantined_and_the_rest_loads(tmp_path):
    src = write_tiny_catalogs(tmp_path / "src")
    path = src / "ratings" / "r.csv"
    path.parent.mkdir(parents=True)
    path.write_text(
        "userId,rating,timestamp,movieId\n"
        "1,4.0,1600000000,ns1\n"
        "2,abc,1600000000,ns1\n"  # line 3: not a number
        "3,4.0,1600000000,ns1,extra\n"  # line 4: too many fields
        "4,4.5,1600000000,as1\n"
    )
    db = tmp_path / "s.db"
    summary = run_etl(src, db)
    assert summary.ratings_loaded == 2
    assert _rows(db, "SELECT line, reason, raw FROM etl_rejects ORDER BY line") == [
        (3, "malformed", "2,abc,1600000000,ns1"),
        (4, "malformed", "3,4.0,1600000000,ns1,extra"),
    ]


def test_bom_and_crlf_files_load_like_clean_ones(tmp_path):
    rows = [(1, 4.0, 1600000000, "ns1"), (2, 2.5, 1600000001, "as2")]
    plain = write_tiny_catalogs(tmp_path / "plain")
    write_ratings(plain, "r.csv", rows)
    odd = write_tiny_catalogs(tmp_path / "odd")
    write_ratings(odd, "r.csv", rows, encoding="utf-8-sig", lineterminator="\r\n")
    # A catalog with BOM + CRLF too.
    text = (odd / "netflix_titles.csv").read_text()
    (odd / "netflix_titles.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    run_etl(plain, tmp_path / "a.db")
    run_etl(odd, tmp_path / "b.db")
    for table in ("titles", "ratings", "title_scores", "title_cast"):
        assert _rows(tmp_path / "a.db", f"SELECT * FROM {table} ORDER BY 1") == _rows(
            tmp_path / "b.db", f"SELECT * FROM {table} ORDER BY 1"
        )


def test_same_input_twice_leaves_the_same_data(tiny_source, tmp_path):
    db = tmp_path / "s.db"
    run_etl(tiny_source, db)
    before = _data_tables(db)
    second = run_etl(tiny_source, db)
    assert {f.status for f in second.files} == {"unchanged"}
    assert second.ratings_loaded == 0
    assert _data_tables(db) == before
    assert _rows(db, "SELECT id, status FROM etl_runs") == [(1, "ok"), (2, "ok")]


def test_new_ratings_file_is_appended_without_reloading_the_rest(tiny_source, tmp_path):
    db = tmp_path / "s.db"
    run_etl(tiny_source, db)
    first_ids = _rows(db, "SELECT id, user_id, title_id FROM ratings ORDER BY id")
    write_ratings(tiny_source, "ratings_2.csv", [(9, 1.0, 1700000000, "ns1")])
    summary = run_etl(tiny_source, db)
    statuses = {f.name: f.status for f in summary.files}
    assert statuses["ratings_1.csv"] == "unchanged"
    assert statuses["ratings_2.csv"] == "loaded"
    assert summary.ratings_loaded == 1 and summary.ratings_total == 7
    assert (
        _rows(db, "SELECT id, user_id, title_id FROM ratings WHERE id <= 6 ORDER BY id")
        == first_ids
    )
    assert _rows(db, "SELECT score, rating_count FROM title_scores WHERE title_id='ns1'") == [
        (pytest.approx(14 / 4), 4)
    ]


def test_changed_ratings_file_replaces_its_earlier_version(tiny_source, tmp_path):
    db = tmp_path / "s.db"
    run_etl(tiny_source, db)
    write_ratings(tiny_source, "ratings_1.csv", [(1, 1.0, 1600000000, "ns1")])
    summary = run_etl(tiny_source, db)
    assert [f.status for f in summary.files if f.kind == "ratings"] == ["replaced"]
    assert _rows(db, "SELECT user_id, rating FROM ratings") == [(1, 1.0)]
    assert _rows(db, "SELECT title_id, score, rating_count FROM title_scores") == [("ns1", 1.0, 1)]


def test_missing_catalog_is_a_clear_error_naming_the_file(tiny_source, tmp_path):
    (tiny_source / "hulu_titles.csv").unlink()
    with pytest.raises(EtlInputError, match=r"hulu_titles\.csv is missing"):
        run_etl(tiny_source, tmp_path / "s.db")
    assert not (tmp_path / "s.db").exists()


def test_missing_column_is_a_clear_error_naming_file_and_column(tiny_source, tmp_path):
    write_csv(
        tiny_source / "ratings" / "bad.csv", ["userId", "rating", "movieId"], [(1, 4.0, "ns1")]
    )
    with pytest.raises(EtlInputError, match=r"bad\.csv is missing the column 'timestamp'"):
        run_etl(tiny_source, tmp_path / "s.db")
    assert not (tmp_path / "s.db").exists()


def test_a_crash_mid_file_leaves_none_of_it_and_the_next_run_loads_it(
    tiny_source, tmp_path, monkeypatch
):
    db = tmp_path / "s.db"
    real_add = etl.writer.add_scores

    def boom(*args, **kwargs):
        raise RuntimeError("simulated crash after the ratings were ingested")

    monkeypatch.setattr(etl.writer, "add_scores", boom)
    with pytest.raises(RuntimeError):
        run_etl(tiny_source, db)
    assert _rows(db, "SELECT count(*) FROM ratings") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM etl_files WHERE kind = 'ratings'") == [(0,)]
    assert _rows(db, "SELECT status FROM etl_runs") == [("failed",)]
    monkeypatch.setattr(etl.writer, "add_scores", real_add)
    summary = run_etl(tiny_source, db)
    assert summary.ratings_total == 6
    assert _rows(db, "SELECT count(*) FROM ratings") == [(6,)]


def test_database_uses_wal(tiny_source, tmp_path):
    db = tmp_path / "s.db"
    run_etl(tiny_source, db)
    assert _rows(db, "PRAGMA journal_mode") == [("wal",)]
