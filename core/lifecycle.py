"""Continuous training: decide when to retrain, train off the serving process, promote with a
guard, record every run, and swap the served model without a hiccup.

Who calls what:

- the bot's JobQueue (APScheduler) or ``streambot worker`` calls ``Trainer.tick()`` every few
  minutes, from a worker thread, never on the event loop;
- ``tick`` asks the registry whether a training is due (new ratings past the live model's
  watermark >= threshold, or the live model older than the maximum age, or no model at all);
- a due training runs in a **child process** (spawned, so it shares no SQLite handles and no
  memory with the server, and may read the ratings through ADBC at full speed); at most one at a
  time — a tick while one runs is *coalesced* (recorded, not queued);
- the child trains a candidate, writes it atomically (temporary folder, then rename), and
  measures it on a holdout (a seeded sample of users' newest ratings, never trained on); the
  parent promotes it only when it is not worse than the live model's figures from the same
  procedure beyond ``promote_tolerance``, and records why either way. (The live model is not
  re-scored on the candidate's holdout: it was trained on some of those ratings, which would
  flatter it.);
- a crash or SIGKILL of the child leaves the live model serving (promotion is one transaction,
  done by the parent after the child finished) and is recorded as ``failed``.

Everything the schedule needs is in the database (``models``, ``training_runs``), so after a
restart the next tick sees what is due and nothing runs twice.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core import db as dbmod
from core.settings import Settings

log = logging.getLogger("streambot.lifecycle")

TRAINING_NICENESS = 15
"""How much lower the training process's CPU priority is than the server's (0-19)."""

TrainFn = Callable[[Path, Path], dict]
"""(db_path, models_dir) -> {"version", "watermark", "metrics"}, run in the child process."""


def train_candidate(db_path: Path, models_dir: Path) -> dict:
    """The real training job: a new version, recorded but not promoted."""
    from core.recommend.train import train

    result = train(db_path, models_dir, promote=False)
    return {
        "version": result.version,
        "watermark": result.watermark,
        "metrics": result.metrics.to_dict(),
    }


def _now_iso(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")


def ensure_lifecycle(conn: sqlite3.Connection) -> None:
    """The ``training_runs`` table: one row per training, promoted or not."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS training_runs ("
        " id INTEGER PRIMARY KEY,"
        " started_at TEXT NOT NULL, finished_at TEXT,"
        " status TEXT NOT NULL,"  # running, promoted, rejected, failed, interrupted, coalesced
        " trigger TEXT NOT NULL, reason TEXT,"
        " candidate TEXT, live_before TEXT,"
        " watermark INTEGER, new_ratings INTEGER,"
        " metrics TEXT NOT NULL DEFAULT '{}')"
    )
    conn.commit()


def recent_runs(conn: sqlite3.Connection, n: int) -> list[tuple]:
    """The newest ``n`` training runs: id, started, status, trigger, reason (none yet: [])."""
    try:
        return conn.execute(
            "SELECT id, started_at, status, trigger, reason FROM training_runs "
            "ORDER BY id DESC LIMIT ?",
            (n,),
        ).fetchall()
    except sqlite3.OperationalError:  # no training has ever been scheduled here
        return []


@dataclass(frozen=True, slots=True)
class Due:
    """Why a training is due now (``trigger``), with the numbers that made it so."""

    trigger: str
    """``no_model``, ``new_ratings``, ``max_age`` or ``manual``."""
    new_ratings: int
    watermark: int | None


@dataclass(frozen=True, slots=True)
class RunOutcome:
    run_id: int
    status: str
    reason: str
    candidate: str | None = None
    metrics: dict | None = None


def live_state(conn: sqlite3.Connection) -> tuple[str | None, int | None, float | None]:
    """(live version, its watermark, when it was promoted as epoch seconds), or Nones."""
    try:
        row = conn.execute(
            "SELECT version, watermark, promoted_at FROM models WHERE live = 1"
        ).fetchone()
    except sqlite3.OperationalError:  # no models table yet
        row = None
    if row is None:
        return None, None, None
    promoted = datetime.fromisoformat(row[2]).timestamp() if row[2] else None
    return row[0], int(row[1]), promoted


def new_ratings_since(conn: sqlite3.Connection, watermark: int | None) -> int:
    """Ratings with an id past ``watermark``: a rowid range, so counting is cheap."""
    return int(
        conn.execute("SELECT count(*) FROM ratings WHERE id > ?", (watermark or 0,)).fetchone()[0]
    )


