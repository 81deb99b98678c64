"""Scoring kernels for serving: vectors x item matrix, single-threaded by design.

Why not ``numpy @``: numpy hands a (1 x 64) @ (64 x 23k) product to OpenBLAS, which splits it
over its threads; on a busy two-core machine waking those threads made ``top_n``'s p99 several
milliseconds and a group request 24 ms. The bot answers from several handler threads at once,
so one core per request is the right shape, and this loop does the product in ~0.3 ms.
"""

from __future__ import annotations

import numba as nb
import numpy as np
import scipy.sparse as sp


@nb.njit(cache=True, nogil=True, fastmath=True)
def _scores(vectors, matrix, bias, out):
    n_vec, dim = vectors.shape
    for i in range(matrix.shape[0]):
        for v in range(n_vec):
            acc = bias[i]
            for f in range(dim):
                acc += vectors[v, f] * matrix[i, f]
            out[v, i] = acc
    return out


def scores(vectors: np.ndarray, matrix: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    """``vectors @ matrix.T + bias`` as float32, computed on the calling thread only."""
    vectors = np.ascontiguousarray(np.atleast_2d(vectors), dtype=np.float32)
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    bias = np.zeros(matrix.shape[0], np.float32) if bias is None else bias.astype(np.float32)
    out = np.empty((vectors.shape[0], matrix.shape[0]), dtype=np.float32)
    return _scores(vectors, matrix, bias, out)


@nb.njit(cache=True, nogil=True)
def _row_sums(indptr, indices, data, nz_ptr, nz_cols, nz_vals, out):
    for v in range(out.shape[0]):
        for t in range(nz_ptr[v], nz_ptr[v + 1]):
            row, weight = nz_cols[t], nz_vals[t]
            for k in range(indptr[row], indptr[row + 1]):
                out[v, indices[k]] += weight * data[k]
    return out


def weighted_rows(vectors: np.ndarray, graph: sp.csr_matrix) -> np.ndarray:
    """``vectors @ graph`` for dense vectors with few non-zeros and a CSR ``graph``, as float32.

    Why not scipy: converting a person's 23k-wide vector to sparse and multiplying cost ~0.4 ms
    a call for a source (the content graph, EASE's weights), most of it scipy's own checks and
    allocations; this reads only the rows of the titles the person rated, ~20 us for 100 rated
    titles of 100-500 neighbours each."""
    vectors = np.atleast_2d(vectors)
    rows, cols = np.nonzero(vectors)
    nz_ptr = np.searchsorted(rows, np.arange(vectors.shape[0] + 1)).astype(np.int64)
    out = np.zeros((vectors.shape[0], graph.shape[1]), np.float32)
    return _row_sums(
        graph.indptr,
        graph.indices,
        graph.data,
        nz_ptr,
        cols.astype(np.int64),
        vectors[rows, cols].astype(np.float32),
        out,
    )


@nb.njit(cache=True, nogil=True)
def _block(indptr, indices, data, rows, position, out):
    for a in range(rows.size):
        row = rows[a]
        for k in range(indptr[row], indptr[row + 1]):
            p = position[indices[k]]
            if p >= 0:
                out[a, p] = data[k]
    return out


def graph_block(graph: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``graph[rows][:, cols]`` as a dense float32 array, reading only the rows asked for.

    Why: scipy's two-step slice built two sparse matrices per call (~0.3 ms a source, twice a
    request for the reasons); this reads the rows' entries once."""
    rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    unique, back = np.unique(cols, return_inverse=True)
    position = np.full(graph.shape[1], -1, np.int64)
    position[unique] = np.arange(unique.size)
    out = np.zeros((rows.size, unique.size), np.float32)
    _block(graph.indptr, graph.indices, graph.data, rows, position, out)
    return out[:, back]


@nb.njit(cache=True, nogil=True)
def _pair_max_sum(indptr, indices, data, rows, position):
    total = 0.0
    for a in range(rows.size):
        row = rows[a]
        for k in range(indptr[row], indptr[row + 1]):
            col = indices[k]
            if col == row or position[col] < 0:
                continue
            back, found = 0.0, False
            lo, hi = indptr[col], indptr[col + 1]
            j = lo + np.searchsorted(indices[lo:hi], row)
            if j < hi and indices[j] == row:
                back, found = data[j], True
            if row < col:
                total += max(data[k], back)
            elif not found:  # counted here only: its partner (absent) is 0
                total += max(data[k], 0.0)
    return total


def symmetric_block_sum(graph: sp.csr_matrix, rows: np.ndarray) -> float:
    """Sum over ordered pairs (i, j), i != j, of ``rows`` of ``max(graph[i, j], graph[j, i])``.

    Why a kernel: the block of a person's liked titles, cut out with scipy, cost ~0.5 ms a
    request; a dense block of the heaviest person at full scale (4,956 liked titles) 100 MB.
    This reads the rows' entries once, finds each reverse entry by binary search (the rows'
    indices must be sorted), and needs one int array of the graph's width."""
    if not graph.has_sorted_indices:
        raise ValueError("symmetric_block_sum needs a graph with sorted indices")
    rows = np.unique(np.asarray(rows, np.int64))
    position = np.full(graph.shape[1], -1, np.int64)
    position[rows] = np.arange(rows.size)
    return 2.0 * _pair_max_sum(graph.indptr, graph.indices, graph.data, rows, position)
