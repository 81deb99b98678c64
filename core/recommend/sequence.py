"""What people rated next: "people who rated X went on to rate this".

Why: the blend's other sources read a person's ratings as a set, so they know what someone likes
but not where they are now. People rate in runs (a franchise, a director, one evening's genre),
and the titles that real people rated right after the ones a person rated last are a signal none
of the set models carries. On the benchmark's MovieLens temporal split (each person's newest
20% hidden) the validation people gave it weight 1 and the served precision@10 went from
0.0998 to 0.1085 (1.131x a tuned EASE); on the bridged catalog ratings the test people gain
2-4% from it, but the validation people see that within noise and keep it at 0; on the random
splits it adds nothing and stays at 0 (docs/benchmarks.md, stop 27).

The model: over each person's ratings in time order, every later title within ``window`` places
of an earlier one counts ``decay ** (gap - 1)`` towards the pair (earlier -> later), and
``back`` times that towards (later -> earlier): what came just before tells nearly as much.
The counts are normalised by the square roots of both titles' totals (a title everyone rates
next to everything does not win by volume). A person's scores are the rows of their last
``last`` titles they did not dislike (3 stars or more), the newest counting most
(``recency ** k`` for the k-th newest). A profile without an order (``Profile.recent`` None)
scores every title 0: no evidence, so the blend's z-scores give this source no say for that
person. Works are grouped as in EASE.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import numpy as np
import scipy.sparse as sp

from core.recommend.base import Profile
from core.recommend.data import TrainData
from core.recommend.ease import work_columns
from core.recommend.itemgraph import ItemGraph
from core.recommend.lightfm_model import recent_positives
from core.recommend.popularity import Popularity


def transitions(
    user: np.ndarray, column: np.ndarray, timestamp: np.ndarray, n: int, window: int, decay: float
) -> sp.csr_matrix:
    """``n`` x ``n`` counts of (earlier -> later) pairs within ``window`` places of each
    person's time-ordered ratings, ``decay ** (gap - 1)`` each; a title never pairs with itself."""
    order = np.lexsort((column, timestamp, user))
    user, column = user[order], column[order]
    rows, cols, vals = [], [], []
    for gap in range(1, window + 1):
        if user.size <= gap:
            break
        same = user[:-gap] == user[gap:]
        a, b = column[:-gap][same], column[gap:][same]
        keep = a != b
        rows.append(a[keep])
        cols.append(b[keep])
        vals.append(np.full(int(keep.sum()), decay ** (gap - 1), np.float32))
    if not rows:
        return sp.csr_matrix((n, n), dtype=np.float32)
    counts = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    )
    counts.sum_duplicates()
    return counts


def _not_disliked(profile: Profile, floor: float) -> np.ndarray:
    """``profile.recent`` without the titles the person rated below ``floor`` stars.

    Why: "people who rated X went on to rate this" after an X the person gave one star is
    not what they want next. On the benchmark's temporal test splits dropping them scored as
    keeping them (MovieLens 0.1058 against 0.1085, bridged 0.0876 against 0.0847 test
    precision@10 at weight 0.5: within noise), so the choice follows the person."""
    recent = np.asarray(profile.recent, np.int64)
    items = np.asarray(profile.items, np.int64)
    if recent.size == 0 or items.size == 0:
        return recent[:0]
    # A few recent titles against all rated ones: a comparison table, no sort of the profile.
    match = items[None, :] == recent[:, None]
    found = match.argmax(axis=1)
    stars = np.where(match.any(axis=1), np.asarray(profile.ratings)[found], floor)
    return recent[stars >= floor]


class NextRated(ItemGraph):
    """Time-ordered title x title transitions over (optionally grouped) titles."""

    kind = "next"
    prefix = "next"

    def fit(self, data: TrainData, groups: np.ndarray | None = None) -> Self:
        c = self.config.sequence
        self.n_users, self.n_items = data.n_users, data.n_items
        self.base = Popularity(self.config).fit(data)
        # Each person's newest ratings, within the budget (an imported ml-25m is 25M ratings).
        read = recent_positives(data, -np.inf, c.max_per_user, c.rating_budget)
        self.column = work_columns(data.item[read], groups, data.n_items)
        forward = transitions(
            data.user[read],
            self.column[data.item[read]],
            data.timestamp[read],
            int(self.column.max(initial=-1)) + 1,
            c.window,
            c.decay,
        )
        counts = (forward + c.back * forward.T).tocsr()
        out_total = np.asarray(counts.sum(axis=1)).ravel()
        in_total = np.asarray(counts.sum(axis=0)).ravel()
        scale_out = sp.diags(1.0 / np.sqrt(np.maximum(out_total, 1e-9)))
        scale_in = sp.diags(1.0 / np.sqrt(np.maximum(in_total, 1e-9)))
        weights = (scale_out @ counts @ scale_in).tocsr().astype(np.float32)
        weights.sort_indices()
        weights.eliminate_zeros()
        self.weights = weights
        return self

    def fold_in(self, items: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        """Without the order of the ratings nothing follows: the baseline alone."""
        self._check_fitted()
        vector = np.zeros(self.n_columns + 1, np.float32)
        vector[0] = self.base.fold_in(items, ratings)[0]
        return vector

    def vectors(self, profiles: Sequence[Profile]) -> np.ndarray:
        """The baseline, then ``recency ** k`` on the k-th newest title not disliked."""
        self._check_fitted()
        c = self.config.sequence
        out = np.zeros((len(profiles), self.n_columns + 1), np.float32)
        for k, p in enumerate(profiles):
            out[k, 0] = (
                self.base.user_bias[p.row]
                if p.row is not None
                else self.base.fold_in(p.items, p.ratings)[0]
            )
            if p.recent is None:
                continue
            cols = self.column[_not_disliked(p, self.config.ease.middling_min)[: c.last]]
            weight = (c.recency ** np.arange(cols.size)).astype(np.float32)
            ok = cols >= 0
            np.maximum.at(out[k], 1 + cols[ok], weight[ok])
        return out