def due(conn: sqlite3.Connection, settings: Settings, now: float) -> Due | None:
    """Whether a training is due now, and why; a pure read of the registry."""
    version, watermark, promoted = live_state(conn)
    fresh = new_ratings_since(conn, watermark)
    if version is None:
        return Due("no_model", fresh, None) if fresh else None
    if fresh >= settings.retrain_min_new_ratings:
        return Due("new_ratings", fresh, watermark)
    age_hours = (now - promoted) / 3600 if promoted else float("inf")
    if fresh and age_hours >= settings.retrain_max_age_hours:
        return Due("max_age", fresh, watermark)
    return None


def guard(candidate: dict, live: dict | None, tolerance: float) -> tuple[bool, str]:
    """``core.recommend.guard.guard`` on the metrics as the registry stores them."""
    from core.recommend.guard import guard as decide
    from core.recommend.metrics import Metrics

    verdict = decide(
        Metrics.from_dict(candidate), Metrics.from_dict(live) if live else None, tolerance
    )
    return verdict.promote, verdict.reason


def _child(
    train_fn: TrainFn,
    db_path: str,
    models_dir: str,
    out: multiprocessing.queues.Queue,
) -> None:
    # Background work: at a lower CPU priority the server's requests win every contended core,
    # so a training slows answers down as little as possible (bench/retrain.py measures it).
    os.nice(TRAINING_NICENESS)
    try:
        out.put(("ok", train_fn(Path(db_path), Path(models_dir))))
    except BaseException as err:  # reported to the parent, which records the failure
        out.put(("error", f"{type(err).__name__}: {err}"))


