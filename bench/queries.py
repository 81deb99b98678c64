"""Query benchmark: latency of every catalog query, and its speed-up over the naive way.

Usage: ``python bench/queries.py [--scale full|demo] [--n 2000] [--naive-n 200]``

Generates the dataset once into ``bench/out/<scale>`` (shared with ``bench/etl.py``) and loads
it into ``bench/out/queries-<scale>.db``. Then, for each query, times ``--n`` calls on seeded
random arguments (p50, p99), and times the naive way on the same arguments: the way the original
API answered, by filtering polars frames of the whole catalog (already in memory) on every
request. Prints one table. Targets (issue 3): p99 <= 1 ms per query (search has its own, looser
target), and >= 20x faster than the naive way.
"""

from __future__ import annotations

import argparse
import functools
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
from etl import ensure_database
from rapidfuzz import fuzz, process
from timing import timed

from core import queries
from core.db import connect
from core.platforms import PLATFORM_KEYS

REPO = Path(__file__).resolve().parents[1]

P99_TARGET_MS = 1.0
SEARCH_P99_TARGET_MS = 10.0
RATIO_TARGET = 20.0


# --- the naive way: polars frames of the whole catalog, filtered per request ----------------


class Naive:
    """What the original API did: the catalog in data frames, filtered on every request.

    Loading is not timed (the original loaded at start-up too); scores are pre-joined, which is
    the naive way's best case.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        def frame(sql: str) -> pl.DataFrame:
            cur = conn.execute(sql)
            names = [d[0] for d in cur.description]
            return pl.DataFrame(
                cur.fetchall(), schema=names, orient="row", infer_schema_length=None
            )

        self.titles = frame(
            "SELECT t.*, s.score, coalesce(s.rating_count, 0) AS rating_count "
            "FROM titles t LEFT JOIN title_scores s ON s.title_id = t.id"
        )
        self.cast = frame("SELECT title_id, position, name FROM title_cast")
        self.directors = frame("SELECT title_id, position, name FROM title_directors")
        self.genres = frame("SELECT title_id, position, genre FROM title_genres")
        self.names = self.titles["title"].to_list()

    def max_duration(self, year, platform, unit):
        f = self.titles.filter(pl.col("duration_type") == unit)
        if year is not None:
            f = f.filter(pl.col("release_year") == year)
        if platform is not None:
            f = f.filter(pl.col("platform") == platform)
        return f.filter(pl.col("duration_int") == pl.col("duration_int").max()).sort("title")

    def score_count(self, platform, scored, year):
        f = self.titles.filter(
            (pl.col("platform") == platform)
            & (pl.col("release_year") == year)
            & (pl.col("score") > scored)
        )
        return f.group_by("type").len()

    def count_platform(self, platform):
        f = self.titles if platform is None else self.titles.filter(pl.col("platform") == platform)
        return f.group_by("platform", "type").len()

    def actor(self, platform, year):
        f = self.titles.filter((pl.col("platform") == platform) & (pl.col("release_year") == year))
        names = (
            f.select(pl.col("cast").str.split(","))
            .explode("cast")
            .select(pl.col("cast").str.strip_chars())
            .filter(pl.col("cast").is_not_null() & (pl.col("cast") != ""))
        )
        counts = names.group_by("cast").len()
        return counts.filter(pl.col("len") == pl.col("len").max()).sort("cast")

    def word_count(self, platform, word):
        f = self.titles.filter(
            (pl.col("platform") == platform) & pl.col("title").str.contains(rf"\b{word}\b")
        )
        return f.group_by("type").len()

    def top_rated(self, platform, year, kind, min_count, limit):
        rated = self.titles.filter(pl.col("score").is_not_null())
        if min_count is None:  # the data's own minimum (docs/queries.md), from the whole frame
            typical = rated["rating_count"].sort()[(rated.height - 1) // 2]
            min_count = 30 if typical >= 30 else max(10, typical)
        f = rated.filter(pl.col("rating_count") >= min_count)
        for col, value in (("platform", platform), ("release_year", year), ("type", kind)):
            if value is not None:
                f = f.filter(pl.col(col) == value)
        return f.sort(["score", "rating_count", "id"], descending=[True, True, False]).head(limit)

    def title(self, title_id):
        row = self.titles.filter(pl.col("id") == title_id)
        lists = [
            frame.filter(pl.col("title_id") == title_id).sort("position")
            for frame in (self.cast, self.directors, self.genres)
        ]
        return row, lists

    def search(self, text, limit):
        return process.extract(text, self.names, scorer=fuzz.WRatio, limit=limit)


# --- random arguments ------------------------------------------------------------------------


def _typo(rng: random.Random, text: str) -> str:
    """Drop, double or swap one character, as people do."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def make_cases(conn: sqlite3.Connection, n: int, seed: int) -> dict[str, list[tuple]]:
    """``n`` seeded argument tuples per query, drawn like real requests (mostly years with data)."""
    rng = random.Random(seed)
    rows = conn.execute("SELECT id, platform, release_year, title FROM titles").fetchall()
    years = [r[2] for r in rows]
    by_platform: dict[str, list[tuple]] = {k: [r for r in rows if r[1] == k] for k in PLATFORM_KEYS}
    low, high = min(years), max(years)

    def year() -> int:
        return rng.choice(years) if rng.random() < 0.9 else rng.randint(low, high)

    def maybe(value, p=0.5):
        return value if rng.random() < p else None

    def word(platform: str) -> str:
        for _ in range(20):
            found = [w for w in queries_words(rng.choice(by_platform[platform])[3]) if len(w) > 2]
            if found:
                return rng.choice(found)
        return "love"

    def search_text() -> str:
        text = rng.choice(rows)[3]
        if rng.random() < 0.3:
            text = " ".join(text.split()[: rng.randint(1, 2)])
        return _typo(rng, text) if rng.random() < 0.6 else text

    platforms = list(PLATFORM_KEYS)
    return {
        "get_max_duration": [
            (maybe(year(), 0.8), maybe(rng.choice(platforms), 0.8), rng.choice(["min", "season"]))
            for _ in range(n)
        ],
        "get_score_count": [
            (rng.choice(platforms), round(rng.uniform(0, 5), 2), year()) for _ in range(n)
        ],
        "get_count_platform": [(maybe(rng.choice(platforms), 0.8),) for _ in range(n)],
        "get_actor": [(rng.choice(platforms), year()) for _ in range(n)],
        "get_word_count": [(p, word(p)) for p in (rng.choice(platforms) for _ in range(n))],
        "top_rated": [
            (
                maybe(rng.choice(platforms)),
                maybe(year()),
                maybe(rng.choice(["movie", "tv show"])),
                rng.choice([None, 1, 10, 30, 100]),  # None: the data's minimum
                rng.choice([5, 10, 20]),
            )
            for _ in range(n)
        ],
        "title": [(rng.choice(rows)[0],) for _ in range(n)],
        "search": [(search_text(), 10) for _ in range(n)],
    }


