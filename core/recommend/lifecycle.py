"""Continuous training: decide when to retrain, train off the serving process, promote with a
guard, record every run, and swap the served model without a hiccup.

Who calls what:

- the bot's JobQueue (APScheduler) or ``streambot jobs`` calls ``Trainer.tick()`` every few
  minutes, from a worker thread, never on the event loop;
- ``tick`` asks the registry whether a training is due (new ratings past the live model's
  watermark >= threshold, or the live model older than the maximum age, or no model at all);
- enough new ratings on a live model get a quick **update** (``core.recommend.update``: the new
  ratings folded in, the real-taste sources refitted, a few seconds); an old model, no model or
  an admin's /retrain gets a **full training**; an update that cannot run falls back to a full
  training in the same run;
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
from typing import TYPE_CHECKING

from core import db as dbmod
from core.recommend.artifact import remove_partial_versions
from core.recommend.guard import guard
from core.recommend.metrics import Metrics
from core.recommend.registry import live_record, promote, prune_models
from core.recommend.scrub import scrub_forgotten
from core.settings import Settings

if TYPE_CHECKING:  # the training modules load in the child process only
    from core.recommend.train import TrainResult

log = logging.getLogger("streambot.lifecycle")


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a training (full or update) made: a recorded version, not live yet."""

    version: str
    watermark: int
    metrics: Metrics

    @classmethod
    def of(cls, result: TrainResult) -> Candidate:
        """The candidate a training or an update returned."""
        return cls(result.version, result.watermark, result.metrics)


TrainFn = Callable[[Path, Path], Candidate]
"""(db_path, models_dir) -> the candidate; run in the child process, so a module-level function."""


def train_candidate(db_path: Path, models_dir: Path) -> Candidate:
    """A full training: every rating read again, every source refitted."""
    # Imported here, in the child process: the server never loads polars, scipy or LightFM.
    from core.recommend.train import train

    return Candidate.of(train(db_path, models_dir, promote=False))


def update_candidate(db_path: Path, models_dir: Path) -> Candidate:
    """A quick update of the live model from the ratings since its watermark."""
    from core.recommend.update import update  # in the child process, as above

    return Candidate.of(update(db_path, models_dir, promote=False))


