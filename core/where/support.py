"""The work tables, built at ETL time: ``ensure_where_support`` groups the catalogs into works.

Tables (all ``w_*``; ``drop_where_support`` removes the derived ones):

- ``w_works``: one row per work: its type, a display title and year, ``mask`` (one bit per
  platform that carries it, in ``PLATFORM_KEYS`` order) and ``n_platforms``.
- ``w_members``: title id -> work id, platform and title key (a work may have several titles
  on one platform: language versions, a "4K UHD" copy).
- ``w_pairs``: every pair of titles the matcher judged, with its ``decision`` (``link``,
  ``same``, ``blocked`` or ``apart``, see ``core.where.match.Judged``), the ``rule`` that decided
  and the ``evidence`` as JSON: the explanation of every merge and of every refusal.
- ``w_alt``: alternative titles (``core.where.alternatives``): key -> title id, with the
  alternative as written and its source; ``where`` looks queries up in it.
- ``w_mask_counts``: works per (type, mask), so counts are one small read.
- ``w_overrides``: hand decisions (``override_match``) that beat the rules; kept across rebuilds.
- ``w_meta``: version, the catalog fingerprint the tables were built from, and a random
  ``token`` that changes with every rebuild (the key of in-memory caches).

Idempotent and cheap when nothing changed, like ``core.queries.ensure_query_support``; the ETL
calls it after every run.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from core.derived import catalog_fingerprint, rebuild_if_stale
from core.errors import InvalidInput, StreambotError
from core.platforms import PLATFORM_KEYS
from core.queries.support import LIST_SEPARATOR, ensure_query_support
from core.where.alternatives import AltTitle, alternative_titles, with_alternatives
from core.where.entry import Entry, entry_of
from core.where.normalize import untagged

if TYPE_CHECKING:  # the grouping (numpy, rapidfuzz's matrices) loads when the works are rebuilt
    from core.where.grouping import Grouping

WHERE_SUPPORT_VERSION = "4"
"""Bump when a w_* table or a matching rule changes: the next ensure rebuilds the works.
4: issue 17 (evidence weighed where people are missing, other titles, alternative titles,
``w_alt``, one platform's copies only)."""

BIT: dict[str, int] = {key: 1 << i for i, key in enumerate(PLATFORM_KEYS)}

_TABLES = {
    "w_works": (
        "work_id INTEGER PRIMARY KEY, type TEXT NOT NULL, display_title TEXT NOT NULL, "
        "release_year INTEGER, mask INTEGER NOT NULL, n_platforms INTEGER NOT NULL"
    ),
    "w_members": (
        "title_id TEXT PRIMARY KEY, work_id INTEGER NOT NULL, platform TEXT NOT NULL, "
        "key TEXT NOT NULL"
    ),
    "w_pairs": (
        "a TEXT, b TEXT, decision TEXT NOT NULL, rule TEXT NOT NULL, score REAL NOT NULL, "
        "evidence TEXT NOT NULL, PRIMARY KEY (a, b)"
    ),
    "w_alt": "key TEXT NOT NULL, title_id TEXT NOT NULL, alternative TEXT NOT NULL, "
    "source TEXT NOT NULL",
    "w_mask_counts": "type TEXT, mask INTEGER, works INTEGER, PRIMARY KEY (type, mask)",
    "w_meta": "key TEXT PRIMARY KEY, value TEXT NOT NULL",
}
_INDEXES = {
    "w_members_work": "w_members (work_id, platform)",
    "w_members_platform": "w_members (platform, work_id)",
    "w_members_key": "w_members (key)",
    "w_pairs_b": "w_pairs (b)",
    "w_alt_key": "w_alt (key)",
}
_OVERRIDES = (
    "CREATE TABLE IF NOT EXISTS w_overrides (a TEXT, b TEXT, same INTEGER NOT NULL, "
    "note TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID"
)


class WhereSupportMissing(StreambotError):
    """The database has no work tables: run the ETL (or ``ensure_where_support`` once)."""


MISSING = (
    "The database has no work tables yet: load it with the ETL (`streambot etl`), or call "
    "core.where.ensure_where_support(conn) once."
)


def load_entries(conn: sqlite3.Connection) -> list[Entry]:
    """Every catalog title as a matcher ``Entry``, in id order, without its alternative titles
    (names, genres and title words come from ``q_cards`` and ``q_titles``, which
    ``ensure_query_support`` builds; the rest from ``titles``)."""

    def split(joined: str | None) -> list[str]:
        return joined.lower().split(LIST_SEPARATOR) if joined else []

    return [
        entry_of(
            *row,
            split(directors),
            split(cast),
            genres,
            known,
            description,
            rating=rating,
            country=country,
        )
        for *row, directors, cast, genres, known, description, rating, country in conn.execute(
            "SELECT t.id, t.platform, t.type, t.display_title, t.release_year, t.duration_int, "
            "t.duration_type, c.directors, c.cast_names, c.genres, q.words, t.description, "
            "t.rating, t.country FROM titles t "
            "JOIN q_cards c ON c.id = t.id JOIN q_titles q ON q.id = t.id ORDER BY t.id"
        )
    ]


def _overrides(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[bool, str]]:
    return {
        (a, b): (bool(same), note)
        for a, b, same, note in conn.execute("SELECT a, b, same, note FROM w_overrides")
    }


def _fingerprint(conn: sqlite3.Connection) -> str:
    """Changes when the catalog is reloaded, titles change in number, or an override changes."""
    overrides = json.dumps(sorted(conn.execute("SELECT a, b, same FROM w_overrides")))
    digest = hashlib.sha256(overrides.encode()).hexdigest()[:12]
    return f"{catalog_fingerprint(conn)}:{digest}"


def _drop(conn: sqlite3.Connection) -> None:
    for name in _TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {name}")


def drop_where_support(conn: sqlite3.Connection) -> None:
    """Remove the derived work tables (the hand overrides stay)."""
    with conn:
        _drop(conn)


def _display(entries: list[Entry]) -> tuple[str, int]:
    """The title most members use (ties: the shortest), preferring titles without an edition
    tag ("Akira", not "(Dub) Akira"), and the most common year (ties: the earliest)."""
    if len(entries) == 1:
        return entries[0].title, entries[0].year
    plain = [e.title for e in entries if not e.key.edition]
    titles = Counter(plain or [untagged(e.title) for e in entries])
    title = min(titles, key=lambda t: (-titles[t], len(t), t))
    years = Counter(e.year for e in entries)
    return title, min(years, key=lambda y: (-years[y], y))


_compact = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False).encode
"""JSON without spaces (the evidence of some 7,000 pairs is written at every rebuild)."""


