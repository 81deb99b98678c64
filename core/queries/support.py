"""Derived tables that make every catalog query an index lookup: ``ensure_query_support``.

Why derived tables: the straightforward joins (titles x title_scores for a platform-year, or
counting cast names per platform-year) read up to ~2,000 rows per request, 1-3 ms each on the
full dataset. These tables hold the answers, or rows ordered the way a query walks them, so each
query reads only the rows it returns (see ``bench/queries.py``).

Freshness:

- Tables derived from the catalog (``titles``, ``title_cast``) are rebuilt by
  ``ensure_query_support`` when the catalog changed; the ETL calls it after every load.
- Scores change after the catalog is loaded (every ratings file, every rating given in chat), so
  the score columns of ``q_titles`` follow ``title_scores`` through triggers: any writer, on any
  connection, keeps them exact without knowing this module exists.

Tables (all named ``q_*``; remove them with ``drop_query_support``, never by hand: the triggers
on ``title_scores`` write to ``q_titles``, so dropping it alone would break every rating write):

- ``q_titles``: one row per title with the columns the queries filter, sort and show, the
  title's ``words`` (``core.text.normalize``), ``score`` and ``rating_count``, and
  ``quarantined`` (a catalog placeholder, ``core.clean`` rule 7: counted, never searched or
  ranked), and ``reach`` (how well known it is, ``REACH_CAST``); indexed per filter
  combination.
- ``q_stats``: per (platform, year) the number of titles, movies, shows and titles with cast;
  ``q_platform_counts`` the movies and shows per platform.
- ``q_cards``: per title its cast, directors and genres, joined by ``LIST_SEPARATOR``: the
  lower-case names (for matching) and, beside them, the names as the catalog writes them.
- ``q_actor_top``: per (platform, year) the cast names tied for the most titles, each with its
  most common spelling in the catalog (``display_name``).
- ``q_title_words``: one row per (word, title), words as ``core.text.words`` splits them;
  ``q_word_counts`` has their movie and show counts per (word, platform).
- ``q_rating_counts``: how many rankable (not quarantined) titles have each number of ratings,
  kept exact by a trigger on ``q_titles``: the minimum /top asks for follows the data's scale
  (``core.queries.catalog.rating_bar``) by reading its first rows, never a scan of the titles.
- ``q_meta``: the support version, the catalog fingerprint it was built from, a random
  ``token`` that changes with every rebuild (the key of in-memory caches such as search), and
  the catalog's size and newest title (``titles``, ``last_added``, ``last_release``), and the
  number of rankable titles (``rankable``).
"""

from __future__ import annotations

import sqlite3

from core.derived import (
    catalog_fingerprint,
    read_token,
    rebuild_if_stale,
    requires_tables,
)
from core.errors import QuerySupportMissing
from core.text import words

QUERY_SUPPORT_VERSION = "7"
"""Bump when a q_* table changes shape: the next ``ensure_query_support`` recreates them all."""

_TABLES = {
    "q_titles": (
        "id TEXT PRIMARY KEY, platform TEXT NOT NULL, release_year INTEGER, type TEXT NOT NULL, "
        "title TEXT NOT NULL, display_title TEXT NOT NULL, words TEXT NOT NULL, "
        "duration_type TEXT, duration_int INTEGER, score REAL, "
        "rating_count INTEGER NOT NULL DEFAULT 0, quarantined INTEGER NOT NULL DEFAULT 0, "
        "reach INTEGER NOT NULL DEFAULT 0"
    ),
    "q_stats": (
        "platform TEXT, release_year INTEGER, titles INTEGER, movies INTEGER, shows INTEGER, "
        "cast_titles INTEGER, PRIMARY KEY (platform, release_year)"
    ),
    "q_actor_top": (
        "platform TEXT, release_year INTEGER, name TEXT, n INTEGER, display_name TEXT, "
        "PRIMARY KEY (platform, release_year, name)"
    ),
    "q_platform_counts": "platform TEXT PRIMARY KEY, movies INTEGER, shows INTEGER",
    "q_cards": (
        "id TEXT PRIMARY KEY, cast_names TEXT, directors TEXT, genres TEXT, "
        "cast_display TEXT, directors_display TEXT, genres_display TEXT"
    ),
    "q_word_counts": (
        "word TEXT, platform TEXT, movies INTEGER, shows INTEGER, PRIMARY KEY (word, platform)"
    ),
    "q_title_words": (
        "word TEXT, platform TEXT, title_id TEXT, type TEXT, PRIMARY KEY (word, platform, title_id)"
    ),
    "q_rating_counts": "rating_count INTEGER PRIMARY KEY, titles INTEGER NOT NULL",
}

