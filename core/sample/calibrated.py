"""Ratings for the real catalogs that keep the original dataset's per-title means exactly.

The original 11,024,289 ratings are not redistributable, but their mean per title is
(``data/ratings-means``). A mean ``m`` computed over ``n`` half-star ratings is a fraction
``S / (2n)``; for 16,461 of the 22,998 titles exactly one ``n`` in 300..700 gives back the
shipped float, and the rest are chosen near the original average (479) so that the counts add
up to the original total. Generating exactly ``n_i`` ratings whose half stars sum to ``S_i``
for every title then reproduces every mean bit for bit, so ``/scorecount`` answers as the
original API did, and the title counts look like the original's (mean 479, sd about 22: the
original ids were assigned at random, so no title was much more rated than another).

Who rates what follows taste (``ratings.py``'s segments, plus the shared facets of
``facets.py``), with each title's count then made exact by moving a few percent of the picks
between titles of the same genre theme. Stars: each title gets a histogram with its exact
count and sum, tilted from the global star shares (which stay exact overall), and within a
title the people whose taste favours it most get its highest stars.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from core.sample import ratings as base
from core.sample.facets import facet_affinity, franchise_groups
from core.sample.ratings import VALUE_SHARES, RatingModel

ORIGINAL_RATINGS = 11_024_289
ORIGINAL_USERS = 115_077
FOLLOW_SHARE = 0.5
"""Share of ratings of a franchise title followed by another title of the same franchise."""
_COUNT_RANGE = (300, 700)
"""Where a title's original rating count is looked for (the original average is 479)."""
_HALF = np.arange(1, 11)
"""Star values in half stars: 1 = 0.5 stars ... 10 = 5 stars."""


@dataclass(frozen=True)
class TitleTargets:
    """Per catalog title (catalog order): how many ratings, and their sum in half stars."""

    counts: np.ndarray
    sums: np.ndarray


