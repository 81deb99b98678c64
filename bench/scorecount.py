"""Full-scale check: ``/scorecount`` on generated ratings answers as the original API did.

Usage: ``python bench/scorecount.py [--sets 20] [--keep]``

Generates full scale on the shipped real catalogs (115,077 people, 11,024,289 ratings; about
20 s, 1.5 GiB), loads it with the ETL, then asks ``get_score_count`` (what ``/scorecount``
calls) for ``--sets`` argument sets and compares each answer with one computed from the shipped
means file alone (``data/ratings-means``: a title counts when its original mean is above the
score), movies and shows separately, and every title's score in the database with its
shipped mean. The sets are seeded: platforms and years drawn from the
catalogs, scores around the means (3.5 included: 171 titles have exactly that mean, so ">"
against ">=" shows). Prints one line per set and a verdict; the database is kept in
``bench/out/scorecount/`` with ``--keep``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import polars as pl

from core.db import connect
from core.etl import run_etl
from core.platforms import PLATFORMS
from core.queries import get_score_count
from core.sample import read_means, write_sample
from core.shipped import TITLES, unpack

OUT = Path(__file__).resolve().parent / "out" / "scorecount"
SCORES = (3.3, 3.4, 3.45, 3.5, 3.52, 3.53, 3.55, 3.58, 3.6, 3.7)


def expected_from_means(titles: Path) -> pl.DataFrame:
    """Every title's platform, year, type and original mean: from the catalogs and the means
    file only, nothing generated."""
    parts = [
        pl.read_csv(
            titles / p.file_name, infer_schema=False, columns=["show_id", "type", "release_year"]
        ).select(
            (pl.lit(p.prefix) + pl.col("show_id")).alias("title_id"),
            pl.lit(p.key).alias("platform"),
            pl.col("type"),
            pl.col("release_year").cast(pl.Int32),
        )
        for p in PLATFORMS
    ]
    return pl.concat(parts).join(read_means(), on="title_id")


def argument_sets(reference: pl.DataFrame, n: int) -> list[tuple[str, float, int]]:
    """``n`` (platform, score, year) sets, seeded; years where the platform has titles."""
    rng = random.Random(0)
    sets = []
    for k in range(n):
        platform = PLATFORMS[k % len(PLATFORMS)].key
        years = sorted(set(reference.filter(pl.col("platform") == platform)["release_year"]))
        recent = [y for y in years if y >= 2000] or years
        sets.append((platform, SCORES[k % len(SCORES)], rng.choice(recent)))
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the data in bench/out/scorecount")
    args = parser.parse_args()
    work = OUT if args.keep else Path(tempfile.mkdtemp(prefix="streambot-scorecount-"))
    try:
        titles = unpack(TITLES, work / "titles")
        db = work / "full.db"
        if not db.is_file():
            start = time.perf_counter()
            summary = write_sample(work / "src", scale="full", seed=0, titles_dir=titles)
            print(f"generated {summary.ratings:,} ratings in {time.perf_counter() - start:.1f} s")
            start = time.perf_counter()
            run_etl(work / "src", db)
            print(f"loaded in {time.perf_counter() - start:.1f} s")
            shutil.rmtree(work / "src")
        reference = expected_from_means(titles)
        conn = connect(db)
        same = 0
        print(f"{'platform':9} {'score':>5} {'year':>4}  {'movies':>13}  {'shows':>13}")
        for platform, score, year in argument_sets(reference, args.sets):
            chosen = reference.filter(
                (pl.col("platform") == platform)
                & (pl.col("release_year") == year)
                & (pl.col("mean") > score)
            )
            want = (
                chosen.filter(pl.col("type") == "Movie").height,
                chosen.filter(pl.col("type") == "TV Show").height,
            )
            got = get_score_count(conn, platform, score, year)
            ok = (got.movies, got.shows) == want
            same += ok
            print(
                f"{platform:9} {score:5} {year:4}  {got.movies:>5} vs {want[0]:>5}  "
                f"{got.shows:>5} vs {want[1]:>5}  {'same' if ok else 'DIFFERENT'}"
            )
        scores = pl.DataFrame(
            conn.execute("SELECT title_id, score FROM title_scores").fetchall(),
            schema=["title_id", "score"],
            orient="row",
        ).join(reference, on="title_id")
        conn.close()
        equal = int((scores["score"] == scores["mean"]).sum())
        print(
            f"title scores equal to the shipped mean, bit for bit: {equal:,} of {len(reference):,}"
        )
        print(f"verdict: {same} of {args.sets} argument sets answer exactly as the means file")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
