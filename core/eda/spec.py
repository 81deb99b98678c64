"""What a chart is: how to load its data, draw it, and find what it shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from matplotlib.figure import Figure

from core.eda.finding import Finding

Uses = Literal["catalog", "scores", "ratings", "works"]
"""What the chart reads, hence what invalidates it: the catalog (the q_* build), title scores
(the catalog and every rating), the rating aggregates (the eda_* tables), or the works across
platforms (the w_* tables of ``core.where``)."""


@dataclass(frozen=True, slots=True)
class ChartSpec:
    name: str
    uses: Uses
    per_platform: bool
    """Whether ``/chart <name> <platform>`` makes sense (comparisons of all platforms do not)."""
    load: Callable[[sqlite3.Connection], Any]
    """Reads everything the chart needs, for every platform; cached per data version."""
    draw: Callable[[Figure, Any, str | None, str], str | None]
    """``(figure, data, platform, lang)`` -> an optional note for under the plot."""
    find: Callable[[Any, str | None], tuple[Finding, ...]]
    """``(data, platform)`` -> the findings; ``platform=None`` covers every platform."""
