"""The MovieLens bridge on the shipped data: how much real taste reaches the catalogs, and how
right it is.

Usage: ``python bench/taste_bridge.py [--write]``

1. Loads the shipped catalogs (``data/titles``) with the ETL, in a child process, into a
   temporary database, and bridges the shipped ml-latest-small onto them
   (``core.taste.measure.bridge_release``).
2. Prints: movies matched / all movies (and what became of the rest), ratings covered / all
   ratings, rows kept (one per person and title), people covered, works and titles reached,
   the match rate per decade of release, and the time the bridge and ``load_taste`` take.
3. Precision on the labelled sample ``tests/fixtures/taste_bridge_sample.csv``
   (``bench/taste_sample.py`` draws it): the share of labelled pairs that are the same film,
   overall and per rank (exact year / a year apart / looser title forms). Only rows whose
   ``same`` is filled count; with none, precision is ``n/a``. A labelled pair the bridge no
   longer makes is counted apart.
4. ``--write``: rewrites ``data/taste/movielens-small.csv.xz`` from this bridge and prints the
   SHA-256 to register in ``core/shipped.py`` (``TASTE``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

from where import run_etl_child

from core.shipped import MOVIELENS_SMALL, TITLES, unpack
from core.taste import load_taste
from core.taste.bridge import MATCHED
from core.taste.measure import BridgedRelease, figures
from core.taste.shipped import build_shipped, compress, shipped_path

REPO = Path(__file__).resolve().parents[1]

OUT = REPO / "bench" / "out"
SAMPLE = REPO / "tests" / "fixtures" / "taste_bridge_sample.csv"


def shipped_catalog_db(folder: Path) -> Path:
    """The shipped catalogs loaded by the ETL (in a child process) into ``folder/real.db``."""
    db = folder / "real.db"
    run_etl_child(unpack(TITLES, OUT / "titles"), db)
    return db


def _pct(part: int, whole: int) -> str:
    return f"{part:,} / {whole:,} ({100 * part / whole:.1f}%)" if whole else f"{part} / 0"


def print_figures(release: BridgedRelease) -> None:
    f = figures(release)
    rest = ", ".join(f"{name} {n:,}" for name, n in f.outcomes.items() if name != MATCHED)
    print(f"movies matched: {_pct(f.matched, f.movies)}; the rest: {rest}")
    print(f"ratings covered: {_pct(f.covered, f.ratings)}; rows kept {f.kept:,}")
    print(f"users covered: {_pct(f.users_covered, f.users)}")
    print(f"works covered: {f.works:,} (title ids {f.titles:,})")
    print("match rate per decade of release:")
    for d in f.decades:
        label = f"{d.decade}s" if d.decade else "no year"
        print(f"  {label:>7}: {_pct(d.matched, d.movies)}")


def _rank_label(rank: tuple[int, ...]) -> str:
    gap, strength, article = rank
    parts = ["exact year" if gap == 0 else "a year apart"]
    parts += [("", "loose form", "trimmed form")[strength]] if strength else []
    parts += ["article differs"] if article else []
    return ", ".join(parts)


def print_precision(release: BridgedRelease, sample: Path = SAMPLE) -> None:
    if not sample.is_file():
        print(f"precision: n/a ({sample.relative_to(REPO)} is missing: bench/taste_sample.py)")
        return
    with sample.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    labelled = [r for r in rows if r["same"].strip()]
    if not labelled:
        print(f"precision: n/a (none of the {len(rows)} sampled pairs is labelled yet)")
        return
    outcomes = release.bridge.outcomes
    current, gone, by_rank = [], 0, Counter()
    for r in labelled:
        found = outcomes.get(int(r["movie_id"]))
        if found is None or found.outcome != MATCHED or found.candidate is None:
            gone += 1
            continue
        if found.candidate.representative != r["title_id"]:
            gone += 1
            continue
        same = r["same"].strip() == "1"
        current.append(same)
        by_rank[_rank_label(found.candidate.rank), same] += 1
    right = sum(current)
    print(
        f"precision on the labelled sample: {_pct(right, len(current))} "
        f"({len(labelled)} of {len(rows)} labelled; {gone} no longer made by the bridge)"
    )
    for label in sorted({label for label, _ in by_rank}):
        print(
            f"  {label}: {_pct(by_rank[label, True], by_rank[label, True] + by_rank[label, False])}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the shipped file")
    args = parser.parse_args()
    movielens = unpack(MOVIELENS_SMALL, OUT / "movielens-small")
    with tempfile.TemporaryDirectory() as tmp:
        db = shipped_catalog_db(Path(tmp))
        conn = sqlite3.connect(db)
        started = time.perf_counter()
        data, release = build_shipped(conn, movielens)
        bridged_s = time.perf_counter() - started
        conn.close()
        print_figures(release)
        print_precision(release)
        print(f"bridge: {bridged_s:.2f} s for {release.movies.height:,} movies")
        if args.write:
            shipped_path().parent.mkdir(parents=True, exist_ok=True)
            shipped_path().write_bytes(compress(data))
            sha = hashlib.sha256(data).hexdigest()
            print(f"wrote {shipped_path().relative_to(REPO)}: {len(data):,} bytes unpacked")
            print(f"  SHA-256 to register in core/shipped.py (TASTE): {sha}")
        else:
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                frame = load_taste(db)
                runs.append(time.perf_counter() - started)
            print(f"load_taste (path, ADBC): {1000 * min(runs):.1f} ms for {frame.height:,} rows")


if __name__ == "__main__":
    main()