def _now_iso(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class TrainingRun:
    """One row of ``training_runs`` (declared in ``core.db``), as /modelinfo shows it."""

    id: int
    started_at: str
    status: str
    """``running``, ``promoted``, ``rejected``, ``failed``, ``interrupted`` or ``coalesced``."""
    trigger: str
    reason: str


def recent_runs(conn: sqlite3.Connection, n: int) -> list[TrainingRun]:
    """The newest ``n`` training runs (none yet: [])."""
    if (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'training_runs'"
        ).fetchone()
        is None
    ):
        return []
    rows = conn.execute(
        "SELECT id, started_at, status, trigger, coalesce(reason, '') FROM training_runs "
        "ORDER BY id DESC LIMIT ?",
        (n,),
    )
    return [TrainingRun(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class Due:
    """Why a training is due now (``trigger``), with the numbers that made it so."""

    trigger: str
    """``no_model``, ``new_ratings``, ``max_age`` or ``manual``."""
    new_ratings: int
    watermark: int | None


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """How one run ended, with the figures the guard compared."""

    run_id: int
    status: str
    reason: str
    candidate: str | None = None
    metrics: Metrics | None = None
    """The candidate's holdout figures."""
    live: Metrics | None = None
    """The live model's, as it was recorded when it was trained."""
    kind: str = "full"
    """``full`` or ``update``."""


def new_ratings_since(conn: sqlite3.Connection, watermark: int | None) -> int:
    """Ratings with an id past ``watermark``: a rowid range, so counting is cheap."""
    return int(
        conn.execute("SELECT count(*) FROM ratings WHERE id > ?", (watermark or 0,)).fetchone()[0]
    )


def due(conn: sqlite3.Connection, settings: Settings, now: float) -> Due | None:
    """Whether a training is due now, and why; a pure read of the registry."""
    live = live_record(conn)
    watermark = live.watermark if live else None
    fresh = new_ratings_since(conn, watermark)
    if live is None:
        return Due("no_model", fresh, None) if fresh else None
    age_hours = (now - datetime.fromisoformat(live.trained_at).timestamp()) / 3600
    if fresh and age_hours >= settings.retrain_max_age_hours:
        return Due("max_age", fresh, watermark)
    if fresh >= settings.retrain_min_new_ratings:
        return Due("new_ratings", fresh, watermark)
    return None


def _child(
    train_fn: TrainFn,
    db_path: str,
    models_dir: str,
    out: multiprocessing.queues.Queue,
    niceness: int,
) -> None:
    # Background work: at a lower CPU priority the server's requests win every contended core,
    # so a training slows answers down as little as possible (Settings.training_niceness).
    os.nice(niceness)
    try:
        out.put(("ok", train_fn(Path(db_path), Path(models_dir))))
    except BaseException as err:  # reported to the parent, which records the failure
        out.put(("error", f"{type(err).__name__}: {err}"))


class Trainer:
    """Runs due trainings one at a time and promotes them with a guard.

    ``clock`` is injectable so tests drive time; ``train_fn`` (a full training) and
    ``update_fn`` (a quick update) are module-level functions, as they run in a spawned child,
    returning a ``Candidate``; ``on_promoted(version)`` lets the server swap its model.
    """

    def __init__(
        self,
        settings: Settings,
        train_fn: TrainFn = train_candidate,
        *,
        update_fn: TrainFn | None = update_candidate,
        clock: Callable[[], float] = time.time,
        on_promoted: Callable[[str], None] | None = None,
        timeout: float = 3600,
    ) -> None:
        self.settings, self.train_fn, self.update_fn = settings, train_fn, update_fn
        self.clock, self.on_promoted, self.timeout = clock, on_promoted, timeout
        self._lock = threading.Lock()
        self.child: multiprocessing.process.BaseProcess | None = None

    def _conn(self) -> sqlite3.Connection:
        conn = dbmod.connect(self.settings.db_path)
        dbmod.ensure_schema(conn)
        return conn

    def recover(self) -> int:
        """At start-up: runs left ``running`` by a killed process become ``interrupted``, and
        the half-written model folders they left are deleted."""
        remove_partial_versions(self.settings.models_dir)
        with closing(self._conn()) as conn, conn:
            return conn.execute(
                "UPDATE training_runs SET status = 'interrupted', finished_at = ?, "
                "reason = 'the process stopped during the training' WHERE status = 'running'",
                (_now_iso(self.clock()),),
            ).rowcount

    def tick(self, *, force: bool = False) -> RunOutcome | None:
        """Train if due (or ``force``: a full training); None when nothing is due. Never
        raises."""
        now = self.clock()
        with closing(self._conn()) as conn:
            if force:
                live = live_record(conn)
                watermark = live.watermark if live else None
                why = Due("manual", new_ratings_since(conn, watermark), watermark)
            else:
                why = due(conn, self.settings, now)
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
        live = live_record(conn)
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
                    live.version if live else None,
                    why.watermark,
                    why.new_ratings,
                ),
            )
        return int(cur.lastrowid)

    def _finish(self, run_id: int, outcome: RunOutcome) -> RunOutcome:
        figures = {
            "kind": outcome.kind,
            "candidate": outcome.metrics.to_dict() if outcome.metrics else None,
            "live": outcome.live.to_dict() if outcome.live else None,
        }
        with closing(self._conn()) as conn, conn:
            conn.execute(
                "UPDATE training_runs SET status = ?, reason = ?, candidate = ?, metrics = ?, "
                "finished_at = ? WHERE id = ?",
                (
                    outcome.status,
                    outcome.reason,
                    outcome.candidate,
                    json.dumps(figures),
                    _now_iso(self.clock()),
                    run_id,
                ),
            )
        log.info(
            "training run %s (%s): %s (%s)", run_id, outcome.kind, outcome.status, outcome.reason
        )
        return outcome

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

    def _live_metrics(self) -> Metrics | None:
        with closing(dbmod.connect(self.settings.db_path)) as conn:
            record = live_record(conn)
        return Metrics.from_dict(record.metrics) if record else None

    def _in_child(self, fn: TrainFn) -> Candidate | str:
        """Run ``fn`` in a spawned child: its candidate, or why it failed."""
        ctx = multiprocessing.get_context("spawn")
        out = ctx.Queue()
        self.child = ctx.Process(
            target=_child,
            daemon=True,
            name="streambot-train",
            args=(
                fn,
                str(self.settings.db_path),
                str(self.settings.models_dir),
                out,
                self.settings.training_niceness,
            ),
        )
        self.child.start()
        try:
            result = self._wait(out)
        finally:
            self.child.join(timeout=30)
            remove_partial_versions(self.settings.models_dir)  # what a killed child left
        if result is None:
            return f"the training process exited ({self.child.exitcode})"
        status, payload = result
        return payload if status == "ok" else str(payload)

    def _run(self, why: Due, now: float) -> RunOutcome:
        with closing(self._conn()) as conn:
            run_id = self._record(conn, now, "running", why)
        kind, made = "full", None
        if why.trigger == "new_ratings" and self.update_fn is not None:
            kind, made = "update", self._in_child(self.update_fn)
            if not isinstance(made, Candidate):
                log.info("update not possible (%s): a full training instead", made)
                kind, made = "full", None
        if made is None:
            made = self._in_child(self.train_fn)
        if not isinstance(made, Candidate):
            return self._finish(run_id, RunOutcome(run_id, "failed", made, kind=kind))
        with closing(dbmod.connect(self.settings.db_path)) as conn:
            # Whoever used /forget while the child read the ratings is in the candidate too.
            scrub_forgotten(conn, self.settings.models_dir)
        live = self._live_metrics()
        verdict = guard(made.metrics, live, self.settings.promote_tolerance)
        status = "promoted" if verdict.promote else "rejected"
        if verdict.promote:
            with closing(dbmod.connect(self.settings.db_path)) as conn:
                promote(conn, made.version)
        outcome = self._finish(
            run_id,
            RunOutcome(run_id, status, verdict.reason, made.version, made.metrics, live, kind),
        )
        if verdict.promote and self.on_promoted is not None:
            self.on_promoted(made.version)
        self._prune()
        return outcome

    def _prune(self) -> None:
        """Old versions off the disk (``MODELS_KEEP``), once the new one is live or rejected."""
        with closing(dbmod.connect(self.settings.db_path)) as conn:
            prune_models(conn, self.settings.models_dir, self.settings.models_keep)
