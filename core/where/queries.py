"""The questions about works: ``where``, ``compare``, ``what_adds``, ``coverage``, ``explain``.

Each takes the connection first, validates its arguments with ``core.inputs`` (a wrong one
raises ``InvalidInput`` with a ``code`` the bot translates), and reads the ``w_*`` tables that
``ensure_where_support`` builds at ETL time.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable

from core.db import CHAT_RATINGS
from core.derived import requires_tables
from core.errors import InvalidInput
from core.inputs import parse_limit, parse_platform, parse_search_text
from core.platforms import PLATFORM_KEYS
from core.queries import SearchCache, rating_bar, search
from core.queries.support import requires_support
from core.significance import SHARED_LABEL, differs, share_of
from core.text import STOP_WORDS
from core.where.match import MOVIE
from core.where.normalize import title_key
from core.where.results import (
    AddedTitle,
    Comparison,
    Coverage,
    GenreLead,
    PairEvidence,
    TypeSplit,
    WhatAdds,
    WhereResult,
    WhereTitle,
    Work,
)
from core.where.support import BIT, MISSING, WhereSupportMissing

_SEARCH_DEPTH = 2
"""Titles searched per work asked for: a work may have several titles that match alike."""
_NEAR = 90.0
"""When a work's title equals the query, fuzzy matches below this are left out."""
STRONGEST = 3
"""Genres listed per platform in a comparison."""


requires_where = requires_tables("w_", WhereSupportMissing, MISSING)
"""Turn "no such table: w_..." into ``WhereSupportMissing``, which says what to run."""


def _in(values: Iterable[object]) -> str:
    return ",".join("?" * len(list(values)))


def _works(
    conn: sqlite3.Connection, matches: dict[int, float], known_as: dict[int, str] | None = None
) -> tuple[Work, ...]:
    """The works with ``matches`` (work id -> match), in that order, with their titles;
    ``known_as`` gives the alternative title a work was found by."""
    ids = list(matches)
    if not ids:
        return ()
    titles: dict[int, list[WhereTitle]] = defaultdict(list)
    for row in conn.execute(
        "SELECT m.work_id, q.id, q.platform, q.display_title, q.release_year, q.type, "
        f"q.duration_int, q.duration_type FROM w_members m JOIN q_titles q ON q.id = m.title_id "
        f"WHERE m.work_id IN ({_in(ids)})",
        ids,
    ):
        titles[row[0]].append(WhereTitle(*row[1:]))
    heads = {
        row[0]: row[1:]
        for row in conn.execute(
            f"SELECT work_id, display_title, type, release_year FROM w_works "
            f"WHERE work_id IN ({_in(ids)})",
            ids,
        )
    }
    order = {k: i for i, k in enumerate(PLATFORM_KEYS)}
    return tuple(
        Work(
            work_id=w,
            display_title=heads[w][0],
            type=heads[w][1],
            release_year=heads[w][2],
            match=matches[w],
            titles=tuple(sorted(titles[w], key=lambda t: (order.get(t.platform, 9), t.id))),
            also_known_as=(known_as or {}).get(w),
        )
        for w in ids
        if w in heads
    )


