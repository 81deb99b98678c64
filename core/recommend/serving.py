"""Serving: the live model as a ``Recommender``, and the holder that swaps it when a new version
goes live.

Why here and not in the registry: the registry is rows in the ``models`` table, read by the
scheduler and the CLI without loading numpy arrays; serving loads the arrays.

Loading never crashes the bot: ``load_live`` tries the live version, then every version that was
live before (newest promotion first), then popularity computed from ``title_scores``, logging one
warning line for each artifact it skips.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from core import db as dbmod
from core.recommend.artifact import ArtifactError, read_artifact
from core.recommend.registry import _COLUMNS, _has_registry, _record
from core.recommend.service import Recommender

log = logging.getLogger("streambot.recommend")


def load_live(conn: sqlite3.Connection, models_dir: Path) -> Recommender:
    """The live model, else the newest previously live one that loads, else popularity.

    Never raises for a missing or broken artifact: each one skipped is logged (WARNING) with the
    reason, and ``Recommender.info.fallback`` says what answers instead.
    """
    rows = (
        []
        if not _has_registry(conn)
        else conn.execute(
            f"SELECT {_COLUMNS} FROM models WHERE live = 1 OR promoted_at IS NOT NULL "
            "ORDER BY live DESC, promoted_at DESC, version DESC"
        ).fetchall()
    )
    problems: list[str] = []
    for record in map(_record, rows):
        try:
            artifact = read_artifact(Path(models_dir) / record.version)
            rec = Recommender.from_artifact(artifact)
        except KeyError as err:  # an array this code needs is not in the file
            err = ArtifactError(f"array {err} is missing (written by another code version?)")
            log.warning(
                "model %s cannot be loaded (%s); trying the previous one", record.version, err
            )
            problems.append(f"{record.version}: {err}")
            continue
        except (ArtifactError, ValueError) as err:
            log.warning(
                "model %s cannot be loaded (%s); trying the previous one", record.version, err
            )
            problems.append(f"{record.version}: {err}")
            continue
        if problems:
            rec = rec.with_fallback(
                f"live model unusable ({'; '.join(problems)}); using {record.version}"
            )
        log.info("recommender: model %s (%s) loaded", record.version, record.kind)
        return rec
    reason = "; ".join(problems) if problems else "no model has been trained and promoted yet"
    log.warning("recommender: %s; answering with popularity from title_scores", reason)
    from core.recommend.fallback import popularity_from_db

    return popularity_from_db(conn, reason=reason)


class ServedModel:
    """The recommender the server answers with, swapped atomically when a new version goes live.

    A request takes ``get()`` once and uses that object to the end, so requests in flight finish
    on the old model while new ones get the new one; the swap is one reference assignment, and
    the old model is freed when its last request ends.
    """

    def __init__(self, db_path: Path, models_dir: Path) -> None:
        self.db_path, self.models_dir = Path(db_path), Path(models_dir)
        self._current: Recommender | None = None
        self._lock = threading.Lock()

    def get(self) -> Recommender:
        """The recommender serving now (loaded on first use)."""
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

    def _load(self) -> Recommender:
        with closing(dbmod.connect(self.db_path)) as conn:
            return load_live(conn, self.models_dir)
