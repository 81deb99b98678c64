"""Catalog analytics: pure functions over the database that return frozen dataclasses.

Every function takes the ``sqlite3.Connection`` first, accepts the spellings users type
(validated by ``core.inputs``; a wrong one raises ``core.errors.InvalidInput``), and reads the
derived ``q_*`` tables that ``ensure_query_support`` builds, so each answer is an index lookup.
The bot and the console only render the results.
"""

from core.queries.catalog import (
    DEFAULT_MIN_COUNT,
    MIN_COUNT_FLOOR,
    freshness,
    get_actor,
    get_count_platform,
    get_max_duration,
    get_score_count,
    get_word_count,
    rating_bar,
    top_rated,
)
from core.queries.results import (
    DurationTitle,
    Freshness,
    MaxDuration,
    PlatformCount,
    RatedTitle,
    RatingBar,
    ScoreCount,
    SearchHit,
    TitleCard,
    TopActor,
    TopRated,
    WordCount,
)
from core.queries.search import MIN_MATCH, SearchCache, search, title
from core.queries.support import QUERY_SUPPORT_VERSION, drop_query_support, ensure_query_support

__all__ = [
    "DEFAULT_MIN_COUNT",
    "MIN_COUNT_FLOOR",
    "MIN_MATCH",
    "QUERY_SUPPORT_VERSION",
    "DurationTitle",
    "Freshness",
    "MaxDuration",
    "PlatformCount",
    "RatedTitle",
    "RatingBar",
    "ScoreCount",
    "SearchCache",
    "SearchHit",
    "TitleCard",
    "TopActor",
    "TopRated",
    "WordCount",
    "drop_query_support",
    "ensure_query_support",
    "freshness",
    "get_actor",
    "get_count_platform",
    "get_max_duration",
    "get_score_count",
    "get_word_count",
    "rating_bar",
    "search",
    "title",
    "top_rated",
]
