"""Fuzzy title search, and the title card (whose "not found" error suggests titles).

Why an in-memory index: typo- and accent-tolerant matching needs string similarity, which SQL
cannot index. The index is built from ``q_titles`` when first needed (never at import) and kept
in a ``SearchCache`` that its owner passes in (the bot's ``Services`` owns one), keyed by the
support token of ``core.queries.support``, which changes with every rebuild of the derived
tables: a reloaded catalog gets a new index, and two databases never share one. Without a cache,
each call builds its own index (right for a one-off script, slow for a server). Catalog
placeholders (``core.clean`` rule 7) are not in the index.

Ranking, in two stages so a query costs well under the ~20 ms of scoring every title with
rapidfuzz's ``WRatio``:

1. A cheap score for every distinct title: the larger of whole-title similarity (``QRatio``)
   and word coverage (each query word's best similarity to a word of the title, averaged, at
   most 95 so an exact title ranks first). Query words reach title words through the word
   vocabulary (``fuzz.ratio`` >= 75), so "lonley" still finds "lonely".
2. The best few are rescored with ``WRatio``, unless they share none of the query's words but
   ``STOP_WORDS`` (and are not alike as whole strings): ``WRatio`` rates "the office" 85.5
   against "The Hollow Fire", on "the" and a few letters. ``WRatio`` also rewards a query
   that is part of a title ("stranger" -> "stranger things").

Matches within ``_BAND`` points of each other are equally good: every title with "star wars"
in it matches "star wars" alike. Among them the obvious ones come first: a title that *starts*
with the query ("Star Wars: A New Hope" before "Solo: A Star Wars Story"), then a feature film
(60 minutes or more) before a series of two seasons or more, before the rest (shorts, clips,
one-season specials: "Star Wars: Blips"); then the title closest in length to the query ("the
mandalorian" before "disney gallery / star wars: the mandalorian"), then the one with more
ratings, then the smaller id. Markup typed into the query (``<b>matrix</b>``) is not part of
it (``core.inputs.parse_search_text``).

Each hit says whether it is ``complete``: every word of the query (but "the", "of" …) is a word
of the title, give or take a typo. A search whose best hit is not complete found only titles
*like* the query ("game of thrones" -> "Motu Patlu in the Game of Zones"), and says so.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from core.errors import InvalidInput, UnknownTitle
from core.inputs import parse_limit, parse_search_text
from core.queries.results import SearchHit, TitleCard
from core.queries.support import LIST_SEPARATOR, requires_support, support_token
from core.text import STOP_WORDS

if TYPE_CHECKING:  # numpy loads with the first search, so catalog questions start faster
    import numpy as np

MIN_MATCH = 50.0
"""Hits scoring below this (0-100) are noise and are not returned."""
_WORD_MATCH = 75.0
_WHOLE_MATCH = 80.0
"""A title that shares none of the query's words but "the" still counts when the whole strings
are this alike: a word run together or split ("spiderman" / "spider-man"), a word cut short."""
_MAX_WORDS = 8
_COVERAGE_CAP = 95.0
_CACHE_SIZE = 4
_ID_RE = re.compile(r"^[a-z]?s?\d+$")
_BAND = 5.0
"""Matches this close are equally good (see the module docstring)."""
_FEATURE_MINUTES = 60


@dataclass(frozen=True, slots=True)
class _Index:
    choices: list[str]
    """Distinct normalised titles, shortest first."""
    choice_lens: np.ndarray
    rows_of: list[list[int]]
    """Choice -> rows (the same title on several platforms is one choice)."""
    vocab: list[str]
    """Distinct words of the titles, shortest first."""
    vocab_lens: np.ndarray
    postings: list[np.ndarray]
    """Vocab word -> the choices containing it."""
    rows: list[tuple[str, str, str, int, str, int]]
    """id, display_title, platform, release_year, type, rating_count; most rated first (the
    tie-break between equal matches, as of the build: later ratings do not reorder it)."""
    ids: list[str]
    weight: list[int]
    """Per row: 2 a feature film, 1 a series of two seasons or more, 0 the rest."""


def _weight(kind: str, unit: str | None, length: int | None) -> int:
    if unit == "min" and kind == "movie" and (length or 0) >= _FEATURE_MINUTES:
        return 2
    return 1 if unit == "season" and (length or 0) >= 2 else 0


def _build(conn: sqlite3.Connection) -> _Index:
    import numpy as np

    rows = conn.execute(
        "SELECT id, display_title, platform, release_year, type, rating_count, words, "
        "duration_type, duration_int FROM q_titles WHERE NOT quarantined "
        "ORDER BY rating_count DESC, id"
    ).fetchall()
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(row[6], []).append(i)
    # Choices and vocabulary sorted by length: a similarity bound then becomes a slice.
    choices = sorted(groups, key=len)
    posting_lists: dict[str, list[int]] = {}
    for c, text in enumerate(choices):
        for word in set(text.split()):
            posting_lists.setdefault(word, []).append(c)
    vocab = sorted(posting_lists, key=len)
    return _Index(
        choices=choices,
        choice_lens=np.array([len(c) for c in choices]),
        rows_of=[groups[c] for c in choices],
        vocab=vocab,
        vocab_lens=np.array([len(v) for v in vocab]),
        postings=[np.array(posting_lists[v], dtype=np.int64) for v in vocab],
        rows=[row[:6] for row in rows],
        ids=[row[0] for row in rows],
        weight=[_weight(row[4], row[7], row[8]) for row in rows],
    )


class SearchCache:
    """The search indexes of one owner (the bot's ``Services``, a benchmark), by build token.

    Thread-safe; keeps the ``_CACHE_SIZE`` most recent builds, so a reloaded catalog gets a new
    index and the old one ages out.
    """

    def __init__(self) -> None:
        self._items: OrderedDict[str, _Index] = OrderedDict()
        self._lock = threading.Lock()

    def index(self, conn: sqlite3.Connection) -> _Index:
        token = support_token(conn)
        with self._lock:
            if token in self._items:
                self._items.move_to_end(token)
                return self._items[token]
        built = _build(conn)  # outside the lock: a build must not block searches
        with self._lock:
            self._items[token] = built
            while len(self._items) > _CACHE_SIZE:
                self._items.popitem(last=False)
        return built

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _index(conn: sqlite3.Connection, cache: SearchCache | None) -> _Index:
    return _build(conn) if cache is None else cache.index(conn)


def _window(lens: np.ndarray, length: int, score: float) -> slice:
    """The strings whose length allows a ``fuzz.ratio`` of ``score`` with a ``length`` string.

    ratio = 2 * matches / (a + b) <= 2 * min / (a + b), so min / max >= score / (200 - score).
    """
    import numpy as np

    share = score / (200.0 - score)
    low = np.searchsorted(lens, np.ceil(length * share), side="left")
    high = np.searchsorted(lens, np.floor(length / share), side="right")
    return slice(int(low), int(high))


def _cheap_scores(index: _Index, query: str) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """The cheap score of every title; which titles match one of the query's words other than
    ``STOP_WORDS`` (None when the query has only those); and which match all of them."""
    import numpy as np

    cheap = np.zeros(len(index.choices), dtype=np.float32)
    near = _window(index.choice_lens, len(query), MIN_MATCH)
    whole = process.cdist([query], index.choices[near], scorer=fuzz.QRatio, dtype=np.float32)
    cheap[near] = whole[0]
    q_words = query.split()[:_MAX_WORDS]
    coverage = np.zeros(len(index.choices), dtype=np.float32)
    named = None
    significant = [w for w in q_words if w not in STOP_WORDS] or q_words
    complete = np.ones(len(index.choices), dtype=bool)
    for word in q_words:
        near = _window(index.vocab_lens, len(word), _WORD_MATCH)
        sims = process.cdist(
            [word],
            index.vocab[near],
            scorer=fuzz.ratio,
            score_cutoff=_WORD_MATCH,
            dtype=np.float32,
        )[0]
        best = np.zeros(len(index.choices), dtype=np.float32)
        for v in np.flatnonzero(sims):
            hits = index.postings[near.start + v]
            best[hits] = np.maximum(best[hits], sims[v])
        coverage += best
        if word not in STOP_WORDS:
            named = (best > 0) if named is None else (named | (best > 0))
        if word in significant:
            complete &= best > 0
    coverage *= _COVERAGE_CAP / (100.0 * len(q_words))
    return np.maximum(cheap, coverage), named, complete


def _final(query: str, choice: str, cheap: float) -> float:
    """WRatio rewards a query found inside a longer title; a title found inside the query
    ("eli" in "amelie") earns nothing extra, so shorter titles get only QRatio."""
    scorer = fuzz.WRatio if len(choice) >= len(query) else fuzz.QRatio
    return max(cheap, scorer(query, choice))


@requires_support
def search(
    conn: sqlite3.Connection,
    text: str,
    limit: int | str = 10,
    *,
    cache: SearchCache | None = None,
) -> tuple[SearchHit, ...]:
    """Titles whose name is closest to ``text``, best first, tolerating typos and accents.

    Returns at most ``limit`` hits (1-50) with a match of at least ``MIN_MATCH``; a title on
    several platforms appears once per platform. ``cache`` keeps the index between calls.
    """
    import numpy as np

    query = parse_search_text(text)
    n = parse_limit(limit)
    index = _index(conn, cache)
    if not index.choices:
        return ()
    cheap, named, complete = _cheap_scores(index, query)
    k = min(len(cheap), 5 * n + 20)
    best = np.argpartition(-cheap, k - 1)[:k]
    scored = []
    for c in best:
        choice = index.choices[c]
        if named is not None and not named[c] and fuzz.QRatio(query, choice) < _WHOLE_MATCH:
            continue  # "the office" is not "the hollow fire": only "the" is alike
        match = _final(query, choice, float(cheap[c]))
        if match >= MIN_MATCH:
            band = -round(match / _BAND)
            starts = not (choice == query or choice.startswith(query + " "))
            extra = abs(len(choice) - len(query))
            scored.extend(
                (band, starts, -index.weight[r], extra, r, match, bool(complete[c]))
                for r in index.rows_of[c]
            )
    scored.sort()  # equal matches: see the module docstring
    return tuple(
        SearchHit(*index.rows[key[4]][:5], match=round(key[5], 1), complete=key[6])
        for key in scored[:n]
    )


def _suggestions(
    conn: sqlite3.Connection, given: str, cache: SearchCache | None
) -> list[dict[str, str]]:
    """Closest ids when ``given`` looks like an id, else the titles it resembles."""
    index = _index(conn, cache)
    if _ID_RE.match(given):
        found = process.extract(given, index.ids, scorer=fuzz.ratio, limit=3, score_cutoff=60)
        picks = [index.rows[i] for _, _, i in found]
    else:
        try:
            picks = [
                (h.id, h.display_title, h.platform) for h in search(conn, given, 3, cache=cache)
            ]
        except InvalidInput:  # the text cannot be searched either: suggest nothing
            picks = []
    return [{"id": p[0], "title": p[1], "platform": p[2]} for p in picks]


@requires_support
def title(
    conn: sqlite3.Connection, title_id: str, *, cache: SearchCache | None = None
) -> TitleCard:
    """Everything known about one title: its catalog row, cast, directors, genres and score.

    Raises ``UnknownTitle`` (code ``unknown_title``) with the closest ids or titles (found
    through ``cache``'s index).
    """
    given = str(title_id).strip().lower()
    row = conn.execute(
        "SELECT t.id, t.platform, show_id, t.type, t.title, t.display_title, director, "
        '"cast", country, date_added, t.release_year, rating, t.duration_int, t.duration_type, '
        "listed_in, description, q.score, q.rating_count, c.cast_names, c.directors, c.genres, "
        "c.cast_display, c.directors_display, c.genres_display, "
        "coalesce(t.display_description, t.description), t.quarantine "
        "FROM titles t JOIN q_titles q ON q.id = t.id JOIN q_cards c ON c.id = t.id "
        "WHERE t.id = ?",
        (given,),
    ).fetchone()
    if row is None:
        raise UnknownTitle.of(given, _suggestions(conn, given, cache))

    cast_names, directors, genres, cast_shown, directors_shown, genres_shown = (
        tuple(joined.split(LIST_SEPARATOR)) if joined else () for joined in row[18:24]
    )
    return TitleCard(
        *row[:16],
        cast_names=cast_names,
        directors=directors,
        genres=genres,
        score=row[16],
        rating_count=row[17],
        cast_display=cast_shown,
        directors_display=directors_shown,
        genres_display=genres_shown,
        display_description=row[24],
        quarantine=row[25],
    )
