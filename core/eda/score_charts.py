# ruff: noqa: RUF001 -- typographic dashes, minus and times signs are intended in drawn text
"""Scores (the mean rating of a title, ``title_scores``) and what they go with: release year,
movie length, genre; and the correlations between a title's numbers.

Every chart here reads one frame of all titles (``load_titles``), shared through the data cache;
a title's score moves with every rating, so these charts are invalidated by new ratings.
"""

from __future__ import annotations

import itertools
import math
import sqlite3
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from core.eda.finding import Finding
from core.eda.labels import label, number
from core.eda.spec import ChartSpec
from core.eda.style import (
    INK,
    color,
    legend_above,
    no_data,
    platform_name,
    platforms_of,
)
from core.platforms import PLATFORM_KEYS
from core.queries.support import LIST_SEPARATOR
from core.significance import Estimate, correlated, differs, leader, mean_of

MIN_RATINGS = 10
"""Fewest ratings a title needs for its score to be used here. A mean of one or two ratings is a
half-star value (3.0, 3.5), which would draw spikes at those values that say nothing about the
titles; from ten ratings on, the mean is no longer tied to the half-star grid."""
MIN_TITLES = 20
"""Fewest scored titles behind a plotted mean (a period, a length bin, a genre)."""
LONG_MOVIE = 120
VARIABLES = ("release_year", "minutes", "seasons", "cast", "score", "ratings")
"""What the correlation matrix relates. The number of genres a title lists is left out: it
follows each platform's labelling habits, not the titles."""


PLATFORM_CODE_SQL = (
    "CASE q.platform "
    + " ".join(f"WHEN '{key}' THEN {i}" for i, key in enumerate(PLATFORM_KEYS))
    + " ELSE -1 END"
)
"""A platform as its index in ``PLATFORM_KEYS``, so a whole row is numbers (one numpy array)."""


def platform_code(platform: str) -> int:
    return PLATFORM_KEYS.index(platform) if platform in PLATFORM_KEYS else -1


@dataclass(frozen=True, slots=True)
class Titles:
    """One entry per title; NaN where a value does not apply (a show's minutes) or is unknown."""

    platform: np.ndarray
    """The index of each title's platform in ``PLATFORM_KEYS``."""
    values: dict[str, np.ndarray]
    """Each of ``VARIABLES``; ``score`` is NaN below ``MIN_RATINGS`` ratings, and ``ratings``
    is log10(rating count + 1)."""

    def mask(self, platform: str | None) -> np.ndarray:
        """The scored titles (of ``platform``)."""
        rated = ~np.isnan(self.values["score"])
        return rated if platform is None else rated & (self.platform == platform_code(platform))

    def of(self, platform: str | None) -> np.ndarray:
        """Every title (of ``platform``), scored or not."""
        every = np.ones(self.platform.size, bool)
        return every if platform is None else self.platform == platform_code(platform)


def load_titles(conn: sqlite3.Connection) -> Titles:
    """Every title's numbers, computed in SQL (-1 standing for "none") into one float array."""
    rows = conn.execute(
        f"SELECT {PLATFORM_CODE_SQL}, coalesce(q.release_year, -1), "
        "CASE WHEN q.duration_type = 'min' THEN coalesce(q.duration_int, -1) ELSE -1 END, "
        "CASE WHEN q.duration_type = 'season' THEN coalesce(q.duration_int, -1) ELSE -1 END, "
        "CASE WHEN c.cast_names != '' THEN "
        "length(c.cast_names) - length(replace(c.cast_names, ?, '')) + 1 ELSE -1 END, "
        "CASE WHEN q.rating_count >= ? THEN coalesce(q.score, -1) ELSE -1 END, q.rating_count "
        "FROM q_titles q JOIN q_cards c ON c.id = q.id ORDER BY q.id",
        (LIST_SEPARATOR, MIN_RATINGS),
    ).fetchall()
    table = np.array(rows, dtype=float).reshape(-1, 7)
    table[:, 1:6][table[:, 1:6] < 0] = np.nan
    names = ("release_year", "minutes", "seasons", "cast", "score")
    values = {name: table[:, i + 1] for i, name in enumerate(names)}
    values["ratings"] = np.log10(table[:, 6] + 1)
    return Titles(table[:, 0].astype(int), values)