_RANK = (
    "score DESC, rating_count DESC, id, display_title, platform, release_year, type, quarantined"
)
# Max duration: equality on the filters given, then the max of duration_int is the index's end.
# Top rated: equality on the filters given, then the index is already in ranking order (score,
# count, id), so a query reads its `limit` rows and stops; the shown columns ride along, which
# saves a table lookup per row (2-3 us each). Score count counts entries of a narrow index of its
# own: up to ~2,000 per request, and narrow entries mean few pages.
_INDEXES = {
    "q_titles_dur_py": "duration_type, platform, release_year, duration_int",
    "q_titles_dur_y": "duration_type, release_year, duration_int",
    "q_titles_dur_p": "duration_type, platform, duration_int",
    "q_titles_dur": "duration_type, duration_int",
    "q_titles_score_pyt": "platform, release_year, type, score",
    "q_titles_rank_pyt": f"platform, release_year, type, {_RANK}",
    "q_titles_rank_py": f"platform, release_year, {_RANK}",
    "q_titles_rank_pt": f"platform, type, {_RANK}",
    "q_titles_rank_yt": f"release_year, type, {_RANK}",
    "q_titles_rank_p": f"platform, {_RANK}",
    "q_titles_rank_y": f"release_year, {_RANK}",
    "q_titles_rank_t": f"type, {_RANK}",
    "q_titles_rank": _RANK,
}

_TRIGGERS = {
    "q_scores_insert": (
        "AFTER INSERT ON title_scores BEGIN UPDATE q_titles SET score = NEW.score, "
        "rating_count = NEW.rating_count WHERE id = NEW.title_id; END"
    ),
    "q_scores_update": (
        "AFTER UPDATE ON title_scores BEGIN "
        "UPDATE q_titles SET score = NULL, rating_count = 0 "
        "WHERE id = OLD.title_id AND OLD.title_id IS NOT NEW.title_id; "
        "UPDATE q_titles SET score = NEW.score, rating_count = NEW.rating_count "
        "WHERE id = NEW.title_id; END"
    ),
    "q_scores_delete": (
        "AFTER DELETE ON title_scores BEGIN UPDATE q_titles SET score = NULL, rating_count = 0 "
        "WHERE id = OLD.title_id; END"
    ),
    # Fired by the three above (a trigger's writes fire triggers): the title leaves the row of
    # its old count, emptied rows go, and it joins the row of its new count.
    "q_rating_counts_follow": (
        "AFTER UPDATE OF rating_count ON q_titles "
        "WHEN NOT NEW.quarantined AND OLD.rating_count IS NOT NEW.rating_count BEGIN "
        "UPDATE q_rating_counts SET titles = titles - 1 WHERE rating_count = OLD.rating_count; "
        "DELETE FROM q_rating_counts WHERE rating_count = OLD.rating_count AND titles = 0; "
        "INSERT INTO q_rating_counts VALUES (NEW.rating_count, 1) "
        "ON CONFLICT (rating_count) DO UPDATE SET titles = titles + 1; END"
    ),
}


def _drop(conn: sqlite3.Connection) -> None:
    for name in _TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in (*_TABLES, "q_meta"):
        conn.execute(f"DROP TABLE IF EXISTS {name}")


def drop_query_support(conn: sqlite3.Connection) -> None:
    """Remove the q_* tables and their triggers (for a schema downgrade, or to test without)."""
    with conn:
        _drop(conn)


