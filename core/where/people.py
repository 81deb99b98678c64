"""People compared across catalogs: the same person is written many ways.

"Francis Ford Coppola" / "Francis Coppola", "Feng Xiaogang" / "Xiaogang Feng", "Rob Dipple" /
"Robb Dipple", "Chris Bell" / "Christopher Bell", "Pierce Brosnan (James Bond)". A name becomes
a ``Person`` (its words, as ``core.where.normalize.name_tokens`` gives them); a title's
directors or cast become a ``Crew``.
Names equal once their words are sorted match at once; the first few of each side are also
compared loosely (``_same_person``), but only when they share a word, which keeps the cost low
on catalogs where thousands of titles share a name.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from core.where.normalize import name_tokens

_NAME_RATIO = 90.0
_SHORT_FORM = 3
"""Letters a first name needs to stand for a longer one it begins ("Chris", not "Al")."""
_NICKNAMES = {
    **dict.fromkeys(("bob", "bobby", "rob", "robb", "robbie", "robby"), "robert"),
    **dict.fromkeys(("bill", "billy", "will", "willie"), "william"),
    **dict.fromkeys(("jim", "jimmy"), "james"),
    **dict.fromkeys(("mike", "mikey", "mick", "mickey"), "michael"),
    **dict.fromkeys(("dick", "rick", "ricky", "richie"), "richard"),
    **dict.fromkeys(("dave", "davey"), "david"),
    **dict.fromkeys(("steve", "stevie", "steven"), "stephen"),
    **dict.fromkeys(("tony",), "anthony"),
    **dict.fromkeys(("andy",), "andrew"),
    **dict.fromkeys(("liz", "beth", "betty"), "elizabeth"),
    **dict.fromkeys(("kate", "katie", "kathy", "cathy", "catherine"), "katherine"),
}
"""Common English short forms that are not the start of the full name (those need no entry)."""
LOOSE = 4
"""Names per side compared loosely (spelling variants); the others only exactly."""


class Person(NamedTuple):
    tokens: tuple[str, ...]
    canon: str
    """Tokens sorted and joined: "Feng Xiaogang" and "Xiaogang Feng" are one canon."""
    spaced: str
    tokens_set: frozenset[str]

    @classmethod
    def of(cls, tokens: tuple[str, ...]) -> Person:
        return cls(tokens, "".join(sorted(tokens)), " ".join(tokens), frozenset(tokens))


@lru_cache(maxsize=1 << 17)
def person(name: str) -> Person | None:
    """A name as a ``Person`` (None when it has no letters or digits); cached per name."""
    tokens = name_tokens(name)
    return Person.of(tokens) if tokens else None


class Crew(NamedTuple):
    """A title's directors or cast, ready to compare."""

    people: tuple[Person, ...]
    canons: frozenset[str]
    loose: frozenset[str]
    """The words of the first ``LOOSE`` names: two crews sharing none need no loose look."""


@lru_cache(maxsize=65536)
def crew(names: tuple[str, ...]) -> Crew:
    """Names as a comparable ``Crew`` (built only for titles that are judged, then cached)."""
    people = tuple(p for p in map(person, names) if p is not None)
    loose = frozenset().union(*(p.tokens_set for p in people[:LOOSE]))
    return Crew(people, frozenset(p.canon for p in people), loose)


def _short_form(a: str, b: str) -> bool:
    """First names that are one name in a short and a long form: "Chris" / "Christopher" (the
    start of it, three letters or more), "Bob" / "Robert" (``_NICKNAMES``)."""
    short, long_ = sorted((a, b), key=len)
    if len(short) >= _SHORT_FORM and long_.startswith(short):
        return True
    return _NICKNAMES.get(a, a) == _NICKNAMES.get(b, b)


@lru_cache(maxsize=1 << 18)
def _same_person(a: Person, b: Person) -> bool:
    """Loosely the same name: one's words inside the other's (two or more of them), one surname
    with a first name in a short and a long form ("Chris Bell" / "Christopher Bell"), or spelt
    alike (``ratio`` >= 90, in order or with the words sorted)."""
    ta, tb = set(a.tokens), set(b.tokens)
    common = len(ta & tb)
    if common >= 2 and (common == len(ta) or common == len(tb)):
        return True  # "john hancock" / "john lee hancock"
    if (
        len(a.tokens) > 1
        and len(b.tokens) > 1
        and a.tokens[-1] == b.tokens[-1]
        and _short_form(a.tokens[0], b.tokens[0])
    ):
        return True
    return (
        fuzz.ratio(a.canon, b.canon) >= _NAME_RATIO
        or fuzz.ratio("".join(a.tokens), "".join(b.tokens)) >= _NAME_RATIO
    )


def shared(a: Crew, b: Crew, loose: bool = True) -> list[str]:
    """The people of ``a`` found in ``b``, each matched at most once. Names equal as canons
    match at once; of the others, the first ``LOOSE`` of each side are compared loosely when
    they share a word."""
    exact = a.canons & b.canons
    found = [p.spaced for p in a.people if p.canon in exact] if exact else []
    if not loose or a.loose.isdisjoint(b.loose):
        return found
    rest_a = [p for p in a.people[:LOOSE] if p.canon not in exact]
    rest_b = [q for q in b.people[:LOOSE] if q.canon not in exact]
    for p in rest_a:
        for j, q in enumerate(rest_b):
            if not p.tokens_set.isdisjoint(q.tokens_set) and _same_person(p, q):
                found.append(p.spaced)
                del rest_b[j]
                break
    return found


def compare_people(a: Crew, b: Crew, loose: bool = True) -> dict:
    """``{"state": "unknown" | "match" | "conflict", "shared": [names]}``: unknown when either
    side lists nobody. ``loose`` False compares names exactly (once normalised)."""
    if not a.people or not b.people:
        return {"state": "unknown", "shared": []}
    found = shared(a, b, loose)
    return {"state": "match" if found else "conflict", "shared": found}
