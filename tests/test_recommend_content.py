"""The content graph's neighbours of another type, and what the factor sources say about titles
no real-taste person rated (nothing): a person who rated films and asks for shows is answered
by the catalog facts of the shows, not by guesses."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from core.recommend.content import knn_graph, title_kinds
from core.recommend.evaluation import split_temporal
from core.recommend.hybrid import Hybrid
from tests.recommend_data import FAST, dataset


def _titles(*sizes: int, seed: int = 3) -> tuple[sp.csr_matrix, np.ndarray]:
    """Unit rows, ``sizes[j]`` of kind j in shuffled order: random facts plus a type column
    heavy enough that a title's nearest titles are all of its own type."""
    rng = np.random.default_rng(seed)
    kinds = rng.permutation(np.repeat(np.arange(len(sizes)), sizes))
    facts = rng.random((kinds.size, 12)).astype(np.float32)
    typed = np.hstack([facts, 6.0 * np.eye(len(sizes), dtype=np.float32)[kinds]])
    typed /= np.linalg.norm(typed, axis=1, keepdims=True)
    return sp.csr_matrix(typed), kinds


@pytest.mark.parametrize("block", [7, 2048])  # blocks that cut through a kind, and one block
@pytest.mark.parametrize("sizes", [(40, 20), (25, 20, 15)])  # films and shows; and untyped too
def test_each_title_keeps_its_nearest_and_the_nearest_of_the_other_type(block, sizes):
    matrix, kinds = _titles(*sizes)
    sims = (matrix @ matrix.T).toarray()
    np.fill_diagonal(sims, -np.inf)
    plain = knn_graph(matrix, 5, block=block)
    graph = knn_graph(matrix, 5, block=block, kinds=kinds, across=3)
    for row in range(matrix.shape[0]):
        nearest = set(np.argsort(-sims[row])[:5])
        assert set(plain[row].indices) == nearest
        assert all(kinds[j] == kinds[row] for j in nearest)  # why the graph needs more
        other = np.flatnonzero(kinds != kinds[row])
        across = set(other[np.argsort(-sims[row, other])[:3]])
        assert set(graph[row].indices) == nearest | across
        kept = graph[row].indices
        np.testing.assert_allclose(graph[row].toarray()[0, kept], sims[row, kept], rtol=1e-5)


def test_one_type_or_none_named_keeps_the_plain_graph():
    matrix, _ = _titles(30)
    names = ("genre:drama", "type:movie")
    assert title_kinds(matrix[:, :2], names) is None  # MovieLens: films only
    same = knn_graph(matrix, 4, kinds=np.zeros(30, np.int64), across=3)
    assert (same != knn_graph(matrix, 4)).nnz == 0


def test_title_kinds_reads_the_type_facts():
    features = sp.csr_matrix(np.array([[1, 0.5, 0], [1, 0, 0.7], [0, 0, 0]], np.float32))
    names = ("genre:drama", "type:movie", "type:tv show")
    assert title_kinds(features, names).tolist() == [0, 1, -1]


@pytest.fixture(scope="module")
def hybrid_and_support():
    train, _ = split_temporal(dataset().data, 0.2)
    unrated = np.arange(0, train.n_items, 10)  # titles no real person rated (Netflix originals)
    model = Hybrid(FAST).fit(train.subset(~np.isin(train.item, unrated)))
    return model, model.taste_support


@pytest.mark.parametrize("source", ["taste_factors", "taste_ials", "taste_mf"])
def test_a_factor_source_says_nothing_of_titles_nobody_rated(hybrid_and_support, source):
    model, support = hybrid_and_support
    assert 0 < support.sum() < support.size
    vectors = model.vectors([model_profile(model)])
    z = model.source_z(source, vectors)[0]
    assert not z[~support].any()
    assert np.abs(z[support]).max() > 0.5


def model_profile(model: Hybrid):
    from core.recommend.base import Profile

    rated = np.flatnonzero(model.taste_support)[:6]
    return Profile(rated, np.array([5, 5, 4.5, 1, 2, 4], np.float32))
