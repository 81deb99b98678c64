"""Where to watch: one work across the four catalogs, and how the catalogs compare.

Each catalog lists its titles separately, so one film has up to four ids (``ns…``, ``as…``,
``ds…``, ``hs…``). At ETL time ``ensure_where_support`` groups the titles into works
(``core.where.match`` explains the rules) and stores every decision with its evidence. Then:

- ``where(conn, text, limit=5) -> WhereResult``: the works best matching ``text`` (fuzzy, or
  by an alternative title: "money heist" finds "La casa de papel"), each with its titles:
  platform, id, year, type and duration.
- ``compare(conn, platform_a, platform_b, genres=None) -> Comparison``: works shared and unique
  to each, by type, and the genres where each platform leads (``genres``, a ``GenreCounts``,
  keeps their counts between calls); ``compare_chart(result, lang)`` draws it.
- ``what_adds(conn, have, candidate, limit=5) -> WhatAdds``: the works ``candidate`` would add
  to the platforms in ``have``, and the best-scored of them.
- ``coverage(conn) -> Coverage``: works on 1, 2, 3 and 4 platforms.
- ``explain(conn, title_id)``: the judged pairs of a title and their evidence;
  ``override_match(conn, a, b, same, note)`` fixes a wrong decision by hand.

Wrong arguments raise ``core.errors.InvalidInput`` (codes ``missing_argument``,
``bad_search_text``, ``where_stop_words``, ``unknown_platform``, ``where_same_platform``,
``where_candidate_in_have``). See docs/where.md.
"""

from core.where.chart import compare_chart
from core.where.queries import (
    STOP_WORDS,
    GenreCounts,
    compare,
    coverage,
    explain,
    what_adds,
    where,
)
from core.where.results import (
    AddedTitle,
    Comparison,
    Coverage,
    GenreLead,
    PairEvidence,
    TypeSplit,
    WhatAdds,
    WhereResult,
    WhereTitle,
    Work,
)
from core.where.support import (
    WHERE_SUPPORT_VERSION,
    WhereSupportMissing,
    drop_where_support,
    ensure_where_support,
    override_match,
)

__all__ = [
    "STOP_WORDS",
    "WHERE_SUPPORT_VERSION",
    "AddedTitle",
    "Comparison",
    "Coverage",
    "GenreCounts",
    "GenreLead",
    "PairEvidence",
    "TypeSplit",
    "WhatAdds",
    "WhereResult",
    "WhereSupportMissing",
    "WhereTitle",
    "Work",
    "compare",
    "compare_chart",
    "coverage",
    "drop_where_support",
    "ensure_where_support",
    "explain",
    "override_match",
    "what_adds",
    "where",
]
