"""Comparisons between platforms: their genres, and the works they share.

Genres are compared as families (``core.eda.vocab``), since each platform spells them its own
way, and a genre is called distinctive of a platform only when the other platforms use that
family's labels too (``core.significance.SHARED_LABEL``) and the difference is beyond chance:
"International" is a label Netflix puts on most of its catalog and Disney+ never uses, so it
says nothing about what Disney+ carries. Shared titles are the works of ``core.where`` (one
film or show however many catalogs list it, matched with stored evidence), so this chart and
/compare count the same thing.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from core.eda.finding import Finding, pct
from core.eda.labels import genre_name, label, number
from core.eda.spec import ChartSpec
from core.eda.style import MUTED, color, no_data, platform_name, platforms_of, thousands
from core.eda.vocab import genre_family
from core.platforms import PLATFORM_KEYS
from core.queries.support import LIST_SEPARATOR
from core.significance import SHARED_LABEL, differs, share_of
from core.where.support import BIT

_MIN_SHARE = 3.0
"""A genre must hold at least this % of a platform's titles to be called distinctive of it."""


@dataclass(frozen=True, slots=True)
class Genres:
    titles: dict[str, int]
    """platform -> titles in the catalog (with or without genres)."""
    families: dict[str, Counter]
    """platform -> genre family -> titles in it (a title counts once per family)."""

    def share(self, platform: str, family: str) -> float:
        return pct(self.families[platform][family], self.titles[platform])

    def others(self, platform: str, family: str) -> float:
        rest = [k for k in self.titles if k != platform]
        return pct(sum(self.families[k][family] for k in rest), sum(self.titles[k] for k in rest))


def load_genres(conn: sqlite3.Connection) -> Genres:
    titles = dict.fromkeys(PLATFORM_KEYS, 0)
    families: dict[str, Counter] = {k: Counter() for k in PLATFORM_KEYS}
    # q_cards holds each title's genres joined in one string: one row per title to read.
    for platform, genres in conn.execute(
        "SELECT q.platform, c.genres FROM q_titles q JOIN q_cards c ON c.id = q.id"
    ):
        titles[platform] = titles.get(platform, 0) + 1
        if genres:
            found = {genre_family(g) for g in genres.split(LIST_SEPARATOR)}
            found.discard(None)
            families.setdefault(platform, Counter()).update(found)
    return Genres(titles, families)


def _top(data: Genres, platform: str, n: int) -> list[str]:
    ranked = sorted(data.families[platform].items(), key=lambda item: (-item[1], item[0]))
    return [family for family, _ in ranked[:n]]


def draw_genres(fig: Figure, data: Genres, platform: str | None, lang: str) -> str | None:
    ax = fig.add_subplot()
    keys = [k for k in platforms_of(platform) if data.titles.get(k)]
    if not keys:
        no_data(ax, lang)
        return None
    if platform is not None:
        top = _top(data, platform, 12)[::-1]
        shares = [data.share(platform, f) for f in top]
        ax.barh(
            range(len(top)),
            shares,
            color=color(platform),
            height=0.7,
            label=platform_name(platform),
        )
        ax.scatter(
            [data.others(platform, f) for f in top],
            range(len(top)),
            marker="|",
            s=260,
            color=MUTED,
            lw=3,
            zorder=3,
            label=label(lang, "legend.others"),
        )
        ax.set_yticks(range(len(top)), [genre_name(f, lang) for f in top])
        ax.set_xlabel(label(lang, "axis.share_titles"))
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower right")
        return label(lang, "note.genre_families")
    rows = list(dict.fromkeys(f for k in keys for f in _top(data, k, 5)))
    rows.sort(key=lambda f: -sum(data.families[k][f] for k in keys))
    grid = np.array([[data.share(k, f) for k in keys] for f in rows])
    ax.imshow(grid, cmap="Blues", aspect="auto", vmin=0, vmax=max(grid.max(), 1))
    for (i, j), value in np.ndenumerate(grid):
        ink = "white" if value > grid.max() * 0.55 else "#111111"
        ax.text(
            j, i, f"{number(value, lang, 0)}%", ha="center", va="center", color=ink, fontsize=12
        )
    ax.set_xticks(range(len(keys)), [platform_name(k) for k in keys])
    ax.xaxis.tick_top()
    for tick, key in zip(ax.get_xticklabels(), keys, strict=True):
        tick.set(color=color(key), fontweight="bold")
    ax.set_yticks(range(len(rows)), [genre_name(f, lang) for f in rows])
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    return label(lang, "note.genre_grid")


def _shared(data: Genres, key: str, family: str) -> bool:
    """Every other platform with titles uses ``family``'s labels: comparing it compares
    catalogs, not the names each platform gives its genres."""
    return all(
        share_of(data.families[k][family], data.titles[k]).value >= SHARED_LABEL
        for k in data.titles
        if k != key and data.titles[k]
    )


def _beyond_chance(data: Genres, key: str, family: str) -> bool:
    rest = [k for k in data.titles if k != key]
    mine = share_of(data.families[key][family], data.titles[key])
    others = share_of(
        sum(data.families[k][family] for k in rest), sum(data.titles[k] for k in rest)
    )
    return mine.value > others.value and differs(mine, others)


