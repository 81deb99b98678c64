"""The scheduled jobs, as plain functions both schedulers run: ingest, retrain, backup.

The bot runs them from python-telegram-bot's JobQueue (APScheduler inside the bot's event loop,
each job sent to a worker thread); ``streambot jobs`` runs the same ones on a plain APScheduler
``BlockingScheduler`` without Telegram. Each job is safe to call at any time: it does nothing
when nothing is due, never overlaps itself, and never raises (it logs).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from core.recommend.lifecycle import RunOutcome, Trainer
from core.settings import Settings

log = logging.getLogger("streambot.jobs")


def _etl_child(source: str, db_path: str, out: multiprocessing.queues.Queue, niceness: int) -> None:
    from core.etl import run_etl, summary_dict

    os.nice(niceness)  # background work, like a training: requests come first
    try:
        # run_etl refreshes every family of derived tables (core.refresh), charts' included.
        out.put(("ok", summary_dict(run_etl(Path(source), Path(db_path)))))
    except BaseException as err:
        out.put(("error", f"{type(err).__name__}: {err}"))


@dataclass
class Jobs:
    """The jobs of one deployment: where new rating files appear, and who trains."""

    settings: Settings
    source: Path
    """The folder whose ``ratings/`` is watched (``data/raw`` with the real files)."""
    trainer: Trainer
    _ingest_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _seen: dict[str, tuple[int, float]] = field(default_factory=dict, repr=False)

    def _changed(self) -> bool:
        """Cheap pre-check: did any ratings file appear or change (name, size, mtime)?"""
        folder = self.source / "ratings"
        current = (
            {p.name: (p.stat().st_size, p.stat().st_mtime) for p in sorted(folder.glob("*.csv"))}
            if folder.is_dir()
            else {}
        )
        changed = current != self._seen
        self._seen = current
        return changed

    def ingest(self) -> dict | None:
        """Load new or changed rating files, in a child process (the ETL writes through ADBC,
        which must not share a process with the server's sqlite3 connections)."""
        if not self._ingest_lock.acquire(blocking=False):
            return None
        try:
            if not self._changed():
                return None
            ctx = multiprocessing.get_context("spawn")
            out = ctx.Queue()
            child = ctx.Process(
                target=_etl_child,
                daemon=True,
                name="streambot-ingest",
                args=(
                    str(self.source),
                    str(self.settings.db_path),
                    out,
                    self.settings.training_niceness,
                ),
            )
            child.start()
            try:
                status, payload = out.get(timeout=3600)
            except Exception:
                child.kill()
                self._seen = {}  # try again next time
                log.error("ingest: the ETL process exited without a result (%s)", child.exitcode)
                return None
            finally:
                child.join(timeout=30)
            if status != "ok":
                self._seen = {}
                log.error("ingest failed: %s", payload)
                return None
            log.info("ingest: %s new ratings loaded", payload["ratings_loaded"])
            return payload
        finally:
            self._ingest_lock.release()

    def retrain(self) -> RunOutcome | None:
        """Train when due (threshold or age); coalesced if one is running."""
        try:
            return self.trainer.tick()
        except Exception:
            log.exception("retrain job failed")
            return None

    def backup(self) -> Path | None:
        """A timestamped online backup into ``BACKUP_DIR``, when configured; then all but the
        newest ``BACKUP_KEEP`` are deleted."""
        if self.settings.backup_dir is None:
            return None
        from core.backup import backup, prune_backups

        try:
            result = backup(self.settings.db_path, self.settings.backup_dir)
            pruned = prune_backups(
                self.settings.backup_dir, self.settings.db_path, self.settings.backup_keep
            )
        except Exception:
            log.exception("backup job failed")
            return None
        log.info(
            "backup written: %s (%s ratings); %d old backup(s) deleted",
            result.path.name,
            result.ratings,
            len(pruned),
        )
        return result.path

    def intervals(self) -> list[tuple[str, float]]:
        """(job name, seconds) for every job that should be scheduled."""
        jobs = [
            ("ingest", self.settings.ingest_interval_minutes * 60),
            ("retrain", self.settings.retrain_check_minutes * 60),
        ]
        if self.settings.backup_dir is not None and self.settings.backup_interval_hours > 0:
            jobs.append(("backup", self.settings.backup_interval_hours * 3600))
        return [(name, seconds) for name, seconds in jobs if seconds > 0]
