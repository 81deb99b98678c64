"""The typed answers of the catalog queries: frozen, plain data that front ends only render.

Each answer repeats the arguments as the query understood them (canonical platform key, year,
unit), so a reply can say "Prime Video, 2018" even when the user typed "prime".
"""

from __future__ import annotations

from dataclasses import dataclass


class MovieShowTotal:
    """A mixin for the answers that count ``movies`` and ``shows``: their ``total``.

    A plain class with no fields (and empty ``__slots__``), so every dataclass that uses it keeps
    its own fields in its own order.
    """

    __slots__ = ()
    movies: int
    shows: int

    @property
    def total(self) -> int:
        return self.movies + self.shows


@dataclass(frozen=True, slots=True)
class DurationTitle:
    """A title in a longest-duration answer."""

    id: str
    display_title: str
    platform: str
    release_year: int
    duration: int


@dataclass(frozen=True, slots=True)
class MaxDuration:
    """The longest titles matching the filters; several when tied (sorted by title)."""

    year: int | None
    platform: str | None
    duration_type: str
    """``"min"`` (movies) or ``"season"`` (shows)."""
    duration: int | None
    """The largest duration, or None when no title matches the filters."""
    titles: tuple[DurationTitle, ...]


@dataclass(frozen=True, slots=True)
class ScoreCount(MovieShowTotal):
    """How many titles of a platform and year score strictly above ``scored``."""

    platform: str
    year: int
    scored: float
    movies: int
    shows: int


@dataclass(frozen=True, slots=True)
class PlatformCount(MovieShowTotal):
    """The number of titles on a platform."""

    platform: str
    movies: int
    shows: int


@dataclass(frozen=True, slots=True)
class TopActor:
    """The cast members in the most titles of a platform and year; several when tied."""

    platform: str
    year: int
    names: tuple[str, ...]
    """Lower-case, as matched (the seed's answer); sorted; empty when there is no cast data."""
    display_names: tuple[str, ...]
    """The same names as the catalogs spell them ("Lin-Manuel Miranda"), in the same order."""
    appearances: int
    """Titles each of ``names`` appears in (0 when there is no cast data)."""
    titles: int
    """Titles on the platform that year, with or without cast."""
    has_cast_data: bool
    """False when no title of that platform and year lists its cast (all of Hulu)."""


@dataclass(frozen=True, slots=True)
class WordCount(MovieShowTotal):
    """How many titles of a platform have the word (or phrase) in their title."""

    platform: str
    word: str
    """The word as matched: folded words joined by spaces (``"Spider-Man"`` -> ``spider man``)."""
    movies: int
    shows: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A title found by fuzzy search; ``match`` is the similarity, 0-100."""

    id: str
    display_title: str
    platform: str
    release_year: int
    type: str
    match: float
    complete: bool = True
    """Every word of the query (but "the", "of" …) is a word of the title, give or take a
    typo; False for a title only *like* the query ("Game of Zones" for "game of thrones")."""


@dataclass(frozen=True, slots=True)
class RatedTitle:
    """A title in a ranking by score."""

    id: str
    display_title: str
    platform: str
    release_year: int
    type: str
    score: float
    rating_count: int


@dataclass(frozen=True, slots=True)
class RatingBar:
    """The fewest ratings a title needs to be ranked by score (``core.queries.rating_bar``)."""

    min_count: int
    typical: int | None = None
    """The median ratings per rated title when it set ``min_count`` below the standard 30 (the
    data is small: demo-scale ratings give each title about 12); None when the standard 30 or
    a caller's own minimum applies."""


@dataclass(frozen=True, slots=True)
class TopRated:
    """The best-scored titles matching the filters, best first."""

    platform: str | None
    year: int | None
    type: str | None
    bar: RatingBar
    titles: tuple[RatedTitle, ...]


@dataclass(frozen=True, slots=True)
class TitleCard:
    """Everything known about one title: the catalog row, its lists, and its score."""

    id: str
    platform: str
    show_id: str
    type: str
    title: str
    display_title: str
    director: str | None
    cast: str | None
    country: str | None
    date_added: str | None
    release_year: int
    rating: str | None
    duration_int: int | None
    duration_type: str | None
    listed_in: str | None
    description: str | None
    cast_names: tuple[str, ...]
    """Lower-case, as matched; ``cast_display`` has the same names as the catalog writes them."""
    directors: tuple[str, ...]
    genres: tuple[str, ...]
    score: float | None
    """Mean of all rating events, or None when the title has no ratings."""
    rating_count: int
    cast_display: tuple[str, ...] = ()
    directors_display: tuple[str, ...] = ()
    genres_display: tuple[str, ...] = ()
    display_description: str | None = None
    """The description as the catalog writes it (``description`` is lower-case)."""
    quarantine: str | None = None
    """Why the title is kept out of search and rankings (``core.clean`` rule 7), or None."""


@dataclass(frozen=True, slots=True)
class Freshness:
    """How much the database holds and how recent it is: what /start, /help and the report say
    once, so nobody takes a 2021 catalog for today's."""

    titles: int
    ratings: int
    """Rating events in the database (dataset files and chat)."""
    last_added: str | None
    """The newest ``date_added`` of any title (``YYYY-MM-DD``), or None."""
    last_release: int | None
    """The newest release year."""
    last_rating: str | None
    """The day of the newest rating in the loaded dataset files (``YYYY-MM-DD``, UTC; chat
    ratings not included), or None when the rating aggregates are not built."""
