"""The normalised forms the matcher compares: a title's work key, and a person's name.

Title key (``title_key``): two catalog titles name the same work only if their keys are equal
(or, with strong evidence, one's words contain the other's: see ``core.where.match``). The key
ignores what catalogs spell differently for one film:

- case, accents and special letters (``Æon Flux`` = ``Aeon Flux``);
- punctuation and spacing (``Spider-Man`` = ``Spiderman``, ``WALL·E`` = ``WALL-E``): the key is
  the title's words (``core.text.words``) joined with nothing between them;
- a leading article (``the``, ``a``, ``an``), and ``&`` / ``and`` anywhere;
- Roman sequel numbers (``Tarzan II`` = ``Tarzan 2``);
- a trailing tag in brackets that names an edition, never a work: ``(4K UHD)``, ``(Hindi)``,
  ``(Spanish Version)``, ``[English Subtitled]``, ``(Dubbed)``, ``(1961)``;
- the "Marvel Studios'" prefix Disney+ puts before its Marvel films.

What the key keeps apart, the matcher still has to confirm: "The Lion King" 1994 and 2019 share a
key, and only the year and the people tell them apart.

Name key (``name_tokens``): people are written differently across catalogs ("Francis Ford
Coppola" / "Francis Coppola", "Feng Xiaogang" / "Xiaogang Feng", "Pierce Brosnan (James Bond)").
A name becomes its folded words without a role in brackets, initials or suffixes (``jr``,
``iv``); ``core.where.match`` compares the results.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from core.text import words

ARTICLES = frozenset({"the", "a", "an"})
_SPECIAL = str.maketrans(
    {
        **{"æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ß": "ss"},
        **{"ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "\u0131": "i"},
    }
)
"""Letters that Unicode does not decompose into a base letter and a mark."""
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}
"""Sequel numbers. ``i``, ``v`` and ``x`` are left alone: they are also words and letters."""
_TAG = re.compile(r"\s*[\(\[]([^\(\)\[\]]*)[\)\]]\s*$")
_TAG_WORDS = frozenset(
    {
        *("4k", "uhd", "hd", "sd", "version", "ver", "original", "language", "edition"),
        *("dub", "dubbed", "subbed", "sub", "subs", "subtitled", "subtitles"),
        *("remastered", "uncut", "unrated", "theatrical", "extended", "cut"),
        *("english", "spanish", "french", "german", "italian", "portuguese", "japanese"),
        *("korean", "mandarin", "cantonese", "hindi", "tamil", "telugu", "malayalam"),
        *("kannada", "bengali", "marathi", "punjabi", "gujarati"),
    }
)
_BRAND_PREFIXES = (("marvel", "studios", "s"), ("marvel", "studios"))
_NAME_ROLE = re.compile(r"\([^)]*\)")
_NAME_DROP = frozenset({"jr", "sr", "ii", "iii", "iv", "dr", "mr", "mrs", "ms", "sir"})


def fold_special(text: str) -> str:
    return text.translate(_SPECIAL)


def _strip_tags(title: str) -> str:
    """Remove trailing edition tags, one after another (``X (Hindi) (4K UHD)`` -> ``X``)."""
    while True:
        found = _TAG.search(title)
        if found is None or found.start() == 0:
            return title
        inner = words(found.group(1))
        is_year = len(inner) == 1 and len(inner[0]) == 4 and inner[0].isdigit()
        if not inner or not (is_year or all(w in _TAG_WORDS for w in inner)):
            return title
        title = title[: found.start()]


class TitleKey(NamedTuple):
    """A title's normalised forms."""

    key: str
    """The words with nothing between them: equal keys are candidate matches."""
    words: tuple[str, ...]
    """The words after every rule (tags, article, ``and`` and brand prefix removed)."""
    article: str | None
    """The leading article that was dropped, if any: "Soul" and "The Soul" share a key, and
    the matcher asks for more evidence when that is all that differs."""


@lru_cache(maxsize=65536)
def title_key(title: str, known_words: str | None = None) -> TitleKey:
    """The normalised forms of a catalog title (see the module docstring).

    ``known_words``, when given, is ``core.text.normalize(title)`` computed before (the query
    tables store it): it is used for the plain titles it is right for, to save the work.
    """
    if known_words is not None and title.isascii() and "(" not in title and "[" not in title:
        found = [_ROMAN.get(w, w) for w in known_words.split() if w != "and"]
    else:
        if "(" in title or "[" in title:
            title = _strip_tags(title)
        if not title.isascii():
            title = fold_special(title)
        found = [_ROMAN.get(w, w) for w in words(title) if w != "and"]
    for prefix in _BRAND_PREFIXES:
        if len(found) > len(prefix) and tuple(found[: len(prefix)]) == prefix:
            found = found[len(prefix) :]
            break
    article = None
    if len(found) > 1 and found[0] in ARTICLES:
        article, found = found[0], found[1:]
    return TitleKey("".join(found), tuple(found), article)


@lru_cache(maxsize=262144)
def name_tokens(name: str) -> tuple[str, ...]:
    """A person's name as comparable words: ``"Pierce Brosnan (James Bond)"`` -> pierce brosnan.

    Single letters (initials) and suffixes are dropped unless nothing else is left.
    """
    found = words(fold_special(_NAME_ROLE.sub(" ", name)))
    kept = tuple(w for w in found if len(w) > 1 and w not in _NAME_DROP)
    return kept or found