def pearson(x: np.ndarray, y: np.ndarray) -> tuple[float, int]:
    """r over the entries where both are known, and how many; NaN below 30 entries."""
    both = ~np.isnan(x) & ~np.isnan(y)
    n = int(both.sum())
    if n < 30 or np.std(x[both]) == 0 or np.std(y[both]) == 0:
        return math.nan, n
    return float(np.corrcoef(x[both], y[both])[0, 1]), n


# --- score distribution ---------------------------------------------------------------------


def draw_scores(fig: Figure, data: Titles, platform: str | None, lang: str) -> str | None:
    ax = fig.add_subplot()
    bins = np.arange(0.5, 5.01, 0.1)
    keys = [k for k in platforms_of(platform) if data.mask(k).any()]
    if not keys:
        no_data(ax, lang)
        return None
    for key in keys:
        scores = data.values["score"][data.mask(key)]
        weights = np.full(scores.size, 100 / scores.size)
        if platform is None:
            ax.hist(
                scores,
                bins=bins,
                weights=weights,
                histtype="step",
                lw=2.4,
                color=color(key),
                label=f"{platform_name(key)} · {number(scores.size, lang)}",
            )
        else:
            ax.hist(scores, bins=bins, weights=weights, color=color(key), alpha=0.85)
        ax.axvline(
            float(scores.mean()), color=color(key) if platform is None else INK, ls="--", lw=1.6
        )
    ax.set_xlabel(label(lang, "axis.score"))
    ax.set_ylabel(label(lang, "axis.share_rated"))
    ax.set_xlim(0.5, 5)
    if platform is None:
        legend_above(ax, ncols=2)
    return label(lang, "note.mean_lines", min=MIN_RATINGS)


def find_scores(data: Titles, platform: str | None) -> tuple[Finding, ...]:
    means: dict[str, Estimate] = {}
    found = []
    for key in platforms_of(platform):
        scores = data.values["score"][data.mask(key)]
        if not scores.size:
            continue
        means[key] = mean_of(scores)
        params = {
            "platform": key,
            "n": int(scores.size),
            "min": MIN_RATINGS,
            "score": round(means[key].value, 2),
            "score_b": round(float(np.median(scores)), 2),
        }
        found.append(Finding("scores", "score_mean", params, key))
    if platform is None and len(means) > 1:
        found.append(_best_platform(means))
    return tuple(found)


def _best_platform(means: dict[str, Estimate]) -> Finding:
    """The platform whose titles score highest, when it differs from the runner-up beyond
    chance (``core.significance``); otherwise that the platforms are alike."""
    best = leader(means)
    if best is None:
        values = [m.value for m in means.values()]
        params = {"score": round(min(values), 2), "score_b": round(max(values), 2)}
        return Finding("scores", "score_platforms_alike", params)
    second = max((k for k in means if k != best), key=lambda k: (means[k].value, k))
    params = {
        "platform": best,
        "score": round(means[best].value, 2),
        "n": means[best].n,
        "platform_b": second,
        "score_b": round(means[second].value, 2),
    }
    return Finding("scores", "score_best_platform", params)


# --- score by release year ------------------------------------------------------------------


_PERIOD = 5


