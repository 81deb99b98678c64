"""One catalog title as the matcher sees it (``Entry``), and the facts read from its row.

Everything here is read from one row and needs no other title: the type (from the duration's
unit), the title key, the people, the length, what the genre labels say of the audience and of
the kind of work (a documentary or a story), the maturity rating as a level, the countries and
the alternative titles. ``core.where.match`` compares two entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from core.where.normalize import TitleKey, title_key

MOVIE, SHOW = "movie", "tv show"
MAX_CAST = 12
"""Cast members compared per title: billing order puts the shared ones first."""

_FACTUAL = (
    *("documentar", "docuseries", "reality", "unscripted", "game show", "talk show", "stand"),
    *("news", "late night", "science & nature", "animals & nature", "fitness", "concert"),
    *("lifestyle", "cooking", "health & wellness", "travel", "special interest"),
)
"""Genre labels of factual works: documentaries, reality, game and talk shows, stand-up."""
_FICTION = (
    *("drama", "thriller", "horror", "romance", "romantic", "sci-fi", "science fiction"),
    *("fantasy", "action", "mystery", "suspense", "western", "sitcom", "soap opera"),
    *("superhero", "spy/", "police/", "medical", "disaster", "buddy", "coming of age"),
)
"""Genre labels only stories carry (not "comedy": Prime files stand-up specials under it)."""
_LEVELS = {
    **dict.fromkeys(("tv-g", "tv-y", "all", "all_ages"), 0),
    **dict.fromkeys(("pg", "tv-pg", "tv-y7", "tv-y7-fv", "7+"), 1),
    **dict.fromkeys(("pg-13", "tv-14", "13+"), 2),
    **dict.fromkeys(("r", "tv-ma", "nc-17", "16", "16+", "18+", "ages_16_", "ages_18_"), 3),
}
"""Maturity ratings of the four catalogs (MPAA, TV Parental Guidelines, Prime's ages) as one
scale: all ages, older children, teens, adults. Unrated titles have no level, nor "G": the
cleaning writes it for a missing rating (``core.clean``), so it may mean nothing."""


class Entry(NamedTuple):
    """One catalog title, as the matcher sees it."""

    id: str
    platform: str
    kind: str
    """``movie`` or ``tv show``, from the duration's unit when there is one."""
    year: int
    title: str
    key: TitleKey
    directors: tuple[str, ...] = ()
    """Names in lower case (as the cleaning writes them), in catalog order; compared through
    ``core.where.people.crew``."""
    cast: tuple[str, ...] = ()
    minutes: int | None = None
    seasons: int | None = None
    audience: str | None = None
    """``animated``, ``young`` (for children), ``other``, or None without genre labels; see
    ``audience_of``."""
    description: str = ""
    nature: str | None = None
    """``factual`` or ``fiction`` (``nature_of``), None when the labels do not say."""
    maturity: int | None = None
    """The rating's level 0-3 (``maturity_of``), None when unrated."""
    countries: frozenset[str] = frozenset()
    """Lower-case country names; empty when the catalog gives none."""
    alt_keys: tuple[str, ...] = ()
    """Keys of the title's alternative titles: its own ("Uzumaki (Spiral)"), its
    description's ("also known as …") and the curated list's (``core.where.alternatives``)."""


def _labels_text(labels: str | Iterable[str]) -> str:
    return labels.lower() if isinstance(labels, str) else "|".join(labels).lower()


@lru_cache(maxsize=8192)
def _labels_facts(text: str) -> tuple[str | None, str | None]:
    """``(audience_of, nature_of)`` of one labels string: a catalog has a few thousand."""
    return audience_of(text.lower()), nature_of(text.lower())


def audience_of(labels: str | list[str] | tuple[str, ...]) -> str | None:
    """What genre labels say of the audience: ``animated`` ("anime series", "adult animation"),
    ``young`` ("kids' tv", "children & family movies") or ``other``. Platforms label
    differently ("family" alone says nothing: Disney+ puts it on nearly everything), but an
    animated show is labelled animated or for children everywhere. None for no labels.

    ``labels`` may be one string of them all (any separator)."""
    if not labels:
        return None
    text = _labels_text(labels)
    if "animat" in text or "anime" in text or "cartoon" in text:
        return "animated"
    return "young" if "kid" in text or "child" in text else "other"


def nature_of(labels: str | list[str] | tuple[str, ...]) -> str | None:
    """``factual`` when a label says documentary, reality, game or talk show, stand-up…;
    else ``fiction`` when one names a kind of story (drama, thriller…); else None."""
    if not labels:
        return None
    text = _labels_text(labels)
    if any(word in text for word in _FACTUAL):
        return "factual"
    return "fiction" if any(word in text for word in _FICTION) else None


@lru_cache(maxsize=256)
def maturity_of(rating: str | None) -> int | None:
    """The rating's level on one scale for the four catalogs (see ``_LEVELS``)."""
    return _LEVELS.get(rating.strip().lower()) if rating else None


@lru_cache(maxsize=8192)
def countries_of(country: str | None) -> frozenset[str]:
    """The countries of a catalog's ``country`` field ("United Kingdom, United States")."""
    if not country:
        return frozenset()
    return frozenset(c.strip().lower() for c in country.split(",") if c.strip())


def _kind(type_: str, duration_type: str | None) -> str:
    """The duration's unit decides (62 Hulu "movies" are measured in seasons)."""
    if duration_type == "season":
        return SHOW
    if duration_type == "min":
        return MOVIE
    return SHOW if type_.lower() == SHOW else MOVIE


def entry_of(
    title_id: str,
    platform: str,
    type_: str,
    title: str,
    year: int | None,
    duration: int | None,
    unit: str | None,
    directors: list[str] | tuple[str, ...],
    cast: list[str] | tuple[str, ...],
    genres: str | list[str] | tuple[str, ...],
    known_words: str | None = None,
    description: str | None = None,
    *,
    rating: str | None = None,
    country: str | None = None,
) -> Entry:
    """A catalog row as a matcher ``Entry`` (names in lower case and catalog order; genres as a
    list or one string); ``known_words`` as ``title_key`` takes it. The alternative titles are
    added by ``core.where.alternatives.with_alternatives``, which needs the whole catalog."""
    if not genres:
        audience, nature = None, None
    else:
        audience, nature = _labels_facts(genres if isinstance(genres, str) else "|".join(genres))
    return Entry(
        title_id,
        platform,
        _kind(type_, unit),
        int(year) if year is not None else 0,
        title,
        title_key(title, known_words),
        tuple(directors),
        tuple(cast[:MAX_CAST]),
        duration if unit == "min" else None,
        duration if unit == "season" else None,
        audience,
        description or "",
        nature,
        maturity_of(rating),
        countries_of(country),
    )
