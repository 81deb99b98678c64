"""Charts of the rating events: how many each user gives (a long tail) and when they come.

Both read the small ``eda_*`` aggregates of ``core.eda.support``, never the ratings table:
a chart costs milliseconds instead of a pass over 11M rows. Chat ratings given since the last
``ensure_eda_support`` (the last ETL run) are not in them yet.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from core.eda.finding import Finding, pct
from core.eda.labels import label, month_name, number
from core.eda.spec import ChartSpec
from core.eda.style import (
    ACCENT,
    INK,
    color,
    legend_above,
    no_data,
    platform_name,
    platforms_of,
    thousands,
)
from core.platforms import PLATFORM_KEYS

ALL = ""
"""The ``platform`` of the all-platform rows of ``eda_user_hist``."""


@dataclass(frozen=True, slots=True)
class UserHist:
    """platform (``ALL`` for every platform) -> (ratings given, users who gave that many)."""

    hist: dict[str, tuple[np.ndarray, np.ndarray]]

    def of(self, platform: str | None) -> tuple[np.ndarray, np.ndarray]:
        empty = (np.empty(0, int), np.empty(0, int))
        return self.hist.get(ALL if platform is None else platform, empty)


def load_users(conn: sqlite3.Connection) -> UserHist:
    rows: dict[str, list[tuple[int, int]]] = {}
    for platform, n, users in conn.execute(
        "SELECT platform, n, users FROM eda_user_hist ORDER BY platform, n"
    ):
        rows.setdefault(platform, []).append((n, users))
    return UserHist(
        {k: (np.array([n for n, _ in v]), np.array([u for _, u in v])) for k, v in rows.items()}
    )


def draw_users(fig: Figure, data: UserHist, platform: str | None, lang: str) -> str | None:
    """The long tail as a survival curve: the share of users who gave at least x ratings, both
    axes logarithmic. Unlike a histogram it needs no bins, and the median reads off at 50%."""
    ax = fig.add_subplot()
    if not data.of(platform)[0].size:
        no_data(ax, lang)
        return None
    series = (
        [(None, INK)] + [(k, color(k)) for k in PLATFORM_KEYS]
        if platform is None
        else [(platform, color(platform))]
    )
    for key, ink in series:
        n, users = data.of(key)
        if not n.size:
            continue
        at_least = 100 * np.cumsum(users[::-1])[::-1] / users.sum()
        name = label(lang, "legend.all") if key is None else platform_name(key)
        ax.step(n, at_least, where="post", color=ink, label=name, lw=3.2 if key is None else 2.2)
        if key == platform:
            median = _weighted_median(n, users)
            ax.plot([median], [50], "o", ms=9, color=ACCENT, mec=INK, zorder=4)
            ax.annotate(
                label(lang, "legend.median_users", n=number(median, lang)),
                (median, 50),
                xytext=(10, 6),
                textcoords="offset points",
                fontsize=12,
                color=INK,
            )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.minorticks_off()  # dozens of unlabelled log ticks: slow to lay out, and noise on a phone
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: number(x, lang)))
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda y, _pos: f"{number(y, lang, 0 if y >= 1 else 2)}%")
    )
    ax.set_xlabel(label(lang, "axis.ratings_per_user"))
    ax.set_ylabel(label(lang, "axis.users_at_least"))
    if platform is None:
        legend_above(ax, ncols=3)
    return label(lang, "note.tail")


def _weighted_median(n: np.ndarray, users: np.ndarray) -> int:
    cumulative = np.cumsum(users)
    return int(n[np.searchsorted(cumulative, cumulative[-1] / 2)])


def find_users(data: UserHist, platform: str | None) -> tuple[Finding, ...]:
    n, users = data.of(platform)
    if not n.size:
        return ()
    total_users = int(users.sum())
    params = {
        "users": total_users,
        "n": _weighted_median(n, users),
        "max": int(n.max()),
    }
    # On one platform the sentences name it: "users who rated Hulu titles".
    suffix, about = ("", {}) if platform is None else ("_platform", {"platform": platform})
    found = [Finding("users", f"users_median{suffix}", params | about, platform)]
    top = max(1, math.ceil(total_users / 100))
    taken, given = 0, 0
    for count, k in zip(n[::-1], users[::-1], strict=True):
        take = min(int(k), top - taken)
        taken += take
        given += take * int(count)
        if taken == top:
            break
    share = pct(given, int((n * users).sum()))
    params = {"n": top, "pct": share} | about
    found.append(Finding("users", f"users_top_share{suffix}", params, platform))
    return tuple(found)


# --- ratings over time ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Monthly:
    months: tuple[str, ...]
    """``YYYY-MM``, every month from the first to the last with ratings."""
    counts: dict[str, np.ndarray]
    """platform -> ratings per month (aligned with ``months``)."""


def load_activity(conn: sqlite3.Connection) -> Monthly:
    per: dict[tuple[str, str], int] = {}
    for day, platform, n in conn.execute(
        "SELECT day, platform, sum(n) FROM eda_day_counts GROUP BY day, platform"
    ):
        month = datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m")
        per[(month, platform)] = per.get((month, platform), 0) + n
    if not per:
        return Monthly((), {})
    first, last = min(m for m, _ in per), max(m for m, _ in per)
    months = []
    year, month = map(int, first.split("-"))
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    counts = {k: np.array([per.get((m, k), 0) for m in months]) for k in PLATFORM_KEYS}
    return Monthly(tuple(months), counts)


def _total(data: Monthly, platform: str | None) -> np.ndarray:
    return sum((data.counts[k] for k in platforms_of(platform)), np.zeros(len(data.months), int))


def draw_activity(fig: Figure, data: Monthly, platform: str | None, lang: str) -> str | None:
    ax = fig.add_subplot()
    if not data.months or not _total(data, platform).sum():
        no_data(ax, lang)
        return None
    x = np.arange(len(data.months))
    keys = platforms_of(platform)
    ax.stackplot(
        x,
        *[data.counts[k] for k in keys],
        colors=[color(k) for k in keys],
        labels=[platform_name(k) for k in keys],
        alpha=0.9,
        lw=0,
    )
    step = max(1, len(x) // 6)
    step = 12 * math.ceil(step / 12) if step > 6 else step
    ticks = x[::step]
    ax.set_xticks(
        ticks, [month_name(int(data.months[i][5:]), int(data.months[i][:4]), lang) for i in ticks]
    )
    ax.set_xlim(0, max(len(x) - 1, 1))  # one month of ratings is still a width
    ax.set_ylabel(label(lang, "axis.ratings_per_month"))
    ax.yaxis.set_major_formatter(thousands(lang))
    ax.grid(axis="x", visible=False)
    if platform is None:
        handles, names = ax.get_legend_handles_labels()
        legend_above(ax, handles[::-1], names[::-1])
    return label(lang, "note.stacked") if platform is None else None


def find_activity(data: Monthly, platform: str | None) -> tuple[Finding, ...]:
    total = _total(data, platform) if data.months else np.zeros(0, int)
    if not total.sum():
        return ()
    peak = int(np.argmax(total))
    active = np.flatnonzero(total)
    first, last = int(active[0]), int(active[-1])
    suffix, about = ("", {}) if platform is None else ("_platform", {"platform": platform})
    found = [
        Finding(
            "activity",
            f"activity_peak{suffix}",
            {"month": data.months[peak], "n": int(total[peak])} | about,
            platform,
        ),
        Finding(
            "activity",
            f"activity_total{suffix}",
            {
                "n": int(total.sum()),
                "first": data.months[first],
                "last": data.months[last],
                "per_month": round(int(total.sum()) / (last - first + 1)),
            }
            | about,
            platform,
        ),
    ]
    return tuple(found)


CHARTS = (
    ChartSpec("users", "ratings", True, load_users, draw_users, find_users),
    ChartSpec("activity", "ratings", True, load_activity, draw_activity, find_activity),
)
