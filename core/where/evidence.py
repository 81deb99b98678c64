"""What the rest of two rows says when their people cannot: evidence weighed, not counted.

Hulu lists no directors or cast, so for a third of the catalog the people decide nothing. Two
titles of one name and year may still be two works (a docuseries and a drama, two films a year
apart), and each remaining fact says something: the year, the length, the descriptions, the
countries, the maturity rating, the kind of work and its audience. ``weigh`` adds up, for a pair
of films, the weight of each fact that is known (a missing fact weighs nothing), on top of the
prior of their title relation, and the matcher joins them when the sum is positive.

Each weight is the natural log of a likelihood ratio: how much more often a fact is seen when
two titles of one name are one work than when they are two. The ratios were measured on the
real catalogs where the people do decide (``python bench/where_weights.py`` prints them):
cross-platform films with one title key, at most a year apart, whose directors or cast agree
(240 pairs: one work) or disagree with nothing shared (32 pairs: two works). So the weights come
from the catalogs themselves, not from the labelled sample the matcher is scored on. They are
rounded, and a fact's buckets are merged where the counts were too small to tell apart.

Shows are not weighed this way (too few shows have people on both sides to measure); the
matcher keeps rules for them and uses ``contradictions`` only.
"""

from __future__ import annotations

from typing import NamedTuple

from core.where.entry import Entry

PRIOR = {"same": 2.0, "key": 2.0, "reordered": 1.0, "article": 0.5, "alt": 0.5, "spelling": 0.0}
"""Log-odds of one work before any other fact, by title relation. Equal keys: 240 of 272 pairs
with people on both sides were one work (ln 7.5 = 2.0). The others are set lower by judgment,
each for a reason: "Soul" / "The Soul" and a one-letter difference name other works more often
than equal titles do; an alternative title is a weaker claim than the title itself."""
YEAR = {0: 0.7, 1: -1.7}
"""Same year: 217 of 240 one-work pairs, 14 of 32 two-work pairs."""
LENGTH = {"same": 2.9, "close": -0.9, "differs": -3.9, "far": -3.9}
"""Lengths within a minute (203 / 1), within 10% (35 / 11), further apart (2 / 20)."""
NAMESAKES = -1.5
"""No length to compare while the title names other films of other years ("The Game")."""
DESCRIPTION = {"none": -1.7, "low": -0.1, "some": 1.4, "alike": 2.6}
"""The descriptions' similarity (``core.where.describe``): nothing shared (26 / 20), below 0.1
(60 / 9), below 0.3 (104 / 3), 0.3 and up (50 / 0)."""
COUNTRY = {"disjoint": -3.6, "shared": 1.8}
"""Both list countries: none shared (0 / 2), one shared (66 / 1)."""
MATURITY = {"same": 0.8, "differs": -1.6}
"""Ratings of one level (187 / 11), of different levels (27 / 18)."""
NATURE = -2.0
"""A documentary or reality title against a story (3 / 3)."""
AUDIENCE = -2.0
"""An animated title against one neither animated nor for children (2 / 2)."""


class Weighed(NamedTuple):
    score: float
    """The log-odds of one work: join when positive."""
    terms: dict[str, float]
    """Each known fact's weight (JSON-ready evidence)."""


def minutes_relation(a: Entry, b: Entry) -> str:
    """``same`` (a minute apart at most), ``close`` (10%, or 5 minutes), ``far`` (1.5x and 20
    minutes), ``differs``, or ``unknown``."""
    if not a.minutes or not b.minutes:
        return "unknown"
    low, high = sorted((a.minutes, b.minutes))
    if high - low <= 1:
        return "same"
    if high - low <= max(5, 0.1 * high):
        return "close"
    if high >= 1.5 * low and high - low >= 20:
        return "far"
    return "differs"


def description_bucket(similarity: float) -> str:
    """``none``, ``low`` (below 0.1), ``some`` (below 0.3) or ``alike``."""
    if similarity <= 0:
        return "none"
    return "low" if similarity < 0.1 else "some" if similarity < 0.3 else "alike"


def contradictions(a: Entry, b: Entry) -> dict[str, float]:
    """The facts that speak for two works whatever the title: countries with none in common,
    a documentary against a story, an animated title against a live-action one."""
    found: dict[str, float] = {}
    if a.nature == b.nature and a.audience == b.audience and not (a.countries and b.countries):
        return found  # most pairs: nothing to look at
    if a.countries and b.countries and a.countries.isdisjoint(b.countries):
        found["country"] = COUNTRY["disjoint"]
    if {a.nature, b.nature} == {"factual", "fiction"}:
        found["nature"] = NATURE
    if {a.audience, b.audience} == {"animated", "other"}:
        found["audience"] = AUDIENCE
    return found


def weigh(
    a: Entry,
    b: Entry,
    title: str,
    minutes: str,
    similarity: float | None,
    *,
    namesakes: bool = False,
) -> Weighed:
    """The evidence of two films a year apart at most, with nothing known of their people.

    ``title`` is their title relation, ``minutes`` their ``minutes_relation``, ``similarity``
    their descriptions' (None when one has none), ``namesakes`` as ``core.where.match.judge``
    takes it."""
    terms: dict[str, float] = {"prior": PRIOR.get(title, 0.0)}
    terms["year"] = YEAR[0 if a.year == b.year else 1]
    if minutes in LENGTH:
        terms["length"] = LENGTH[minutes]
    elif namesakes:
        terms["length"] = NAMESAKES
    if similarity is not None:
        terms["description"] = DESCRIPTION[description_bucket(similarity)]
    if a.countries and b.countries and not a.countries.isdisjoint(b.countries):
        terms["country"] = COUNTRY["shared"]
    if a.maturity is not None and b.maturity is not None:
        terms["maturity"] = MATURITY["same" if a.maturity == b.maturity else "differs"]
    terms.update(contradictions(a, b))
    return Weighed(round(sum(terms.values()), 2), terms)
