"""Order-free argument parsing: people type ``/maxduration netflix 2018`` or ``2018 netflix``.

Each token is classified by its kind — a 4-digit year, a score, a duration or title type, or else
part of a platform name (``prime video`` is two tokens) — and core validates the values. Missing
or surplus arguments raise ``InvalidInput`` so the router answers with the usage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import InvalidInput
from core.inputs import DURATION_TYPES, TITLE_TYPES

_YEAR = re.compile(r"^\d{4}$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$|^(nan|inf|-inf)$", re.IGNORECASE)
"""A number as people (and programs) write one, ``1e309`` included: a number, so core says
what is wrong with it, rather than a mistyped year that makes the real year look surplus."""
MAX_ARG_CHARS = 200
"""Longest argument text parsed; anything longer is an error, never a slow path."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """Arguments sorted by kind; ``rest`` is what no other kind claimed, joined by spaces."""

    years: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    duration_types: tuple[str, ...] = ()
    title_types: tuple[str, ...] = ()
    rest: str = ""


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


def _check_length(args: tuple[str, ...]) -> None:
    text = " ".join(args)
    if len(text) > MAX_ARG_CHARS:
        raise surplus(text[:40] + "…")


def classify(
    args: tuple[str, ...], *, durations: bool = False, title_types: bool = False
) -> Parsed:
    """Sort ``args`` into kinds. Durations/title types are only recognised when asked for, so
    ``show`` can be a platform word nowhere and a type filter where one is expected."""
    _check_length(args)
    years: list[str] = []
    numbers: list[str] = []
    dtypes: list[str] = []
    ttypes: list[str] = []
    rest: list[str] = []
    tokens = list(args)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        low = tok.lower()
        pair = f"{low} {tokens[i + 1].lower()}" if i + 1 < len(tokens) else None
        if title_types and pair in TITLE_TYPES:  # "tv show"
            ttypes.append(pair)
            i += 2
            continue
        if _YEAR.match(tok) or (any(c.isdigit() for c in tok) and not _NUMBER.match(tok)):
            # "20x8" is a mistyped year, not a platform: core's year check explains it.
            years.append(tok)
        elif _NUMBER.match(tok):
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