@requires_where
@requires_support
def where(
    conn: sqlite3.Connection,
    text: str | None,
    limit: int | str = 5,
    *,
    strict: bool = True,
    cache: SearchCache | None = None,
) -> WhereResult:
    """The works whose title best matches ``text`` (typo- and accent-tolerant, like
    ``core.queries.search``), each with its platforms, ids, year, type and duration.

    Raises ``InvalidInput``: ``missing_argument`` for no text, ``bad_search_text`` for text
    without letters or digits, ``where_stop_words`` for text of only words like "the" (unless
    ``strict`` is False: search-as-you-type, where "the" is the start of a title).
    """
    if text is None or not str(text).strip():
        raise InvalidInput(
            "The title is missing: give part of a title, e.g. 'the lion king'.",
            code="missing_argument",
            params={"name": "title", "example": "/where the lion king"},
        )
    query = parse_search_text(text)
    if strict and all(w in STOP_WORDS for w in query.split()):
        raise InvalidInput(
            f"'{text}' has only words like 'the' or 'of', which are in thousands of titles: "
            "add a word of the title, e.g. 'the lion king'.",
            code="where_stop_words",
            params={"given": str(text)},
        )
    n = parse_limit(limit, high=20)
    # Works whose title key, or one of whose alternative titles' keys, is the query's come
    # first ("blood and water" is "Blood & Water", "lion king" is "The Lion King", "money heist"
    # is "La casa de papel"); fuzzy search fills the rest.
    key = title_key(str(text)).key
    matches: dict[int, float] = {}
    known_as: dict[int, str] = {}
    for work, alternative in conn.execute(
        "SELECT f.work_id, CASE WHEN count(f.alternative) = count(*) THEN min(f.alternative) END "
        "FROM ("
        "SELECT work_id, NULL AS alternative FROM w_members WHERE key = ? UNION ALL "
        "SELECT m.work_id, a.alternative FROM w_alt a JOIN w_members m ON m.title_id = a.title_id "
        "WHERE a.key = ?) f JOIN w_works w ON w.work_id = f.work_id GROUP BY f.work_id "
        "ORDER BY count(f.alternative) = count(*), w.n_platforms DESC, w.release_year DESC, "
        "f.work_id LIMIT ?",
        (key, key, n),
    ):
        matches[work] = 100.0
        if alternative is not None:
            known_as[work] = alternative
    exact = bool(matches)
    hits = search(conn, text, min(50, _SEARCH_DEPTH * n), cache=cache)
    ids = [h.id for h in hits]
    work_of = dict(
        conn.execute(
            f"SELECT title_id, work_id FROM w_members WHERE title_id IN ({_in(ids)})", ids
        ).fetchall()
    )
    # Beside an exact title, only close fuzzy matches are worth showing.
    floor = _NEAR if matches else 0.0
    for hit in hits:
        work = work_of.get(hit.id)
        if work is not None and work not in matches and len(matches) < n and hit.match >= floor:
            matches[work] = hit.match
    # Only works *like* the query ("Game of Zones" for "game of thrones"): the reply says so.
    complete = exact or any(h.complete for h in hits if work_of.get(h.id) in matches)
    return WhereResult(query, _works(conn, matches, known_as), complete=complete)


def _split(conn: sqlite3.Connection, has: int, lacks: int = 0) -> TypeSplit:
    """Works on every platform of mask ``has`` and none of ``lacks``."""
    movies = shows = 0
    for kind, mask, n in conn.execute("SELECT type, mask, works FROM w_mask_counts"):
        if mask & has == has and not mask & lacks:
            if kind == MOVIE:
                movies += n
            else:
                shows += n
    return TypeSplit(movies, shows)


class GenreCounts:
    """Works per platform mask and genre family, kept for one build of the work tables.

    ``compare`` needs them on every call and they take a tenth of a second to count, so a
    front end keeps one ``GenreCounts`` per database (``bot.services.Services`` does) and
    passes it in; a new build of the tables (a new ``w_meta`` token) is counted again. Safe to
    share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token: str | None = None
        self._counts: dict[int, dict[str, int]] = {}

    def of(self, conn: sqlite3.Connection) -> dict[int, dict[str, int]]:
        """The counts of ``conn``'s work tables, counted on first use after each build."""
        (token,) = conn.execute("SELECT value FROM w_meta WHERE key = 'token'").fetchone()
        with self._lock:
            if token == self._token:
                return self._counts
        counts = _genre_masks(conn)
        with self._lock:
            self._token, self._counts = token, counts
        return counts