class Trainer:
    """Runs due trainings one at a time and promotes them with a guard.

    ``clock`` is injectable so tests drive time; ``train_fn`` (a module-level function, as it
    runs in a spawned child) returns ``{"version", "watermark", "metrics"}``;
    ``on_promoted(version)`` lets the server swap its model.
    """

    def __init__(
        self,
        settings: Settings,
        train_fn: TrainFn = train_candidate,
        *,
        clock: Callable[[], float] = time.time,
        on_promoted: Callable[[str], None] | None = None,
        timeout: float = 3600,
    ) -> None:
        self.settings, self.train_fn, self.clock = settings, train_fn, clock
        self.on_promoted = on_promoted
        self.timeout = timeout
        self._lock = threading.Lock()
        self.child: multiprocessing.process.BaseProcess | None = None

    def _conn(self) -> sqlite3.Connection:
        conn = dbmod.connect(self.settings.db_path)
        ensure_lifecycle(conn)
        return conn

    def recover(self) -> int:
        """At start-up: runs left ``running`` by a killed process become ``interrupted``, and
        the half-written model folders they left are deleted."""
        from core.recommend.artifact import remove_partial_versions

        remove_partial_versions(self.settings.models_dir)
        with closing(self._conn()) as conn, conn:
            return conn.execute(
                "UPDATE training_runs SET status = 'interrupted', finished_at = ?, "
                "reason = 'the process stopped during the training' WHERE status = 'running'",
                (_now_iso(self.clock()),),
            ).rowcount

    def tick(self, *, force: bool = False) -> RunOutcome | None:
        """Train if due (or ``force``); None when nothing is due. Never raises."""
        now = self.clock()
        with closing(self._conn()) as conn:
            why = (
                Due("manual", new_ratings_since(conn, live_state(conn)[1]), live_state(conn)[1])
                if force
                else due(conn, self.settings, now)
            )
            if why is None:
                return None
            if not self._lock.acquire(blocking=False):
                run_id = self._record(
                    conn,
                    now,
                    "coalesced",
                    why,
                    reason="a training was already running",
                    finished=True,
                )
                return RunOutcome(run_id, "coalesced", "a training was already running")
        try:
            return self._run(why, now)
        finally:
            self._lock.release()

    def _record(
        self,
        conn: sqlite3.Connection,
        now: float,
        status: str,
        why: Due,
        *,
        reason: str = "",
        finished: bool = False,
    ) -> int:
        live = live_state(conn)[0]
        with conn:
            cur = conn.execute(
                "INSERT INTO training_runs (started_at, finished_at, status, trigger, reason, "
                "live_before, watermark, new_ratings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _now_iso(now),
                    _now_iso(now) if finished else None,
                    status,
                    why.trigger,
                    reason,
                    live,
                    why.watermark,
                    why.new_ratings,
                ),
            )
        return int(cur.lastrowid)

    def _finish(
        self,
        run_id: int,
        status: str,
        reason: str,
        candidate: str | None = None,
        metrics: dict | None = None,
    ) -> RunOutcome:
        with closing(self._conn()) as conn, conn:
            conn.execute(
                "UPDATE training_runs SET status = ?, reason = ?, candidate = ?, metrics = ?, "
                "finished_at = ? WHERE id = ?",
                (
                    status,
                    reason,
                    candidate,
                    json.dumps(metrics or {}),
                    _now_iso(self.clock()),
                    run_id,
                ),
            )
        log.info("training run %s: %s (%s)", run_id, status, reason)
        return RunOutcome(run_id, status, reason, candidate, metrics)

    def _wait(self, out: multiprocessing.queues.Queue) -> tuple[str, object] | None:
        """The child's answer; None if it died without one (killed) or ran out of time."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return out.get(timeout=0.5)
            except queue.Empty:
                if not self.child.is_alive():
                    try:  # it may have answered just before exiting
                        return out.get(timeout=0.5)
                    except queue.Empty:
                        return None
                if time.monotonic() > deadline:
                    self.child.kill()
                    return None

    def _live_metrics(self) -> dict | None:
        from core.recommend.registry import live_model

        with closing(dbmod.connect(self.settings.db_path)) as conn:
            record = live_model(conn)
        return record.metrics if record else None

    def _run(self, why: Due, now: float) -> RunOutcome:
        with closing(self._conn()) as conn:
            run_id = self._record(conn, now, "running", why)
        ctx = multiprocessing.get_context("spawn")
        out = ctx.Queue()
        self.child = ctx.Process(
            target=_child,
            daemon=True,
            name="streambot-train",
            args=(
                self.train_fn,
                str(self.settings.db_path),
                str(self.settings.models_dir),
                out,
            ),
        )
        self.child.start()
        try:
            result = self._wait(out)
        finally:
            self.child.join(timeout=30)
            from core.recommend.artifact import remove_partial_versions

            remove_partial_versions(self.settings.models_dir)  # what a killed child left
        if result is None:
            code = self.child.exitcode
            return self._finish(run_id, "failed", f"the training process exited ({code})")
        status, payload = result
        if status != "ok":
            return self._finish(run_id, "failed", str(payload))
        from core.recommend.scrub import scrub_forgotten

        with closing(dbmod.connect(self.settings.db_path)) as conn:
            # Whoever used /forget while the child read the ratings is in the candidate too.
            scrub_forgotten(conn, self.settings.models_dir)
        live_metrics = self._live_metrics()
        ok, reason = guard(payload["metrics"], live_metrics, self.settings.promote_tolerance)
        metrics = {"candidate": payload["metrics"], "live": live_metrics}
        if not ok:
            outcome = self._finish(run_id, "rejected", reason, payload["version"], metrics)
            self._prune()
            return outcome
        from core.recommend.registry import promote

        with closing(dbmod.connect(self.settings.db_path)) as conn:
            promote(conn, payload["version"])
        outcome = self._finish(run_id, "promoted", reason, payload["version"], metrics)
        if self.on_promoted is not None:
            self.on_promoted(payload["version"])
        self._prune()
        return outcome

    def _prune(self) -> None:
        """Old versions off the disk (``MODELS_KEEP``), once the new one is live or rejected."""
        from core.recommend.registry import prune_models

        with closing(dbmod.connect(self.settings.db_path)) as conn:
            prune_models(conn, self.settings.models_dir, self.settings.models_keep)


class LiveModel:
    """The model the server answers with, swapped atomically when a new version is promoted.

    A request takes ``get()`` once and uses that object to the end, so requests in flight finish
    on the old model while new ones get the new one; the swap is one reference assignment, and
    the old model is freed when its last request ends.
    """

    def __init__(self, db_path: Path, models_dir: Path) -> None:
        self.db_path, self.models_dir = Path(db_path), Path(models_dir)
        self._current = None
        self._lock = threading.Lock()

    def get(self):
        current = self._current
        if current is None:
            with self._lock:
                if self._current is None:
                    self._current = self._load()
                current = self._current
        return current

    def reload(self, version: str | None = None) -> None:
        """Load the live version (off the event loop: it reads arrays from disk), then swap."""
        fresh = self._load()
        self._current = fresh
        log.info("serving model %s", fresh.info.version if fresh.info else version)

    def _load(self):
        from core.recommend.registry import load_live

        with closing(dbmod.connect(self.db_path)) as conn:
            return load_live(conn, self.models_dir)
