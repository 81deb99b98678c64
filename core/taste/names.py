"""The names a film goes by, as keys the bridge compares: MovieLens titles and catalog titles.

MovieLens writes a film as ``Matrix, The (1999)``, ``Amélie (Fabuleux destin d'Amélie Poulain,
Le) (2001)`` or ``Seven (a.k.a. Se7en) (1995)``: a title with its article moved to the end,
then alternative or original titles in brackets, then the year. ``parse_title`` turns that into
the names (``The Matrix``; ``Amélie`` and ``Le Fabuleux destin d'Amélie Poulain``; ``Seven``
and ``Se7en``) and the year.

Each name then gives its ``forms``: keys a catalog title may share with it, from the closest to
the loosest (``Form.strength``):

- ``EXACT``: where-to-watch's ``title_key`` (``core.where.normalize``): case, accents,
  punctuation, a leading "the/a/an", "&"/"and" and Roman sequel numbers do not matter.
- ``LOOSE``: the same words in any order, without an episode number ("Star Wars: Episode IV -
  A New Hope" / "Star Wars: A New Hope (Episode IV)"; "Star Wars: The Last Jedi" / "Star Wars:
  Episode VIII: The Last Jedi").
- ``TRIMMED``: what catalogs and MovieLens add around a title: a possessive credit before it
  ("Tim Burton's The Nightmare Before Christmas", "Disney's A Christmas Carol"), a blurb after
  a dash ("Stagecoach - The Original John Wayne Classic"), a trailing bracket ("Willow (Plus
  Bonus Features)"), "3D", or a series name before a colon ("Sherlock Holmes: Terror by
  Night"). A trimmed form keeps at least two words and ``_TRIMMED_MIN`` letters, so it still
  names one film rather than "Part 2" or "The Movie".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from core.where.normalize import title_key

EXACT, LOOSE, TRIMMED = 0, 1, 2
"""Form strengths, closest first."""

_YEAR = re.compile(r"\s*\((\d{4})(?:\s*[-\u2013]\s*(?:\d{4})?\s*)?\)\s*$")
_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*$")
_AKA = re.compile(r"^\s*a\.?\s*k\.?\s*a\.?\s+", re.IGNORECASE)
_TRAILING_ARTICLE = re.compile(
    r",\s*(the|a|an|les|la|le|l'|il|el|lo|los|las|der|die|das|den|det|de|het|ein|eine|"
    r"un|une|uno|una|gli|i|o|os|as)$",
    re.IGNORECASE,
)
"""Articles MovieLens moves to the end (``Misérables, Les``, ``Auberge espagnole, L'``)."""
_POSSESSIVE = re.compile(r"^(?:\S+\s+){0,3}?\S+(?:'s|s'|\u2019s|s\u2019)\s+(?P<rest>.+)$")
_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")
_THREE_D = re.compile(r"\s+3-?D$", re.IGNORECASE)
_TRIMMED_MIN = 8
"""Letters a trimmed form keeps at least (with at least two words)."""


class ParsedTitle(NamedTuple):
    """A MovieLens title as the names the film goes by, the main one first, and its year."""

    names: tuple[str, ...]
    year: int | None


class Form(NamedTuple):
    """One key a name may share with a catalog title."""

    key: str
    """Equal keys of equal strength are candidates (``LOOSE`` keys have spaces, ``EXACT`` and
    ``TRIMMED`` keys none, so the two never collide)."""
    article: str | None
    """The leading article ``title_key`` dropped ("Soul" / "The Soul" differ only by it)."""
    strength: int


def _article_first(name: str) -> str:
    """``Matrix, The`` -> ``The Matrix``; ``Auberge espagnole, L'`` -> ``L'Auberge espagnole``."""
    found = _TRAILING_ARTICLE.search(name)
    if found is None:
        return name.strip()
    article = found.group(1)
    rest = name[: found.start()].strip()
    return f"{article}{rest}" if article.endswith("'") else f"{article} {rest}"


def parse_title(raw: str) -> ParsedTitle:
    """The names and year of a MovieLens title (see the module docstring).

    ``Léon: The Professional (a.k.a. The Professional) (Léon) (1994)`` gives the names
    ``Léon: The Professional``, ``The Professional`` and ``Léon``, and the year 1994. A title
    without a year (a dozen in ml-latest-small) gives ``year=None``.
    """
    text = raw.strip()
    found = _YEAR.search(text)
    year = int(found.group(1)) if found else None
    if found:
        text = text[: found.start()]
    alternates: list[str] = []
    while (bracket := _BRACKET.search(text)) is not None and bracket.start() > 0:
        alternates.append(_AKA.sub("", bracket.group(1)))
        text = text[: bracket.start()]
    names: list[str] = []
    for name in (text, *reversed(alternates)):
        name = _article_first(name)
        if name and name not in names:
            names.append(name)
    return ParsedTitle(tuple(names), year)


def loose_key(words: tuple[str, ...]) -> str:
    """The words in sorted order, joined by spaces, without an ``episode <n>``."""
    kept = list(words)
    for i in range(len(kept) - 1):
        if kept[i] == "episode" and kept[i + 1].isdigit():
            del kept[i : i + 2]
            break
    return " ".join(sorted(kept))


def _trimmed(name: str) -> list[str]:
    """The name without what is often added around a title (module docstring, ``TRIMMED``)."""
    found = []
    if (possessive := _POSSESSIVE.match(name)) is not None:
        found.append(possessive.group("rest"))
    parts = _DASH.split(name)
    if len(parts) > 1:
        found += [parts[0], parts[-1]]
    if ": " in name:
        found.append(name.split(": ", 1)[1])
    if (three_d := _THREE_D.search(name)) is not None:
        found.append(name[: three_d.start()])
    if (bracket := _BRACKET.search(name)) is not None and bracket.start() > 0:
        found.append(name[: bracket.start()])
    return found


@lru_cache(maxsize=65536)
def forms(name: str) -> tuple[Form, ...]:
    """The keys of one name, closest first; each key once, at its closest strength."""
    exact = title_key(name)
    found = {exact.key: Form(exact.key, exact.article, EXACT)}
    loose = loose_key(exact.words)
    found.setdefault(loose, Form(loose, exact.article, LOOSE))
    for trimmed in _trimmed(name):
        key = title_key(trimmed)
        if len(key.words) >= 2 and len(key.key) >= _TRIMMED_MIN:
            found.setdefault(key.key, Form(key.key, key.article, TRIMMED))
    return tuple(f for f in found.values() if f.key)
