"""The argument grammar: what each word of a command may be, checked word by word.

People type ``/maxduration netflix 2018 tv``, ``/top netflix película`` or ``/count @bot
disney``. Each command declares its ``Grammar``: the kinds of word it takes (each at most once,
in any order) and which are required. Every word is then tried against every kind the command
takes, accents folded (``KINDS``; the table is in docs/commands.md); a platform may take up to
three words (``prime video``, ``amazon prime video``: ``core.inputs.platform_at``).

When a word fits nothing, the error names that one word: a typo of a platform gets the
suggestion ("netflx" -> netflix); a word where exactly one kind is still missing gets that
kind's own message ("“abc” is not a score"); otherwise the message lists what the command
expects there. A second word of a kind the command takes once ("/count netflix hulu") is named
as one too many. Values are only recognised here; core validates them (year range, score
range) and says what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import InvalidInput
from core.inputs import (
    DURATION_TYPES,
    TITLE_TYPES,
    parse_duration_type,
    parse_platform,
    parse_score,
    parse_title_type,
    parse_year,
    platform_at,
    platform_suggestion,
)
from core.platforms import TITLE_ID
from core.ratings import parse_value
from core.text import fold

_YEAR = re.compile(r"^\d{4}$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$|^(nan|inf|-inf)$", re.IGNORECASE)
"""A number as people (and programs) write one, ``1e309`` included: a number, so core says
what is wrong with it, rather than a mistyped year that makes the real year look surplus."""
MAX_ARG_CHARS = 200
"""Longest argument text parsed; anything longer is an error, never a slow path."""

KINDS: dict[str, str] = {
    "platform": "netflix, hulu, disney, disney+, disney plus, amazon, prime, prime video, "
    "amazon prime video (one to three words, any case)",
    "year": "four digits: 2018",
    "score": "a number from 0 to 5; a decimal comma works: 3.5, 3,5",
    "unit": "min, minutes, movie, película (minutes); season, temporada, show, serie, tv (seasons)",
    "type": "movie, movies, film, película; show, tv, tv show, serie, series",
    "title_id": "a platform's letter, s, digits: ns1, as123, ds12, hs305",
    "rating": "0.5 to 5 in steps of 0.5; a decimal comma works: 4.5, 4,5",
}
"""Every kind of word a command may take, and what it may be (docs/commands.md)."""


@dataclass(frozen=True, slots=True)
class Grammar:
    """A command's words: the kinds it takes (each once, any order), and which it needs."""

    kinds: tuple[str, ...]
    required: tuple[str, ...] = ()
    example: str = ""
    """An example of the command, for the "I need the …" message."""


def is_number(word: str) -> bool:
    """Whether the grammar reads ``word`` as a number (``4.5``, ``4,5``, ``1e3``, ``nan``)."""
    return bool(_NUMBER.match(word))


def missing(name: str, example: str) -> InvalidInput:
    """The error for an argument that is not there."""
    return InvalidInput(
        f"The {name} is missing.",
        code="missing_argument",
        params={"name": name, "example": example},
    )


def surplus(given: str) -> InvalidInput:
    return InvalidInput(
        f"I didn't understand '{given}' here.", code="too_many_arguments", params={"given": given}
    )


def one_too_many(given: str, kind: str) -> InvalidInput:
    """A second word of a kind the command takes once (``/count netflix hulu``)."""
    return InvalidInput(
        f"'{given}' is one {kind} too many: this command takes one.",
        code="extra_argument",
        params={"given": given, "kind": kind},
    )


def not_understood(given: str, kinds: tuple[str, ...]) -> InvalidInput:
    """A word that fits none of ``kinds``, the kinds the command still expects."""
    return InvalidInput(
        f"I didn't understand '{given}': here I expect {', '.join(kinds)}.",
        code="bad_argument",
        params={"given": given, "kinds": list(kinds)},
    )


def check_length(args: tuple[str, ...]) -> None:
    text = " ".join(args)
    if len(text) > MAX_ARG_CHARS:
        raise surplus(text[:40] + "…")


def _is_number(word: str) -> bool:
    return bool(_NUMBER.match(word))


def _pair(words: list[str], i: int) -> str | None:
    return f"{fold(words[i])} {fold(words[i + 1])}" if i + 1 < len(words) else None


