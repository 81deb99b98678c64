"""Franchises from titles alone: "Marvel Studios' Thor: Ragnarok" is Marvel and Thor.

Why: the catalogs have no franchise column, yet a person who loved five MCU films wants the
others first, and their genres ("Action-Adventure, Science Fiction") are shared by a thousand
unrelated titles. Titles carry the franchise in a few recurring shapes, which this module reads:

- a studio brand in front: "Marvel Studios' …", "Marvel's …", "Disney's …", "LEGO …";
- a series name before a colon or a dash: "Star Wars: The Clone Wars", "Thor: Ragnarok";
- a sequel number or part at the end: "Iron Man 2", "Toy Story 4", "Tarzan II", "… Part 2";
- a shared two-word opening: "Harry Potter and the …", "Star Wars Rebels".

A candidate key counts as a franchise only when at least ``MIN_TITLES`` differently named titles
share it and no more than ``MAX_TITLES`` do (a key on hundreds of titles, like "christmas", is a
word, not a franchise). The content model weighs the keys by their rarity as well.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from core.text import STOP_WORDS, words

MIN_TITLES = 2
MAX_TITLES = 60
_BRANDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("marvel", "studios", "s"), "marvel"),
    (("marvel", "studios"), "marvel"),
    (("marvel", "s"), "marvel"),
    (("marvel",), "marvel"),
    (("disney", "pixar", "s"), "pixar"),
    (("disney", "s"), "disney"),
    (("pixar", "s"), "pixar"),
    (("dreamworks", "s"), "dreamworks"),
    (("dreamworks",), "dreamworks"),
    (("lego",), "lego"),
)
"""Studio brands put in front of titles, longest first, and the franchise key each stands for."""
_SEPARATOR = re.compile("\\s*(?::|\\s[-\u2013\u2014]\\s|\\(|\\[)\\s*")
_SEQUEL = re.compile(r"^(?:\d{1,2}|ii|iii|iv|vi|vii|viii|ix|x)$")
_PART_WORDS = frozenset({"part", "vol", "volume", "chapter", "episode", "season"})
_ARTICLES = frozenset({"the", "a", "an"})
_FUNCTION_WORDS = STOP_WORDS | frozenset(
    {
        *("i", "am", "is", "are", "was", "we", "you", "my", "it", "this", "that", "these"),
        *("don", "t", "m", "re", "ll", "d", "ve", "let", "what", "how", "who", "why", "when"),
        *("where", "your", "our", "his", "her", "their", "me", "us", "be", "not", "no"),
    }
)
"""Words that open many unrelated titles ("I Am …", "Don't …", "This Is …")."""


def _strip_brand(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    for prefix, key in _BRANDS:
        if tokens[: len(prefix)] == prefix and len(tokens) > len(prefix):
            return tokens[len(prefix) :], key
    return tokens, None


def _strip_sequel(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a trailing sequel number, or "part 2" / "vol 1" and the like."""
    if len(tokens) >= 2 and _SEQUEL.match(tokens[-1]):
        tokens = tokens[:-1]
        if len(tokens) >= 2 and tokens[-1] in _PART_WORDS:
            tokens = tokens[:-1]
    return tokens


def _tokens(text: str) -> tuple[str, ...]:
    """Folded words without the "s" of a possessive ("Elvira's" -> ``elvira``)."""
    return tuple(t for t in words(text) if t != "s")


def _body(display_title: str) -> str:
    """The title as one key: brand and leading articles off ("Marvel Studios' The Avengers")."""
    tokens, _ = _strip_brand(_tokens(display_title))
    while tokens and tokens[0] in _ARTICLES:
        tokens = tokens[1:]
    return " ".join(tokens)


def candidate_keys(display_title: str) -> tuple[str | None, set[str]]:
    """The brand key and every other key ``display_title`` could belong to (before the
    frequency test)."""
    head_text = _SEPARATOR.split(display_title, maxsplit=1)[0]
    has_separator = head_text != display_title.strip()
    tokens, brand = _strip_brand(_tokens(display_title))
    head, _ = _strip_brand(_tokens(head_text))
    keys: set[str] = set()
    while head and head[0] in _ARTICLES:
        head = head[1:]
    unsequelled = _strip_sequel(head)
    sequel = unsequelled != head
    if unsequelled and (has_separator or sequel or brand):
        keys.add(" ".join(unsequelled))
    body = tuple(t for t in tokens if t not in _ARTICLES)
    if len(body) >= 3 and body[0] not in _FUNCTION_WORDS and body[1] not in _FUNCTION_WORDS:
        keys.add(" ".join(body[:2]))
    keys = {k for k in keys if len(k) >= 4 and k not in _FUNCTION_WORDS}
    return brand, keys


def franchise_keys(display_titles: Sequence[str]) -> list[tuple[str, ...]]:
    """For each title, the franchise keys it shares with other titles (sorted).

    A brand counts whenever two titles carry it; other keys need ``MIN_TITLES`` to
    ``MAX_TITLES`` differently named titles. A title named exactly like a franchise ("Toy
    Story", beside "Toy Story 2") belongs to it.
    """
    candidates = [candidate_keys(t) for t in display_titles]
    bodies = [_body(t) for t in display_titles]
    seen: dict[str, set[str]] = {}
    for body, (brand, keys) in zip(bodies, candidates, strict=True):
        for key in keys | ({brand} if brand else set()):
            seen.setdefault(key, set()).add(body)
    counts = Counter({k: len(v) for k, v in seen.items()})
    result = []
    for body, (brand, keys) in zip(bodies, candidates, strict=True):
        found = {k for k in keys if MIN_TITLES <= counts[k] <= MAX_TITLES}
        if brand and counts[brand] >= MIN_TITLES:
            found.add(brand)
        if MIN_TITLES <= counts.get(body, 0) <= MAX_TITLES:
            found.add(body)
        result.append(tuple(sorted(found)))
    return result