def _genre_masks(conn: sqlite3.Connection) -> dict[int, dict[str, int]]:
    """Works per platform mask and genre family (the family map lives in ``core.eda``, which
    the ETL does not import)."""
    from core.eda.vocab import genre_family  # matplotlib comes with core.eda: only when asked

    families: dict[int, set[str]] = defaultdict(set)
    for work_id, label in conn.execute(
        "SELECT DISTINCT m.work_id, g.genre FROM w_members m "
        "JOIN title_genres g ON g.title_id = m.title_id"
    ):
        family = genre_family(label)
        if family is not None:
            families[work_id].add(family)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for work_id, mask in conn.execute("SELECT work_id, mask FROM w_works"):
        for family in families.get(work_id, ()):
            counts[mask][family] += 1
    return {mask: dict(per) for mask, per in counts.items()}


def _leads(
    per_mask: dict[int, dict[str, int]], a: int, b: int, works_a: int, works_b: int
) -> tuple[list, list]:
    """Genres where one platform carries more works than the other, like with like: only
    families both platforms use (``SHARED_LABEL``), and only where its share of its catalog is
    larger beyond chance as well (``core.significance``)."""
    on: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for mask, per in per_mask.items():
        for family, n in per.items():
            if mask & a:
                on[family][0] += n
            if mask & b:
                on[family][1] += n
    leads = []
    for family, (x, y) in on.items():
        share_a, share_b = share_of(x, works_a), share_of(y, works_b)
        used = min(share_a.value, share_b.value) >= SHARED_LABEL
        agree = (x > y) == (share_a.value > share_b.value)
        if used and agree and differs(share_a, share_b):
            leads.append(GenreLead(family, x, y))
    best_a = sorted((g for g in leads if g.on_a > g.on_b), key=lambda g: (g.on_b - g.on_a, g.genre))
    best_b = sorted((g for g in leads if g.on_b > g.on_a), key=lambda g: (g.on_a - g.on_b, g.genre))
    return best_a[:STRONGEST], best_b[:STRONGEST]


@requires_where
def compare(
    conn: sqlite3.Connection,
    platform_a: str,
    platform_b: str,
    *,
    genres: GenreCounts | None = None,
) -> Comparison:
    """Works both platforms carry and works only one does, as movies and shows, and the
    genres where each carries the most works more than the other. ``genres`` keeps the genre
    counts between calls (counted afresh without it).

    Raises ``UnknownPlatform``, or ``InvalidInput`` code ``where_same_platform``.
    """
    a, b = parse_platform(platform_a), parse_platform(platform_b)
    if a == b:
        raise InvalidInput(
            f"Compare two different platforms, not {a} with itself; e.g. 'netflix hulu'.",
            code="where_same_platform",
            params={"given": a},
        )
    shared = _split(conn, BIT[a] | BIT[b])
    only_a, only_b = _split(conn, BIT[a], BIT[b]), _split(conn, BIT[b], BIT[a])
    strongest_a, strongest_b = _leads(
        genres.of(conn) if genres is not None else _genre_masks(conn),
        BIT[a],
        BIT[b],
        shared.total + only_a.total,
        shared.total + only_b.total,
    )
    return Comparison(
        platform_a=a,
        platform_b=b,
        shared=shared,
        only_a=only_a,
        only_b=only_b,
        strongest_a=tuple(strongest_a),
        strongest_b=tuple(strongest_b),
    )


