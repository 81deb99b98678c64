"""Continuous-training benchmark on the full generated dataset.

Usage: ``python bench/retrain.py [--requests-seconds 20]``
       ``python bench/retrain.py --compare [--db PATH] [--new-ratings 1000]``

``--compare`` (issue 13): a quick update of the live model beside a full training, on the same
database after the same new ratings, each in a fresh process: wall time, peak RSS and holdout
quality side by side. Targets: the update in <= 10% of the full training's time, its
precision@10 and NDCG@10 within 1% of the full training's. ``--db`` is a database with a live
hybrid model (it is copied first, with its models; default: the product's default data, the
shipped catalogs with demo ratings and the shipped real taste, built into bench/out/).

1. The end-to-end cycle: 1,000 new chat ratings -> the scheduler's tick finds the training due
   -> a child process trains the candidate -> guarded promotion -> the server swaps models;
   each part timed.
2. The latency of a stream of recommendation requests (``top_n`` and ``predict`` with the
   asker's fresh ratings read from SQLite, as the bot does), measured idle and then while a
   training runs, in the same run. Target: p99 during training <= 2x p99 idle.
3. Instant feedback: the time from a rating being committed to that person's recommendations
   having changed (fold-in, no retraining). Target: <= 100 ms.

It needs a live model to start from; the first run trains one (a few minutes).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import threading
import time
from contextlib import closing
from pathlib import Path

from core import db as dbmod
from core.ratings import fresh_ratings, internal_user, record_rating
from core.recommend.lifecycle import Trainer
from core.recommend.serving import ServedModel
from core.settings import Settings

REPO = Path(__file__).resolve().parents[1]

OUT = REPO / "bench" / "out"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def prepare(fresh: bool) -> Settings:
    """bench/out/retrain.db with the full data and a live model (built once, then reused)."""
    db, models = OUT / "retrain.db", OUT / "retrain-models"
    settings = Settings(db_path=db, models_dir=models, retrain_min_new_ratings=1000)
    if fresh or not db.exists():
        from etl import ensure_dataset, remove_database

        from core.etl import run_etl

        remove_database(db)
        shutil.rmtree(models, ignore_errors=True)
        print("loading the full dataset ...", flush=True)
        run_etl(ensure_dataset("full"), db)
    with closing(dbmod.connect(db)) as conn:
        has_live = (
            conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'models'").fetchone()[0]
            and conn.execute("SELECT count(*) FROM models WHERE live = 1").fetchone()[0]
        )
    if not has_live:
        print("training the first live model ...", flush=True)
        outcome = Trainer(settings).tick(force=True)
        print(f"  {outcome.status}: {outcome.candidate}", flush=True)
    return settings


def _catalog_ids(settings: Settings, n: int) -> list[str]:
    with closing(dbmod.connect(settings.db_path)) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT title_id FROM title_scores ORDER BY rating_count DESC LIMIT ?", (n,)
            )
        ]


def request_stream(
    settings: Settings, served: ServedModel, seconds: float, stop: threading.Event | None = None
) -> list[float]:
    """Recommendation requests back to back, as handler threads make them; latencies in ms."""
    rng = random.Random(7)
    titles = _catalog_ids(settings, 2000)
    latencies = []
    deadline = time.perf_counter() + seconds
    with closing(dbmod.connect(settings.db_path)) as conn:
        while time.perf_counter() < deadline and not (stop and stop.is_set()):
            user = rng.randint(1, 115_000)
            start = time.perf_counter()
            model = served.get()
            fresh = fresh_ratings(conn, user, model.info.watermark)
            if rng.random() < 0.5:
                model.top_n(user, 10, fresh=fresh)
            else:
                model.predict(user, rng.choice(titles), fresh=fresh)
            latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def feedback(settings: Settings, served: ServedModel) -> list[float]:
    """ms from committing a rating to the person's top 10 having changed, for 20 new people."""
    titles = _catalog_ids(settings, 400)
    out = []
    with closing(dbmod.connect(settings.db_path)) as conn:
        for person in range(20):
            telegram_id = 7_000_000 + person
            for tid in titles[person * 5 : person * 5 + 4]:
                record_rating(conn, telegram_id, tid, 5)
            user = internal_user(conn, telegram_id, create=False)
            model = served.get()
            before = [
                s.title_id
                for s in model.top_n(
                    user, 10, fresh=fresh_ratings(conn, user, model.info.watermark)
                ).items
            ]
            start = time.perf_counter()
            record_rating(conn, telegram_id, before[0], 0.5)  # "I did not like your first pick"
            model = served.get()
            after = [
                s.title_id
                for s in model.top_n(
                    user, 10, fresh=fresh_ratings(conn, user, model.info.watermark)
                ).items
            ]
            out.append((time.perf_counter() - start) * 1000)
            assert after != before, "the recommendations did not change"
    return out


