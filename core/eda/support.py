"""Small aggregates of the ratings table, so rating charts never read 11M rows: ``eda_*``.

Why: "ratings per user" and "ratings over time" need every rating event, and even one SQL pass
over the full dataset takes seconds. ``ensure_eda_support`` folds the events into tables of a
few thousand rows, which a chart reads in milliseconds. It is idempotent and cheap when nothing
changed (three small reads), so the ETL calls it after every run.

Freshness:

- **Dataset ratings** (files loaded by the ETL) are folded in per file: a new file adds its id
  range (``etl_files.first_rating_id..last_rating_id``), so a later ETL run pays for its new rows
  only. A file loaded again with new content (its old rows were deleted) rebuilds everything.
- **Chat ratings** (``user_id >= CHAT_USER_BASE``) are re-folded whenever their count or highest
  id changed since the last call; between calls they are not in these tables. Charts built from
  them therefore show chat ratings as of the last ETL run (or the last call).

``/forget`` takes a person out of them at once (``refold_chat``).

Tables (drop them with ``drop_eda_support``):

- ``eda_user_counts``: ratings per (user, platform); chat users included.
- ``eda_day_counts``: ratings and their sum per (UTC day, platform, source), ``source`` 0 for
  dataset files and 1 for chat.
- ``eda_user_hist``: how many users gave exactly ``n`` ratings, per platform and for all
  platforms (``platform = ''``), derived from ``eda_user_counts``.
- ``eda_meta``: the version, the last ``etl_files`` id folded in, the chat signature, and a
  random ``token`` that changes whenever the tables change (the key of the chart cache).
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass, field

from core.db import CHAT_RATINGS, CHAT_USER_BASE
from core.derived import read_meta, read_token
from core.errors import QuerySupportMissing
from core.platforms import PLATFORMS

EDA_SUPPORT_VERSION = "1"
"""Bump when an eda_* table changes shape: the next ``ensure_eda_support`` rebuilds them."""

_TABLES = {
    "eda_user_counts": (
        "user_id INTEGER NOT NULL, platform TEXT NOT NULL, n INTEGER NOT NULL, "
        "PRIMARY KEY (user_id, platform)"
    ),
    "eda_day_counts": (
        "day INTEGER NOT NULL, platform TEXT NOT NULL, source INTEGER NOT NULL, "
        "n INTEGER NOT NULL, rating_sum REAL NOT NULL, PRIMARY KEY (day, platform, source)"
    ),
    "eda_user_hist": (
        "platform TEXT NOT NULL, n INTEGER NOT NULL, users INTEGER NOT NULL, "
        "PRIMARY KEY (platform, n)"
    ),
    "eda_meta": "key TEXT PRIMARY KEY, value TEXT NOT NULL",
}
_PLATFORM_OF_PREFIX = (
    "CASE p " + " ".join(f"WHEN '{p.prefix}' THEN '{p.key}'" for p in PLATFORMS) + " ELSE p END"
)
"""Title ids start with their platform's letter (``core.platforms``): the platform of a rating
without a join. Applied to grouped rows, not to each rating."""
_DATASET = f"user_id < {CHAT_USER_BASE}"


class EdaSupportMissing(QuerySupportMissing):
    """The rating aggregates were never built: run the ETL, or ``ensure_eda_support(conn)``."""


_MISSING = (
    "The database has no rating aggregates yet: load it with the ETL (`streambot etl`), or call "
    "core.eda.ensure_eda_support(conn) once."
)


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    return read_meta(conn, "eda_meta")


def _chat_signature(conn: sqlite3.Connection) -> str:
    # The condition is CHAT_RATINGS verbatim, so SQLite answers from the partial index.
    count, top = conn.execute(
        f"SELECT count(*), coalesce(max(id), 0) FROM ratings WHERE {CHAT_RATINGS}"
    ).fetchone()
    return f"{count}:{top}"


@dataclass
class _Folded:
    """Aggregates of some ratings, read without holding any lock, waiting to be written."""

    users: list[tuple] = field(default_factory=list)
    days: list[tuple] = field(default_factory=list)


def _read(conn: sqlite3.Connection, where: str, params: tuple, source: int, into: _Folded):
    """Aggregate the ratings matching ``where`` (the slow part: a pass over those rows)."""
    into.users += conn.execute(
        f"SELECT user_id, {_PLATFORM_OF_PREFIX}, n FROM ("
        "  SELECT user_id, substr(title_id, 1, 1) AS p, count(*) AS n FROM ratings"
        f"  WHERE {where} GROUP BY user_id, p)",
        params,
    ).fetchall()
    into.days += conn.execute(
        f"SELECT day, {_PLATFORM_OF_PREFIX}, ?, n, s FROM ("
        "  SELECT timestamp / 86400 AS day, substr(title_id, 1, 1) AS p, count(*) AS n,"
        f"  sum(rating) AS s FROM ratings WHERE {where} GROUP BY day, p)",
        (source, *params),
    ).fetchall()


def _write(conn: sqlite3.Connection, folded: _Folded) -> None:
    conn.executemany(
        "INSERT INTO eda_user_counts (user_id, platform, n) VALUES (?, ?, ?) "
        "ON CONFLICT (user_id, platform) DO UPDATE SET n = n + excluded.n",
        folded.users,
    )
    conn.executemany(
        "INSERT INTO eda_day_counts (day, platform, source, n, rating_sum) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, platform, source) DO UPDATE SET "
        "n = n + excluded.n, rating_sum = rating_sum + excluded.rating_sum",
        folded.days,
    )


def _create(conn: sqlite3.Connection) -> None:
    for name in _TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {name}")
    for name, columns in _TABLES.items():
        suffix = "" if name == "eda_meta" else " WITHOUT ROWID"
        conn.execute(f"CREATE TABLE {name} ({columns}){suffix}")


def _drop_chat(conn: sqlite3.Connection) -> None:
    conn.execute(f"DELETE FROM eda_user_counts WHERE user_id >= {CHAT_USER_BASE}")
    conn.execute("DELETE FROM eda_day_counts WHERE source = 1")


def _rebuild_hist(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM eda_user_hist")
    conn.execute(
        "INSERT INTO eda_user_hist SELECT platform, n, count(*) FROM eda_user_counts "
        "GROUP BY platform, n"
    )
    conn.execute(
        "INSERT INTO eda_user_hist SELECT '', n, count(*) FROM "
        "(SELECT sum(n) AS n FROM eda_user_counts GROUP BY user_id) GROUP BY n"
    )


def _new_files(conn: sqlite3.Connection, after: int) -> tuple[list[tuple], bool]:
    """Ratings files loaded since ``after``; and whether one replaced a file folded before."""
    rows = conn.execute(
        "SELECT id, name, first_rating_id, last_rating_id FROM etl_files "
        "WHERE kind = 'ratings' AND id > ? ORDER BY id",
        (after,),
    ).fetchall()
    replaced = (
        bool(rows)
        and conn.execute(
            "SELECT EXISTS (SELECT 1 FROM etl_files WHERE kind = 'ratings' AND id <= ? AND name IN "
            f"({', '.join('?' * len(rows))}))",
            (after, *(row[1] for row in rows)),
        ).fetchone()[0]
    )
    return rows, bool(replaced)


def ensure_eda_support(conn: sqlite3.Connection, *, force: bool = False) -> bool:
    """Create or bring the eda_* tables up to date; returns True when they changed.

    Needs the core schema (``core.db.ensure_schema``). A first build reads every rating once
    (seconds on the full dataset: see docs/eda.md); later calls read only the ratings files
    loaded since, and the chat ratings. The reading holds no lock (WAL readers never block
    writers), so chat ratings keep being saved meanwhile; only the short write of the results
    takes the write lock. Work the caller left uncommitted is committed first.
    """
    if conn.in_transaction:
        conn.commit()
    meta = _meta(conn)
    rebuild = force or meta.get("version") != EDA_SUPPORT_VERSION
    covered = 0 if rebuild else int(meta.get("files", "0"))
    # One read transaction: the files, the chat ratings and their aggregates are one snapshot.
    conn.execute("BEGIN")
    try:
        files, replaced = _new_files(conn, covered)
        chat = _chat_signature(conn)
        if not (rebuild or files or chat != meta.get("chat")):
            return False
        rebuild = rebuild or replaced
        (last_file,) = conn.execute(
            "SELECT coalesce(max(id), 0) FROM etl_files WHERE kind = 'ratings'"
        ).fetchone()
        folded = _Folded()
        if rebuild:
            _read(conn, _DATASET, (), 0, folded)
        else:
            for _, _, first, last in files:
                if first is not None:
                    _read(conn, f"id BETWEEN ? AND ? AND {_DATASET}", (first, last), 0, folded)
        _read(conn, CHAT_RATINGS, (), 1, folded)
    finally:
        conn.commit()  # ends the read transaction
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _meta(conn).get("token") != meta.get("token"):
            # Another caller updated the tables since we read: start again from their state
            # rather than fold the same files twice.
            conn.rollback()
            return ensure_eda_support(conn, force=force)
        if rebuild:
            _create(conn)
        _drop_chat(conn)
        _write(conn, folded)
        _rebuild_hist(conn)
        conn.executemany(
            "INSERT OR REPLACE INTO eda_meta (key, value) VALUES (?, ?)",
            [
                ("version", EDA_SUPPORT_VERSION),
                ("files", str(last_file)),
                ("chat", chat),
                ("token", uuid.uuid4().hex),
            ],
        )
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return True


def refold_chat(conn: sqlite3.Connection) -> None:
    """Fold the chat ratings in again as they are now, inside the caller's transaction.

    ``/forget`` calls it after deleting someone's ratings: ``eda_user_counts`` held a row per
    platform they rated (their internal id and counts), and the day and histogram aggregates
    counted them. Reads only the chat ratings (a partial index); does nothing when the
    aggregates were never built.
    """
    if not _meta(conn):
        return
    folded = _Folded()
    _read(conn, CHAT_RATINGS, (), 1, folded)
    _drop_chat(conn)
    _write(conn, folded)
    _rebuild_hist(conn)
    conn.executemany(
        "INSERT OR REPLACE INTO eda_meta (key, value) VALUES (?, ?)",
        [("chat", _chat_signature(conn)), ("token", uuid.uuid4().hex)],
    )


def drop_eda_support(conn: sqlite3.Connection) -> None:
    """Remove the eda_* tables (to test without them, or before a schema downgrade)."""
    with conn:
        for name in _TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {name}")


def eda_token(conn: sqlite3.Connection) -> str:
    """The token of the current state of the eda_* tables; ``EdaSupportMissing`` if none."""
    token = read_token(conn, "eda_meta")
    if token is None:
        raise EdaSupportMissing(_MISSING)
    return token


def ratings_version(conn: sqlite3.Connection) -> str:
    """Changes whenever a rating is added, changed or deleted (scores change with it).

    The highest rating id moves with every insert (a changed chat rating is a new row); the chat
    count moves when chat ratings are deleted; the last ``etl_files`` id moves when the ETL
    replaced a file. Three index reads.
    """
    (top,) = conn.execute("SELECT coalesce(max(id), 0) FROM ratings").fetchone()
    (files,) = conn.execute("SELECT coalesce(max(id), 0) FROM etl_files").fetchone()
    return f"{top}:{files}:{_chat_signature(conn)}"