@requires_where
@requires_support
def what_adds(
    conn: sqlite3.Connection,
    have: Iterable[str],
    candidate: str,
    limit: int | str = 5,
    min_count: int | None = None,
    people: Iterable[int] = (),
) -> WhatAdds:
    """How many works ``candidate`` carries that none of the platforms in ``have`` does, the
    best known of them, and, from the ratings of ``people`` (internal user ids: the asker, or a
    group's watch party), how much of what they like it would add. Ranked by score (where the
    candidate lists no cast), a title needs ``min_count`` ratings; by default the data's own
    minimum, as /top's (``core.queries.rating_bar``).

    Raises ``UnknownPlatform``, or ``InvalidInput`` code ``where_candidate_in_have``.
    """
    key = parse_platform(candidate)
    owned = tuple(dict.fromkeys(parse_platform(h) for h in have))
    if key in owned:
        raise InvalidInput(
            f"You already have {key}: name a platform you do not have, e.g. "
            f"'{next(k for k in PLATFORM_KEYS if k not in owned)}'.",
            code="where_candidate_in_have",
            params={"given": key},
        )
    n = parse_limit(limit, high=20)
    have_mask = sum(BIT[k] for k in owned)
    bar = rating_bar(conn, min_count)
    best, best_by = _best_added(conn, key, have_mask, n, bar.min_count)
    return WhatAdds(
        candidate=key,
        have=owned,
        candidate_works=_split(conn, BIT[key]),
        added=_split(conn, BIT[key], have_mask),
        bar=bar,
        best=best,
        best_by=best_by,
        **_taste(conn, tuple(people), key, have_mask),
    )


_BIG = (
    "((q.duration_type = 'min' AND q.duration_int >= 60) "
    "OR (q.duration_type = 'season' AND q.duration_int >= 2))"
)
"""Feature films and series of two seasons or more: what people name when they name a
platform's titles (not its shorts, clips and specials)."""


FANS_MIN = 20
"""Real people who rated a work before it counts as known to them (``best_by="people"``)."""
_ADDED_FROM = (
    "FROM w_members m JOIN w_works w ON w.work_id = m.work_id JOIN q_titles q ON q.id = m.title_id"
)
_ADDED_WHERE = "WHERE m.platform = ? AND (w.mask & ?) = 0 AND NOT q.quarantined"
_FANS = (
    "JOIN (SELECT f.work_id, sum(t.people) AS people FROM t_fans t "
    "JOIN w_members f ON f.title_id = t.title_id GROUP BY f.work_id) fans "
    "ON fans.work_id = m.work_id"
)
_ADDED_COLUMNS = "m.work_id, q.id, q.display_title, q.release_year, q.type, q.score, q.rating_count"


def _best_added(
    conn: sqlite3.Connection, key: str, have_mask: int, n: int, min_count: int
) -> tuple[tuple[AddedTitle, ...], str]:
    """The best-known works ``key`` adds: the ones most real people rated (``t_fans``, from
    the real taste: Star Wars, Marvel and Pixar films for Disney+), when ``n`` of them have
    ``FANS_MIN``; else by reach (``AddedTitle.reach``); by score when the platform lists no
    cast (Hulu)."""
    try:
        known = _first_per_work(
            conn.execute(
                f"SELECT {_ADDED_COLUMNS}, fans.people {_ADDED_FROM} {_FANS} {_ADDED_WHERE} "
                "AND fans.people >= ? ORDER BY fans.people DESC, q.rating_count DESC, q.id",
                (key, have_mask, FANS_MIN),
            ),
            n,
        )
    except sqlite3.OperationalError:  # no t_fans yet: the next refresh builds it
        known = ()
    if len(known) >= n:
        return known, "people"
    head = f"SELECT {_ADDED_COLUMNS}, q.reach {_ADDED_FROM} {_ADDED_WHERE}"
    ranked = (
        (
            f"{head} AND {_BIG} AND q.reach > 0 ORDER BY q.reach DESC, q.rating_count DESC, q.id",
            (key, have_mask),
            "reach",
        ),
        (
            f"{head} AND q.score IS NOT NULL AND q.rating_count >= ? "
            "ORDER BY q.score DESC, q.rating_count DESC, q.id",
            (key, have_mask, min_count),
            "score",
        ),
    )
    for sql, params, basis in ranked:
        best = _first_per_work(conn.execute(sql, params), n)
        if best:
            return best, basis
    return (), "score"


def _first_per_work(rows: Iterable[tuple], n: int) -> tuple[AddedTitle, ...]:
    """The first ``n`` works of ``rows`` (best first), each as its first listing."""
    best: dict[int, AddedTitle] = {}
    for row in rows:
        best.setdefault(row[0], AddedTitle(*row))
        if len(best) >= n:
            break
    return tuple(best.values())