_JOB = """
import json, re, sys, time
from pathlib import Path
from core.recommend.{module} import {name} as job
start = time.perf_counter()
result = job(Path(sys.argv[1]), Path(sys.argv[2]), promote=False)
print(json.dumps({{"wall": time.perf_counter() - start, "version": result.version,
                  "metrics": result.metrics.to_dict(), "timings": result.timings,
                  "rss_mb": int(re.search(r"VmHWM:\\s+(\\d+)",
                                          Path("/proc/self/status").read_text())[1]) / 1024}}))
"""


def _default_db() -> Path:
    """The product's default data with a live model: what `make run` builds, once."""
    from core.bootstrap import prepare_source
    from core.etl import run_etl

    root = OUT / "retrain-default"
    db = root / "streambot.db"
    if not db.exists():
        print("building the default data (shipped catalogs, demo ratings) ...", flush=True)
        settings = Settings(
            db_path=db, raw_dir=root / "raw", sample_dir=root / "sample", models_dir=root / "m"
        )
        run_etl(prepare_source(settings)[0], db)
    with closing(dbmod.connect(db)) as conn:
        dbmod.ensure_schema(conn)
        live = conn.execute("SELECT count(*) FROM models WHERE live = 1").fetchone()[0]
    if not live:
        print("training the live model ...", flush=True)
        from core.recommend.train import train

        train(db, root / "m", promote=True)
    return db


