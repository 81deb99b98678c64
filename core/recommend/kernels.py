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
    # Of a != 0 mask, not of the floats (~4x slower); one person (a request): flat, ~2x faster
    if vectors.shape[0] == 1:
        cols = np.flatnonzero(vectors[0] != 0)
        rows, nz_ptr = np.zeros(cols.size, np.int64), np.array([0, cols.size], np.int64)
    else:
        rows, cols = np.nonzero(vectors != 0)
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


_MOMENT_BLOCK = 2048


class LinearSpread:
    """The mean and standard deviation over every row of ``matrix`` of ``v . row + bias``, for
    any ``v``, from the rows' own mean and covariance (computed once).

    Why: a factor source's scores are z-scored over all 23k titles, but only the ~2k titles real
    people rated are ranked by it (``Hybrid.source_z``); with these two moments it scores those
    alone (a tenth of the product, and a tenth of the z-score's passes)."""

    def __init__(self, matrix: np.ndarray, bias: np.ndarray) -> None:
        self.matrix, self.bias = matrix, bias  # the arrays these moments are of
        n, dim = max(matrix.shape[0], 1), matrix.shape[1]
        sums, products = np.zeros(dim), np.zeros((dim, dim))
        with_bias, bias_sum, bias_squares = np.zeros(dim), 0.0, 0.0
        # In blocks of rows: a float64 copy of the whole 23k x 64 side (12 MB, two per model)
        # stayed in the serving process's heap after loading (+20 MiB RSS).
        for start in range(0, matrix.shape[0], _MOMENT_BLOCK):
            m = np.asarray(matrix[start : start + _MOMENT_BLOCK], np.float64)
            b = np.asarray(bias[start : start + _MOMENT_BLOCK], np.float64)
            sums += m.sum(axis=0)
            products += m.T @ m
            with_bias += m.T @ b
            bias_sum, bias_squares = bias_sum + b.sum(), bias_squares + b @ b
        self.mean, self.bias_mean = sums / n, bias_sum / n
        self.cov = products / n - np.outer(self.mean, self.mean)
        self.cov_bias = with_bias / n - self.mean * self.bias_mean
        self.bias_var = bias_squares / n - self.bias_mean**2
        self._rows: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def moments(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each vector's (mean, standard deviation) of its scores over every row."""
        v = np.atleast_2d(vectors).astype(np.float64)
        mean = v @ self.mean + self.bias_mean
        var = ((v @ self.cov) * v).sum(axis=1) + 2 * v @ self.cov_bias + self.bias_var
        return mean, np.sqrt(np.maximum(var, 0.0))

    def scores_at(self, vectors: np.ndarray, items: np.ndarray) -> np.ndarray:
        """``scores(vectors, matrix, bias)[:, items]``; the rows of ``items`` are gathered once
        per ``items`` array (the support: the same array on every request)."""
        found = self._rows
        if found is None or found[0] is not items:
            found = (items, np.ascontiguousarray(self.matrix[items]), self.bias[items])
            self._rows = found
        vectors = np.ascontiguousarray(np.atleast_2d(vectors), dtype=np.float32)
        out = np.empty((vectors.shape[0], found[1].shape[0]), dtype=np.float32)
        return _scores(vectors, found[1], found[2], out)


_LINEAR_SPREADS: dict[int, LinearSpread] = {}


def linear_spread(matrix: np.ndarray, bias: np.ndarray) -> LinearSpread:
    """``LinearSpread`` of these arrays, computed once per pair (a fitted model's item side
    never changes; a refit makes new arrays)."""
    found = _LINEAR_SPREADS.get(id(matrix))
    if found is None or found.matrix is not matrix or found.bias is not bias:
        found = LinearSpread(matrix, bias)
        if len(_LINEAR_SPREADS) >= 32:
            _LINEAR_SPREADS.pop(next(iter(_LINEAR_SPREADS)), None)
        _LINEAR_SPREADS[id(matrix)] = found
    return found
