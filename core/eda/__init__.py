"""Exploratory analysis: charts as PNG bytes, and findings computed from the data.

Every function takes the ``sqlite3.Connection`` first and returns plain data:

- ``chart(conn, name, platform=None, lang="en", cache=None) -> ChartImage``: one chart (1280 x
  960 PNG, its words in English or Spanish) with its findings; kept in the caller's
  ``ChartCache`` per data version.
- ``findings(conn, name, platform=None) -> tuple[Finding, ...]``: what a chart shows, as
  sentences with their numbers (``code`` + ``params`` for any language, ``text`` in English).
- ``stats(conn, platform=None, lang="en") -> Stats``: key numbers and one chart.
- ``ensure_eda_support(conn)``: builds the small ``eda_*`` aggregates of the ratings that the
  rating charts read; every load refreshes them (``core.refresh``; idempotent, cheap when
  nothing changed).

``CHART_NAMES`` lists the charts. A wrong chart name raises ``UnknownChart`` (an
``InvalidInput``, code ``unknown_chart``); a platform given to a chart that compares every
platform raises ``InvalidInput`` with code ``chart_no_platform``. Rendering uses matplotlib's
Agg backend on ``Figure`` objects (no pyplot), one render at a time (see ``core.eda.style``).
See docs/eda.md.

Importing ``core.eda`` loads only the aggregates' module: matplotlib and the charts load on
first use of a chart name below, so the ETL can call ``ensure_eda_support`` without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from core.eda.support import (
    EDA_SUPPORT_VERSION,
    EdaSupportMissing,
    drop_eda_support,
    ensure_eda_support,
)

if TYPE_CHECKING:
    from core.eda.cache import ChartCache
    from core.eda.finding import DIGITS, TEMPLATES, Finding
    from core.eda.labels import genre_name, maturity_name
    from core.eda.registry import (
        CHART_NAMES,
        ChartImage,
        UnknownChart,
        chart,
        findings,
        parse_chart,
    )
    from core.eda.style import HEIGHT_PX, WIDTH_PX
    from core.eda.summary import PlatformStats, Stats, stats

_LAZY = {
    **dict.fromkeys(("DIGITS", "TEMPLATES", "Finding"), "core.eda.finding"),
    **dict.fromkeys(("genre_name", "maturity_name"), "core.eda.labels"),
    **dict.fromkeys(
        (
            "CHART_NAMES",
            "ChartImage",
            "UnknownChart",
            "chart",
            "findings",
            "parse_chart",
        ),
        "core.eda.registry",
    ),
    **dict.fromkeys(("PlatformStats", "Stats", "stats"), "core.eda.summary"),
    "ChartCache": "core.eda.cache",
    **dict.fromkeys(("HEIGHT_PX", "WIDTH_PX"), "core.eda.style"),
}


def __getattr__(name: str) -> object:
    """The chart API, imported on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'core.eda' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "CHART_NAMES",
    "DIGITS",
    "EDA_SUPPORT_VERSION",
    "HEIGHT_PX",
    "TEMPLATES",
    "WIDTH_PX",
    "ChartCache",
    "ChartImage",
    "EdaSupportMissing",
    "Finding",
    "PlatformStats",
    "Stats",
    "UnknownChart",
    "chart",
    "drop_eda_support",
    "ensure_eda_support",
    "findings",
    "genre_name",
    "maturity_name",
    "parse_chart",
    "stats",
]
