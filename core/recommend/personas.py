"""Personas on the real catalogs: people with one clear taste, and whether /recommend serves it.

Why: collaborative figures on MovieLens say nothing about a Disney+ fan of Marvel films, and
the generated ratings of the product's default data carry structure we planted. A persona is a
person who rated five real titles of one franchise or genre 5 stars; their top 10 should be of
that kind. Membership is decided from the catalog rows alone (a title pattern for a franchise,
the shared genre vocabulary of ``core.recommend.genres`` for a genre), never from the model.

Precision@10 is the share of the persona's top 10 (their rated titles and their other listings
excluded) that belongs to the kind. ``bench/personas.py`` prints it per persona on the real
catalogs; ``tests/test_personas.py`` holds the served model to mean >= 0.9 and >= 0.7 each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from core.recommend.genres import shared_genres


@dataclass(frozen=True, slots=True)
class Persona:
    """Five titles rated 5 stars, and what the recommendations should be."""

    name: str
    rated: tuple[str, ...]
    franchise: str | None = None
    """A regular expression on the displayed title (case ignored)."""
    genre: str | None = None
    """A shared genre (``core.recommend.genres``)."""

    def member(self, title: str, genres: Sequence[str]) -> bool:
        """Whether a title with this display title and catalog genre labels is of the kind."""
        if self.franchise is not None:
            return re.search(self.franchise, title, re.IGNORECASE) is not None
        return any(self.genre in shared_genres(label) for label in genres)


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "Marvel films (Disney+)",
        ("ds1048", "ds1043", "ds686", "ds1046", "ds610"),
        franchise=r"\bmarvel",
    ),
    Persona(
        "Star Wars saga (Disney+)",
        ("ds1212", "ds1217", "ds1215", "ds1218", "ds1219"),
        franchise=r"\bstar wars\b",
    ),
    Persona(
        "LEGO (Disney+, Prime Video)",
        ("ds1002", "ds83", "as1880", "as9014", "ds364"),
        franchise=r"\blego\b",
    ),
    Persona(
        "horror films (Netflix)", ("ns965", "ns854", "ns551", "ns480", "ns729"), genre="horror"
    ),
    Persona(
        "stand-up specials (Netflix)",
        ("ns5705", "ns6666", "ns1451", "ns4238", "ns4234"),
        genre="stand-up",
    ),
    Persona(
        "Korean series (Netflix)",
        ("ns2518", "ns2519", "ns3615", "ns6402", "ns5511"),
        genre="korean",
    ),
    Persona(
        "anime series (Hulu)", ("hs2843", "hs1858", "hs2755", "hs2935", "hs3016"), genre="anime"
    ),
    Persona("reality series (Hulu)", ("hs688", "hs10", "hs961", "hs346", "hs197"), genre="reality"),
    Persona(
        "westerns (Prime Video)", ("as548", "as1789", "as3019", "as2482", "as8591"), genre="western"
    ),
    Persona(
        "documentaries (Prime Video)",
        ("as153", "as681", "as888", "as751", "as2692"),
        genre="documentary",
    ),
)


def persona_precision(
    persona: Persona,
    top10: Callable[[Persona], Sequence[str]],
    facts: Mapping[str, tuple[str, Sequence[str]]],
) -> tuple[float, list[str]]:
    """Share of ``top10(persona)`` (title ids) of the persona's kind, and the ids that were not.

    ``facts`` maps a title id to its display title and catalog genre labels.
    """
    picks = list(top10(persona))[:10]
    misses = [t for t in picks if not persona.member(*facts[t])]
    return (len(picks) - len(misses)) / 10, misses
