"""The short summary behind ``/stats``: key numbers per platform, and one chart.

The numbers are the charts' own findings (and ``get_count_platform``), so the summary, the
charts and the analytics queries never disagree.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from core.eda.registry import ChartCache, ChartImage, chart, findings
from core.eda.style import platforms_of
from core.inputs import parse_platform
from core.queries import get_count_platform
from core.queries.support import requires_support


@dataclass(frozen=True, slots=True)
class PlatformStats:
    platform: str
    titles: int
    movies: int
    shows: int
    median_minutes: int | None
    """Median length of the platform's movies (titles measured in minutes)."""
    single_season_pct: float | None
    top_genre: str | None
    """A genre family key (``core.eda.vocab``)."""
    top_genre_pct: float | None
    adult_pct: float | None
    rated_titles: int
    mean_score: float | None
    ratings: int
    """Rating events on the platform's titles (dataset and chat)."""


@dataclass(frozen=True, slots=True)
class Stats:
    platform: str | None
    platforms: tuple[PlatformStats, ...]
    chart: ChartImage


def _param(found, code: str, platform: str, name: str):
    for f in found:
        if f.code == code and f.platform == platform:
            return f.params[name]
    return None


@requires_support
def stats(
    conn: sqlite3.Connection,
    platform: str | None = None,
    lang: str = "en",
    *,
    cache: ChartCache | None = None,
) -> Stats:
    """Key numbers for ``platform`` (None: each platform), with its chart: the movie/show mix
    of every platform, or a platform's top genres. ``cache`` keeps the charts' work."""
    cache = cache or ChartCache()
    key = None if platform is None else parse_platform(platform)
    counts = {c.platform: c for c in get_count_platform(conn)}
    rated = {
        p: (n, mean, total)
        for p, n, mean, total in conn.execute(
            "SELECT platform, count(score), avg(score), sum(rating_count) FROM q_titles "
            "GROUP BY platform"
        )
    }
    found = {
        name: findings(conn, name, key, cache=cache)
        for name in ("durations", "seasons", "genres", "maturity")
    }
    rows = []
    for p in platforms_of(key):
        n, mean, total = rated.get(p, (0, None, 0))
        rows.append(
            PlatformStats(
                platform=p,
                titles=counts[p].total,
                movies=counts[p].movies,
                shows=counts[p].shows,
                median_minutes=_param(found["durations"], "duration_median", p, "minutes"),
                single_season_pct=_param(found["seasons"], "seasons_single", p, "pct"),
                top_genre=_param(found["genres"], "genre_top", p, "genre"),
                top_genre_pct=_param(found["genres"], "genre_top", p, "pct"),
                adult_pct=_param(found["maturity"], "maturity_adult", p, "pct"),
                rated_titles=int(n or 0),
                mean_score=None if mean is None else round(float(mean), 2),
                ratings=int(total or 0),
            )
        )
    image = (
        chart(conn, "mix", None, lang, cache=cache)
        if key is None
        else chart(conn, "genres", key, lang, cache=cache)
    )
    return Stats(key, tuple(rows), image)
