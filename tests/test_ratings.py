"""Ratings given in chat: durable writes, changes, deletes, scores, and forgetting a person."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

import pytest

from core import db as dbmod
from core.errors import InvalidInput, UnknownTitle
from core.etl import run_etl
from core.ratings import (
    CHAT_USER_BASE,
    delete_rating,
    forget_user,
    fresh_ratings,
    join_party,
    leave_party,
    my_ratings,
    party_users,
    record_rating,
)


@pytest.fixture
def conn(tiny_source, tmp_path):
    db = tmp_path / "s.db"
    run_etl(tiny_source, db)
    with closing(dbmod.connect(db)) as c:
        yield c


def _score(conn, tid):
    return conn.execute(
        "SELECT score, rating_count FROM title_scores WHERE title_id = ?", (tid,)
    ).fetchone()


def test_a_rating_is_stored_durably_under_an_internal_id(conn):
    receipt = record_rating(conn, 555, "NS1", "4,5")
    assert receipt.user_id >= CHAT_USER_BASE and receipt.value == 4.5 and receipt.previous is None
    db_file = conn.execute("PRAGMA database_list").fetchone()[2]
    with closing(sqlite3.connect(db_file)) as other:  # visible to another connection at once
        row = other.execute(
            "SELECT user_id, title_id, rating FROM ratings WHERE id = ?",
            (receipt.rating_id,),
        ).fetchone()
    assert row == (receipt.user_id, "ns1", 4.5)
    assert _score(conn, "ns1") == (pytest.approx((13 + 4.5) / 4), 4)


def test_changing_a_rating_replaces_it_with_a_newer_id(conn):
    first = record_rating(conn, 555, "ns1", 2)
    second = record_rating(conn, 555, "ns1", 5)
    assert second.previous == 2.0 and second.rating_id > first.rating_id
    assert [r.value for r in my_ratings(conn, 555)] == [5.0]
    assert _score(conn, "ns1") == (pytest.approx((13 + 5) / 4), 4)
    assert fresh_ratings(conn, second.user_id, first.rating_id) == [("ns1", 5.0)]


@pytest.mark.parametrize("value", ["0", "5.5", "3.3", "abc", "", "nan", "-1", "1e1"])
def test_bad_values_are_refused_with_the_right_form(conn, value):
    with pytest.raises(InvalidInput, match=r"0\.5 to 5 in steps of 0\.5"):
        record_rating(conn, 555, "ns1", value)
    assert my_ratings(conn, 555) == ()


def test_an_unknown_title_is_a_typed_error(conn):
    with pytest.raises(UnknownTitle):
        record_rating(conn, 555, "zz1", 4)


def test_deleting_a_rating_restores_the_score(conn):
    before = _score(conn, "as1")
    record_rating(conn, 7, "as1", 1)
    assert delete_rating(conn, 7, "as1") is True
    assert delete_rating(conn, 7, "as1") is False
    assert _score(conn, "as1") == (pytest.approx(before[0]), before[1])


def test_forget_removes_every_row_about_the_person(conn):
    record_rating(conn, 9, "ns1", 4)
    record_rating(conn, 9, "ds2", 3)
    join_party(conn, -100, 9)
    user_id = conn.execute("SELECT user_id FROM chat_users WHERE telegram_id = 9").fetchone()[0]
    gone = forget_user(conn, 9)
    assert (gone.ratings, gone.party_memberships, gone.user_rows) == (2, 1, 1)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for column, value in (("telegram_id", 9), ("user_id", user_id)):
            if column in columns:
                n = conn.execute(
                    f"SELECT count(*) FROM {table} WHERE {column} = ?", (value,)
                ).fetchone()[0]
                assert n == 0, (table, column)
    assert _score(conn, "ds2") == (0.5, 1)


def test_watch_party_join_and_leave(conn):
    assert join_party(conn, -100, 1) and join_party(conn, -100, 2)
    assert not join_party(conn, -100, 1)
    assert len(party_users(conn, -100)) == 2
    assert leave_party(conn, -100, 1) and not leave_party(conn, -100, 1)
    assert len(party_users(conn, -100)) == 1


def test_concurrent_ratings_are_all_kept_exactly_once(conn):
    db_file = conn.execute("PRAGMA database_list").fetchone()[2]
    acknowledged = []

    def rate(person: int) -> None:
        with closing(dbmod.connect(db_file)) as c:
            for title in ("ns1", "ns2", "as1", "as2", "hs1"):
                acknowledged.append(record_rating(c, person, title, 4).rating_id)

    threads = [threading.Thread(target=rate, args=(p,)) for p in range(100, 120)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = conn.execute(f"SELECT id FROM ratings WHERE user_id >= {CHAT_USER_BASE}").fetchall()
    assert sorted(r[0] for r in stored) == sorted(acknowledged)
    assert len(acknowledged) == 100