REACH_CAST = 5
"""A title's ``reach`` is how many titles on the *other* catalogs its first ``REACH_CAST``
billed cast members appear in: a film whose leads work everywhere (Harrison Ford, Robert Downey
Jr.) is better known than one whose voice cast works for one studio only. The ratings cannot
say it: who rates what is generated. Hulu lists no cast, so its titles have no reach."""


def _reach(conn: sqlite3.Connection) -> dict[str, int]:
    """``reach`` for every title with cast (see ``REACH_CAST``): two passes over the cast."""
    per_name: dict[str, dict[str, int]] = {}
    lead: dict[str, list[str]] = {}
    for title_id, name, position, platform in conn.execute(
        "SELECT c.title_id, c.name, c.position, t.platform FROM title_cast c "
        "JOIN titles t ON t.id = c.title_id"
    ):
        counts = per_name.setdefault(name, {})
        counts[platform] = counts.get(platform, 0) + 1
        if position < REACH_CAST:
            lead.setdefault(title_id, []).append(name)
    reach = {}
    for title_id, names in lead.items():
        own = title_id[0]  # a title id starts with its platform's letter (core.platforms)
        reach[title_id] = sum(
            n for name in set(names) for key, n in per_name[name].items() if key[0] != own
        )
    return reach


LIST_SEPARATOR = "\x1f"
"""Joins the names of a ``q_cards`` list (the ASCII unit separator: in no name)."""


_LISTS = (
    ("title_cast", "name", "display_name"),
    ("title_directors", "name", "display_name"),
    ("title_genres", "genre", "display_genre"),
)
"""The three lists of a card: table, matching column, display column."""


def _fill_cards(conn: sqlite3.Connection, ids: list[str]) -> None:
    """One row per title with its cast, directors and genres, so a card is one lookup: the
    three lower-case lists, then the same three as the catalog writes them."""
    lists: dict[str, list[list[str]]] = {title_id: [[] for _ in range(6)] for title_id in ids}
    for kind, (table, column, display) in enumerate(_LISTS):
        for title_id, name, shown in conn.execute(
            f"SELECT title_id, {column}, coalesce({display}, {column}) FROM {table} "
            "ORDER BY title_id, position"
        ):
            if title_id in lists:
                lists[title_id][kind].append(name)
                lists[title_id][kind + 3].append(shown)
    conn.executemany(
        "INSERT INTO q_cards VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((title_id, *map(LIST_SEPARATOR.join, found)) for title_id, found in lists.items()),
    )


def _fill_titles(conn: sqlite3.Connection) -> list[tuple]:
    """``q_titles``, and the words of every title into ``q_title_words`` and ``q_word_counts``.

    Rows go in sorted by primary key, which keeps the B-tree build sequential.
    """
    rows = conn.execute(
        "SELECT t.id, t.platform, t.release_year, t.type, t.title, t.display_title, "
        "t.duration_type, t.duration_int, s.score, coalesce(s.rating_count, 0), "
        "t.quarantine IS NOT NULL "
        "FROM titles t LEFT JOIN title_scores s ON s.title_id = t.id ORDER BY t.id"
    ).fetchall()
    title_words = [words(row[4]) for row in rows]
    reach = _reach(conn)
    conn.executemany(
        "INSERT INTO q_titles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (*row[:6], " ".join(found), *row[6:], reach.get(row[0], 0))
            for row, found in zip(rows, title_words, strict=True)
        ),
    )
    conn.executemany(
        "INSERT INTO q_title_words VALUES (?, ?, ?, ?)",
        sorted(
            (word, row[1], row[0], row[3])
            for row, found in zip(rows, title_words, strict=True)
            for word in set(found)
        ),
    )
    conn.execute(
        "INSERT INTO q_word_counts SELECT word, platform, sum(type = 'movie'), "
        "sum(type = 'tv show') FROM q_title_words GROUP BY word, platform"
    )
    return rows


