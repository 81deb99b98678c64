"""Parsing and validation of user arguments, shared by the queries, the bot and the console.

Why here: every front end accepts the same spellings ("Prime Video", "disney+", "seasons") and
reports mistakes the same way. Each ``parse_*`` returns the canonical value or raises
``InvalidInput`` (or its subclass ``UnknownPlatform``) whose ``code`` and ``params`` let the bot
word the message in any language. Codes raised here:

================== =====================================================================
code               params
================== =====================================================================
missing_argument   name, example
unknown_platform   given, suggestion (str | None), valid (platform keys)
bad_year           given, min, max (None when the database is empty)
year_out_of_range  given, min, max
bad_score          given
score_out_of_range given, min, max
bad_duration_type  given, valid
bad_title_type     given, valid
bad_word           given, max_length
bad_search_text    given, max_length
bad_limit          given, min, max
bad_min_count      given, min
================== =====================================================================

``unknown_title`` (params given, suggestions) is raised by ``core.queries.title``.
"""

from __future__ import annotations

import math
import numbers
import re
import sqlite3
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from core.errors import InvalidInput, UnknownPlatform
from core.platforms import PLATFORM_KEYS
from core.text import normalize, words

SCORE_MIN, SCORE_MAX = 0.0, 5.0
MAX_TEXT = 100
"""Longest word or search text accepted; no title is longer than ~100 characters."""

# Spellings are compared "squashed": lower-case, "+" read as "plus", and everything but letters
# and digits removed, so "Disney +", "disney-plus" and "DisneyPlus" are one spelling.
PLATFORM_ALIASES: dict[str, str] = {
    "amazon": "amazon",
    "amazonprime": "amazon",
    "amazonprimevideo": "amazon",
    "amazonvideo": "amazon",
    "prime": "amazon",
    "primevideo": "amazon",
    "disney": "disney",
    "disneyplus": "disney",
    "hulu": "hulu",
    "netflix": "netflix",
}
"""Squashed spelling -> platform key. Every key of ``PLATFORM_KEYS`` is its own alias."""

_MOVIE_WORDS = ("movie", "movies", "film", "films", "pelicula", "peliculas", "peli", "pelis")
_SHOW_WORDS = ("show", "shows", "tv show", "tv shows", "tv", "series", "serie")

DURATION_TYPES: dict[str, str] = {
    **dict.fromkeys(("min", "mins", "minute", "minutes", "minuto", "minutos"), "min"),
    **dict.fromkeys(_MOVIE_WORDS, "min"),
    **dict.fromkeys(("season", "seasons", "temporada", "temporadas"), "season"),
    **dict.fromkeys(_SHOW_WORDS, "season"),
}
"""Accepted spellings of ``duration_type``, accents folded (``película`` is ``pelicula``).
Movies are measured in minutes and shows in seasons, so "movie" and "show" are accepted as the
unit they are measured in; Spanish too (the bot is bilingual)."""

TITLE_TYPES: dict[str, str] = {
    **dict.fromkeys(_MOVIE_WORDS, "movie"),
    **dict.fromkeys(_SHOW_WORDS, "tv show"),
}
"""Accepted spellings of a title ``type``, accents folded; the canonical values are the stored
ones."""

MAX_PLATFORM_WORDS = 3
"""The longest platform name in words ("amazon prime video")."""
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*\s*/?>", re.IGNORECASE)
"""An HTML tag typed or pasted into a search (``<b>matrix</b>``): markup, not title words."""

_YEAR_RE = re.compile(r"^[0-9]{4}$")
_COUNT_RE = re.compile(r"^[0-9]{1,9}$")


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower().replace("+", "plus"))


def _simple(value: object) -> str:
    """Lower-case, accents off, single spaces: how free-form keywords are compared."""
    return normalize(str(value))


def _missing(name: str, example: str) -> InvalidInput:
    return InvalidInput(
        f"The {name} is missing: give it, e.g. {example}.",
        code="missing_argument",
        params={"name": name, "example": example},
    )


def platform_at(words: Sequence[str], start: int) -> tuple[str, int] | None:
    """The platform named by the words from ``start`` on, longest name first ("prime video"
    is one platform, "netflix hulu" two), and how many words it took; None when none does.

    The one place multi-word platform names are read: every command that takes platforms
    among other words goes through here.
    """
    for span in range(min(MAX_PLATFORM_WORDS, len(words) - start), 0, -1):
        key = PLATFORM_ALIASES.get(_squash(" ".join(words[start : start + span])))
        if key is not None:
            return key, span
    return None


def platform_suggestion(value: str) -> str | None:
    """The platform ``value`` is a typo of ("netflx" -> "netflix"), or None."""
    best = process.extractOne(
        _squash(value), list(PLATFORM_ALIASES), scorer=fuzz.ratio, score_cutoff=60
    )
    return PLATFORM_ALIASES[best[0]] if best else None


def parse_platform(value: str | None) -> str:
    """The platform key for any accepted spelling (``"Prime Video"`` -> ``"amazon"``).

    Raises ``UnknownPlatform`` naming the valid platforms and, when one is close, suggesting it.
    """
    if value is None or not str(value).strip():
        raise _missing("platform", "'netflix'")
    given = str(value).strip()
    key = PLATFORM_ALIASES.get(_squash(given))
    if key is not None:
        return key
    suggestion = platform_suggestion(given)
    hint = f" Did you mean '{suggestion}'?" if suggestion else ""
    raise UnknownPlatform(
        f"Unknown platform '{given}'.{hint} Use one of: amazon (or prime video), disney "
        f"(or disney+), hulu, netflix; e.g. '{suggestion or 'netflix'}'.",
        code="unknown_platform",
        params={"given": given, "suggestion": suggestion, "valid": list(PLATFORM_KEYS)},
    )


