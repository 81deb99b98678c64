"""``t_fans``: how many real people rated each title, kept ready for the catalog questions.

Why a derived table: ``/worth`` names "the best-known titles" a platform adds, and the people
who use the bot name the films most people have seen (for Disney+: Star Wars, Marvel, Pixar),
which is what real taste measures (MovieLens people, bridged onto the catalogs). The real taste
lives partly in a shipped file (``core.taste.shipped``), so a request cannot count it in SQL;
this table is the count, refreshed with the other derived tables (``core.refresh``) whenever
the catalog or the real-taste sources change.
"""

from __future__ import annotations

import sqlite3

from core.derived import catalog_fingerprint, rebuild_if_stale
from core.shipped import TASTE, shipped_applies

FANS_VERSION = "1"


def ensure_fans(conn: sqlite3.Connection, *, force: bool = False) -> bool:
    """Count each title's real raters into ``t_fans`` unless it is current; True when rebuilt.

    Cheap when nothing changed (a few small reads); a rebuild reads the real taste
    (``core.taste.store.load_taste``: about a second for the shipped ratings).
    """
    return rebuild_if_stale(
        conn,
        meta_table="t_meta",
        version=FANS_VERSION,
        fingerprint=_fingerprint(conn),
        rebuild=_rebuild,
        force=force,
    )


def _fingerprint(conn: sqlite3.Connection) -> str:
    """The catalog, whether the shipped ratings apply to it, and every imported source: SQL
    only, no ``core.taste`` (it loads polars), so a start with nothing new stays quick."""
    try:
        sources = conn.execute(
            "SELECT source, sha256, catalog, kept FROM taste_sources ORDER BY source"
        ).fetchall()
    except sqlite3.OperationalError:  # a database older than the real taste
        sources = []
    applies = shipped_applies(conn)
    return f"{catalog_fingerprint(conn)}|{sorted(TASTE.files.values())}|{applies}|{sources}"


def _rebuild(conn: sqlite3.Connection) -> None:
    from core.taste.store import load_taste

    counts = load_taste(conn).group_by("title_id").len(name="people")
    conn.execute("CREATE TABLE IF NOT EXISTS t_meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("DROP TABLE IF EXISTS t_fans")
    conn.execute("CREATE TABLE t_fans (title_id TEXT PRIMARY KEY, people INTEGER NOT NULL)")
    conn.executemany("INSERT INTO t_fans VALUES (?, ?)", counts.iter_rows())