def _by_period(years: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Scores grouped by five-year period of release; periods with too few titles are NaN
    (so a line breaks there rather than bridging the gap)."""
    starts = (years // _PERIOD) * _PERIOD
    if not starts.size:
        return np.empty(0), []
    periods = np.arange(starts.min(), starts.max() + 1, _PERIOD)
    groups = [scores[starts == p] for p in periods]
    return periods + (_PERIOD - 1) / 2, groups


def draw_score_year(fig: Figure, data: Titles, platform: str | None, lang: str) -> str | None:
    ax = fig.add_subplot()
    drawn = False
    for key in platforms_of(platform):
        m = data.mask(key) & ~np.isnan(data.values["release_year"])
        x, groups = _by_period(data.values["release_year"][m], data.values["score"][m])
        enough = np.array([g.size >= MIN_TITLES for g in groups], bool)
        if not enough.any():
            continue
        drawn = True
        means = np.array([g.mean() if ok else np.nan for g, ok in zip(groups, enough, strict=True)])
        ax.plot(x, means, color=color(key), label=platform_name(key), marker="o", ms=5)
        if platform is not None:
            quartiles = [
                np.percentile(g, [25, 75]) if ok else (np.nan, np.nan)
                for g, ok in zip(groups, enough, strict=True)
            ]
            low, high = zip(*quartiles, strict=True)
            ax.fill_between(x, low, high, color=color(key), alpha=0.18, lw=0)
    if not drawn:
        no_data(ax, lang)
        return None
    ax.set_xlabel(label(lang, "axis.release_year"))
    ax.set_ylabel(label(lang, "axis.mean_score"))
    if platform is None:
        legend_above(ax)
    key = "note.period_band" if platform else "note.period"
    return label(lang, key, years=_PERIOD, n=MIN_TITLES, min=MIN_RATINGS)


def find_score_year(data: Titles, platform: str | None) -> tuple[Finding, ...]:
    m = data.mask(platform) & ~np.isnan(data.values["release_year"])
    years, scores = data.values["release_year"][m], data.values["score"][m]
    r, n = pearson(years, scores)
    if math.isnan(r):
        return ()
    split = int(np.median(years))
    older, newer = scores[years < split], scores[years >= split]
    if not older.size or not newer.size:
        return ()
    if not (correlated(r, n) and differs(mean_of(older), mean_of(newer))):
        params = {"var_a": "release_year", "var_b": "score", "r": round(r, 2), "n": n}
        return (Finding("score_year", "correlation_none", params, platform),)
    params = {
        "year": split,
        "score": round(float(older.mean()), 2),
        "score_b": round(float(newer.mean()), 2),
        "r": round(r, 2),
    }
    return (Finding("score_year", "score_year", params, platform),)


# --- score by movie length ------------------------------------------------------------------

_BIN = 15
_MAX_MINUTES = 240


def _length_means(minutes: np.ndarray, scores: np.ndarray) -> tuple[list[float], list[float]]:
    edges = np.arange(0, _MAX_MINUTES + _BIN, _BIN)
    which = np.digitize(minutes, edges) - 1
    xs, ys = [], []
    for b in range(len(edges) - 1):
        group = scores[which == b]
        if group.size >= MIN_TITLES:
            xs.append(edges[b] + _BIN / 2)
            ys.append(float(group.mean()))
    return xs, ys


def draw_score_duration(fig: Figure, data: Titles, platform: str | None, lang: str):
    ax = fig.add_subplot()
    movies = ~np.isnan(data.values["minutes"])
    m = data.mask(platform) & movies
    xs, ys = _length_means(data.values["minutes"][m], data.values["score"][m])
    if not xs:
        no_data(ax, lang)
        return None
    if platform is not None:
        minutes, scores = data.values["minutes"][m], data.values["score"][m]
        inside = minutes <= _MAX_MINUTES
        ax.scatter(minutes[inside], scores[inside], s=6, color=color(platform), alpha=0.25, lw=0)
    else:
        for key in PLATFORM_KEYS:
            k = data.mask(key) & movies
            px, py = _length_means(data.values["minutes"][k], data.values["score"][k])
            ax.plot(px, py, color=color(key), lw=1.6, alpha=0.9, label=platform_name(key))
    name = platform_name(platform) if platform else label(lang, "legend.all")
    ax.plot(xs, ys, marker="o", ms=6, color=INK, lw=3.2, label=name, zorder=4)
    shown = data.values["minutes"][m]
    ax.set_xlim(0, min(_MAX_MINUTES, max(max(xs) + _BIN, float(np.percentile(shown, 99.5)))))
    ax.set_xlabel(label(lang, "axis.minutes"))
    ax.set_ylabel(label(lang, "axis.score" if platform else "axis.mean_score"))
    if platform is None:
        handles, names = ax.get_legend_handles_labels()
        legend_above(ax, handles[-1:] + handles[:-1], names[-1:] + names[:-1], ncols=3)
    return label(lang, "note.length_bins", n=MIN_TITLES, bin=_BIN, min=MIN_RATINGS)


def find_score_duration(data: Titles, platform: str | None) -> tuple[Finding, ...]:
    m = data.mask(platform) & ~np.isnan(data.values["minutes"])
    minutes, scores = data.values["minutes"][m], data.values["score"][m]
    r, n = pearson(minutes, scores)
    long, rest = scores[minutes > LONG_MOVIE], scores[minutes <= LONG_MOVIE]
    if math.isnan(r) or not long.size or not rest.size:
        return ()
    if not (correlated(r, n) and differs(mean_of(long), mean_of(rest))):
        params = {"var_a": "minutes", "var_b": "score", "r": round(r, 2), "n": n}
        return (Finding("score_duration", "correlation_none", params, platform),)
    params = {
        "r": round(r, 2),
        "n": n,
        "minutes": LONG_MOVIE,
        "score": round(float(long.mean()), 2),
        "score_b": round(float(rest.mean()), 2),
    }
    return (Finding("score_duration", "score_duration", params, platform),)


# --- correlations ---------------------------------------------------------------------------


def correlations(data: Titles, platform: str | None) -> dict[tuple[str, str], tuple[float, int]]:
    """Pearson r and n for every pair of ``VARIABLES`` (titles of ``platform``, rated or not)."""
    m = data.of(platform)
    return {
        (a, b): pearson(data.values[a][m], data.values[b][m])
        for a, b in itertools.combinations(VARIABLES, 2)
    }


def draw_correlations(fig: Figure, data: Titles, platform: str | None, lang: str):
    ax = fig.add_subplot()
    pairs = correlations(data, platform)
    size = len(VARIABLES)
    grid = np.full((size, size), np.nan)
    for (a, b), (r, _) in pairs.items():
        grid[VARIABLES.index(b), VARIABLES.index(a)] = r
    ax.imshow(grid, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto")
    for i, j in itertools.product(range(size), range(size)):
        if i > j:
            r = grid[i, j]
            text = "–" if np.isnan(r) else number(abs(r) if round(r, 2) == 0 else r, lang, 2)
            text = text.replace("-", "−")
            ink = "white" if not np.isnan(r) and abs(r) > 0.55 else "#111111"
            ax.text(j, i, text, ha="center", va="center", color=ink, fontsize=14)
    names = [label(lang, f"var.{v}") for v in VARIABLES]
    ax.set_xticks(range(size - 1), names[:-1], rotation=35, ha="right")
    ax.set_yticks(range(1, size), names[1:])
    ax.set_xlim(-0.5, size - 1.5)
    ax.set_ylim(size - 0.5, 0.5)
    ax.grid(False)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    return label(lang, "note.pearson", min=MIN_RATINGS)


def find_correlations(data: Titles, platform: str | None) -> tuple[Finding, ...]:
    """The three strongest correlations among those beyond chance (``core.significance``)."""
    pairs = [(abs(r), a, b, r, n) for (a, b), (r, n) in correlations(data, platform).items()]
    real = [p for p in pairs if correlated(p[3], p[4])]
    if not real:
        return ()
    ranked = sorted(real, key=lambda p: (-p[0], p[1], p[2]))
    return tuple(
        Finding(
            "correlations",
            "correlation",
            {"var_a": a, "var_b": b, "r": round(r, 2), "n": n},
            platform,
        )
        for _, a, b, r, n in ranked[:3]
    )


CHARTS = (
    ChartSpec("scores", "scores", True, load_titles, draw_scores, find_scores),
    ChartSpec("score_year", "scores", True, load_titles, draw_score_year, find_score_year),
    ChartSpec(
        "score_duration", "scores", True, load_titles, draw_score_duration, find_score_duration
    ),
    ChartSpec("correlations", "scores", True, load_titles, draw_correlations, find_correlations),
)
