"""Ratings people give in chat: record, change, delete, list, and forget a person entirely.

Chat users get internal user ids of their own, from ``CHAT_USER_BASE`` up, so they never collide
with the dataset's ``userId`` values (the ETL rejects dataset ids in that range). A chat rating is
a row of ``ratings`` with such a user id; a person has at most one per title, and changing it
replaces the row, so the new value gets a new id past the model's watermark and is picked up by
the next training (and by fold-in at once).

Every write is one transaction, committed with ``synchronous=FULL`` before the function returns:
once a caller has acknowledged a rating to the user, a crash or power cut cannot lose it.
"""

from __future__ import annotations

import math
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from core.db import CHAT_RATINGS, CHAT_USER_BASE
from core.eda.support import refold_chat
from core.errors import InvalidInput, UnknownTitle

_VALUE_RE = re.compile(r"^\d(?:[.,]\d+)?$")
_CHAT_RATING = (
    f"SELECT id, rating FROM ratings WHERE {CHAT_RATINGS} AND user_id = ? AND title_id = ?"
)


@dataclass(frozen=True, slots=True)
class RatingReceipt:
    """What was stored: the person's internal id, the title, the value, and what it replaced."""

    user_id: int
    title_id: str
    display_title: str
    value: float
    rating_id: int
    previous: float | None


@dataclass(frozen=True, slots=True)
class MyRating:
    title_id: str
    display_title: str
    platform: str
    value: float
    timestamp: int


@dataclass(frozen=True, slots=True)
class Forgotten:
    """How many rows of each kind were deleted for a person."""

    ratings: int
    party_memberships: int
    user_rows: int


def parse_value(value: str | float) -> float:
    """A rating from 0.5 to 5 in steps of 0.5; ``4,5`` is accepted as Spanish writes it."""
    text = str(value).strip()
    number = float(text.replace(",", ".")) if _VALUE_RE.match(text) else math.nan
    if math.isnan(number) or not 0.5 <= number <= 5 or number * 2 != round(number * 2):
        raise InvalidInput(
            f"'{text[:20]}' is not a rating: give 0.5 to 5 in steps of 0.5, e.g. 4.5.",
            code="bad_rating_value",
            params={"given": text[:20]},
        )
    return number


@contextmanager
def _durable(conn: sqlite3.Connection) -> Iterator[None]:
    """One immediate transaction, fsynced at commit (FULL), rolled back on any error."""
    if conn.in_transaction:
        conn.commit()
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    else:
        conn.commit()
    finally:
        conn.execute("PRAGMA synchronous=NORMAL")


def internal_user(conn: sqlite3.Connection, telegram_id: int, *, create: bool) -> int | None:
    """The internal user id of a Telegram user; created on first need when ``create``.

    Creating takes the write lock (``BEGIN IMMEDIATE``) unless the caller's transaction holds
    it already, so the free id is read and taken in one step.
    """
    row = conn.execute(
        "SELECT user_id FROM chat_users WHERE telegram_id = ?", (telegram_id,)
    ).fetchone()
    if row is not None or not create:
        return None if row is None else int(row[0])
    if not conn.in_transaction:  # two new people at once must not both take the next free id
        with _durable(conn):
            return internal_user(conn, telegram_id, create=True)
    next_id = _next_user_id(conn)
    conn.execute(
        "INSERT INTO chat_users (telegram_id, user_id, created_at) VALUES (?, ?, ?)",
        (telegram_id, next_id, int(time.time())),
    )
    return next_id


def _next_user_id(conn: sqlite3.Connection) -> int:
    """An internal user id never given before, not even to someone who has since used /forget.

    Models trained before a /forget still hold that id's ratings; a newcomer given the same id
    would be shown them as "because you liked ...". So, as for rating ids, a high-water mark in
    ``meta`` outlives the deleted rows.
    """
    top = conn.execute(
        "SELECT coalesce(max(user_id) + 1, ?) FROM chat_users", (CHAT_USER_BASE,)
    ).fetchone()[0]
    row = conn.execute("SELECT value FROM meta WHERE key = 'chat_user_id_hwm'").fetchone()
    next_id = max(int(top), int(row[0]) + 1 if row else CHAT_USER_BASE)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('chat_user_id_hwm', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (str(next_id),),
    )
    return next_id


def _title(conn: sqlite3.Connection, title_id: str) -> str:
    tid = title_id.strip().lower()
    row = conn.execute("SELECT display_title FROM titles WHERE id = ?", (tid,)).fetchone()
    if row is None:
        raise UnknownTitle(
            f"No title has the id '{title_id[:20]}'; /search finds ids.",
            code="unknown_title",
            params={"given": title_id[:20], "suggestions": []},
        )
    return str(row[0])


def _adjust_score(conn: sqlite3.Connection, title_id: str, add: float, count: int) -> None:
    conn.execute(
        "INSERT INTO title_scores (title_id, rating_sum, rating_count, score) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(title_id) DO UPDATE SET "
        "rating_sum = rating_sum + excluded.rating_sum, "
        "rating_count = rating_count + excluded.rating_count, "
        "score = CASE WHEN rating_count + excluded.rating_count > 0 THEN "
        "(rating_sum + excluded.rating_sum) / (rating_count + excluded.rating_count) END",
        (title_id, add, count, add / count if count > 0 else None),
    )


