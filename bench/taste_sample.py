"""Draw the pairs a person labels to measure the MovieLens bridge's precision.

Usage: ``python bench/taste_sample.py [--seed 13] [--n 200] [--show] [--force]``

Bridges the shipped ml-latest-small onto the shipped catalogs (as ``bench/taste_bridge.py``
does), then draws ``--n`` matched pairs uniformly from the matched movies with a seeded
``random.Random``: the same seed, catalogs and matcher give the same pairs. Each pair is a
MovieLens movie and the catalog title its ratings are keyed by (the representative of its
work). Writes them, by movie id, to ``tests/fixtures/taste_bridge_sample.csv`` with the columns
``movie_id,title_id,same,note``, ``same`` and ``note`` empty; it refuses to overwrite a file
that holds labels unless ``--force``.

``--show`` writes nothing and prints each pair of the fixture for labelling: the MovieLens
title, year and genres against the catalog row (title, year, type, platform, length,
directors, cast, genres, description). The label goes in ``same``: ``1`` when both name the
same film, ``0`` when not; ``note`` says why in a few words. The view shows nothing of how the
bridge matched them.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import tempfile
import textwrap
from pathlib import Path

from taste_bridge import OUT, SAMPLE, shipped_catalog_db

from core.shipped import MOVIELENS_SMALL, unpack
from core.taste.bridge import MATCHED
from core.taste.measure import bridge_release
from core.taste.names import parse_title

REPO = Path(__file__).resolve().parents[1]

COLUMNS = ("movie_id", "title_id", "same", "note")


def draw(pairs: list[tuple[int, str]], n: int, seed: int) -> list[tuple[int, str]]:
    """``n`` of ``pairs`` (sorted first, so the draw depends on the seed alone), by movie id."""
    return sorted(random.Random(seed).sample(sorted(pairs), min(n, len(pairs))))


def _write(rows: list[tuple[int, str]], force: bool) -> None:
    if SAMPLE.is_file() and not force:
        with SAMPLE.open(newline="", encoding="utf-8") as fh:
            if any(r["same"].strip() for r in csv.DictReader(fh)):
                sys.exit(f"{SAMPLE} holds labels: give --force to draw over them.")
    with SAMPLE.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows((movie_id, title_id, "", "") for movie_id, title_id in rows)
    print(f"wrote {len(rows)} pairs to {SAMPLE.relative_to(REPO)}")


def _show(conn: sqlite3.Connection, movies: dict[int, tuple[str, str]]) -> None:
    with SAMPLE.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for n, row in enumerate(rows, 1):
        title, genres = movies[int(row["movie_id"])]
        parsed = parse_title(title)
        found = conn.execute(
            "SELECT t.display_title, t.release_year, t.type, t.platform, t.duration_int, "
            't.duration_type, t.director, t."cast", t.listed_in, t.description '
            "FROM titles t WHERE t.id = ?",
            (row["title_id"],),
        ).fetchone()
        name, year, kind, platform, length, unit, director, cast, listed, description = found
        cast_names = ", ".join((cast or "").split(", ")[:6]) or "-"
        print(f"#{n} movie_id={row['movie_id']} title_id={row['title_id']}")
        print(f"  MovieLens: {title}  [{parsed.year or 'no year'}]  {genres}")
        print(f"  catalog:   {name}  [{year}]  {kind}, {platform}, {length or '?'} {unit or ''}")
        print(f"             directors: {director or '-'}; cast: {cast_names}")
        print(f"             genres: {listed or '-'}")
        for line in textwrap.wrap(description or "-", 92):
            print(f"             {line}")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--show", action="store_true", help="print the fixture's pairs to label")
    parser.add_argument("--force", action="store_true", help="overwrite labels")
    args = parser.parse_args()
    movielens = unpack(MOVIELENS_SMALL, OUT / "movielens-small")
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(shipped_catalog_db(Path(tmp)))
        release = bridge_release(conn, movielens / "movies.csv", movielens / "ratings.csv")
        if args.show:
            movies = {m: (t, g) for m, t, g in release.movies.iter_rows()}
            _show(conn, movies)
        else:
            pairs = [
                (m.movie_id, m.candidate.representative)
                for m in release.bridge.outcomes.values()
                if m.outcome == MATCHED and m.candidate is not None
            ]
            _write(draw(pairs, args.n, args.seed), args.force)
        conn.close()


if __name__ == "__main__":
    main()