def year_bounds(conn: sqlite3.Connection) -> tuple[int, int] | None:
    """The first and last release year in the catalog, or None when it is empty.

    Two index lookups (``titles(release_year)``), so it is cheap enough to call per request.
    """
    # Two subqueries: SQLite answers a lone min() or max() from the index, but not both at once.
    low, high = conn.execute(
        "SELECT (SELECT min(release_year) FROM titles), (SELECT max(release_year) FROM titles)"
    ).fetchone()
    return None if low is None else (int(low), int(high))


def parse_year(value: int | str | None, bounds: tuple[int, int] | None) -> int:
    """A four-digit release year within ``bounds`` (see ``year_bounds``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _missing("year", "2018")
    low, high = bounds if bounds else (None, None)
    text = str(value).strip()
    if isinstance(value, bool) or not (
        isinstance(value, numbers.Integral | str) and _YEAR_RE.match(text)
    ):
        span = f" between {low} and {high}" if bounds else ""
        raise InvalidInput(
            f"'{text}' is not a year: give four digits{span}, e.g. 2018.",
            code="bad_year",
            params={"given": text, "min": low, "max": high},
        )
    year = int(text)
    if bounds and not low <= year <= high:
        raise InvalidInput(
            f"There are no titles from {year}: the catalog spans {low} to {high}; e.g. 2018.",
            code="year_out_of_range",
            params={"given": text, "min": low, "max": high},
        )
    return year


def parse_score(value: float | int | str | None) -> float:
    """A score from 0 to 5; a decimal comma is accepted (``"3,5"``), as Spanish writes it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _missing("score", "3.5")
    text = str(value).strip()
    try:
        if isinstance(value, bool):
            raise ValueError
        score = float(text.replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        score = math.nan
    if math.isnan(score):
        raise InvalidInput(
            f"'{text}' is not a score: give a number from 0 to 5, e.g. 3.5.",
            code="bad_score",
            params={"given": text},
        )
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise InvalidInput(
            f"A score lies between 0 and 5, and {text} does not; e.g. 3.5.",
            code="score_out_of_range",
            params={"given": text, "min": SCORE_MIN, "max": SCORE_MAX},
        )
    return score


def parse_duration_type(value: str | None) -> str:
    """``"min"`` (movies, the default when None) or ``"season"`` (shows)."""
    if value is None:
        return "min"
    key = DURATION_TYPES.get(_simple(value))
    if key is None:
        raise InvalidInput(
            f"Unknown duration type '{value}': use 'min' (movies, in minutes) or 'season' "
            "(shows, in seasons); e.g. 'season'.",
            code="bad_duration_type",
            params={"given": str(value), "valid": ["min", "season"]},
        )
    return key


def parse_title_type(value: str | None) -> str | None:
    """``"movie"``, ``"tv show"`` or None (no filter)."""
    if value is None:
        return None
    key = TITLE_TYPES.get(_simple(value))
    if key is None:
        raise InvalidInput(
            f"Unknown type '{value}': use 'movie' or 'tv show'; e.g. 'movie'.",
            code="bad_title_type",
            params={"given": str(value), "valid": ["movie", "tv show"]},
        )
    return key


def parse_word(value: str | None) -> tuple[str, ...]:
    """The folded words of a word query (see ``core.text``); several words form a phrase."""
    if value is None:
        raise _missing("word", "'love'")
    found = words(str(value))
    if not found or len(str(value)) > MAX_TEXT:
        raise InvalidInput(
            f"'{value}' has no word to look for: give a word of letters or digits "
            f"(at most {MAX_TEXT} characters), e.g. 'love'.",
            code="bad_word",
            params={"given": str(value), "max_length": MAX_TEXT},
        )
    return found


def parse_search_text(value: str | None) -> str:
    """The normalised form of a title search (see ``core.text.normalize``); HTML tags typed
    into it are dropped, so ``<b>matrix</b>`` searches for "matrix"."""
    if value is None:
        raise _missing("search text", "'stranger things'")
    text = normalize(_MARKUP.sub(" ", str(value)))
    if not text or len(str(value)) > MAX_TEXT:
        raise InvalidInput(
            f"'{value}' cannot be searched: give part of a title in letters or digits "
            f"(at most {MAX_TEXT} characters), e.g. 'stranger things'.",
            code="bad_search_text",
            params={"given": str(value), "max_length": MAX_TEXT},
        )
    return text


def parse_limit(value: int | str, *, high: int = 50) -> int:
    """How many results to return: a whole number from 1 to ``high``."""
    text = str(value).strip()
    if isinstance(value, bool) or not _COUNT_RE.match(text) or not 1 <= int(text) <= high:
        raise InvalidInput(
            f"'{text}' is not a result count: give a whole number from 1 to {high}, e.g. 10.",
            code="bad_limit",
            params={"given": text, "min": 1, "max": high},
        )
    return int(text)


def parse_min_count(value: int | str) -> int:
    """The fewest ratings a title needs to be ranked: a whole number, at least 1."""
    text = str(value).strip()
    if isinstance(value, bool) or not _COUNT_RE.match(text) or int(text) < 1:
        raise InvalidInput(
            f"'{text}' is not a rating count: give a whole number of at least 1, e.g. 50.",
            code="bad_min_count",
            params={"given": text, "min": 1},
        )
    return int(text)
