"""How long titles are: movie minutes (with their outliers, by title) and seasons per show.

The unit decides, as in ``core.queries.get_max_duration``: movies are the titles measured in
minutes and shows those measured in seasons (62 Hulu rows labelled "movie" count in seasons),
so these charts and that query agree on every longest title.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from core.eda.finding import Finding, pct
from core.eda.labels import label, number
from core.eda.spec import ChartSpec
from core.eda.style import (
    ACCENT,
    INK,
    MUTED,
    color,
    legend_above,
    no_data,
    platform_name,
    platforms_of,
    short,
)
from core.platforms import PLATFORM_KEYS

FAR = 3.0
"""Far outliers lie beyond Q3 + FAR x IQR (Tukey's "far out"); whiskers stop at 1.5 x IQR."""
_SEASON_CAP = 10


@dataclass(frozen=True, slots=True)
class Lengths:
    """Per platform, every title measured in one unit, longest first (ties by title, id)."""

    values: dict[str, np.ndarray]
    titles: dict[str, tuple[str, ...]]


def _load(conn: sqlite3.Connection, unit: str) -> Lengths:
    rows: dict[str, list[tuple[str, int]]] = {k: [] for k in PLATFORM_KEYS}
    for platform, display, value in conn.execute(
        "SELECT platform, display_title, duration_int FROM q_titles "
        "WHERE duration_type = ? AND duration_int IS NOT NULL "
        "ORDER BY duration_int DESC, title, id",
        (unit,),
    ):
        rows.setdefault(platform, []).append((display, value))
    return Lengths(
        {k: np.array([v for _, v in r], dtype=float) for k, r in rows.items()},
        {k: tuple(t for t, _ in r) for k, r in rows.items()},
    )


def load_durations(conn: sqlite3.Connection) -> Lengths:
    return _load(conn, "min")


def load_seasons(conn: sqlite3.Connection) -> Lengths:
    return _load(conn, "season")


def fence(values: np.ndarray) -> float:
    """The far-outlier fence, Q3 + 3 x IQR."""
    q1, q3 = np.percentile(values, [25, 75])
    return float(q3 + FAR * (q3 - q1))


def _draw_boxes(ax, data: Lengths, keys: list[str], lang: str) -> None:
    rows = keys[::-1]  # first platform on top
    series = [data.values[k] for k in rows]
    parts = ax.boxplot(
        series,
        orientation="horizontal",
        widths=0.45,
        patch_artist=True,
        showfliers=False,
        medianprops={"color": INK, "linewidth": 2.2},
        whiskerprops={"color": MUTED},
        capprops={"color": MUTED},
    )
    for box, key in zip(parts["boxes"], rows, strict=True):
        box.set(facecolor=color(key), alpha=0.55, edgecolor=color(key))
    top = max(float(v.max()) for v in series)
    ax.set_xlim(-top * 0.02, top * 1.03)
    for i, (key, values) in enumerate(zip(rows, series, strict=True), start=1):
        q1, q3 = np.percentile(values, [25, 75])
        near = values[(values > q3 + 1.5 * (q3 - q1)) & (values <= fence(values))]
        far = values[values > fence(values)]
        ax.scatter(near, np.full(near.size, i), s=10, color=color(key), alpha=0.35, lw=0)
        ax.scatter(far, np.full(far.size, i), s=28, color=ACCENT, edgecolor=INK, lw=0.6, zorder=3)
        if far.size:
            name = data.titles[key][0]
            # Above the row, from the end of the whisker: clear of the box, inside the axes.
            whisker_end = float(values[values <= q3 + 1.5 * (q3 - q1)].max())
            ax.text(
                whisker_end + top * 0.01,
                i + 0.3,
                f"{label(lang, 'legend.longest')}: {short(name, 30)} "
                f"({number(values[0], lang)} min)",
                va="bottom",
                fontsize=11,
                color=INK,
            )
    ax.set_yticks(range(1, len(rows) + 1), [platform_name(k) for k in rows])
    ax.grid(axis="y", visible=False)


def draw_durations(fig: Figure, data: Lengths, platform: str | None, lang: str) -> str | None:
    ax = fig.add_subplot()
    keys = [k for k in platforms_of(platform) if data.values.get(k, np.empty(0)).size]
    if not keys:
        no_data(ax, lang)
        return None
    ax.set_xlabel(label(lang, "axis.minutes"))
    if platform is None:
        _draw_boxes(ax, data, keys, lang)
        return label(lang, "note.outliers")
    values = data.values[platform]
    cut = fence(values)
    shown = values[values <= cut]
    heights, _, _ = ax.hist(shown, bins=np.arange(0, cut + 5, 5), color=color(platform), alpha=0.85)
    ax.axvline(float(np.median(values)), color=INK, ls="--", lw=1.6)
    ax.set_ylabel(label(lang, "axis.titles"))
    far = [(t, v) for t, v in zip(data.titles[platform], values, strict=True) if v > cut][:4]
    if far:
        ax.set_ylim(0, float(heights.max()) * 1.6)  # headroom: the list never covers a bar
        lines = [f"{short(t, 30)}: {number(v, lang)} min" for t, v in far]
        ax.text(
            0.98,
            0.97,
            "\n".join(lines),
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=11,
            bbox={"facecolor": "white", "edgecolor": ACCENT, "boxstyle": "round"},
        )
        return label(lang, "note.clipped", n=number(int((values > cut).sum()), lang))
    return None


def find_durations(data: Lengths, platform: str | None) -> tuple[Finding, ...]:
    found = []
    for key in platforms_of(platform):
        values = data.values.get(key, np.empty(0))
        if not values.size:
            continue
        median = float(np.median(values))
        found.append(
            Finding(
                "durations", "duration_median", {"platform": key, "minutes": round(median)}, key
            )
        )
        cut = fence(values)
        far = int((values > cut).sum())
        if far:
            longest = int(values[0])
            params = {
                "platform": key,
                "n": far,
                "fence": round(cut),
                "title": data.titles[key][0],
                "minutes": longest,
                "hours": round(longest / 60, 1),
            }
            found.append(Finding("durations", "duration_outliers", params, key))
            names = list(dict.fromkeys(data.titles[key][:far]))[:3]
            if len(names) > 1:
                listed = ", ".join(f"“{n}”" for n in names)
                found.append(
                    Finding(
                        "durations",
                        "duration_outlier_titles",
                        {"platform": key, "titles": listed},
                        key,
                    )
                )
    return tuple(found)


def _season_shares(values: np.ndarray) -> np.ndarray:
    capped = np.minimum(values, _SEASON_CAP).astype(int)
    return np.bincount(capped, minlength=_SEASON_CAP + 1)[1:]


def draw_seasons(fig: Figure, data: Lengths, platform: str | None, lang: str) -> str | None:
    ax = fig.add_subplot()
    keys = [k for k in platforms_of(platform) if data.values.get(k, np.empty(0)).size]
    if not keys:
        no_data(ax, lang)
        return None
    x = np.arange(1, _SEASON_CAP + 1)
    width = 0.8 / len(keys)
    for i, key in enumerate(keys):
        counts = _season_shares(data.values[key])
        heights = counts if platform else 100 * counts / counts.sum()
        ax.bar(
            x + (i - (len(keys) - 1) / 2) * width,
            heights,
            width=width,
            color=color(key),
            label=platform_name(key),
        )
    ticks = [str(n) for n in x[:-1]] + [f"{_SEASON_CAP}+"]
    ax.set_xticks(x, ticks)
    ax.set_xlabel(label(lang, "axis.seasons"))
    ax.set_ylabel(label(lang, "axis.shows" if platform else "axis.share_shows"))
    ax.grid(axis="x", visible=False)
    if platform is None:
        legend_above(ax)
    longest = [(k, data.titles[k][0], int(data.values[k][0])) for k in keys]
    lines = [label(lang, "legend.most_seasons")]
    lines += [f"{platform_name(k)}: {short(t, 24)} ({n})" for k, t, n in longest]
    ax.text(
        0.98,
        0.97,
        "\n".join(lines),
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=11,
        bbox={"facecolor": "white", "edgecolor": "#BBBBBB", "boxstyle": "round"},
    )
    return None


def find_seasons(data: Lengths, platform: str | None) -> tuple[Finding, ...]:
    found = []
    for key in platforms_of(platform):
        values = data.values.get(key, np.empty(0))
        if not values.size:
            continue
        single = pct(int((values == 1).sum()), values.size)
        found.append(Finding("seasons", "seasons_single", {"platform": key, "pct": single}, key))
        params = {"platform": key, "title": data.titles[key][0], "n": int(values[0])}
        found.append(Finding("seasons", "seasons_max", params, key))
    return tuple(found)


CHARTS = (
    ChartSpec("durations", "catalog", True, load_durations, draw_durations, find_durations),
    ChartSpec("seasons", "catalog", True, load_seasons, draw_seasons, find_seasons),
)
