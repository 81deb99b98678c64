"""Where the weights of ``core.where.evidence`` come from: each fact's likelihood ratio, measured
on the real catalogs where the people decide.

Usage: ``python bench/where_weights.py``

Takes every cross-platform pair of films with one title key, at most a year apart, whose
directors and casts both say something: one work when they agree (a director or cast member
shared, nothing against), two works when they disagree (nothing shared). For each fact the
matcher weighs where nobody is listed (year, length, descriptions, countries, rating, kind of
work, audience) it prints how many pairs of each class show each value, and the natural log of
the ratio of the two shares (add-one-half smoothed): the weight that value would carry.
``core.where.evidence`` holds these, rounded, with buckets merged where the counts are small.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from pathlib import Path

from core.shipped import TITLES, unpack
from core.where.catalog import folder_entries
from core.where.describe import Descriptions
from core.where.entry import MOVIE, Entry
from core.where.evidence import contradictions, description_bucket, minutes_relation
from core.where.people import compare_people, crew

REPO = Path(__file__).resolve().parents[1]


def facts(a: Entry, b: Entry, descriptions: Descriptions) -> dict[str, str]:
    """The value of each weighed fact for one pair, as ``core.where.evidence`` buckets it."""
    similarity, _ = descriptions.similarity(
        a.description, b.description, (*a.key.words, *b.key.words)
    )
    against = contradictions(a, b)
    found = {
        "year": "same" if a.year == b.year else "1 apart",
        "length": minutes_relation(a, b),
        "description": description_bucket(similarity),
        "nature": "against" if "nature" in against else "-",
        "audience": "against" if "audience" in against else "-",
    }
    if a.countries and b.countries:
        found["country"] = "disjoint" if "country" in against else "shared"
    if a.maturity is not None and b.maturity is not None:
        found["maturity"] = "same" if a.maturity == b.maturity else "differs"
    return found


def classify(a: Entry, b: Entry) -> str | None:
    """``one`` (the people agree), ``two`` (they disagree) or None (they say nothing)."""
    states = {
        compare_people(crew(a.directors), crew(b.directors))["state"],
        compare_people(crew(a.cast), crew(b.cast))["state"],
    }
    if "match" in states and "conflict" not in states:
        return "one"
    if "conflict" in states and "match" not in states:
        return "two"
    return None


def main() -> None:
    entries = folder_entries(unpack(TITLES, REPO / "bench" / "out" / "titles"))
    descriptions = Descriptions([e.description for e in entries])
    blocks: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.kind == MOVIE and e.key.key:
            blocks[e.key.key].append(e)
    counts: dict[str, Counter] = {"one": Counter(), "two": Counter()}
    for members in blocks.values():
        for a, b in itertools.combinations(members, 2):
            if a.platform == b.platform or abs(a.year - b.year) > 1:
                continue
            found = classify(a, b)
            if found is not None:
                counts[found]["pairs"] += 1
                counts[found].update(f"{k}: {v}" for k, v in facts(a, b, descriptions).items())
    one, two = counts["one"], counts["two"]
    print(f"films with one key, a year apart at most: {one['pairs']} one work, {two['pairs']} two")
    print(
        f"prior: ln({one['pairs']} / {two['pairs']}) = {math.log(one['pairs'] / two['pairs']):.2f}"
    )
    for fact in sorted(set(one) | set(two) - {"pairs"}):
        share_one = (one[fact] + 0.5) / (one["pairs"] + 1)
        share_two = (two[fact] + 0.5) / (two["pairs"] + 1)
        weight = math.log(share_one / share_two)
        print(f"  {fact:<22} one {one[fact]:>4}  two {two[fact]:>4}  weight {weight:+.2f}")


if __name__ == "__main__":
    main()