def _write(
    conn: sqlite3.Connection, entries: list[Entry], grouping: Grouping, alts: list[AltTitle]
) -> None:
    by_id = {e.id: e for e in entries}
    works, members = [], []
    for work_id, ids in enumerate(grouping.works, 1):
        if len(ids) == 1:  # most works: one title
            e = by_id[ids[0]]
            works.append((work_id, e.kind, e.title, e.year, BIT.get(e.platform, 0), 1))
            members.append((e.id, work_id, e.platform, e.key.key))
            continue
        found = [by_id[i] for i in ids]
        mask = 0
        for e in found:
            mask |= BIT.get(e.platform, 0)
            members.append((e.id, work_id, e.platform, e.key.key))
        title, year = _display(found)
        works.append((work_id, found[0].kind, title, year, mask, mask.bit_count()))
    conn.executemany("INSERT INTO w_works VALUES (?, ?, ?, ?, ?, ?)", works)
    conn.executemany("INSERT INTO w_members VALUES (?, ?, ?, ?)", sorted(members))
    conn.executemany(
        "INSERT INTO w_pairs VALUES (?, ?, ?, ?, ?, ?)",
        (
            (p.a, p.b, p.decision, p.verdict.rule, p.verdict.score, _compact(p.verdict.evidence))
            for p in grouping.pairs
        ),
    )
    conn.executemany(
        "INSERT INTO w_alt VALUES (?, ?, ?, ?)",
        ((a.key, a.title_id, a.alternative, a.source) for a in alts),
    )
    conn.execute(
        "INSERT INTO w_mask_counts SELECT type, mask, count(*) FROM w_works GROUP BY type, mask"
    )


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Grouping allocates about a million small objects (entries, title keys, verdicts) and
    frees none until it is done; the cyclic collector's passes over them took a third of its
    time (bench/where.py) and could reclaim nothing, as none of them forms a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _rebuild(conn: sqlite3.Connection) -> None:
    from core.where.grouping import group

    _drop(conn)
    for name, columns in _TABLES.items():
        conn.execute(f"CREATE TABLE {name} ({columns})")
    with _no_cyclic_gc():
        entries = load_entries(conn)
        alts = alternative_titles(entries)
        entries = with_alternatives(entries, alts)
        _write(conn, entries, group(entries, _overrides(conn)), alts)
    for name, target in _INDEXES.items():
        conn.execute(f"CREATE INDEX {name} ON {target}")


def ensure_where_support(conn: sqlite3.Connection, *, force: bool = False) -> bool:
    """Group the catalogs into works and store them; returns True when it rebuilt the tables.

    Cheap when the catalog did not change (a few small reads). Builds the query tables first
    if they are missing or stale (``ensure_query_support``: it reads ``q_cards`` and
    ``q_titles``). Runs in its own transaction; needs the core schema. Work ids are renumbered
    at every rebuild: keep title ids, not work ids.
    """
    ensure_query_support(conn)
    conn.execute(_OVERRIDES)
    return rebuild_if_stale(
        conn,
        meta_table="w_meta",
        version=WHERE_SUPPORT_VERSION,
        fingerprint=_fingerprint(conn),
        rebuild=_rebuild,
        force=force,
    )


def override_match(conn: sqlite3.Connection, id_a: str, id_b: str, same: bool, note: str) -> None:
    """Fix the matcher by hand: ``same=True`` forces the two titles into one work, ``False``
    keeps them apart, whatever the rules say. Stored in ``w_overrides`` (kept across ETL runs,
    unlike the other w_* tables) and applied at once by a rebuild."""
    a, b = sorted((str(id_a).strip().lower(), str(id_b).strip().lower()))
    conn.execute(_OVERRIDES)
    known = {r[0] for r in conn.execute("SELECT id FROM titles WHERE id IN (?, ?)", (a, b))}
    for given in (a, b):
        if given not in known:
            raise InvalidInput(
                f"No title has the id '{given}': give two title ids, e.g. 'ns1' and 'hs2'.",
                code="unknown_title",
                params={"given": given, "suggestions": []},
            )
    with conn:
        conn.execute(
            "INSERT OR REPLACE INTO w_overrides VALUES (?, ?, ?, ?)", (a, b, int(same), note)
        )
    ensure_where_support(conn)
