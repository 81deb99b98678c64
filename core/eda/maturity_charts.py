"""The maturity-rating mix: four rating systems folded into age buckets (``core.eda.vocab``)."""

from __future__ import annotations

import sqlite3

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from core.eda.finding import Finding, pct
from core.eda.labels import label, maturity_name
from core.eda.spec import ChartSpec
from core.eda.style import legend_above, no_data, platform_name, platforms_of, thousands
from core.eda.vocab import MATURITY_BUCKETS, maturity_bucket
from core.platforms import PLATFORM_KEYS
from core.significance import leader, share_of

BUCKET_COLORS = {
    "all": "#2E7D32",
    "kids": "#8BC34A",
    "pg": "#FFD54F",
    "teen": "#FB8C00",
    "16": "#E64A19",
    "adult": "#B71C1C",
    "unrated": "#BDBDBD",
}


def load_maturity(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """platform -> stored maturity label -> titles."""
    counts: dict[str, dict[str, int]] = {k: {} for k in PLATFORM_KEYS}
    for platform, rating, n in conn.execute(
        "SELECT platform, coalesce(rating, ''), count(*) FROM titles GROUP BY 1, 2"
    ):
        counts.setdefault(platform, {})[rating] = n
    return counts


def _buckets(labels: dict[str, int]) -> dict[str, int]:
    out = dict.fromkeys(MATURITY_BUCKETS, 0)
    for rating, n in labels.items():
        out[maturity_bucket(rating)] += n
    return out


def draw_maturity(fig: Figure, data: dict[str, dict[str, int]], platform: str | None, lang: str):
    ax = fig.add_subplot()
    if platform is not None:
        return _draw_maturity_labels(ax, data.get(platform, {}), platform, lang)
    keys = [k for k in PLATFORM_KEYS if data.get(k)][::-1]
    if not keys:
        no_data(ax, lang)
        return None
    used = [b for b in MATURITY_BUCKETS if any(_buckets(data[k])[b] for k in keys)]
    for i, key in enumerate(keys):
        buckets = _buckets(data[key])
        total = sum(buckets.values())
        left = 0.0
        for bucket in used:
            share = 100 * buckets[bucket] / total
            ax.barh(i, share, left=left, color=BUCKET_COLORS[bucket], height=0.62)
            if share >= 7:
                ink = "white" if bucket in ("all", "16", "adult") else "#111111"
                ax.text(
                    left + share / 2,
                    i,
                    f"{share:.0f}%",
                    ha="center",
                    va="center",
                    color=ink,
                    fontsize=11,
                )
            left += share
    ax.set_yticks(range(len(keys)), [platform_name(k) for k in keys])
    ax.set_xlim(0, 100)
    ax.set_xlabel(label(lang, "axis.share_titles"))
    ax.grid(axis="y", visible=False)
    legend_above(
        ax,
        [Patch(color=BUCKET_COLORS[b]) for b in used],
        [maturity_name(b, lang) for b in used],
        ncols=3,
        fontsize=11,
        handlelength=1.0,
        columnspacing=0.8,
    )
    return label(lang, "note.maturity_missing")


def _draw_maturity_labels(ax, labels: dict[str, int], platform: str, lang: str):
    top = sorted(labels.items(), key=lambda item: (-item[1], item[0]))[:12][::-1]
    if not top:
        no_data(ax, lang)
        return None
    ax.barh(
        range(len(top)),
        [n for _, n in top],
        color=[BUCKET_COLORS[maturity_bucket(r)] for r, _ in top],
        height=0.7,
    )
    ax.set_yticks(range(len(top)), [(r or "?").upper() for r, _ in top])
    ax.set_xlabel(label(lang, "axis.titles"))
    ax.xaxis.set_major_formatter(thousands(lang))
    ax.grid(axis="y", visible=False)
    used = list(dict.fromkeys(maturity_bucket(r) for r, _ in top[::-1]))
    ax.legend(
        handles=[Patch(color=BUCKET_COLORS[b], label=maturity_name(b, lang)) for b in used],
        loc="lower right",
        fontsize=11,
    )
    return label(lang, "note.maturity_missing")


def find_maturity(data: dict[str, dict[str, int]], platform: str | None) -> tuple[Finding, ...]:
    shares, adult = {}, {}
    for key in platforms_of(platform):
        buckets = _buckets(data.get(key, {}))
        total = sum(buckets.values())
        if total:
            shares[key] = pct(buckets["adult"], total)
            adult[key] = share_of(buckets["adult"], total)
    found = [
        Finding("maturity", "maturity_adult", {"platform": k, "pct": v}, k)
        for k, v in shares.items()
    ]
    if platform is None:
        # The largest and the smallest adult share, each only when it stands apart from the
        # next one beyond chance (core.significance).
        for code, highest in (("maturity_most_adult", True), ("maturity_least_adult", False)):
            key = leader(adult, highest=highest)
            if key is not None:
                found.append(Finding("maturity", code, {"platform": key, "pct": shares[key]}))
    return tuple(found)


CHARTS = (ChartSpec("maturity", "catalog", True, load_maturity, draw_maturity, find_maturity),)