def queries_words(text: str) -> list[str]:
    from core.text import words

    return list(words(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="full", choices=("demo", "full"))
    parser.add_argument("--n", type=int, default=2000, help="calls per query")
    parser.add_argument("--naive-n", type=int, default=200, help="naive calls per query")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    conn = connect(ensure_database(args.scale, "queries"), readonly=True)
    (titles,) = conn.execute("SELECT count(*) FROM titles").fetchone()
    (ratings,) = conn.execute("SELECT coalesce(sum(rating_count), 0) FROM title_scores").fetchone()
    naive = Naive(conn)
    cache = queries.SearchCache()  # the bot's Services own one the same way
    started = time.perf_counter()
    queries.search(conn, "warm up the index", cache=cache)
    index_ms = (time.perf_counter() - started) * 1e3

    ours: dict[str, Callable[..., object]] = {
        name: getattr(queries, name) for name in make_cases(conn, 1, args.seed)
    }
    for name in ("search", "title"):
        ours[name] = functools.partial(getattr(queries, name), cache=cache)
    naive_calls: dict[str, Callable[..., object]] = {
        "get_max_duration": naive.max_duration,
        "get_score_count": naive.score_count,
        "get_count_platform": naive.count_platform,
        "get_actor": naive.actor,
        "get_word_count": naive.word_count,
        "top_rated": naive.top_rated,
        "title": naive.title,
        "search": naive.search,
    }
    cases = make_cases(conn, args.n, args.seed)
    print(f"\ndataset {args.scale}: {titles:,} titles, {ratings:,} ratings; "
          f"{args.n:,} calls per query (naive: {args.naive_n:,}); search index built in "
          f"{index_ms:.0f} ms (first search only)\n")  # fmt: skip
    header = f"{'query':20} {'p50 ms':>8} {'p99 ms':>8} {'naive p50':>10} {'naive p99':>10} "
    print(header + f"{'speed-up':>9}  targets")
    for name, call in ours.items():
        timed(lambda *a, call=call: call(conn, *a), cases[name][:50])  # warm caches
        mine = timed(lambda *a, call=call: call(conn, *a), cases[name])
        slow = timed(naive_calls[name], cases[name][: args.naive_n])
        p50, p99 = np.percentile(mine, [50, 99])
        n50, n99 = np.percentile(slow, [50, 99])
        ratio = n50 / p50
        limit = SEARCH_P99_TARGET_MS if name == "search" else P99_TARGET_MS
        verdict = ("ok" if p99 <= limit else f"p99>{limit:g}ms") + (
            "" if ratio >= RATIO_TARGET else f", <{RATIO_TARGET:g}x"
        )
        print(f"{name:20} {p50:8.3f} {p99:8.3f} {n50:10.3f} {n99:10.3f} {ratio:8.0f}x  {verdict}")


if __name__ == "__main__":
    main()
