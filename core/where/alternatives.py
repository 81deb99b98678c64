"""Alternative titles: the other names a work goes by, so "money heist" finds "La casa de papel".

Three sources, each kept with the alternative (``AltTitle.source``):

- ``title``: the title itself carries one: "Uzumaki (Spiral)", "Mokalik (Mechanic)", "Rebelion
  De Los Colgados Aka The Rebelion Of The Hanged" (``core.where.normalize``);
- ``description``: the description gives one right after the title: "Amazing Detective Di
  Renjie 2, also known as Shen Tan Di Renjie 2, …", "\"Brazilian Empire\" (originally \"Brasil
  Imperial\")";
- ``curated``: ``alternative_titles.csv.gz`` beside this module, a short list kept by hand: the
  Spanish titles of well-known works in the catalogs (the bot answers in Spanish too: "/donde el
  rey leon"), and the English titles of Spanish-language series listed under their own. Each
  entry names the catalog title (and its year, when the title names several works) and a
  source for the alternative.

The matcher compares alternative keys with other titles' keys (relation ``alt``); ``where``
looks the query up among them (table ``w_alt``). An alternative in Spanish is also stored
without its leading article ("rey leon" finds "El rey león").
"""

from __future__ import annotations

import csv
import gzip
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from core.where.entry import Entry
from core.where.normalize import plain_key

CURATED = Path(__file__).with_name("alternative_titles.csv.gz")
"""Shipped gzip-compressed, as all shipped data; edit with ``zcat``/``gzip -9 -n``."""
_SPANISH_ARTICLES = ("el", "la", "los", "las")
_ALIAS = r"(?:also known as|a\.?k\.?a\.?|originally(?: titled| called)?|original title:?)"
"""What a description needs to give an alternative title (most have none: a cheap look)."""
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


class Curated(NamedTuple):
    title: str
    year: int | None
    alternative: str
    language: str
    source: str


class AltTitle(NamedTuple):
    title_id: str
    alternative: str
    key: str
    source: str
    """``title``, ``description`` or ``curated: <source note>``."""


@lru_cache(maxsize=1)
def curated() -> tuple[Curated, ...]:
    """The hand-kept list (``alternative_titles.csv.gz``)."""
    with gzip.open(CURATED, "rt", newline="", encoding="utf-8") as fh:
        return tuple(
            Curated(
                row["title"],
                int(row["year"]) if row["year"] else None,
                row["alternative"],
                row["language"],
                row["source"],
            )
            for row in csv.DictReader(fh)
        )


def described(title: str, description: str) -> tuple[str, ...]:
    """Alternatives the description gives right after the title ("X, also known as Y";
    "\"X\" (originally \"Y\")")."""
    if not description or not title:
        return ()
    lowered = description.lower()
    if not (
        "known as" in lowered or "aka " in lowered or "a.k.a" in lowered or "riginal" in lowered
    ):
        return ()
    name = re.sub(r"\s*[\(\[].*$", "", title).strip().lower()
    if len(name) < 3 or name not in lowered:
        return ()
    pattern = re.compile(
        rf"{re.escape(name)}[{_QUOTES}]?\s*(?:,\s*|\(\s*){_ALIAS}\s+[{_QUOTES}]?([^,.;(){_QUOTES}]+)",
        re.IGNORECASE,
    )
    return tuple(m.group(1).strip() for m in pattern.finditer(description) if m.group(1).strip())


def keys_of(alternative: str) -> tuple[str, ...]:
    """The keys an alternative is found by: its key, and without a Spanish leading article."""
    key = plain_key(alternative)
    found = [key] if key else []
    first = alternative.strip().split(" ", 1)
    if len(first) == 2 and first[0].lower() in _SPANISH_ARTICLES:
        found.append(plain_key(first[1]))
    return tuple(k for k in dict.fromkeys(found) if k)


def alternative_titles(entries: list[Entry]) -> list[AltTitle]:
    """Every alternative title of ``entries`` (see the module docstring), one row per key."""
    found: list[AltTitle] = []

    def add(e: Entry, alternative: str, source: str) -> None:
        for key in keys_of(alternative):
            if key != e.key.key:
                found.append(AltTitle(e.id, alternative, key, source))

    by_key: dict[str, list[Entry]] = {}
    for e in entries:
        by_key.setdefault(e.key.key, []).append(e)
        for alternative in e.key.alternatives:
            add(e, alternative, "title")
        for alternative in described(e.title, e.description):
            add(e, alternative, "description")
    for row in curated():
        for e in by_key.get(plain_key(row.title), ()):
            if row.year is None or abs(e.year - row.year) <= 1:
                add(e, row.alternative, f"curated: {row.source}")
    return list(dict.fromkeys(found))


def with_alternatives(entries: list[Entry], found: list[AltTitle] | None = None) -> list[Entry]:
    """``entries`` with their alternative keys (``Entry.alt_keys``) filled in."""
    keys: dict[str, list[str]] = {}
    for alt in found if found is not None else alternative_titles(entries):
        keys.setdefault(alt.title_id, []).append(alt.key)
    return [
        e._replace(alt_keys=tuple(dict.fromkeys(keys[e.id]))) if e.id in keys else e
        for e in entries
    ]
