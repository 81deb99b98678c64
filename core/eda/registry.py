"""Every chart by name, and the cached entry points: ``chart``, ``findings``, ``stats``.

Caching: a chart is a pure function of its data version, so images, findings and loaded data
are kept in a ``ChartCache`` (bounded LRUs keyed by chart, platform, language and version) that
its owner passes in: the bot's ``Services`` owns one, so a test or a second database never sees
another's entries. Without a cache every call computes afresh. The version depends on what the
chart reads (``ChartSpec.uses``):

- ``catalog``: the q_* build token (``core.queries.support.support_token``);
- ``scores``: that token plus the ratings version (``support.ratings_version``), so any new,
  changed or deleted rating invalidates the score charts (and only them);
- ``ratings``: that token plus the eda_* token (``support.eda_token``);
- ``works``: that token plus the w_* build token (the works of ``core.where``).

Checking the version costs three or four index reads, so a repeat request costs well under a
millisecond; a new data version simply misses, and old entries age out of the LRU.
"""

from __future__ import annotations

import difflib
import sqlite3
from dataclasses import dataclass
from typing import Any

from core.derived import read_token
from core.eda import (
    catalog_charts,
    compare_charts,
    genre_score_charts,
    length_charts,
    maturity_charts,
    rating_charts,
    score_charts,
)
from core.eda.cache import ChartCache
from core.eda.finding import Finding
from core.eda.spec import ChartSpec
from core.eda.style import render
from core.eda.support import eda_token, ratings_version
from core.errors import InvalidInput
from core.inputs import parse_platform
from core.languages import supported
from core.queries.support import requires_support, support_token
from core.where.support import MISSING as NO_WORKS
from core.where.support import WhereSupportMissing

_ORDER = (
    "added",
    "release",
    "mix",
    "maturity",
    "durations",
    "seasons",
    "genres",
    "overlap",
    "scores",
    "score_year",
    "score_duration",
    "score_genre",
    "correlations",
    "users",
    "activity",
)
_SPECS = {
    spec.name: spec
    for module in (
        catalog_charts,
        maturity_charts,
        length_charts,
        compare_charts,
        score_charts,
        genre_score_charts,
        rating_charts,
    )
    for spec in module.CHARTS
}
if set(_SPECS) != set(_ORDER):
    raise RuntimeError(f"charts and their order differ: {sorted(set(_SPECS) ^ set(_ORDER))}")
CHARTS: dict[str, ChartSpec] = {name: _SPECS[name] for name in _ORDER}
"""Every chart, in the order the chart list shows them."""
CHART_NAMES: tuple[str, ...] = tuple(CHARTS)


class UnknownChart(InvalidInput):
    """No chart has this name; ``params["suggestion"]`` is the closest name."""


@dataclass(frozen=True, slots=True)
class ChartImage:
    """A rendered chart and the findings about what it shows."""

    name: str
    platform: str | None
    lang: str
    png: bytes
    findings: tuple[Finding, ...]


def parse_chart(name: str) -> ChartSpec:
    """The chart called ``name`` (any case; ``score-year`` is ``score_year``); else
    ``UnknownChart``."""
    key = name.strip().lower().replace("-", "_")
    if key in CHARTS:
        return CHARTS[key]
    closest = difflib.get_close_matches(key, CHART_NAMES, n=1, cutoff=0.0)[0]
    raise UnknownChart(
        f"There is no chart called '{name[:40]}' (the closest is '{closest}'). Charts: "
        f"{', '.join(CHART_NAMES)}.",
        code="unknown_chart",
        params={"given": name[:40], "suggestion": closest},
    )


def _platform(spec: ChartSpec, platform: str | None) -> str | None:
    if platform is None:
        return None
    key = parse_platform(platform)
    if not spec.per_platform:
        raise InvalidInput(
            f"The {spec.name} chart compares every platform: ask for it without one "
            f"(/chart {spec.name}).",
            code="chart_no_platform",
            params={"chart": spec.name},
        )
    return key


def _works_token(conn: sqlite3.Connection) -> str:
    token = read_token(conn, "w_meta")
    if token is None:
        raise WhereSupportMissing(NO_WORKS)
    return token


def data_version(conn: sqlite3.Connection, spec: ChartSpec) -> str:
    token = support_token(conn)
    if spec.uses == "scores":
        return f"{token}/{ratings_version(conn)}"
    if spec.uses == "ratings":
        return f"{token}/{eda_token(conn)}"
    if spec.uses == "works":
        return f"{token}/{_works_token(conn)}"
    return token


def _loaded(conn: sqlite3.Connection, spec: ChartSpec, version: str, cache: ChartCache) -> Any:
    name = f"{spec.load.__module__}.{spec.load.__qualname__}"
    return cache.data.get((name, version), lambda: spec.load(conn))


@requires_support
def findings(
    conn: sqlite3.Connection,
    name: str,
    platform: str | None = None,
    *,
    cache: ChartCache | None = None,
) -> tuple[Finding, ...]:
    """The findings of chart ``name`` about ``platform`` (None: every platform, and how they
    compare)."""
    spec = parse_chart(name)
    key = _platform(spec, platform)
    version = data_version(conn, spec)
    cache = cache or ChartCache()
    return cache.findings.get(
        (spec.name, key, version), lambda: spec.find(_loaded(conn, spec, version, cache), key)
    )


@requires_support
def chart(
    conn: sqlite3.Connection,
    name: str,
    platform: str | None = None,
    lang: str = "en",
    *,
    cache: ChartCache | None = None,
) -> ChartImage:
    """Chart ``name`` as a PNG (``style.WIDTH_PX`` x ``style.HEIGHT_PX``), drawn with ``lang``'s
    words (English for a language it does not speak), with its findings. Cached in ``cache``
    per data version."""
    spec = parse_chart(name)
    key = _platform(spec, platform)
    lang = supported(lang)
    version = data_version(conn, spec)
    cache = cache or ChartCache()

    def make() -> ChartImage:
        data = _loaded(conn, spec, version, cache)
        png = render(spec.name, key, lang, lambda fig: spec.draw(fig, data, key, lang))
        return ChartImage(spec.name, key, lang, png, findings(conn, spec.name, key, cache=cache))

    return cache.images.get((spec.name, key, lang, version), make)
