"""The catalog questions: longest title, scores above a bar, counts, top actor, word count,
best rated.

Each function takes the connection first, validates its arguments with ``core.inputs`` (so any
spelling a user may type is accepted, and a wrong one raises ``InvalidInput``), and reads the
derived ``q_*`` tables of ``core.queries.support`` with one or two indexed statements. Filters
are added as fixed SQL fragments; the values are always bound parameters.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import overload

from core.derived import read_meta
from core.errors import QuerySupportMissing
from core.inputs import (
    parse_duration_type,
    parse_limit,
    parse_min_count,
    parse_platform,
    parse_score,
    parse_title_type,
    parse_word,
    parse_year,
    year_bounds,
)
from core.platforms import PLATFORM_KEYS
from core.queries.results import (
    DurationTitle,
    Freshness,
    MaxDuration,
    PlatformCount,
    RatedTitle,
    RatingBar,
    ScoreCount,
    TopActor,
    TopRated,
    WordCount,
)
from core.queries.support import MISSING, requires_support

DEFAULT_MIN_COUNT = 30
"""Fewest ratings a title needs to be ranked by score, wherever the data allows. Ratings run
0.5-5 with a spread of about one star, so the mean of 30 is within ~0.2 stars of the title's
true mean: enough that a handful of fans cannot put a title on top. At full scale every title of
the real catalogs has 399 or more, so this is the minimum that applies (``rating_bar``)."""

MIN_COUNT_FLOOR = 10
"""The lowest ``rating_bar`` goes on small data: a mean of 10 ratings is within ~0.3 stars, and
fewer than ten fans still cannot put a title on top."""


_BOUNDS = "(SELECT min(release_year) FROM titles), (SELECT max(release_year) FROM titles)"
"""The catalog's year range as two more result columns: asking for it in the same statement as
the answer saves a round trip, a fifth of a score count's time."""


def _year(conn: sqlite3.Connection, year: int | str | None) -> int | None:
    return None if year is None else parse_year(year, year_bounds(conn))


def _in_range(year: int | str, low: int | None, high: int | None) -> None:
    """Raise ``year_out_of_range`` when the bounds fetched with an answer exclude ``year``."""
    parse_year(year, None if low is None else (low, high))


def _where(**filters: object) -> tuple[str, list[object]]:
    """``col = ?`` for every filter that is not None; the names are ours, never user text."""
    given = {col: value for col, value in filters.items() if value is not None}
    return " AND ".join(f"{col} = ?" for col in given) or "1", list(given.values())


@requires_support
def get_max_duration(
    conn: sqlite3.Connection,
    year: int | str | None = None,
    platform: str | None = None,
    duration_type: str | None = None,
) -> MaxDuration:
    """The longest title matching every filter given; all of them, by title, when tied.

    ``duration_type`` is the unit compared: ``min`` (the default) ranks movies by minutes and
    ``season`` ranks shows by seasons. The unit, not the ``type`` label, decides: 62 Hulu rows
    labelled "movie" are measured in seasons, and they compete with the shows.
    """
    unit = parse_duration_type(duration_type)
    key = None if platform is None else parse_platform(platform)
    when = _year(conn, year)
    where, params = _where(duration_type=unit, platform=key, release_year=when)
    rows = conn.execute(
        f"SELECT id, display_title, platform, release_year, duration_int FROM q_titles "
        f"WHERE {where} AND duration_int = "
        f"(SELECT max(duration_int) FROM q_titles WHERE {where}) ORDER BY title, id",
        params + params,
    ).fetchall()
    return MaxDuration(
        year=when,
        platform=key,
        duration_type=unit,
        duration=rows[0][4] if rows else None,
        titles=tuple(DurationTitle(*row) for row in rows),
    )


