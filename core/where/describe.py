"""Descriptions compared across catalogs: how much two titles' synopses say the same thing.

Each platform writes its own synopsis, so two listings of one film rarely share a sentence; but
they share what the story is about ("a gymnast", "her coach", "the national team"). The measure
is the cosine of the two descriptions' content words, each weighted by its rarity in the whole
catalog (inverse document frequency), as search engines rank documents:

- content words: letters only, three or more of them, without English stop words, cut to their
  first ``STEM`` letters (a crude stem: "gymnast" = "gymnastics", "mexico" = "mexican");
- the words of both titles are left out: two namesakes share their title, and "The Challenge"
  says "challenge" in both synopses whatever the show;
- a word's weight is ``log((1 + n) / (1 + df)) + 1`` (the smoothed form, which stays positive on
  a catalog of two titles), and each word counts once per description.

The weights need the whole catalog, so ``Descriptions`` counts the words of every title once,
the first time a pair is compared. Remakes are often described alike ("The Parent Trap" 1961
and 1998 score 0.61), so ``core.where.match`` never lets a description decide alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

STEM = 6
_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP_WORDS = """
    about above across after again against all almost along also although always among and
    another any anyone are around away back because become becomes been before behind being
    below between both but can cannot could did does doing down during each even ever every
    few for from further get gets getting got had has have having her here hers herself him
    himself his how into its itself just like made make makes many may more most much must
    never new not now off once one only onto other others our ours out over own same she
    should since some such than that the their theirs them themselves then there these they
    this those though through too two under until upon very was way ways well were what when
    where which while who whom whose why will with within without would yet you your yours
"""
STOP = frozenset(_STOP_WORDS.split())
"""English words that say nothing of a story (words of one or two letters never count)."""


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """The stemmed content words of a description (see the module docstring)."""
    return frozenset(w[:STEM] for w in _WORD.findall(text.lower()) if w not in STOP)


def _stems(words: Sequence[str]) -> frozenset[str]:
    return frozenset(w[:STEM] for w in words)


class Descriptions:
    """The descriptions of a catalog, ready to compare: ``similarity`` weights words by how
    rare they are among ``texts``. The counting is done on the first comparison."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts
        self._weights: dict[str, float] | None = None
        self._unseen = 0.0
        self._norms: dict[frozenset[str], float] = {}

    def _count(self) -> dict[str, float]:
        """Each stem's weight, from the descriptions that use it (counted in polars: the
        catalog's 23,000 descriptions take a tenth of a second)."""
        import polars as pl  # only here (ETL time): `where` queries start without it

        words = (
            pl.Series(self._texts, dtype=pl.String)
            .str.to_lowercase()
            .str.extract_all(_WORD.pattern)
            .list.unique()
            .explode()
            .drop_nulls()
            .value_counts(name="n")
        )
        word = pl.col(words.columns[0])
        stems = (
            words.filter(~word.is_in(pl.Series(sorted(STOP)).implode()))
            .group_by(word.str.slice(0, STEM).alias("stem"))
            .agg(pl.col("n").sum())  # forms of one stem rarely share a description
        )
        total = len(self._texts)
        self._unseen = math.log(1 + total) + 1
        weights = ((1 + total) / (1 + stems["n"])).log() + 1
        return dict(zip(stems["stem"].to_list(), weights.to_list(), strict=True))

    def similarity(
        self, a: str, b: str, title_words: Sequence[str] = ()
    ) -> tuple[float, list[str]]:
        """The weighted cosine of descriptions ``a`` and ``b`` (0 to 1) and the stems they
        share, without the ``title_words``. 0 when either says nothing."""
        if not a or not b:
            return 0.0, []
        if self._weights is None:
            self._weights = self._count()
        skip = _stems(title_words)
        wa, wb = content_words(a) - skip, content_words(b) - skip
        if not wa or not wb:
            return 0.0, []
        common = sorted(wa & wb)
        if not common:
            return 0.0, []
        weights, unseen = self._weights, self._unseen
        dot = sum(weights.get(w, unseen) ** 2 for w in common)
        return dot / (self._norm(wa) * self._norm(wb)), common

    def _norm(self, words: frozenset[str]) -> float:
        """The length of a description's weighted word vector (kept: a title is compared with
        several namesakes)."""
        found = self._norms.get(words)
        if found is None:
            assert self._weights is not None
            weights, unseen = self._weights, self._unseen
            found = math.sqrt(sum(weights.get(w, unseen) ** 2 for w in words))
            self._norms[words] = found
        return found