def find_genres(data: Genres, platform: str | None) -> tuple[Finding, ...]:
    found = []
    for key in platforms_of(platform):
        if not data.titles.get(key) or not data.families.get(key):
            continue
        top = _top(data, key, 1)[0]
        found.append(
            Finding(
                "genres",
                "genre_top",
                {"platform": key, "genre": top, "pct": data.share(key, top)},
                key,
            )
        )
        candidates = [
            f
            for f in data.families[key]
            if data.share(key, f) >= _MIN_SHARE
            and _shared(data, key, f)
            and _beyond_chance(data, key, f)
        ]

        def lift(f: str, key: str = key) -> float:
            return data.share(key, f) / data.others(key, f)

        if candidates:
            best = max(candidates, key=lambda f: (lift(f), f))
            params = {
                "platform": key,
                "genre": best,
                "pct": data.share(key, best),
                "other_pct": data.others(key, best),
                "lift": round(lift(best), 1),
            }
            found.append(Finding("genres", "genre_distinctive", params, key))
    return tuple(found)


# --- overlap --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Overlap:
    groups: dict[int, frozenset[str]]
    """Work id -> the platforms that carry it (``core.where``'s works)."""
    names: dict[int, tuple[str, int]]
    """Work id -> its display title and release year."""

    def pair(self, a: str, b: str) -> int:
        return sum(1 for ps in self.groups.values() if a in ps and b in ps)

    def on(self, platform: str) -> int:
        return sum(1 for ps in self.groups.values() if platform in ps)


def load_overlap(conn: sqlite3.Connection) -> Overlap:
    """Every work and the platforms that carry it, from the ``w_works`` platform masks."""
    groups: dict[int, frozenset[str]] = {}
    names: dict[int, tuple[str, int]] = {}
    for work_id, mask, display, year in conn.execute(
        "SELECT work_id, mask, display_title, release_year FROM w_works ORDER BY work_id"
    ):
        groups[work_id] = frozenset(k for k in PLATFORM_KEYS if mask & BIT[k])
        names[work_id] = (display, year)
    return Overlap(groups, names)


def draw_overlap(fig: Figure, data: Overlap, platform: str | None, lang: str) -> str | None:
    ax = fig.add_subplot()
    pairs = sorted(
        ((data.pair(a, b), a, b) for a, b in itertools.combinations(PLATFORM_KEYS, 2)),
        key=lambda p: (p[0], -PLATFORM_KEYS.index(p[1]), -PLATFORM_KEYS.index(p[2])),
    )
    if not data.groups:
        no_data(ax, lang)
        return None
    y = np.arange(len(pairs))
    counts = [n for n, _, _ in pairs]
    # Each bar in the two platforms' colours, half and half: which pair it is, at a glance.
    ax.barh(y + 0.17, counts, height=0.34, color=[color(a) for _, a, _ in pairs])
    ax.barh(y - 0.17, counts, height=0.34, color=[color(b) for _, _, b in pairs])
    for i, n in enumerate(counts):
        ax.text(n, i, f" {number(n, lang)}", va="center", fontsize=12, fontweight="bold")
    ax.set_yticks(y, [f"{platform_name(a)} + {platform_name(b)}" for _, a, b in pairs])
    ax.set_xlabel(label(lang, "overlap.shared"))
    ax.set_xlim(0, max(max(counts), 1) * 1.18)
    ax.xaxis.set_major_formatter(thousands(lang))
    ax.grid(axis="y", visible=False)
    spread = Counter(len(ps) for ps in data.groups.values())
    lines = [label(lang, "overlap.spread")] + [
        label(lang, "overlap.on_1" if n == 1 else "overlap.on", n=n, titles=number(spread[n], lang))
        for n in sorted(spread)
    ]
    ax.text(
        0.97,
        0.04,
        "\n".join(lines),
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=12,
        bbox={"facecolor": "white", "edgecolor": "#BBBBBB", "boxstyle": "round"},
    )
    return label(lang, "note.overlap")


def find_overlap(data: Overlap, platform: str | None) -> tuple[Finding, ...]:
    if not data.groups:
        return ()
    shared = [k for k, ps in data.groups.items() if len(ps) > 1]
    found = [
        Finding(
            "overlap",
            "overlap_total",
            {"n": len(shared), "pct": pct(len(shared), len(data.groups))},
        )
    ]
    pairs = sorted(
        ((data.pair(a, b), a, b) for a, b in itertools.combinations(PLATFORM_KEYS, 2)),
        reverse=True,
    )
    n, a, b = pairs[0]
    if n and (len(pairs) < 2 or n > pairs[1][0]):  # a tie for the most is no finding
        found.append(Finding("overlap", "overlap_pair", {"platform": a, "platform_b": b, "n": n}))
    if shared:
        widest = max(len(data.groups[k]) for k in shared)
        key = min((k for k in shared if len(data.groups[k]) == widest), key=lambda k: data.names[k])
        title, year = data.names[key]
        found.append(
            Finding("overlap", "overlap_example", {"title": title, "year": year, "n": widest})
        )
    return tuple(found)


CHARTS = (
    ChartSpec("genres", "catalog", True, load_genres, draw_genres, find_genres),
    ChartSpec("overlap", "works", False, load_overlap, draw_overlap, find_overlap),
)