@requires_support
def get_score_count(
    conn: sqlite3.Connection, platform: str, scored: float | str, year: int | str
) -> ScoreCount:
    """Titles of ``platform`` from ``year`` whose score (mean of all their ratings) is strictly
    above ``scored``. Titles without ratings have no score and are never counted."""
    key = parse_platform(platform)
    bar = parse_score(scored)
    when = parse_year(year, None)
    count = (
        "SELECT count(*) FROM q_titles WHERE platform = ? AND release_year = ? AND type = ? "
        "AND score > ?"
    )
    movies, shows, low, high = conn.execute(
        f"SELECT ({count}), ({count}), {_BOUNDS}",
        (key, when, "movie", bar, key, when, "tv show", bar),
    ).fetchone()
    _in_range(year, low, high)
    return ScoreCount(platform=key, year=when, scored=bar, movies=movies, shows=shows)


@overload
def get_count_platform(
    conn: sqlite3.Connection, platform: None = None
) -> tuple[PlatformCount, ...]:
    pass


@overload
def get_count_platform(conn: sqlite3.Connection, platform: str) -> PlatformCount:
    pass


@requires_support
def get_count_platform(
    conn: sqlite3.Connection, platform: str | None = None
) -> PlatformCount | tuple[PlatformCount, ...]:
    """The number of titles on ``platform``, as movies and shows; with no platform, one count
    per platform in ``PLATFORM_KEYS`` order (a platform without titles counts zero)."""
    key = None if platform is None else parse_platform(platform)
    where, params = _where(platform=key)
    found = {
        row[0]: PlatformCount(*row)
        for row in conn.execute(
            f"SELECT platform, movies, shows FROM q_platform_counts WHERE {where}", params
        )
    }
    counts = tuple(found.get(k, PlatformCount(k, 0, 0)) for k in PLATFORM_KEYS)
    return counts if key is None else counts[PLATFORM_KEYS.index(key)]


@requires_support
def get_actor(conn: sqlite3.Connection, platform: str, year: int | str) -> TopActor:
    """The cast members in the most titles of ``platform`` released in ``year``.

    A name counts once per title. When no title of that platform and year lists a cast (Hulu's
    catalog has none), the answer says so with ``has_cast_data=False`` rather than failing.
    """
    key = parse_platform(platform)
    when = parse_year(year, None)
    stat = "FROM q_stats WHERE platform = ? AND release_year = ?"
    titles, cast_titles, low, high = conn.execute(
        f"SELECT coalesce((SELECT titles {stat}), 0), coalesce((SELECT cast_titles {stat}), 0), "
        f"{_BOUNDS}",
        (key, when, key, when),
    ).fetchone()
    _in_range(year, low, high)
    rows = conn.execute(
        "SELECT name, n, display_name FROM q_actor_top WHERE platform = ? AND release_year = ? "
        "ORDER BY name",
        (key, when),
    ).fetchall()
    return TopActor(
        platform=key,
        year=when,
        names=tuple(row[0] for row in rows),
        display_names=tuple(row[2] or row[0] for row in rows),
        appearances=rows[0][1] if rows else 0,
        titles=titles,
        has_cast_data=cast_titles > 0,
    )


@requires_support
def get_word_count(conn: sqlite3.Connection, platform: str, word: str) -> WordCount:
    """Titles of ``platform`` with ``word`` in their title as a whole word.

    Case and accents are ignored, and any character that is not a letter or digit separates
    words, so "love" matches "Love, Actually" and "Love's Labour's Lost" but not "Lovely"; a
    word that splits in several ("spider-man") is matched as that phrase. See ``core.text``.
    """
    key = parse_platform(platform)
    tokens = parse_word(word)
    if len(tokens) == 1:
        row = conn.execute(
            "SELECT movies, movies + shows FROM q_word_counts WHERE word = ? AND platform = ?",
            (tokens[0], key),
        ).fetchone()
        movies, total = row or (0, 0)
    else:
        # Candidates are the titles with the longest (so usually rarest) word of the phrase;
        # the phrase check runs on the space-joined words, padded so it matches whole words.
        movies, total = conn.execute(
            "SELECT coalesce(sum(t.type = 'movie'), 0), count(*) FROM q_title_words w "
            "JOIN q_titles t ON t.id = w.title_id WHERE w.word = ? AND w.platform = ? "
            "AND instr(' ' || t.words || ' ', ?) > 0",
            (max(tokens, key=len), key, f" {' '.join(tokens)} "),
        ).fetchone()
    return WordCount(platform=key, word=" ".join(tokens), movies=movies, shows=total - movies)