def original_counts(means: np.ndarray, total: int = ORIGINAL_RATINGS) -> np.ndarray:
    """Rating counts that give back each mean exactly and add up to ``total``.

    A count ``n`` fits mean ``m`` when some whole number of half stars ``s`` has ``s / (2n)``
    equal to ``m`` as a float (the original was a pandas mean of half-star ratings): ``n`` must
    be a multiple of the denominator ``q`` of ``2m`` as a fraction. Each title takes the
    multiple of its ``q`` in 300..700 nearest a common target, with the target moved until the
    total is as close as it gets; titles whose mean is a multiple of 0.5 (``q`` = 1, any count
    fits) take up the last difference.
    """
    means = np.asarray(means, dtype=np.float64)
    low, high = _COUNT_RANGE
    q = _denominators(2.0 * means, high)
    k_min, k_max = -(-low // np.maximum(q, 1)), high // np.maximum(q, 1)
    if (q == 0).any() or (k_min > k_max).any():
        bad = int(np.flatnonzero((q == 0) | (k_min > k_max))[0])
        raise ValueError(f"mean {means[bad]!r} fits no count of half stars in {_COUNT_RANGE}")

    def nearest(target: float) -> np.ndarray:
        return np.clip(np.rint(target / q), k_min, k_max).astype(np.int64) * q

    lo, hi = float(low), float(high)
    for _ in range(40):  # the total grows with the target: bisect it
        middle = (lo + hi) / 2
        lo, hi = (middle, hi) if nearest(middle).sum() < total else (lo, middle)
    counts = nearest(hi)
    free = np.flatnonzero(q == 1)
    excess = int(counts.sum() - total)
    if len(free):
        share = np.full(len(free), excess // len(free))
        share[: excess % len(free)] += 1
        counts[free] -= share
    fits = np.rint(2.0 * means * counts) / (2.0 * counts) == means
    if counts.sum() != total or counts.min() < 1 or not fits.all():
        raise ValueError(f"no counts fit the means and the total {total:,}")
    return counts


def _denominators(values: np.ndarray, largest: int) -> np.ndarray:
    """The smallest ``d`` <= ``largest`` making ``values x d`` whole (0 where none does)."""
    found = np.zeros(len(values), dtype=np.int64)
    for d in range(1, largest + 1):
        scaled = values * d
        hit = (found == 0) & (np.abs(scaled - np.rint(scaled)) < 1e-6)
        found[hit] = d
    return found


def title_targets(catalog: pl.DataFrame, means: pl.DataFrame, total: int) -> TitleTargets:
    """Counts and half-star sums for ``total`` ratings over ``catalog``'s titles.

    ``means`` has ``title_id`` and ``mean``. At the original total every count and mean is
    the original's; at another total the counts shrink in proportion (largest remainder) and
    each sum is the nearest to ``mean x count``. A title missing from ``means`` (catalogs
    other than the shipped ones) gets the median mean and the median count.
    """
    known = means.select("title_id", pl.col("mean").cast(pl.Float64))
    original = original_counts(known["mean"].to_numpy())
    joined = catalog.select("title_id").join(
        known.with_columns(pl.Series("count", original)),
        on="title_id",
        how="left",
        maintain_order="left",
    )
    mean = joined["mean"].fill_null(float(np.median(known["mean"]))).to_numpy()
    count = joined["count"].fill_null(int(np.median(original))).to_numpy().astype(np.float64)
    exact = count * total / count.sum()
    counts = np.floor(exact).astype(np.int64)
    short = total - int(counts.sum())
    counts[np.argsort(counts - exact, kind="stable")[:short]] += 1
    counts = np.maximum(counts, 1)
    sums = np.rint(2.0 * mean * counts).astype(np.int64)
    return TitleTargets(counts=counts, sums=sums)


def generate_calibrated(
    catalog: pl.DataFrame,
    n_users: int,
    seed: int,
    means: pl.DataFrame,
    model: RatingModel | None = None,
) -> pl.DataFrame:
    """Ratings ``userId,rating,timestamp,movieId`` keeping ``means`` per title (see module).

    The total is the original's ratings per user (95.8) times ``n_users``: at 115,077 users,
    exactly the original 11,024,289 ratings and every title's original count and mean.
    """
    model = model or RatingModel()
    rng = np.random.default_rng([seed, 3])
    items = base.item_features(catalog)
    n_items = catalog.height
    total = round(ORIGINAL_RATINGS * n_users / ORIGINAL_USERS)
    counts = _nudge(base.ratings_per_user(n_users, n_items, rng), total, n_items)
    targets = title_targets(catalog, means, int(counts.sum()))
    seg = base.segments(items, model, rng, extra=facet_affinity(catalog, model.segments, rng))
    main = rng.choice(model.segments, n_users, p=seg["weights"])
    second = (main + rng.integers(1, model.segments, n_users)) % model.segments
    share = model.main_segment_share
    demand = np.bincount(main, counts * share, model.segments) + np.bincount(
        second, counts * (1 - share), model.segments
    )
    prob = _balanced(seg["prob"], demand, targets.counts)
    users, picks = base.select(prob, main, second, counts, share, rng)
    repeat = base.repeats(users, picks, model.repeat_share, rng)
    _follow_franchises(users, picks, repeat, franchise_groups(catalog), rng)
    theme = np.argmax(items["themes"], axis=1)
    picks = _match_counts(users, picks, repeat, targets.counts, theme, rng)
    # The title's mean is fixed: only the order of liking within a title matters.
    no_quality = np.zeros(n_items, dtype=np.float32)
    latent = base.liking(users, picks, main, items, seg, model, rng, no_quality)
    stars = _stars(picks, latent, targets, rng)
    stamps = base.timestamps(users, picks, counts, items["release"], rng)
    frame = pl.DataFrame(
        {
            "userId": users.astype(np.int64) + 1,
            "rating": stars,
            "timestamp": stamps,
            "movieId": catalog["title_id"].cast(pl.String).gather(picks),
        }
    )
    return frame.sort("userId", "timestamp", maintain_order=True)


def _nudge(counts: np.ndarray, total: int, n_items: int) -> np.ndarray:
    """Counts adding up to ``total``: the difference spread one by one over users between the
    third quartile and the 99th percentile, so the quartiles and the maximum stay put. No one
    goes past ``per_user_cap`` (a small catalog cannot take the original's total)."""
    counts = counts.copy()
    gap = total - int(counts.sum())
    if gap == 0:
        return counts
    low, high = np.quantile(counts, [0.75, 0.99])
    middle = np.flatnonzero((counts > low + 1) & (counts < high))
    if len(middle) == 0:
        middle = np.arange(len(counts))
    rounds, rest = divmod(abs(gap), len(middle))
    step = np.full(len(middle), rounds)
    step[np.linspace(0, len(middle) - 1, rest).astype(int) if rest else []] += 1
    counts[middle] += np.sign(gap) * step
    return np.clip(counts, 1, base.per_user_cap(n_items))


def _follow_franchises(
    users: np.ndarray,
    picks: np.ndarray,
    repeat: np.ndarray,
    group: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """After a title of a franchise, a person's next pick becomes another title of it (in
    place), for ``FOLLOW_SHARE`` of such picks: people watch sequels and spin-offs of what they
    watched. A title they already rated, or a repeat, is left alone."""
    members = np.argsort(group, kind="stable")
    members = members[group[members] >= 0]
    start = np.searchsorted(group[members], np.arange(group.max() + 2))
    row = np.flatnonzero(
        (group[picks[:-1]] >= 0)
        & (users[:-1] == users[1:])
        & ~repeat[1:]
        & ~np.r_[repeat[2:], False]  # the next pick is not repeated after it
        & (rng.random(len(picks) - 1) < FOLLOW_SHARE)
    )
    g = group[picks[row]]
    size = start[g + 1] - start[g]
    mate = members[start[g] + (rng.random(len(row)) * size).astype(np.int64)]
    fresh = mate != picks[row]
    row, mate = row[fresh], mate[fresh]
    n_items = len(group)
    have = np.sort(users.astype(np.int64) * n_items + picks)
    key = users[row + 1].astype(np.int64) * n_items + mate
    at = np.minimum(np.searchsorted(have, key), len(have) - 1)
    ok = (have[at] != key) & _first_of_each(key)
    picks[row[ok] + 1] = mate[ok]


def _balanced(prob: np.ndarray, demand: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Rescale each title's column (Sinkhorn) so the segments' expected picks of each title
    equal its count, keeping every segment's relative preferences."""
    prob = prob.astype(np.float32)
    scale = np.ones(prob.shape[1], dtype=np.float32)
    for _ in range(60):
        weighted = prob * scale
        expected = (demand / weighted.sum(axis=1)) @ weighted
        if np.abs(expected / counts - 1).max() < 0.01:  # the count repair moves the rest
            break
        scale *= (counts / np.maximum(expected, 1e-12)).astype(np.float32)
    weighted = (prob * scale).astype(np.float64)
    return weighted / weighted.sum(axis=1, keepdims=True)


def _match_counts(
    users: np.ndarray,
    picks: np.ndarray,
    repeat: np.ndarray,
    counts: np.ndarray,
    theme: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Move surplus picks of over-picked titles to under-picked ones until every title has
    exactly ``counts`` ratings; a move keeps its person (so per-person counts stay) and goes to
    a title of the same genre theme when one needs it, and never to a title they already rated.
    Repeats and the ratings they repeat stay where they are."""
    picks = picks.copy()
    n_items = len(counts)
    fixed = repeat | np.r_[repeat[1:], False]
    for attempt in range(60):
        excess = np.bincount(picks, minlength=n_items) - counts
        if not excess.any():
            return picks
        movable = np.flatnonzero(~fixed & (excess[picks] > 0))
        movable = movable[rng.permutation(len(movable))]
        movable = movable[np.argsort(picks[movable], kind="stable")]
        starts = np.searchsorted(picks[movable], picks[movable], side="left")
        rank = np.arange(len(movable)) - starts
        surplus = movable[rank < excess[picks[movable]]]
        wanted = np.repeat(np.flatnonzero(excess < 0), -excess[excess < 0])
        if attempt < 40:  # by theme first; random pairs unstick the last few
            surplus = surplus[np.lexsort((rng.random(len(surplus)), theme[picks[surplus]]))]
            wanted = wanted[np.lexsort((rng.random(len(wanted)), theme[wanted]))]
        else:
            wanted = wanted[rng.permutation(len(wanted))]
        size = min(len(surplus), len(wanted))
        surplus, wanted = surplus[:size], wanted[:size]
        have = np.sort(users.astype(np.int64) * n_items + picks)
        pair = users[surplus].astype(np.int64) * n_items + wanted
        at = np.minimum(np.searchsorted(have, pair), len(have) - 1)
        move = (have[at] != pair) & _first_of_each(pair)
        picks[surplus[move]] = wanted[move]
    raise RuntimeError("could not match every title's rating count; try another seed")


def _first_of_each(keys: np.ndarray) -> np.ndarray:
    """True at the first occurrence of each value of ``keys`` (sorting; no hashing)."""
    order = np.argsort(keys, kind="stable")
    first = np.ones(len(keys), bool)
    first[order[1:]] = keys[order[1:]] != keys[order[:-1]]
    return first


def _stars(
    picks: np.ndarray, latent: np.ndarray, targets: TitleTargets, rng: np.random.Generator
) -> np.ndarray:
    """Star values: each title's histogram (exact count and sum), handed out in the order of
    ``latent`` within the title, lowest stars to the lowest."""
    histogram = title_histograms(targets, _global_histogram(targets), rng)
    values = np.repeat(np.tile(_HALF, len(targets.counts)), histogram.ravel())
    order = np.lexsort((latent, picks))
    stars = np.empty(len(picks), dtype=np.float64)
    stars[order] = values / 2.0
    return stars


def _global_histogram(targets: TitleTargets) -> np.ndarray:
    """Ratings per star value: the original shares, as close as whole counts allow with the
    exact total and the exact sum of all titles' half stars."""
    total, wanted = int(targets.counts.sum()), int(targets.sums.sum())
    shares = np.asarray(VALUE_SHARES) / sum(VALUE_SHARES)
    exact = shares * total
    hist = np.floor(exact).astype(np.int64)
    hist[np.argsort(hist - exact, kind="stable")[: total - int(hist.sum())]] += 1
    gap = wanted - int(_HALF @ hist)  # move single ratings one half star, around the middle
    for k in (7, 5, 6, 8, 3, 4, 9, 2, 1):  # 3.5 -> 4, 2.5 -> 3, ... (most common first)
        if gap == 0:
            break
        source = k - 1 if gap > 0 else k
        step = min(abs(gap), int(hist[source]))
        hist[source] -= step
        hist[source + (1 if gap > 0 else -1)] += step
        gap -= step if gap > 0 else -step
    if gap:
        raise ValueError("the per-title sums do not fit the star shares")
    return hist


def title_histograms(
    targets: TitleTargets, overall: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Titles x 10 counts: row i has ``counts[i]`` ratings summing to ``sums[i]`` half stars,
    and column k adds up to ``overall[k]``.

    Each row starts as the overall shares tilted (``base_k e^{theta k}``) to the title's mean,
    rounded to whole ratings with the row's exact count; single ratings then change value to
    make the columns exact, and last, pairs of titles trade a half star (one rating of one goes
    up from v to v+1, one of the other down from v+1 to v) until every sum is exact: a trade
    keeps both counts and every column.
    """
    counts, sums = targets.counts, targets.sums
    base = overall / overall.sum()
    for _ in range(4):  # tilted rows average to other shares: fit the base so they add up
        base *= overall / (counts @ _tilted(base, sums / counts))
        base /= base.sum()
    edges = np.floor(
        np.cumsum(_tilted(base, sums / counts) * counts[:, None], axis=1)
        + rng.random((len(counts), 1))
    )
    hist = np.diff(edges, axis=1, prepend=0.0).astype(np.int64)  # systematic rounding
    hist[:, -1] += counts - hist.sum(axis=1)
    _fix_columns(hist, overall, sums, rng)
    _trade_half_stars(hist, sums, rng)
    return hist


def _tilted(base: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Rows ``base_k e^{theta k}``, normalised, with ``theta`` fitted (Newton) to each mean."""
    theta = np.zeros(len(mean))
    for _ in range(50):
        w = base * np.exp(np.outer(theta, _HALF))
        w /= w.sum(axis=1, keepdims=True)
        first = w @ _HALF
        if np.abs(first - mean).max() < 1e-9:
            break
        theta -= (first - mean) / np.maximum(w @ (_HALF**2) - first**2, 1e-9)
    return w


def _fix_columns(
    hist: np.ndarray, overall: np.ndarray, sums: np.ndarray, rng: np.random.Generator
) -> None:
    """Give single ratings of a too-full value a value that is short, each in a title whose sum
    the change brings closer to its target (then any title), until every column is exact."""
    excess = hist.sum(axis=0) - overall
    sources = np.repeat(np.arange(10), np.maximum(excess, 0))
    sinks = rng.permutation(np.repeat(np.arange(10), np.maximum(-excess, 0)))
    for source in np.unique(sources):
        for sink in np.unique(sinks[sources == source]):
            m = int(np.count_nonzero((sources == source) & (sinks == sink)))
            able = np.flatnonzero(hist[:, source] >= 1)
            gap = (sums - hist @ _HALF)[able] * np.sign(sink - source)
            rows = able[np.lexsort((rng.random(len(able)), -gap))[:m]]
            if len(rows) < m:
                raise ValueError("the star shares cannot be met with these title counts")
            hist[rows, source] -= 1
            hist[rows, sink] += 1


def _trade_half_stars(hist: np.ndarray, sums: np.ndarray, rng: np.random.Generator) -> None:
    """Pair titles below their sum with titles above it and move half a star from one to the
    other at a value both can trade, one half star per title per round. When the last pairs
    cannot trade (their values do not fit), a title below its sum trades with any settled
    title instead, which is then above its sum and trades on."""
    for _ in range(500):
        gap = sums - hist @ _HALF
        plus = rng.permutation(np.flatnonzero(gap > 0))
        minus = rng.permutation(np.flatnonzero(gap < 0))
        if len(plus) == 0:
            return
        m = min(len(plus), len(minus))
        if not _trade(hist, plus[:m], minus[:m], rng):
            settled = np.flatnonzero(gap == 0)
            _trade(hist, plus, rng.choice(settled, len(plus), replace=False), rng)
    raise ValueError("per-title star sums cannot be met")


def _trade(hist: np.ndarray, up: np.ndarray, down: np.ndarray, rng: np.random.Generator) -> int:
    """Rows ``up`` gain half a star and rows ``down`` lose one, pairwise, where a value fits."""
    can = (hist[up, :-1] >= 1) & (hist[down, 1:] >= 1)  # v: up's v -> v+1, down's v+1 -> v
    v = np.argmax(can * rng.random(can.shape), axis=1)
    ok = can.any(axis=1)
    up, down, v = up[ok], down[ok], v[ok]
    hist[up, v] -= 1
    hist[up, v + 1] += 1
    hist[down, v + 1] -= 1
    hist[down, v] += 1
    return int(ok.sum())
