"""Bookkeeping shared by the derived tables: ``q_*`` (``core.queries``), ``w_*`` (``core.where``).

Why one module: each family of derived tables keeps a key/value ``*_meta`` table with the
version it was built with, a fingerprint of the source it was built from and a random ``token``
that changes at every rebuild (the key of in-memory caches). Reading that table, deciding that
the tables are stale, rebuilding them in one transaction with a fresh token, and turning
"no such table" into an error that says what to run were written once per family and had begun
to drift. Here they are written once; each family keeps its own tables, fingerprint and error.
The ``eda_*`` aggregates (``core.eda.support``) fold new ratings in rather than rebuild, so they
use only the readers.
"""

from __future__ import annotations

import functools
import sqlite3
import uuid
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from core.errors import StreambotError

P = ParamSpec("P")
R = TypeVar("R")


def read_meta(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    """The key/value rows of a ``*_meta`` table; empty when the table does not exist."""
    try:
        return dict(conn.execute(f"SELECT key, value FROM {table}"))
    except sqlite3.OperationalError:
        return {}


def read_token(conn: sqlite3.Connection, table: str) -> str | None:
    """The ``token`` of a ``*_meta`` table, or None when the tables were never built."""
    try:
        row = conn.execute(f"SELECT value FROM {table} WHERE key = 'token'").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else row[0]


def catalog_fingerprint(conn: sqlite3.Connection) -> str:
    """Changes whenever the catalog is reloaded (a new etl_files row) or titles change size."""
    (last_load,) = conn.execute(
        "SELECT coalesce(max(id), 0) FROM etl_files WHERE kind = 'catalog'"
    ).fetchone()
    (count,) = conn.execute("SELECT count(*) FROM titles").fetchone()
    return f"{last_load}:{count}"


def rebuild_if_stale(
    conn: sqlite3.Connection,
    *,
    meta_table: str,
    version: str,
    fingerprint: str,
    rebuild: Callable[[sqlite3.Connection], None],
    force: bool = False,
) -> bool:
    """Run ``rebuild`` unless ``meta_table`` records this ``version`` and ``fingerprint``;
    returns True when it rebuilt.

    ``rebuild`` must (re)create ``meta_table`` (key TEXT PRIMARY KEY, value TEXT); the version,
    the fingerprint (key ``catalog``) and a new random ``token`` are written after it, in the
    same transaction. Work the caller left uncommitted is committed first.
    """
    meta = read_meta(conn, meta_table)
    current = meta.get("version") == version and meta.get("catalog") == fingerprint
    if current and not force:
        return False
    # An explicit transaction: Python's sqlite3 would run the DDL outside one, and readers must
    # never see the tables half built.
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        rebuild(conn)
        conn.executemany(
            f"INSERT OR REPLACE INTO {meta_table} (key, value) VALUES (?, ?)",
            [("version", version), ("catalog", fingerprint), ("token", uuid.uuid4().hex)],
        )
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return True


def requires_tables(
    prefix: str, error: type[StreambotError], message: str
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A decorator that turns "no such table: <prefix>..." into ``error(message)``, whose
    message says what to run; any other ``sqlite3.OperationalError`` passes unchanged."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except sqlite3.OperationalError as exc:
                if f"no such table: {prefix}" in str(exc):
                    raise error(message) from exc
                raise

        return wrapper

    return decorate