def _next_rating_id(conn: sqlite3.Connection) -> int:
    """A rating id above every id ever used, even deleted ones.

    Models remember "trained on ratings up to id N"; a reused id at or below N would make a new
    rating invisible to fold-in. SQLite reuses the largest rowid after it is deleted (and
    AUTOINCREMENT would slow the 11M-row bulk load by ~45%), so chat writes keep a high-water
    mark in ``meta`` instead.
    """
    top = conn.execute("SELECT max(id) FROM ratings").fetchone()[0] or 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'rating_id_hwm'").fetchone()
    next_id = max(int(top), int(row[0]) if row else 0) + 1
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('rating_id_hwm', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (str(next_id),),
    )
    return next_id


def record_rating(
    conn: sqlite3.Connection, telegram_id: int, title_id: str, value: str | float
) -> RatingReceipt:
    """Store (or change) a person's rating of a title; durable when this returns."""
    number = parse_value(value)
    tid = title_id.strip().lower()
    with _durable(conn):
        display = _title(conn, tid)
        user_id = internal_user(conn, telegram_id, create=True)
        old = conn.execute(
            _CHAT_RATING,
            (user_id, tid),
        ).fetchone()
        if old is not None:
            conn.execute("DELETE FROM ratings WHERE id = ?", (old[0],))
            _adjust_score(conn, tid, -float(old[1]), -1)
        rating_id = _next_rating_id(conn)
        conn.execute(
            "INSERT INTO ratings (id, user_id, title_id, rating, timestamp) VALUES (?, ?, ?, ?, ?)",
            (rating_id, user_id, tid, number, int(time.time())),
        )
        _adjust_score(conn, tid, number, 1)
    return RatingReceipt(
        user_id, tid, display, number, int(rating_id), None if old is None else float(old[1])
    )


def delete_rating(conn: sqlite3.Connection, telegram_id: int, title_id: str) -> bool:
    """Remove a person's rating of a title; False when there was none."""
    tid = title_id.strip().lower()
    with _durable(conn):
        user_id = internal_user(conn, telegram_id, create=False)
        old = (
            None
            if user_id is None
            else conn.execute(
                _CHAT_RATING,
                (user_id, tid),
            ).fetchone()
        )
        if old is None:
            return False
        conn.execute("DELETE FROM ratings WHERE id = ?", (old[0],))
        _adjust_score(conn, tid, -float(old[1]), -1)
    return True


def my_ratings(conn: sqlite3.Connection, telegram_id: int) -> tuple[MyRating, ...]:
    """A person's ratings, newest first."""
    user_id = internal_user(conn, telegram_id, create=False)
    if user_id is None:
        return ()
    rows = conn.execute(
        "SELECT r.title_id, t.display_title, t.platform, r.rating, r.timestamp FROM ratings r "
        f"JOIN titles t ON t.id = r.title_id WHERE r.{CHAT_RATINGS} AND r.user_id = ? "
        "ORDER BY r.id DESC",
        (user_id,),
    ).fetchall()
    return tuple(MyRating(*row) for row in rows)


def fresh_ratings(conn: sqlite3.Connection, user_id: int, after_id: int) -> list[tuple[str, float]]:
    """A chat user's ratings newer than a model's watermark: what fold-in adds."""
    return [
        (str(t), float(v))
        for t, v in conn.execute(
            f"SELECT title_id, rating FROM ratings WHERE {CHAT_RATINGS} AND user_id = ? "
            "AND id > ? ORDER BY id",
            (user_id, after_id),
        )
    ]


def forget_user(conn: sqlite3.Connection, telegram_id: int) -> Forgotten:
    """Delete every row about a person: ratings (scores adjusted), party memberships, id map,
    and what the derived aggregates counted of them (``eda_*``), in one transaction."""
    with _durable(conn):
        user_id = internal_user(conn, telegram_id, create=False)
        ratings = []
        if user_id is not None:
            ratings = conn.execute(
                f"SELECT title_id, rating FROM ratings WHERE {CHAT_RATINGS} AND user_id = ?",
                (user_id,),
            ).fetchall()
            for tid, value in ratings:
                _adjust_score(conn, tid, -float(value), -1)
            conn.execute(f"DELETE FROM ratings WHERE {CHAT_RATINGS} AND user_id = ?", (user_id,))
            refold_chat(conn)
        parties = conn.execute(
            "DELETE FROM party_members WHERE telegram_id = ?", (telegram_id,)
        ).rowcount
        users = conn.execute(
            "DELETE FROM chat_users WHERE telegram_id = ?", (telegram_id,)
        ).rowcount
    return Forgotten(len(ratings), parties, users)


def join_party(conn: sqlite3.Connection, chat_id: int, telegram_id: int) -> bool:
    """Add a person to a group's watch party; False when already in it."""
    with _durable(conn):
        cur = conn.execute(
            "INSERT OR IGNORE INTO party_members (chat_id, telegram_id, joined_at) "
            "VALUES (?, ?, ?)",
            (chat_id, telegram_id, int(time.time())),
        )
    return cur.rowcount == 1


def leave_party(conn: sqlite3.Connection, chat_id: int, telegram_id: int) -> bool:
    """Remove a person from a group's watch party; False when not in it."""
    with _durable(conn):
        cur = conn.execute(
            "DELETE FROM party_members WHERE chat_id = ? AND telegram_id = ?",
            (chat_id, telegram_id),
        )
    return cur.rowcount == 1


def party_users(conn: sqlite3.Connection, chat_id: int) -> list[int]:
    """Internal user ids of a group's watch party (members who never rated get one too)."""
    members = [
        r[0]
        for r in conn.execute(
            "SELECT telegram_id FROM party_members WHERE chat_id = ? ORDER BY joined_at", (chat_id,)
        )
    ]
    users = []
    with _durable(conn):
        for telegram_id in members:
            users.append(internal_user(conn, telegram_id, create=True))
    return [u for u in users if u is not None]
