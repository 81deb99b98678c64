# ruff: noqa: RUF001 -- typographic dashes, minus and times signs are intended in drawn text
"""Charts of the catalogs' shape: titles added and released per year, and the movie/show mix."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from core.eda.finding import Finding, pct
from core.eda.labels import label, number
from core.eda.spec import ChartSpec
from core.eda.style import (
    color,
    legend_above,
    no_data,
    platform_name,
    platforms_of,
    thousands,
    tint,
)
from core.platforms import PLATFORM_KEYS
from core.queries import PlatformCount, get_count_platform
from core.significance import leader, share_of

_MIN_DATED = 0.5
"""A platform whose titles have a date added less often than this is left out of "added"."""


# --- titles added per year ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Added:
    counts: dict[str, dict[int, int]]
    """platform -> year added -> titles."""
    known: dict[str, tuple[int, int]]
    """platform -> (titles with a date added, all titles)."""
    last_date: str | None


def load_added(conn: sqlite3.Connection) -> Added:
    counts: dict[str, dict[int, int]] = {k: {} for k in PLATFORM_KEYS}
    for platform, year, n in conn.execute(
        "SELECT platform, CAST(substr(date_added, 1, 4) AS INTEGER), count(*) FROM titles "
        "WHERE date_added IS NOT NULL GROUP BY 1, 2"
    ):
        counts.setdefault(platform, {})[year] = n
    known = {k: (0, 0) for k in PLATFORM_KEYS}
    for platform, dated, total in conn.execute(
        "SELECT platform, count(date_added), count(*) FROM titles GROUP BY platform"
    ):
        known[platform] = (dated, total)
    (last,) = conn.execute("SELECT max(date_added) FROM titles").fetchone()
    return Added(counts, known, last)


def _dated(data: Added, platform: str | None) -> list[str]:
    if platform is not None:
        return [platform] if data.counts.get(platform) else []
    return [
        k
        for k in PLATFORM_KEYS
        if data.known[k][1] and data.known[k][0] / data.known[k][1] >= _MIN_DATED
    ]


def draw_added(fig: Figure, data: Added, platform: str | None, lang: str) -> str | None:
    ax = fig.add_subplot()
    shown = _dated(data, platform)
    if not shown:
        no_data(ax, lang)
        return None
    for key in shown:
        years = sorted(data.counts[key])
        values = [data.counts[key][y] for y in years]
        if platform is None:
            ax.plot(years, values, marker="o", ms=5, color=color(key), label=platform_name(key))
        else:
            ax.bar(years, values, color=color(key), width=0.8)
    ax.set_xlabel(label(lang, "axis.year_added"))
    ax.set_ylabel(label(lang, "axis.titles"))
    ax.yaxis.set_major_formatter(thousands(lang))
    years = sorted({y for k in shown for y in data.counts[k]})
    if len(years) <= 12:
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlim(years[0] - 0.8, years[-1] + 0.8)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if platform is None:
        legend_above(ax)
    notes = [
        label(
            lang,
            "note.no_dates" if platform is None else "note.few_dates",
            platform=platform_name(k),
            n=number(data.known[k][0], lang),
            total=number(data.known[k][1], lang),
        )
        for k in platforms_of(platform)
        if k not in shown or data.known[k][0] / max(data.known[k][1], 1) < _MIN_DATED
    ]
    if data.last_date and not data.last_date.endswith("12-31"):
        notes.append(label(lang, "note.partial_year", year=data.last_date[:4], date=data.last_date))
    return "\n".join(notes) or None


def find_added(data: Added, platform: str | None) -> tuple[Finding, ...]:
    found = []
    for key in platforms_of(platform):
        dated, total = data.known[key]
        if total and dated / total < _MIN_DATED:
            found.append(
                Finding(
                    "added", "added_missing", {"platform": key, "n": dated, "total": total}, key
                )
            )
            continue
        if data.counts.get(key):
            year, n = max(data.counts[key].items(), key=lambda item: (item[1], -item[0]))
            found.append(
                Finding("added", "added_peak", {"platform": key, "year": year, "n": n}, key)
            )
    return tuple(found)


# --- titles by release year -----------------------------------------------------------------


def load_release(conn: sqlite3.Connection) -> dict[str, dict[int, int]]:
    """platform -> release year -> titles (``q_stats``, the table the analytics queries read)."""
    counts: dict[str, dict[int, int]] = {k: {} for k in PLATFORM_KEYS}
    for platform, year, n in conn.execute(
        "SELECT platform, release_year, titles FROM q_stats WHERE release_year IS NOT NULL"
    ):
        counts.setdefault(platform, {})[year] = n
    return counts


def _median_year(years: dict[int, int]) -> int:
    ordered = sorted(years.items())
    cumulative = np.cumsum([n for _, n in ordered])
    return ordered[int(np.searchsorted(cumulative, cumulative[-1] / 2))][0]


PERIODS: tuple[tuple[str, int, int], ...] = (
    ("≤1969", 0, 1969),
    ("1970s", 1970, 1979),
    ("1980s", 1980, 1989),
    ("1990s", 1990, 1999),
    ("2000s", 2000, 2009),
    ("2010–14", 2010, 2014),
    ("2015–19", 2015, 2019),
    ("2020+", 2020, 9999),
)
"""Release periods: decades, then five-year spans where most titles are."""


def by_period(years: dict[int, int]) -> np.ndarray:
    return np.array(
        [sum(n for y, n in years.items() if low <= y <= high) for _, low, high in PERIODS]
    )


def draw_release(fig: Figure, data: dict[str, dict[int, int]], platform: str | None, lang: str):
    ax = fig.add_subplot()
    keys = [k for k in platforms_of(platform) if data.get(k)]
    if not keys:
        no_data(ax, lang)
        return None
    x = np.arange(len(PERIODS))
    width = 0.8 / len(keys)
    for i, key in enumerate(keys):
        counts = by_period(data[key])
        heights = counts if platform else 100 * counts / counts.sum()
        bars = ax.bar(
            x + (i - (len(keys) - 1) / 2) * width,
            heights,
            width=width,
            color=color(key),
            label=platform_name(key),
        )
        if platform:
            shares = [f"{number(100 * c / counts.sum(), lang)}%" for c in counts]
            ax.bar_label(bars, shares, padding=2, fontsize=11)
    ax.set_xticks(x, [name for name, _, _ in PERIODS], fontsize=10.5)
    ax.set_xlabel(label(lang, "axis.release_year"))
    ax.set_ylabel(label(lang, "axis.titles" if platform else "axis.share_titles"))
    ax.yaxis.set_major_formatter(thousands(lang))
    ax.grid(axis="x", visible=False)
    if platform is None:
        legend_above(ax)
    return None


def find_release(data: dict[str, dict[int, int]], platform: str | None) -> tuple[Finding, ...]:
    medians = {k: _median_year(data[k]) for k in platforms_of(platform) if data.get(k)}
    found = [
        Finding("release", "release_median", {"platform": k, "year": y}, k)
        for k, y in medians.items()
    ]
    oldest = sorted(medians, key=lambda k: (medians[k], k))
    # "The oldest" only when no other platform's median year is the same: a tie is no finding.
    if platform is None and len(oldest) > 1 and medians[oldest[0]] < medians[oldest[1]]:
        found.append(
            Finding(
                "release", "release_oldest", {"platform": oldest[0], "year": medians[oldest[0]]}
            )
        )
    return tuple(found)


# --- the movie / show mix -------------------------------------------------------------------


def draw_mix(fig: Figure, data: tuple[PlatformCount, ...], platform: str | None, lang: str):
    ax = fig.add_subplot()
    rows = [c for c in data if c.total][::-1]  # first platform on top
    if not rows:
        no_data(ax, lang)
        return None
    y = np.arange(len(rows))
    for i, c in enumerate(rows):
        movies = 100 * c.movies / c.total
        ax.barh(i, movies, color=color(c.platform), height=0.62)
        ax.barh(i, 100 - movies, left=movies, color=tint(color(c.platform), 0.65), height=0.62)
        ax.text(
            2,
            i,
            f"{number(c.movies, lang)} · {movies:.0f}%",
            va="center",
            color="white",
            fontweight="bold",
        )
        ax.text(
            98,
            i,
            f"{100 - movies:.0f}% · {number(c.shows, lang)}",
            va="center",
            ha="right",
            color="#111111",
            fontweight="bold",
        )
    ax.set_yticks(y, [platform_name(c.platform) for c in rows])
    ax.set_xlim(0, 100)
    ax.set_xlabel(label(lang, "axis.share_titles"))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=False)
    ax.legend(
        handles=[
            Patch(color="#555555", label=label(lang, "legend.movies")),
            Patch(color=tint("#555555", 0.65), label=label(lang, "legend.shows")),
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=2,
    )
    return None


def find_mix(data: tuple[PlatformCount, ...], platform: str | None) -> tuple[Finding, ...]:
    counts = [c for c in data if c.total]
    found = [
        Finding(
            "mix",
            "mix_share",
            {
                "platform": c.platform,
                "pct": pct(c.movies, c.total),
                "movies": c.movies,
                "shows": c.shows,
            },
            c.platform,
        )
        for c in counts
    ]
    if len(counts) > 1:
        shares = {c.platform: share_of(c.shows, c.total) for c in counts}
        most = leader(shares)  # only beyond chance (core.significance)
        if most is None:
            found.append(Finding("mix", "mix_alike", {}))
        else:
            c = next(c for c in counts if c.platform == most)
            params = {"platform": most, "pct": pct(c.shows, c.total), "total": c.total}
            found.append(Finding("mix", "mix_most_shows", params))
    return tuple(found)


CHARTS = (
    ChartSpec("added", "catalog", True, load_added, draw_added, find_added),
    ChartSpec("release", "catalog", True, load_release, draw_release, find_release),
    ChartSpec("mix", "catalog", False, get_count_platform, draw_mix, find_mix),
)
