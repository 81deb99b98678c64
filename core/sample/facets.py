"""What makes two real titles draw the same people: franchise, cast, director, country, language.

Generated people have tastes over these facets besides genre themes and era (``ratings.py``), so
someone who rated several Star Wars titles, Shah Rukh Khan films or Korean dramas is likelier to
rate, and to like, another one. Each facet shared by at least two titles is a column of a sparse
title x facet matrix per kind; a taste segment has a preference ``N(0, 1)`` for every facet, and
its affinity for a title adds, per kind, ``weight x sum of its preferences for the title's facets
/ sqrt(their number)`` (unit variance whether a title names one shared actor or ten).

Only columns present in the catalog are used: generated catalogs have invented people and no
franchises, so these facets matter on the real catalogs.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import scipy.sparse as sparse

FACET_WEIGHTS: dict[str, float] = {
    "franchise": 1.0,
    "cast": 0.6,
    "director": 0.5,
    "country": 0.5,
    "language": 0.6,
}
"""How strongly each kind of facet moves a segment's affinity (themes weigh about 1)."""

_SUBTITLE = re.compile(r"\s*(?::| - | \u2013 |\()\s*")  # colon, dash, en dash, bracket
_SEQUEL = re.compile(
    r"\s+(?:\d+|ii|iii|iv|v|vi|vii|viii|ix|x|part \w+|chapter \w+|vol\.? ?\w+|volume \w+|"
    r"season \w+)$"
)
_ARTICLE = re.compile(r"^(?:the|a|an) ")
_LANGUAGE_WORDS: dict[str, str] = {
    **{w: w for w in (
        "hindi", "tamil", "telugu", "malayalam", "kannada", "marathi", "bengali", "punjabi",
        "spanish", "korean", "japanese", "chinese", "french", "german", "italian", "portuguese",
        "arabic", "turkish", "filipino", "thai",
    )},
    "bollywood": "hindi", "español": "spanish", "latin american": "spanish",
    "k-drama": "korean", "anime": "japanese", "mandarin": "chinese", "cantonese": "chinese",
    "brazilian": "portuguese", "tagalog": "filipino",
}  # fmt: skip
"""Words in a title, its genres or its description that name the language it is in."""
_LANGUAGE = re.compile(r"\b(?:" + "|".join(sorted(_LANGUAGE_WORDS, key=len, reverse=True)) + r")\b")


def franchise_key(title: str | None) -> str | None:
    """The part of a title that its sequels, spin-offs and other editions share.

    "Star Wars: The Last Jedi" -> "star wars", "Toy Story 2" -> "toy story", "The Lion King"
    -> "lion king". A heuristic: unrelated titles sharing a prefix ("King", "The King: Eternal
    Monarch") land together too, which costs little (a segment likes both a bit more).
    """
    if not title:
        return None
    key = _SUBTITLE.split(title.lower().strip())[0]
    key = _ARTICLE.sub("", _SEQUEL.sub("", key)).strip()
    return key if len(key) >= 3 and not key.isdigit() else None


def _clean(lists: pl.Series) -> pl.Series:
    """Lists without nulls or empty names; a null list becomes an empty one."""
    return lists.list.eval(pl.element().filter(pl.element().str.len_chars() > 0)).fill_null([])


def _names(column: pl.Series) -> pl.Series:
    """A comma-separated people or country column as lists of trimmed names."""
    return _clean(column.cast(pl.String).str.split(",").list.eval(pl.element().str.strip_chars()))


def _languages(catalog: pl.DataFrame) -> pl.Series:
    """Languages a title names in its title, genres or description ("Korean TV Shows")."""
    columns = [c for c in ("title", "listed_in", "description") if c in catalog.columns]
    text = catalog.select(
        pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in columns], separator=" ")
        .str.to_lowercase()
        .str.extract_all(_LANGUAGE.pattern)
        .list.eval(pl.element().replace_strict(_LANGUAGE_WORDS, return_dtype=pl.String))
        .list.unique(maintain_order=True)
        .alias("language")
    )
    return _clean(text["language"])


def facet_lists(catalog: pl.DataFrame) -> dict[str, pl.Series]:
    """Per kind, each title's facets as a list (kinds whose columns are absent are left out)."""
    lists: dict[str, pl.Series] = {}
    if "title" in catalog.columns:
        keys = pl.Series([franchise_key(t) for t in catalog["title"].cast(pl.String).to_list()])
        lists["franchise"] = _clean(keys.cast(pl.String).reshape((len(keys), 1)).arr.to_list())
    for kind in ("cast", "director", "country"):
        if kind in catalog.columns:
            lists[kind] = _names(catalog[kind])
    if "title" in catalog.columns:
        lists["language"] = _languages(catalog)
    return lists


def incidence(lists: pl.Series) -> sparse.csr_matrix:
    """Title x facet matrix over the facets shared by two titles or more; a title's row holds
    1/sqrt(its number of such facets) in each of their columns."""
    n = len(lists)
    row = np.repeat(np.arange(n), lists.list.len().to_numpy())
    names = lists.explode()
    names = names.filter(names.is_not_null())
    code = (names.rank("dense") - 1).to_numpy().astype(np.int64)
    width = int(code.max()) + 1 if len(code) else 1
    pair = np.unique(row.astype(np.int64) * width + code)
    row, code = pair // width, pair % width
    shared = np.bincount(code, minlength=width)[code] >= 2
    row, code = row[shared], code[shared]
    _, col = np.unique(code, return_inverse=True)
    per_row = np.bincount(row, minlength=n)
    values = (1.0 / np.sqrt(np.maximum(per_row[row], 1))).astype(np.float32)
    width = int(col.max()) + 1 if len(col) else 0
    return sparse.csr_matrix((values, (row, col)), shape=(n, width), dtype=np.float32)


def franchise_groups(catalog: pl.DataFrame) -> np.ndarray:
    """Per title, the number of its franchise (titles sharing a ``franchise_key``), or -1 when
    no other title shares it."""
    if "title" not in catalog.columns:
        return np.full(catalog.height, -1)
    keys = pl.Series([franchise_key(t) for t in catalog["title"].cast(pl.String).to_list()])
    code = (keys.rank("dense") - 1).fill_null(-1).to_numpy().astype(np.int64)
    sizes = np.bincount(code[code >= 0]) if (code >= 0).any() else np.zeros(0, np.int64)
    return np.where((code >= 0) & (sizes[np.maximum(code, 0)] >= 2), code, -1)


def facet_affinity(catalog: pl.DataFrame, segments: int, rng: np.random.Generator) -> np.ndarray:
    """Segments x titles: each segment's liking for each title through the shared facets."""
    total = np.zeros((segments, catalog.height), dtype=np.float32)
    for kind, lists in facet_lists(catalog).items():
        matrix = incidence(lists)
        if matrix.shape[1] == 0:
            continue
        prefer = rng.standard_normal((matrix.shape[1], segments)).astype(np.float32)
        total += FACET_WEIGHTS[kind] * np.asarray(matrix @ prefer).T
    return total
