"""The typed answers of ``core.where``: frozen, plain data that front ends only render."""

from __future__ import annotations

from dataclasses import dataclass

from core.platforms import PLATFORM_KEYS
from core.queries.results import MovieShowTotal, RatingBar


@dataclass(frozen=True, slots=True)
class WhereTitle:
    """One catalog title of a work: where it streams, under which id."""

    id: str
    platform: str
    display_title: str
    release_year: int
    type: str
    duration_int: int | None
    duration_type: str | None
    """``min`` or ``season``; None when the catalog gives no duration."""


@dataclass(frozen=True, slots=True)
class Work:
    """A film or show, with its titles on every platform that carries it."""

    work_id: int
    """Renumbered when the catalog is reloaded: keep title ids, not work ids."""
    display_title: str
    type: str
    release_year: int
    match: float
    """How well the query matched (0-100), as ``core.queries.search`` scores titles."""
    titles: tuple[WhereTitle, ...]
    """In ``PLATFORM_KEYS`` order, then by id."""
    also_known_as: str | None = None
    """The alternative title the query found the work by ("Money Heist" for "La casa de
    papel"), None when it was found by its own title."""

    @property
    def platforms(self) -> tuple[str, ...]:
        found = {t.platform for t in self.titles}
        return tuple(k for k in PLATFORM_KEYS if k in found)


@dataclass(frozen=True, slots=True)
class WhereResult:
    query: str
    """The query as searched (normalised)."""
    works: tuple[Work, ...]
    """Best match first; empty when nothing matched."""
    complete: bool = True
    """False when no work has every word of the query, only works like it ("Motu Patlu in the
    Game of Zones" for "game of thrones", which none of the four carries)."""


@dataclass(frozen=True, slots=True)
class TypeSplit(MovieShowTotal):
    movies: int
    shows: int


@dataclass(frozen=True, slots=True)
class GenreLead:
    """A genre family (``core.eda.vocab``) and how many works of it each platform carries."""

    genre: str
    on_a: int
    on_b: int


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two catalogs compared as works: what they share and what only one carries."""

    platform_a: str
    platform_b: str
    shared: TypeSplit
    only_a: TypeSplit
    only_b: TypeSplit
    strongest_a: tuple[GenreLead, ...]
    """The genres where ``platform_a`` carries the most works more than ``platform_b``."""
    strongest_b: tuple[GenreLead, ...]


@dataclass(frozen=True, slots=True)
class AddedTitle:
    """A work the candidate platform would add, as its title there, with its score."""

    work_id: int
    id: str
    display_title: str
    release_year: int
    type: str
    score: float | None
    rating_count: int
    reach: int = 0
    """How well known it is: with ``best_by="people"``, the real people who rated it; else the
    titles on the other catalogs its lead cast appear in (``core.queries.support.REACH_CAST``)."""


@dataclass(frozen=True, slots=True)
class WhatAdds:
    """What subscribing to ``candidate`` adds to the platforms in ``have``."""

    candidate: str
    have: tuple[str, ...]
    candidate_works: TypeSplit
    """Every work the candidate carries (a film or show once, however often it is listed:
    the count /count gives is of listings)."""
    added: TypeSplit
    """The works it carries that none of ``have`` does."""
    bar: RatingBar
    """The fewest ratings a title needs to be ranked by score (as /top's)."""
    best: tuple[AddedTitle, ...]
    """The best-known added works (``best_by``), first the best."""
    best_by: str = "reach"
    """``people`` (the works most real people rated: ``core.fans``), ``reach`` (feature
    films and series whose lead cast appear most on the other catalogs) or ``score`` (best
    scored with at least ``bar.min_count`` ratings, when the candidate lists no cast: Hulu)."""
    people: int = 0
    """How many people's ratings the verdict rests on (the asker, or a group's watch party);
    0 when none of them rated anything."""
    liked: int = 0
    """Titles those people rated 4 or more."""
    liked_added: int = 0
    """Of those, the ones only the candidate carries (none of ``have`` does)."""
    taste: tuple[str, ...] = ()
    """Their favourite genre families (``core.eda.vocab``), most liked first."""
    taste_added: int = 0
    """Works the candidate adds in those genres."""

    @property
    def share(self) -> float:
        """The part of the candidate's catalog that would be new (0-1)."""
        return self.added.total / self.candidate_works.total if self.candidate_works.total else 0.0


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many works are on 1, 2, 3 or 4 platforms."""

    titles: int
    works: int
    by_platforms: dict[int, int]


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """One judged pair of titles (see ``core.where.match``), as stored in ``w_pairs``."""

    a: str
    b: str
    decision: str
    rule: str
    evidence: dict
