"""The content model: titles are alike when their catalog facts are, whoever rated them.

Why: the catalogs' facts are real (genres, cast, directors, countries, franchise, era, the
description), while the ratings that come with them may carry no signal at all (the original
11M ratings had their title ids assigned at random). A person who rated five Marvel films gets
the other Marvel films from here, and a title nobody rated is still ranked and compared.

Each title is a TF-IDF vector over its facts, one block per field (``FIELD_WEIGHTS``), each
block scaled to length ``sqrt(weight)`` so the cosine of two titles is the weighted mean of the
fields' cosines. Descriptions are TF-IDF over their words (scikit-learn). Fitting keeps each
title's ``K`` most similar titles (a sparse item-item graph, computed in blocks), and a person is
scored as ``sum_j w_j * sim(j, i)`` over the titles ``j`` they rated, with ``w_j`` their rating
centred on 3 stars (a 5 pulls alike titles up, a 1 pushes them down). That sum is what
``explain`` takes apart: the rated title with the largest share is the one that drove a pick.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Self

import numpy as np
import polars as pl
import scipy.sparse as sp

from core.recommend.base import Model, Profile
from core.recommend.config import RecommenderConfig
from core.recommend.data import TrainData
from core.recommend.franchise import franchise_keys
from core.recommend.genres import shared_genres
from core.recommend.kernels import graph_block, weighted_rows
from core.recommend.popularity import Popularity
from core.text import STOP_WORDS, words

FIELD_WEIGHTS: dict[str, float] = {
    "franchise": 4.0,
    "genre": 2.0,
    "director": 2.0,
    "cast": 1.5,
    "description": 1.5,
    "type": 1.0,
    "word": 0.5,
    "country": 0.5,
    "decade": 0.5,
    "maturity": 0.5,
}
"""How much each kind of fact counts in the similarity of two titles (see docs/recommender.md)."""
CAST_TOP = 8
"""Billing beyond this rarely says what a title is like (crowd scenes, cameos)."""
RATING_CENTRE = 3.0


@dataclass(frozen=True)
class ContentFeatures:
    """The titles x facts matrix and what each column is (``field:value``)."""

    matrix: sp.csr_matrix
    names: tuple[str, ...]


def _idf_block(rows: Sequence[Sequence[str]], field: str) -> tuple[sp.csr_matrix, list[str]]:
    """Binary TF-IDF of ``rows`` (a list of tokens per title), rows scaled to unit length."""
    vocab: dict[str, int] = {}
    indptr, indices = [0], []
    for tokens in rows:
        cols = {vocab.setdefault(t, len(vocab)) for t in tokens if t}
        indices.extend(sorted(cols))
        indptr.append(len(indices))
    n = len(rows)
    matrix = sp.csr_matrix(
        (np.ones(len(indices), np.float32), np.array(indices, np.int64), np.array(indptr)),
        shape=(n, len(vocab)),
    )
    df = np.bincount(matrix.indices, minlength=len(vocab))
    idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
    keep = df >= 2  # a fact on one title says nothing its identity does not
    matrix = (matrix @ sp.diags(idf * keep)).tocsr()
    matrix.eliminate_zeros()
    names = [f"{field}:{t}" for t in sorted(vocab, key=vocab.get)]
    return _unit_rows(matrix), names


def _unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1.0), 0.0)
    return sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ matrix, dtype=np.float32)


def _title_words(title: str) -> list[str]:
    return [w for w in words(title) if len(w) > 2 and w not in STOP_WORDS]


def content_features(titles: pl.DataFrame) -> ContentFeatures:
    """Content vectors of ``titles`` (in its row order).

    ``titles`` has ``title`` (as displayed), ``type``, ``year``, ``maturity``, ``description``
    and list columns ``genres``, ``cast``, ``directors``, ``countries``; nulls are fine.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = titles.height

    def col(name: str) -> list:
        return titles[name].to_list() if name in titles.columns else [None] * n

    display = [t or "" for t in col("title")]
    fields: dict[str, list[list[str]]] = {
        "franchise": [list(k) for k in franchise_keys(display)],
        "genre": [
            sorted({g for label in (ls or []) for g in shared_genres(label)})
            for ls in col("genres")
        ],
        "director": [[str(x).strip().lower() for x in (ls or [])] for ls in col("directors")],
        "cast": [[str(x).strip().lower() for x in (ls or [])[:CAST_TOP]] for ls in col("cast")],
        "type": [[str(x).lower()] if x else [] for x in col("type")],
        "word": [_title_words(t) for t in display],
        "country": [[str(x).strip().lower() for x in (ls or [])] for ls in col("countries")],
        "decade": [[str(int(y) // 10 * 10)] if y else [] for y in col("year")],
        "maturity": [[str(x).lower()] if x else [] for x in col("maturity")],
    }
    blocks, names = [], []
    for field, rows in fields.items():
        block, block_names = _idf_block(rows, field)
        blocks.append(block * np.float32(np.sqrt(FIELD_WEIGHTS[field])))
        names += block_names
    texts = [d or "" for d in col("description")]
    if any(texts):
        vectorizer = TfidfVectorizer(
            stop_words="english",
            min_df=2,
            max_df=0.05,
            sublinear_tf=True,
            token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
            dtype=np.float32,
        )
        try:
            desc = vectorizer.fit_transform(texts)
            blocks.append(_unit_rows(desc) * np.float32(np.sqrt(FIELD_WEIGHTS["description"])))
            names += [f"description:{w}" for w in vectorizer.get_feature_names_out()]
        except ValueError:  # no word occurs twice: nothing to learn from descriptions
            pass
    matrix = _unit_rows(sp.hstack(blocks, format="csr"))
    return ContentFeatures(matrix, tuple(names))


DENSE_COLUMN = 1000
"""Facts shared by more titles than this (a genre, a type, a decade) are multiplied densely."""


def knn_graph(
    matrix: sp.csr_matrix,
    k: int,
    groups: np.ndarray | None = None,
    block: int = 2048,
    *,
    kinds: np.ndarray | None = None,
    across: int = 0,
) -> sp.csr_matrix:
    """Each row's ``k`` most similar rows by cosine (``matrix`` has unit rows), as a CSR, plus,
    when ``kinds`` labels the rows (a title's type), its ``across`` most similar rows of another
    kind that are not among those ``k``.

    Rows in the same group (listings of one work on several platforms) are not each other's
    neighbours: a work is not "like" itself. Computed a block of rows at a time, so memory stays
    at ``block x n`` floats. Common facts make a sparse product nearly dense, so they go through
    a dense matrix product and only the rare ones through the sparse one (5 s instead of 13 s
    for the 23k real titles).

    Why neighbours of another kind: the type is one fact among ten, so a horror film's 100
    nearest titles are all films, and someone who rated only films had a content score of 0
    for every show: asked for shows, they got whatever the other sources liked, with nothing
    of their horror in it. A few shows per film (the most alike) let the content speak there.
    """
    n = matrix.shape[0]
    k = max(0, min(k, n - 1))
    across = 0 if kinds is None else max(0, min(across, n - 1 - k))
    width = k + across
    # Titles in order of kind, so a kind's columns are one slice: masking a block's own kind is
    # a slice, and the other kind's best are found in its slice alone (a boolean mask over the
    # block made the graph 1.75x as slow).
    order = np.argsort(kinds, kind="stable") if across else None
    runs: list[tuple[int, int]] = []
    if order is not None:
        matrix = matrix[order]
        groups = None if groups is None else np.asarray(groups)[order]
        runs = _runs(np.asarray(kinds)[order])
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    common = np.flatnonzero(frequency > DENSE_COLUMN)
    dense = np.ascontiguousarray(matrix[:, common].toarray(), dtype=np.float32)
    rare = matrix[:, np.flatnonzero(frequency <= DENSE_COLUMN)].tocsr()
    rare_t = rare.T.tocsc()
    indices = np.zeros((n, width), np.int64)
    values = np.zeros((n, width), np.float32)
    for start in range(0, n, block):
        stop = min(start + block, n)
        sims = dense[start:stop] @ dense.T
        sims += (rare[start:stop] @ rare_t).toarray()
        rows = np.arange(stop - start)
        sims[rows, np.arange(start, stop)] = -np.inf
        if groups is not None:
            same = groups[start:stop, None] == groups[None, :]
            sims[same] = -np.inf
        if k:
            indices[start:stop, :k], values[start:stop, :k] = _best_columns(sims, k)
        if not across:
            continue
        if k:  # each neighbour once
            np.put_along_axis(sims, indices[start:stop, :k], -np.inf, 1)
        for lo, hi in runs:  # rows of one kind; its columns are lo:hi
            first, last = max(lo, start), min(hi, stop)
            if first >= last:
                continue
            band = slice(first - start, last - start)
            if lo == 0 or hi == n:  # the other kinds' columns: one slice
                c0, c1 = (hi, n) if lo == 0 else (0, lo)
            else:
                c0, c1 = 0, n
                sims[band, lo:hi] = -np.inf
            take = min(across, c1 - c0)
            if take:
                found, sim = _best_columns(sims[band, c0:c1], take)
                indices[first:last, k : k + take] = found + c0
                values[first:last, k : k + take] = sim
    values = np.where(np.isfinite(values) & (values > 0), values, 0).astype(np.float32)
    back, kept = indices, values
    if order is not None:  # rows and columns in the titles' own order again
        back, kept = np.empty_like(indices), np.empty_like(values)
        back[order], kept[order] = order[indices], values
    graph = sp.csr_matrix(
        (kept.ravel(), back.ravel().astype(np.int32), np.arange(0, n * width + 1, width)),
        shape=(n, n),
    )
    graph.eliminate_zeros()
    graph.sort_indices()  # by title: the coherence looks pairs up by binary search
    return graph


def _runs(sorted_kinds: np.ndarray) -> list[tuple[int, int]]:
    """The ``[lo, hi)`` position ranges of each kind in a sorted array."""
    edges = np.flatnonzero(np.r_[True, sorted_kinds[1:] != sorted_kinds[:-1], True])
    return [(int(lo), int(hi)) for lo, hi in pairwise(edges)]


def title_kinds(features: sp.csr_matrix, names: Sequence[str]) -> np.ndarray | None:
    """Each title's type as a number (its ``type:`` column; -1 for none), or None when the
    facts name no type (MovieLens: every title is a film)."""
    columns = [j for j, name in enumerate(names) if name.startswith("type:")]
    if len(columns) < 2:
        return None
    block = sp.csr_matrix(features)[:, columns].toarray()  # two columns, not a CSC copy
    return np.where(block.max(axis=1) > 0, block.argmax(axis=1), -1)


def _best_columns(sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` largest columns, largest first, and their values."""
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    top_sims = np.take_along_axis(sims, top, 1)
    order = np.argsort(-top_sims, axis=1, kind="stable")
    return np.take_along_axis(top, order, 1), np.take_along_axis(top_sims, order, 1)


class ContentModel(Model):
    """Item-item similarity over catalog facts; stars from the baseline predictor."""

    kind = "content"

    def __init__(self, config: RecommenderConfig | None = None) -> None:
        super().__init__(config)
        self.graph = sp.csr_matrix((0, 0), dtype=np.float32)
        self.base = Popularity(self.config)

    def fit(self, data: TrainData, groups: np.ndarray | None = None) -> Self:
        """``data.item_features`` must be content vectors (``content_features``); ratings are
        used only for the baseline stars."""
        self.n_users, self.n_items = data.n_users, data.n_items
        self.base = Popularity(self.config).fit(data)
        features = _unit_rows(data.item_features.tocsr().astype(np.float32))
        c = self.config.content
        kinds = title_kinds(data.item_features, data.feature_names)
        self.graph = knn_graph(features, c.neighbours, groups, kinds=kinds, across=c.across)
        return self

    # A person's vector: [baseline user offset, rating weight per title].
    def user_vectors(self, users: np.ndarray) -> np.ndarray:
        raise NotImplementedError("content vectors come from profiles: call vectors()")

    def fold_in(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        self._check_fitted()
        vector = np.zeros(self.n_items + 1, np.float32)
        vector[0] = self.base.fold_in(items, ratings)[0]
        items = np.asarray(items, np.int64)
        vector[1 + items] = (np.asarray(ratings, np.float32) - RATING_CENTRE) / 2
        return vector

    def vectors(self, profiles: Sequence[Profile]) -> np.ndarray:
        self._check_fitted()
        out = np.zeros((len(profiles), self.n_items + 1), np.float32)
        for k, p in enumerate(profiles):
            out[k] = self.fold_in(p.items, p.ratings)
            if p.row is not None:
                out[k, 0] = self.base.user_bias[p.row]
        return out

    def rank_scores(self, vectors: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return weighted_rows(np.atleast_2d(vectors)[:, 1:], self.graph)

    def contributions(
        self, vector: np.ndarray, items: np.ndarray, titles: np.ndarray
    ) -> np.ndarray:
        """Each of ``titles``' share of each of ``items``' scores: one row per item, a column
        per title asked about (0 for a title not rated); over every title, a row sums to the
        item's score.

        Only the rated titles' rows of the graph are read: slicing a column out of the whole
        CSR scans every row (5 ms a title at 23k titles, ten times per ``top_n``). Only the
        titles asked about get a column: a reason names a liked title, and a column for each
        of 23k titles cost ~0.25 ms a source and request to fill."""
        items, titles = np.asarray(items, np.int64), np.asarray(titles, np.int64)
        weights = np.asarray(vector[1:], np.float32)[titles]
        out = np.zeros((items.size, titles.size), np.float32)
        rated = np.flatnonzero(weights)
        if rated.size and items.size:
            sims = graph_block(self.graph, titles[rated], items)  # rated x items
            out[:, rated] = (weights[rated, None] * sims).T
        return out

    def predict(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        return self.base.predict(np.atleast_2d(vectors)[:, :1], items)

    def predict_all(self, vectors: np.ndarray) -> np.ndarray:
        return self.base.predict_all(np.atleast_2d(vectors)[:, :1])

    def item_embeddings(self) -> np.ndarray:
        raise NotImplementedError("the content model compares titles through its graph")

    def similar(self, item: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The titles most like ``item`` (their other listings excluded), best first."""
        lo, hi = self.graph.indptr[item], self.graph.indptr[item + 1]
        order = np.argsort(-self.graph.data[lo:hi], kind="stable")[:n]
        return self.graph.indices[lo:hi][order].astype(np.int64), self.graph.data[lo:hi][order]

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            **{f"content_base_{k}": v for k, v in self.base.to_arrays().items()},
            "content_indptr": self.graph.indptr.astype(np.int64),
            "content_indices": self.graph.indices.astype(np.int32),
            "content_sims": self.graph.data.astype(np.float32),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], config: RecommenderConfig) -> Self:
        model = cls(config)
        prefix = "content_base_"
        model.base = Popularity.from_arrays(
            {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}, config
        )
        n = model.base.n_items
        model.graph = sp.csr_matrix(
            (arrays["content_sims"], arrays["content_indices"], arrays["content_indptr"]),
            shape=(n, n),
        )
        model.graph.sort_indices()  # written sorted; a no-op then
        model.n_users, model.n_items = model.base.n_users, n
        return model