LIKED = 4.0
"""A rating this high or higher means the person liked the title."""
_TASTE = 3
"""Favourite genre families considered."""


def _taste(conn: sqlite3.Connection, people: tuple[int, ...], key: str, have_mask: int) -> dict:
    """What ``people``'s chat ratings say about ``key``: ``WhatAdds.people`` to ``taste_added``
    (all zero when they rated nothing)."""
    if not people:
        return {}
    marks = _in(people)
    liked = [
        title_id
        for (title_id,) in conn.execute(
            f"SELECT DISTINCT title_id FROM ratings WHERE {CHAT_RATINGS} AND user_id IN ({marks}) "
            "AND rating >= ?",
            (*people, LIKED),
        )
    ]
    (rated,) = conn.execute(
        f"SELECT count(DISTINCT user_id) FROM ratings WHERE {CHAT_RATINGS} "
        f"AND user_id IN ({marks})",
        people,
    ).fetchone()
    if not rated:
        return {}
    marks = _in(liked)
    (liked_added,) = conn.execute(
        "SELECT count(DISTINCT w.work_id) FROM w_members m JOIN w_works w ON w.work_id = "
        f"m.work_id WHERE m.title_id IN ({marks}) AND (w.mask & ?) != 0 AND (w.mask & ?) = 0",
        (*liked, BIT[key], have_mask),
    ).fetchone()
    from core.eda.vocab import GENRE_FAMILY, genre_family  # matplotlib-free, but core.eda

    per_title: dict[str, set[str]] = defaultdict(set)
    for title_id, label in conn.execute(
        f"SELECT title_id, genre FROM title_genres WHERE title_id IN ({marks})", liked
    ):
        if (family := genre_family(label)) is not None:
            per_title[title_id].add(family)
    families = Counter(f for found in per_title.values() for f in found)
    taste = tuple(f for f, _ in sorted(families.items(), key=lambda x: (-x[1], x[0]))[:_TASTE])
    labels = [label for label, family in GENRE_FAMILY.items() if family in taste]
    labels += [f for f in taste if f not in GENRE_FAMILY.values()]
    taste_added = 0
    if labels:
        (taste_added,) = conn.execute(
            "SELECT count(DISTINCT m.work_id) FROM w_members m JOIN w_works w "
            "ON w.work_id = m.work_id JOIN title_genres g ON g.title_id = m.title_id "
            f"WHERE m.platform = ? AND (w.mask & ?) = 0 AND g.genre IN ({_in(labels)})",
            (key, have_mask, *labels),
        ).fetchone()
    return {
        "people": int(rated),
        "liked": len(liked),
        "liked_added": int(liked_added),
        "taste": taste,
        "taste_added": int(taste_added),
    }


@requires_where
def coverage(conn: sqlite3.Connection) -> Coverage:
    """How many works are on 1, 2, 3 and 4 platforms."""
    by = dict.fromkeys(range(1, len(PLATFORM_KEYS) + 1), 0)
    for n, works in conn.execute("SELECT n_platforms, count(*) FROM w_works GROUP BY n_platforms"):
        by[n] = works
    (titles,) = conn.execute("SELECT count(*) FROM w_members").fetchone()
    return Coverage(titles=titles, works=sum(by.values()), by_platforms=by)


@requires_where
def explain(conn: sqlite3.Connection, title_id: str) -> tuple[PairEvidence, ...]:
    """Every judged pair involving ``title_id``: why it was merged, or kept apart."""
    given = str(title_id).strip().lower()
    return tuple(
        PairEvidence(a, b, decision, rule, json.loads(evidence))
        for a, b, decision, rule, evidence in conn.execute(
            "SELECT a, b, decision, rule, evidence FROM w_pairs WHERE a = ? "
            "UNION ALL SELECT a, b, decision, rule, evidence FROM w_pairs WHERE b = ? "
            "ORDER BY 1, 2",
            (given, given),
        )
    )
