"""Reasons that name what really drove a pick, in the words of its source.

Why: "Because you liked Winter Soldier and Thor: Ragnarok" under a Barbie film was the old
reason: the liked titles nearest in an embedding space, whatever had actually ranked the pick.
Here the reason is read off the score itself. The hybrid's score is a weighted sum of sources
(``Hybrid.shares``), and the item-item sources are themselves sums over the titles the person
rated, so the source with the largest share, and within it the rated title with the largest
share, are what drove the pick. The wording then fits that source:

- content: "same franchise as X", "same director as X (Name)", "shares cast with X (Name)",
  else "like X" (descriptions and genres);
- real taste (EASE): "people who liked X liked this";
- the factor sources: "people with tastes like yours liked this";
- popularity: "popular on Disney+".

``FactTable`` keeps, per title, the facts a relation can name (franchise, directors, cast) with
their displayed spelling; it is saved in the artifact, so serving reads no database.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from core.recommend import results as r
from core.recommend.artifact import pack_strings, unpack_strings
from core.recommend.franchise import franchise_keys

KINDS = ("franchise", "director", "cast")
"""Fact kinds a content reason may name, in the order they are preferred."""
CAST_TOP = 8
_BRAND_SPELLING = {"lego": "LEGO", "dreamworks": "DreamWorks"}


def _franchise_name(key: str) -> str:
    return _BRAND_SPELLING.get(key, string.capwords(key))


def _person_name(name: str) -> str:
    """A person's name as shown: the catalog's spelling, or capitalised if only lower case."""
    name = " ".join(str(name).split())
    return string.capwords(name) if name == name.lower() else name


@dataclass(frozen=True)
class FactTable:
    """Per title (rows of ``IdMap.items``), the nameable facts: ids into ``kind``/``text``."""

    kind: np.ndarray  # str, one per fact
    text: Sequence[str]  # as displayed (a list: see ``artifact.pack_strings``)
    indptr: np.ndarray
    indices: np.ndarray

    @classmethod
    def build(cls, facts: pl.DataFrame) -> FactTable:
        """From ``core.recommend.data.catalog_facts`` (rows in title order)."""
        vocab: dict[tuple[str, str], int] = {}
        kinds: list[str] = []
        texts: list[str] = []
        indptr, indices = [0], []
        titles = facts["title"].fill_null("").to_list()
        empty = [None] * facts.height
        directors = facts["directors"].to_list() if "directors" in facts.columns else empty
        cast = facts["cast"].to_list() if "cast" in facts.columns else empty
        for k, keys in enumerate(franchise_keys(titles)):
            found = [("franchise", _franchise_name(key)) for key in keys]
            found += [("director", _person_name(n)) for n in (directors[k] or [])]
            found += [("cast", _person_name(n)) for n in (cast[k] or [])[:CAST_TOP]]
            ids = set()
            for kind, text in found:
                key = (kind, text.lower())
                if key not in vocab:
                    vocab[key] = len(texts)
                    kinds.append(kind)
                    texts.append(text)
                ids.add(vocab[key])
            indices.extend(sorted(ids))
            indptr.append(len(indices))
        return cls(
            np.array(kinds, dtype=np.str_),
            texts,
            np.array(indptr, np.int64),
            np.array(indices, np.int32),
        )

    @classmethod
    def empty(cls, n_items: int) -> FactTable:
        return cls(
            np.zeros(0, np.str_),
            [],
            np.zeros(n_items + 1, np.int64),
            np.zeros(0, np.int32),
        )

    def of(self, item: int) -> np.ndarray:
        return self.indices[self.indptr[item] : self.indptr[item + 1]]

    def shared(self, a: int, b: int) -> dict[str, list[str]]:
        """The facts titles ``a`` and ``b`` share, by kind."""
        # sets, not np.intersect1d: a title has a few dozen facts, and numpy's sort-based
        # intersection cost ~40 us of a request's ten reasons each
        common = sorted(set(self.of(a).tolist()).intersection(self.of(b).tolist()))
        out: dict[str, list[str]] = {}
        for f in common:
            out.setdefault(str(self.kind[f]), []).append(str(self.text[f]))
        return out

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            "facts_kind": self.kind,
            **pack_strings("facts_text", self.text),
            "facts_indptr": self.indptr,
            "facts_indices": self.indices,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], n_items: int) -> FactTable:
        if "facts_indptr" not in arrays:
            return cls.empty(n_items)
        text = (
            unpack_strings(arrays, "facts_text")
            if "facts_text_utf8" in arrays
            else arrays["facts_text"].tolist()  # written before the strings were packed
        )
        return cls(
            arrays["facts_kind"],
            text,
            arrays["facts_indptr"],
            arrays["facts_indices"],
        )


def content_reason(facts: FactTable, item: int, liked: int, title: str, title_id: str) -> r.Reason:
    """Why ``item`` resembles the rated title ``liked`` (named ``title``), most telling first."""
    shared = facts.shared(item, liked)
    if shared.get("franchise"):
        return r.same_franchise(title, title_id, shared["franchise"][0])
    if shared.get("director"):
        return r.same_director(title, title_id, shared["director"][0])
    if shared.get("cast"):
        return r.shares_cast(title, title_id, shared["cast"][:2])
    return r.like_title(title, title_id)


def best_rated(shares: np.ndarray | None, titles: Sequence[int] | np.ndarray) -> int | None:
    """Of ``titles``, whose shares are ``shares`` (in that order), the one with the largest
    positive share, or None."""
    titles = np.asarray(titles, np.int64)
    if shares is None or titles.size == 0:
        return None
    k = int(np.argmax(shares))
    return int(titles[k]) if shares[k] > 0 else None