def _match(words: list[str], i: int, kinds: tuple[str, ...]) -> tuple[str, str, int] | None:
    """The kind, value and span (in words) of the words at ``i``, among ``kinds``."""
    word = words[i]
    folded = fold(word)
    if "platform" in kinds and (found := platform_at(words, i)) is not None:
        return "platform", found[0], found[1]
    if "title_id" in kinds and TITLE_ID.match(word):
        return "title_id", word.lower(), 1
    if "year" in kinds and (
        _YEAR.match(word) or (any(c.isdigit() for c in word) and not _is_number(word))
    ):
        # "20x8" is a mistyped year, not a platform: core's year check explains it.
        return "year", word, 1
    for kind in ("score", "rating"):
        if kind in kinds and _is_number(word):
            return kind, word, 1
    for kind, table in (("unit", DURATION_TYPES), ("type", TITLE_TYPES)):
        if kind not in kinds:
            continue
        pair = _pair(words, i)
        if pair in table:  # "tv show"
            return kind, table[pair], 2
        if folded in table:
            return kind, table[folded], 1
    return None


_CHECKS = {
    "platform": parse_platform,
    "year": lambda word: parse_year(word, None),
    "score": parse_score,
    "unit": parse_duration_type,
    "type": parse_title_type,
    "rating": parse_value,
}
"""Core's own check of a kind: raises the precise error ("“abc” is not a score")."""


def _explain(word: str, open_kinds: tuple[str, ...]) -> InvalidInput:
    """The error for a word that fits no kind the command still expects."""
    if "platform" in open_kinds and platform_suggestion(word):
        try:
            parse_platform(word)
        except InvalidInput as err:  # "netflx": did you mean netflix?
            return err
    if len(open_kinds) == 1 and open_kinds[0] in _CHECKS:
        try:
            _CHECKS[open_kinds[0]](word)
        except InvalidInput as err:
            return err
    return not_understood(word, open_kinds)


def parse(args: tuple[str, ...], grammar: Grammar) -> dict[str, str]:
    """The value of each kind found in ``args``: platform keys, canonical units and types,
    title ids in lower case, and numbers as typed (core validates them).

    Raises ``InvalidInput`` naming the one word that did not fit, or the missing kind.
    """
    check_length(args)
    words = [w for w in args if w.strip()]
    found: dict[str, str] = {}
    unmatched: list[str] = []
    i = 0
    while i < len(words):
        hit = _match(words, i, grammar.kinds)
        if hit is None:
            unmatched.append(words[i])
            i += 1
            continue
        kind, value, span = hit
        if kind in found:
            raise one_too_many(" ".join(words[i : i + span]), kind)
        found[kind] = value
        i += span
    open_kinds = tuple(k for k in grammar.kinds if k not in found)
    if unmatched:
        raise _explain(unmatched[0], open_kinds)
    for kind in grammar.required:
        if kind not in found:
            raise missing(kind.replace("_", " "), grammar.example)
    return found


def leading_platform(args: tuple[str, ...], example: str) -> tuple[str, tuple[str, ...]]:
    """A platform (one to three words) at the start of ``args``, and the words after it: the
    shape of ``/word prime video love``."""
    check_length(args)
    if not args:
        raise missing("platform", example)
    found = platform_at(list(args), 0)
    if found is None:
        raise _explain(args[0], ("platform",))
    return found[0], args[found[1] :]


# --- the order-free classification /recommend still uses -----------------------------------


@dataclass(frozen=True, slots=True)
class Parsed:
    """Arguments sorted by kind; ``rest`` is what no other kind claimed, joined by spaces."""

    years: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    duration_types: tuple[str, ...] = ()
    title_types: tuple[str, ...] = ()
    rest: str = ""


def classify(
    args: tuple[str, ...], *, durations: bool = False, title_types: bool = False
) -> Parsed:
    """Sort ``args`` into kinds (``/recommend``'s filters; the catalog commands use
    ``parse``). Durations/title types are only recognised when asked for, accents folded."""
    check_length(args)
    years: list[str] = []
    numbers: list[str] = []
    dtypes: list[str] = []
    ttypes: list[str] = []
    rest: list[str] = []
    tokens = list(args)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        low = fold(tok)
        pair = _pair(tokens, i)
        if title_types and pair in TITLE_TYPES:  # "tv show"
            ttypes.append(pair)
            i += 2
            continue
        if _YEAR.match(tok) or (any(c.isdigit() for c in tok) and not _is_number(tok)):
            years.append(tok)
        elif _is_number(tok):
            numbers.append(tok)
        elif durations and low in DURATION_TYPES:
            dtypes.append(tok)
        elif title_types and low in TITLE_TYPES:
            ttypes.append(tok)
        else:
            rest.append(tok)
        i += 1
    return Parsed(tuple(years), tuple(numbers), tuple(dtypes), tuple(ttypes), " ".join(rest))


def at_most_one(values: tuple[str, ...]) -> str | None:
    """The single value of a kind, or None; two of a kind is a mistake worth saying."""
    if len(values) > 1:
        raise surplus(values[1])
    return values[0] if values else None