def compare(db: Path, new_ratings: int) -> None:
    """An update and a full training after the same new ratings, side by side."""
    from etl import child_json

    from core.recommend.registry import live_record

    work = OUT / "retrain-compare"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    copy = work / "streambot.db"
    with closing(dbmod.connect(db)) as src, closing(dbmod.connect(copy)) as dst:
        src.backup(dst)
        live = live_record(src)
    models = work / "models"
    shutil.copytree(Path(live.path), models / live.version)
    with closing(dbmod.connect(copy)) as conn, conn:
        conn.execute("UPDATE models SET path = ? || '/' || version", (str(models),))
    titles = _catalog_ids(Settings(db_path=copy), 3000)
    rng = random.Random(3)
    with closing(dbmod.connect(copy)) as conn:
        for i in range(new_ratings):
            record_rating(conn, 8_000_000 + i // 10, rng.choice(titles), rng.choice([2, 3, 4, 5]))
    print(f"{new_ratings:,} new chat ratings ({new_ratings // 10} people) on {db}", flush=True)
    full = child_json(_JOB.format(module="train", name="train"), copy, models)
    update = child_json(_JOB.format(module="update", name="update"), copy, models)
    rows = [("full training", full), ("update", update)]
    # Peak RSS is the process's own high-water mark (VmHWM): ru_maxrss would carry the
    # parent's over the fork.
    print(f"\n{'':14} {'wall s':>7} {'peak RSS MB':>11} {'P@10':>7} {'NDCG@10':>8} {'RMSE':>7}")
    for name, r in rows:
        m = r["metrics"]
        print(
            f"{name:14} {r['wall']:7.1f} {r['rss_mb']:11.0f} {m['precision_at_10']:7.4f} "
            f"{m['ndcg_at_10']:8.4f} {m['rmse']:7.4f}"
        )
    share = update["wall"] / full["wall"]
    dp = update["metrics"]["precision_at_10"] / full["metrics"]["precision_at_10"] - 1
    dn = update["metrics"]["ndcg_at_10"] / full["metrics"]["ndcg_at_10"] - 1
    print(f"\nupdate / full time: {share:.1%}   (target <= 10%)")
    print(f"update vs full: P@10 {dp:+.2%}, NDCG@10 {dn:+.2%}   (target within 1%)")
    print(f"update phases: {update['timings']}")
    print(f"full phases:   {full['timings']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests-seconds", type=float, default=20)
    parser.add_argument("--fresh", action="store_true", help="rebuild the database and model")
    parser.add_argument("--compare", action="store_true", help="update vs full training")
    parser.add_argument("--db", type=Path, help="with --compare: a database with a live model")
    parser.add_argument("--new-ratings", type=int, default=1000)
    args = parser.parse_args()
    if args.compare:
        compare(args.db or _default_db(), args.new_ratings)
        return
    settings = prepare(args.fresh)
    served = ServedModel(settings.db_path, settings.models_dir)
    start = time.perf_counter()
    served.get()
    load_s = time.perf_counter() - start

    fb = feedback(settings, served)
    idle = request_stream(settings, served, args.requests_seconds)

    # New ratings arrive, then the scheduled tick trains, promotes and swaps.
    titles = _catalog_ids(settings, 3000)
    rng = random.Random(3)
    start = time.perf_counter()
    with closing(dbmod.connect(settings.db_path)) as conn:
        for i in range(1000):
            record_rating(conn, 8_000_000 + i // 10, rng.choice(titles), rng.choice([3, 4, 5]))
    rate_s = time.perf_counter() - start
    swaps: list[float] = []

    def on_promoted(version: str) -> None:
        t0 = time.perf_counter()
        served.reload(version)
        swaps.append(time.perf_counter() - t0)

    trainer = Trainer(settings, on_promoted=on_promoted)
    outcome: list = []
    stop = threading.Event()
    cycle_start = time.perf_counter()
    training = threading.Thread(target=lambda: (outcome.append(trainer.tick()), stop.set()))
    training.start()
    time.sleep(2)  # the child is importing and loading the ratings
    during = request_stream(settings, served, 10_000, stop)
    training.join()
    cycle_s = time.perf_counter() - cycle_start
    result = outcome[0]

    from core.recommend.registry import list_models

    with closing(dbmod.connect(settings.db_path)) as conn:
        record = next((m for m in list_models(conn) if m.version == result.candidate), None)
    timings = record.summary.get("timings", {}) if record else {}
    print()
    print(f"cycle: 1,000 ratings committed in {rate_s:.2f} s ({rate_s:.3f} ms each x1000)")
    print(f"cycle: tick -> {result.status} ({result.reason}) in {cycle_s:.1f} s")
    for part in ("load", "fit_popularity", "fit_mf", "fit_lightfm", "evaluate", "write", "total"):
        if part in timings:
            print(f"         child {part:15} {timings[part]:8.2f} s")
    if swaps:
        print(f"         swap (load the new artifact, then one assignment) {swaps[0]:.2f} s")
    print(f"serving model load at start-up: {load_s:.2f} s")
    p99_idle, p99_during = _pct(idle, 0.99), _pct(during, 0.99)
    print(
        f"requests idle:            n={len(idle):,} p50 {statistics.median(idle):.2f} ms "
        f"p99 {p99_idle:.2f} ms"
    )
    print(
        f"requests during training: n={len(during):,} p50 {statistics.median(during):.2f} ms "
        f"p99 {p99_during:.2f} ms"
    )
    print(f"p99 during / idle: {p99_during / p99_idle:.2f}x   (target <= 2x)")
    print(
        f"fold-in feedback (rating committed -> top 10 changed): p50 "
        f"{statistics.median(fb):.1f} ms, max {max(fb):.1f} ms   (target <= 100 ms)"
    )


if __name__ == "__main__":
    main()