def _fill_counts(conn: sqlite3.Connection) -> None:
    """``q_stats``, ``q_platform_counts`` and ``q_actor_top``."""
    conn.execute(
        "INSERT INTO q_stats SELECT platform, release_year, count(*), "
        "sum(type = 'movie'), sum(type = 'tv show'), "
        "sum(EXISTS (SELECT 1 FROM title_cast c WHERE c.title_id = t.id)) "
        "FROM titles t GROUP BY platform, release_year"
    )
    conn.execute(
        "INSERT INTO q_platform_counts SELECT platform, sum(movies), sum(shows) FROM q_stats "
        "GROUP BY platform"
    )
    # A name counts once per title, even if a cast list repeats it. The name shown is its most
    # common spelling across the catalogs ("Lin-Manuel Miranda"), ties to the first in order.
    conn.execute(
        "WITH per_name AS ("
        "  SELECT t.platform, t.release_year, c.name, count(DISTINCT c.title_id) AS n"
        "  FROM title_cast c JOIN titles t ON t.id = c.title_id"
        "  GROUP BY t.platform, t.release_year, c.name),"
        " best AS (SELECT platform, release_year, max(n) AS n FROM per_name"
        "  GROUP BY platform, release_year) "
        "INSERT INTO q_actor_top SELECT p.platform, p.release_year, p.name, p.n, "
        "(SELECT coalesce(c.display_name, c.name) FROM title_cast c WHERE c.name = p.name"
        "  GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1) "
        "FROM per_name p JOIN best b USING (platform, release_year) WHERE p.n = b.n"
    )


def _rebuild(conn: sqlite3.Connection) -> None:
    """Drop and refill every q_* table; indexes and triggers come last (a sorted bulk build)."""
    _drop(conn)
    for name, columns in _TABLES.items():
        conn.execute(f"CREATE TABLE {name} ({columns}) WITHOUT ROWID")
    conn.execute("CREATE TABLE q_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    rows = _fill_titles(conn)
    _fill_cards(conn, [row[0] for row in rows])
    _fill_counts(conn)
    # How recent the catalog is, for core.queries.freshness: one read instead of a scan.
    conn.execute(
        "INSERT INTO q_meta SELECT 'titles', count(*) FROM titles UNION ALL "
        "SELECT 'last_added', max(date_added) FROM titles HAVING max(date_added) IS NOT NULL "
        "UNION ALL SELECT 'last_release', max(release_year) FROM titles "
        "HAVING max(release_year) IS NOT NULL UNION ALL "
        "SELECT 'rankable', count(*) FROM q_titles WHERE NOT quarantined"
    )
    conn.execute(
        "INSERT INTO q_rating_counts SELECT rating_count, count(*) FROM q_titles "
        "WHERE NOT quarantined GROUP BY rating_count"
    )
    for name, columns in _INDEXES.items():
        conn.execute(f"CREATE INDEX {name} ON q_titles ({columns})")
    for name, body in _TRIGGERS.items():
        conn.execute(f"CREATE TRIGGER {name} {body}")


def ensure_query_support(conn: sqlite3.Connection, *, force: bool = False) -> bool:
    """Create or refresh the q_* tables; returns True when it rebuilt them.

    Idempotent and cheap when nothing changed (two small reads), so it is safe to call after
    every ETL run and at start-up. Needs the core schema (``core.db.ensure_schema``) in place.
    Runs in its own transaction; work the caller left uncommitted is committed first.
    """
    rebuilt = rebuild_if_stale(
        conn,
        meta_table="q_meta",
        version=QUERY_SUPPORT_VERSION,
        fingerprint=catalog_fingerprint(conn),
        rebuild=_rebuild,
        force=force,
    )
    if rebuilt:
        conn.execute("PRAGMA optimize")
    return rebuilt


MISSING = (
    "The database has no query tables yet: load it with the ETL (`streambot etl`), or call "
    "core.queries.ensure_query_support(conn) once."
)


def support_token(conn: sqlite3.Connection) -> str:
    """The token of the current build of the q_* tables; caches built from them key on it.

    Raises ``QuerySupportMissing`` when the tables were never built.
    """
    token = read_token(conn, "q_meta")
    if token is None:
        raise QuerySupportMissing(MISSING)
    return token


requires_support = requires_tables("q_", QuerySupportMissing, MISSING)
"""Turn "no such table: q_..." into ``QuerySupportMissing``, which says what to run."""
