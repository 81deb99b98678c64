"""Fuzzy title search, and the title card (whose "not found" error suggests titles).

Why an in-memory index: typo- and accent-tolerant matching needs string similarity, which SQL
cannot index. The index is built on first use (never at import) from ``q_titles`` and cached by
the support token of ``core.queries.support``, which changes with every rebuild of the derived
tables: a reloaded catalog gets a new index, and every connection to the same build shares one.

Ranking, in two stages so a query costs well under the ~20 ms of scoring every title with
rapidfuzz's ``WRatio``:

1. A cheap score for every distinct title: the larger of whole-title similarity (``QRatio``)
   and word coverage (each query word's best similarity to a word of the title, averaged, at
   most 95 so an exact title ranks first). Query words reach title words through the word
   vocabulary (``fuzz.ratio`` >= 75), so "lonley" still finds "lonely".
2. The best few are rescored with ``WRatio``, unless they share none of the query's words but
   ``STOP_WORDS`` (and are not alike as whole strings): ``WRatio`` rates "the office" 85.5
   against "The Hollow Fire", on "the" and a few letters. ``WRatio`` also rewards a query
   that is part of a title ("stranger" -> "stranger things"). Ties go to the title closest in
   length to the query ("the mandalorian" before "disney gallery / star wars: the
   mandalorian"), then to the one with more ratings, then to the smaller id.
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


_cache: OrderedDict[str, _Index] = OrderedDict()
_lock = threading.Lock()


def _build(conn: sqlite3.Connection) -> _Index:
    import numpy as np

    rows = conn.execute(
        "SELECT id, display_title, platform, release_year, type, rating_count, words "
        "FROM q_titles ORDER BY rating_count DESC, id"
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
    )


def _index(conn: sqlite3.Connection) -> _Index:
    token = support_token(conn)
    with _lock:
        if token in _cache:
            _cache.move_to_end(token)
            return _cache[token]
    built = _build(conn)
    with _lock:
        _cache[token] = built
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return built


def _window(lens: np.ndarray, length: int, score: float) -> slice:
    """The strings whose length allows a ``fuzz.ratio`` of ``score`` with a ``length`` string.

    ratio = 2 * matches / (a + b) <= 2 * min / (a + b), so min / max >= score / (200 - score).
    """
    import numpy as np

    share = score / (200.0 - score)
    low = np.searchsorted(lens, np.ceil(length * share), side="left")
    high = np.searchsorted(lens, np.floor(length / share), side="right")
    return slice(int(low), int(high))


def _cheap_scores(index: _Index, query: str) -> tuple[np.ndarray, np.ndarray | None]:
    """The cheap score of every title, and which titles match one of the query's words other
    than ``STOP_WORDS`` (None when the query has only those)."""
    import numpy as np

    cheap = np.zeros(len(index.choices), dtype=np.float32)
    near = _window(index.choice_lens, len(query), MIN_MATCH)
    whole = process.cdist([query], index.choices[near], scorer=fuzz.QRatio, dtype=np.float32)
    cheap[near] = whole[0]
    q_words = query.split()[:_MAX_WORDS]
    coverage = np.zeros(len(index.choices), dtype=np.float32)
    named = None
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
    coverage *= _COVERAGE_CAP / (100.0 * len(q_words))
    return np.maximum(cheap, coverage), named


def _final(query: str, choice: str, cheap: float) -> float:
    """WRatio rewards a query found inside a longer title; a title found inside the query
    ("eli" in "amelie") earns nothing extra, so shorter titles get only QRatio."""
    scorer = fuzz.WRatio if len(choice) >= len(query) else fuzz.QRatio
    return max(cheap, scorer(query, choice))


@requires_support
def search(conn: sqlite3.Connection, text: str, limit: int | str = 10) -> tuple[SearchHit, ...]:
    """Titles whose name is closest to ``text``, best first, tolerating typos and accents.

    Returns at most ``limit`` hits (1-50) with a match of at least ``MIN_MATCH``; a title on
    several platforms appears once per platform.
    """
    import numpy as np

    query = parse_search_text(text)
    n = parse_limit(limit)
    index = _index(conn)
    if not index.choices:
        return ()
    cheap, named = _cheap_scores(index, query)
    k = min(len(cheap), 5 * n + 20)
    best = np.argpartition(-cheap, k - 1)[:k]
    scored = []
    for c in best:
        choice = index.choices[c]
        if named is not None and not named[c] and fuzz.QRatio(query, choice) < _WHOLE_MATCH:
            continue  # "the office" is not "the hollow fire": only "the" is alike
        match = _final(query, choice, float(cheap[c]))
        if match >= MIN_MATCH:
            extra = abs(len(choice) - len(query))
            scored.extend((-match, extra, r) for r in index.rows_of[c])
    scored.sort()  # equal matches: the title closest in length, then the most rated
    return tuple(SearchHit(*index.rows[r][:5], match=round(-neg, 1)) for neg, _, r in scored[:n])


def _suggestions(conn: sqlite3.Connection, given: str) -> list[dict[str, str]]:
    """Closest ids when ``given`` looks like an id, else the titles it resembles."""
    index = _index(conn)
    if _ID_RE.match(given):
        found = process.extract(given, index.ids, scorer=fuzz.ratio, limit=3, score_cutoff=60)
        picks = [index.rows[i] for _, _, i in found]
    else:
        try:
            picks = [(h.id, h.display_title, h.platform) for h in search(conn, given, 3)]
        except InvalidInput:  # the text cannot be searched either: suggest nothing
            picks = []
    return [{"id": p[0], "title": p[1], "platform": p[2]} for p in picks]


@requires_support
def title(conn: sqlite3.Connection, title_id: str) -> TitleCard:
    """Everything known about one title: its catalog row, cast, directors, genres and score.

    Raises ``UnknownTitle`` (code ``unknown_title``) with the closest ids or titles.
    """
    given = str(title_id).strip().lower()
    row = conn.execute(
        "SELECT t.id, t.platform, show_id, t.type, t.title, t.display_title, director, "
        '"cast", country, date_added, t.release_year, rating, t.duration_int, t.duration_type, '
        "listed_in, description, q.score, q.rating_count, c.cast_names, c.directors, c.genres "
        "FROM titles t JOIN q_titles q ON q.id = t.id JOIN q_cards c ON c.id = t.id "
        "WHERE t.id = ?",
        (given,),
    ).fetchone()
    if row is None:
        raise UnknownTitle.of(given, _suggestions(conn, given))

    cast_names, directors, genres = (
        tuple(joined.split(LIST_SEPARATOR)) if joined else () for joined in row[18:]
    )
    return TitleCard(
        *row[:16],
        cast_names=cast_names,
        directors=directors,
        genres=genres,
        score=row[16],
        rating_count=row[17],
    )
