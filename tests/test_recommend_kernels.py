"""The serving kernels (``core.recommend.kernels``) give what scipy gives, on graphs shaped like
the content graph and EASE's weights: a few hundred entries a row, not symmetric, with
negative weights, repeated columns asked for, and people with nothing rated."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from core.recommend.kernels import graph_block, symmetric_block_sum, weighted_rows


@pytest.fixture(scope="module")
def graph() -> sp.csr_matrix:
    rng = np.random.default_rng(3)
    g = sp.random(400, 400, density=0.1, format="csr", random_state=rng, dtype=np.float32)
    g.data -= 0.3  # EASE's weights can be negative
    g.sort_indices()
    return g


def test_weighted_rows_is_the_vectors_times_the_graph(graph):
    rng = np.random.default_rng(4)
    vectors = np.zeros((3, 400), np.float32)
    for k in (0, 2):  # the middle person rated nothing
        rated = rng.choice(400, 40, replace=False)
        vectors[k, rated] = rng.choice([-1.0, 0.5, 1.0], 40)
    expected = (sp.csr_matrix(vectors) @ graph).toarray()
    np.testing.assert_allclose(weighted_rows(vectors, graph), expected, rtol=1e-5, atol=1e-6)
    assert not weighted_rows(vectors, graph)[1].any()


def test_graph_block_is_the_rows_and_columns_asked_for(graph):
    rng = np.random.default_rng(5)
    rows = rng.choice(400, 30, replace=False)
    cols = np.r_[rng.choice(400, 12), 7, 7]  # a column twice: two listings of one work
    expected = graph[rows][:, cols].toarray()
    np.testing.assert_array_equal(graph_block(graph, rows, cols), expected)


def test_symmetric_block_sum_takes_each_pairs_larger_direction(graph):
    rng = np.random.default_rng(6)
    for size in (2, 25, 400):
        rows = rng.choice(400, size, replace=False)
        block = graph[rows][:, rows].toarray()
        pairs = np.maximum(block, block.T)
        expected = pairs.sum() - np.trace(pairs)
        assert symmetric_block_sum(graph, rows) == pytest.approx(expected, rel=1e-5)
