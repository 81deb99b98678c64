"""ETL benchmark: the full ETL against the floor of reading and bulk-inserting the same ratings.

Usage: ``python bench/etl.py [--scale full|demo] [--repeat 2]``

Prints the ETL wall time and peak RSS, the floor (a polars read of the rating files plus the
fastest bulk insert found — ADBC ingestion into an empty, unindexed table with journaling and
syncing off), and their ratio. Each measurement runs in a fresh child process, alternating ETL
and floor, so both see the same machine load, and starts with the disk flushed (``os.sync``)
and the previous database deleted; the best of ``--repeat`` runs is reported.
Targets (issue 2): ETL <= 2x the floor, peak RSS <= 3 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"

_ETL_CHILD = """
import json, resource, sys, time
from pathlib import Path
from core.etl import run_etl
t = time.perf_counter()
s = run_etl(Path(sys.argv[1]), Path(sys.argv[2]))
total = time.perf_counter() - t
# The charts' aggregates (eda_*) are refreshed by run_etl too since every load refreshes every
# family (core.refresh); they are timed apart so the ratio compares the same work as before.
charts = sum(d.seconds for d in s.derived if d.prefix == "eda_")
print(json.dumps({"seconds": total - charts, "charts": charts, "rows": s.ratings_loaded,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_FLOOR_CHILD = """
import json, resource, sqlite3, sys, time
from pathlib import Path
import adbc_driver_sqlite.dbapi as adbc
import polars as pl
files = sorted(Path(sys.argv[1]).glob("ratings/*.csv"))
db = sys.argv[2]
sqlite3.connect(db).execute(
    "CREATE TABLE ratings (user_id INTEGER, rating REAL, timestamp INTEGER, title_id TEXT)"
).connection.close()
t = time.perf_counter()
conn = adbc.connect(db, autocommit=True)
cur = conn.cursor()
for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144"):
    cur.execute("PRAGMA " + pragma)
conn.adbc_connection.set_autocommit(False)
schema = {"userId": pl.Int64, "rating": pl.Float64, "timestamp": pl.Int64, "movieId": pl.String}
read = 0.0
rows = 0
for f in files:
    r0 = time.perf_counter()
    df = pl.read_csv(f, schema_overrides=schema)
    read += time.perf_counter() - r0
    df = df.rename({"userId": "user_id", "movieId": "title_id"})
    cur.adbc_ingest("ratings", df.to_arrow(), mode="append")
    rows += df.height
conn.adbc_connection.commit()
conn.close()
print(json.dumps({"seconds": time.perf_counter() - t, "read_seconds": read, "rows": rows,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def remove_database(db: str | Path) -> None:
    """Delete a SQLite file and its sidecars (WAL, shared memory, rollback journal)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def child_json(code: str, *args: object) -> dict:
    """Run ``code`` in a fresh Python process (arguments in ``sys.argv[1:]``, working directory
    the repository) and return the JSON object it prints last."""
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _child(code: str, source: str, db: str) -> dict:
    """One measurement in a fresh process, starting from a quiet disk.

    The database of the previous run is deleted and every dirty page flushed first: otherwise
    the kernel writes back the previous run's ~700 MB during this one and slows it down.
    """
    remove_database(db)
    os.sync()
    result = child_json(code, source, db)
    remove_database(db)
    return result


def ensure_dataset(scale: str, seed: int = 0) -> Path:
    """Generate the dataset once into bench/out/<scale>; later runs reuse it."""
    folder = OUT / scale
    if not (folder / "ratings").is_dir():
        from core.sample import write_sample

        print(f"generating the {scale} dataset into {folder} ...", flush=True)
        write_sample(folder, scale=scale, seed=seed)
    return folder


def ensure_database(scale: str, name: str, seed: int = 0) -> Path:
    """bench/out/<name>-<scale>.db, loaded from the dataset (generated if missing) by the ETL,
    which skips files already loaded: a benchmark's own database, kept between runs."""
    folder = ensure_dataset(scale, seed)
    from core.db import SchemaMismatch
    from core.etl import run_etl

    db = OUT / f"{name}-{scale}.db"
    started = time.perf_counter()
    try:
        run_etl(folder, db)
    except SchemaMismatch:  # built by an older streambot: it is only a cache, so start again
        print(f"{db.name} has an older schema: rebuilding it", flush=True)
        remove_database(db)
        run_etl(folder, db)
    print(f"ETL checked/loaded {db.name} in {time.perf_counter() - started:.1f} s")
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="full", choices=("demo", "full"))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    source = ensure_dataset(args.scale)

    etl_runs, floor_runs = [], []
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        for i in range(args.repeat):
            floor_runs.append(_child(_FLOOR_CHILD, str(source), f"{tmp}/floor.db"))
            etl_runs.append(_child(_ETL_CHILD, str(source), f"{tmp}/etl.db"))
            e, f = etl_runs[-1]["seconds"], floor_runs[-1]["seconds"]
            print(f"run {i + 1}: etl {e:.2f} s, floor {f:.2f} s, ratio {e / f:.2f}x", flush=True)

    etl = min(etl_runs, key=lambda r: r["seconds"])
    floor = min(floor_runs, key=lambda r: r["seconds"])
    ratio = etl["seconds"] / floor["seconds"]
    peak = max(r["rss_mb"] for r in etl_runs)
    print()
    print(f"dataset            {args.scale}: {etl['rows']:,} ratings")
    print(f"ETL wall time      {etl['seconds']:.2f} s   (best of {args.repeat}; load, q_*, w_*)")
    print(f"charts' aggregates {etl['charts']:.2f} s   (eda_*, refreshed by the same run)")
    print(f"ETL peak RSS       {peak:,.0f} MiB   (target <= 3,072 MiB)")
    print(
        f"floor wall time    {floor['seconds']:.2f} s   "
        f"(polars read {floor['read_seconds']:.2f} s + ADBC bulk insert, unindexed, no journal)"
    )
    pairs = sorted(e["seconds"] / f["seconds"] for e, f in zip(etl_runs, floor_runs, strict=True))
    print(
        f"ratio ETL / floor  {ratio:.2f}x best/best, {pairs[len(pairs) // 2]:.2f}x median of "
        f"same-run pairs   (target <= 2.00x)"
    )


if __name__ == "__main__":
    main()