@requires_support
def rating_bar(conn: sqlite3.Connection, min_count: int | str | None = None) -> RatingBar:
    """The fewest ratings a title needs to be ranked by score: ``min_count`` when the caller
    gives one, else ``DEFAULT_MIN_COUNT`` (30), lowered to the median ratings per rated title
    when that is smaller, never below ``MIN_COUNT_FLOOR`` (10).

    Why relative: demo-scale ratings give each title about 12, so a fixed 30 ranks nothing on a
    fresh install; the median keeps at least half of the rated titles in the ranking at any
    scale, and at full scale (399 or more per title) the 30 applies unchanged. The answer says
    which rule set it (``RatingBar.typical``). Reads at most 30 rows of ``q_rating_counts``.
    """
    if min_count is not None:
        return RatingBar(parse_min_count(min_count))
    row = conn.execute("SELECT value FROM q_meta WHERE key = 'rankable'").fetchone()
    below = dict(
        conn.execute(
            "SELECT rating_count, titles FROM q_rating_counts WHERE rating_count < ?",
            (DEFAULT_MIN_COUNT,),
        ).fetchall()
    )
    rated = (int(row[0]) if row else 0) - below.pop(0, 0)
    seen = 0
    for count in sorted(below):  # the lower median: at least half the rated have this many
        seen += below[count]
        if 2 * seen >= rated:
            return RatingBar(max(MIN_COUNT_FLOOR, count), typical=count)
    return RatingBar(DEFAULT_MIN_COUNT)


@requires_support
def top_rated(
    conn: sqlite3.Connection,
    platform: str | None = None,
    year: int | str | None = None,
    type: str | None = None,
    min_count: int | str | None = None,
    limit: int | str = 10,
) -> TopRated:
    """The best-scored titles matching the filters, best first.

    Only titles with at least ``min_count`` ratings are ranked; by default the data's own
    minimum (``rating_bar``: 30, or fewer on small data). Ties on score go to the title with
    more ratings, then to the smaller id, so the order is stable.
    """
    key = None if platform is None else parse_platform(platform)
    when = _year(conn, year)
    kind = parse_title_type(type)
    bar = rating_bar(conn, min_count)
    n = parse_limit(limit)
    where, params = _where(platform=key, release_year=when, type=kind)
    rows = conn.execute(
        "SELECT id, display_title, platform, release_year, type, score, rating_count "
        f"FROM q_titles WHERE {where} AND score IS NOT NULL AND rating_count >= ? "
        "AND NOT quarantined "
        "ORDER BY score DESC, rating_count DESC, id LIMIT ?",
        [*params, bar.min_count, n],
    ).fetchall()
    return TopRated(
        platform=key,
        year=when,
        type=kind,
        bar=bar,
        titles=tuple(RatedTitle(*row) for row in rows),
    )


def freshness(conn: sqlite3.Connection) -> Freshness:
    """The number of titles and the newest title, release and dataset rating (see
    ``Freshness``): two small reads, from ``q_meta`` and the charts' daily rating aggregates
    (``core.eda.support``), never a scan of the catalog or the ratings."""
    meta = read_meta(conn, "q_meta")
    if "titles" not in meta:
        raise QuerySupportMissing(MISSING)
    try:
        (day,) = conn.execute("SELECT max(day) FROM eda_day_counts WHERE source = 0").fetchone()
    except sqlite3.OperationalError:  # the aggregates were never built
        day = None
    rated = None if day is None else datetime.fromtimestamp(day * 86400, UTC).date().isoformat()
    (ratings,) = conn.execute("SELECT coalesce(sum(rating_count), 0) FROM title_scores").fetchone()
    release = meta.get("last_release")
    return Freshness(
        titles=int(meta["titles"]),
        ratings=int(ratings),
        last_added=meta.get("last_added"),
        last_release=int(release) if release else None,
        last_rating=rated,
    )
