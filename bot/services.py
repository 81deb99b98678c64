"""What handlers need from the outside world, passed in (never global): settings, data access,
and the in-memory caches of this database (the search index, the rendered charts, /compare's
genre counts).

Handlers run in worker threads (``asyncio.to_thread``), and a ``sqlite3`` connection must not be
shared across threads, so each thread gets its own read-write connection on first use. The
caches are owned here, one per ``Services``, so two databases (or two tests) never share one.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core import db as dbmod
from core import ratings
from core.eda.cache import ChartCache
from core.queries import SearchCache
from core.settings import Settings
from core.where import GenreCounts

if TYPE_CHECKING:  # the recommender (numpy, numba, scipy) loads on first use, not at start-up
    from core.recommend.lifecycle import Trainer, TrainingRun
    from core.recommend.service import Recommender
    from core.recommend.serving import ServedModel


@dataclass
class Services:
    """The dependencies of every command handler."""

    settings: Settings
    admin_ids: frozenset[int] = frozenset()
    served: ServedModel | None = None
    """The served recommender (swapped when a new version is promoted); made on first use."""
    trainer: Trainer | None = None
    """Runs trainings (admin /retrain); None where no scheduler runs (``console``, ``ask``)."""
    search_cache: SearchCache = field(default_factory=SearchCache, repr=False)
    """The title search index of this database (``core.queries.search``)."""
    charts: ChartCache = field(default_factory=ChartCache, repr=False)
    """Rendered charts and their findings (``core.eda``)."""
    where_genres: GenreCounts = field(default_factory=GenreCounts, repr=False)
    """/compare's genre counts for this database, kept between requests."""
    first_training: bool = False
    """No model was live at start-up and the front end is training the first one: until it is
    live, /recommend's popular picks say so, once per chat."""
    _told: set[int] = field(default_factory=set, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _all: list[sqlite3.Connection] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _schema_checked: bool = field(default=False, repr=False)

    def conn(self) -> sqlite3.Connection:
        """This thread's connection to the database (opened on first use)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = dbmod.connect(self.settings.db_path)
            with self._lock:
                if not self._schema_checked:
                    # An older or empty database gets the tables that chat features write to.
                    try:
                        dbmod.ensure_schema(conn)
                    except BaseException:
                        conn.close()
                        raise
                    self._schema_checked = True
                self._all.append(conn)
            self._local.conn = conn
        return conn

    def recommender(self) -> Recommender:
        """The live recommender for this request; hold on to it until the reply is built."""
        if self.served is None:
            from core.recommend.serving import ServedModel

            with self._lock:
                if self.served is None:
                    self.served = ServedModel(self.settings.db_path, self.settings.models_dir)
        return self.served.get()

    def first_model_pending(self) -> bool:
        """True while no model was ever trained and the first one trains: popularity stands in,
        so a rating given now is not in anyone's picks yet."""
        return self.first_training and self.recommender().info.version is None

    def tell_first_training(self, chat_id: int) -> bool:
        """True the first time a chat gets popular picks while the first model trains."""
        with self._lock:
            if not self.first_training or chat_id in self._told:
                return False
            self._told.add(chat_id)
            return True

    def forget(self, telegram_id: int) -> ratings.Forgotten:
        """/forget (``core.recommend.audience.forget``); the served model is reloaded without
        the person when a stored model held their numbers."""
        from core.recommend.audience import forget

        done = forget(self.conn(), telegram_id, self.settings.models_dir, self.settings.backup_dir)
        if done.models_changed and self.served is not None:
            self.served.reload()
        return done.rows

    def training_runs(self, n: int) -> list[TrainingRun]:
        """The newest ``n`` training runs."""
        from core.recommend.lifecycle import recent_runs

        return recent_runs(self.conn(), n)

    def close(self) -> None:
        """Close every thread's connection (at shutdown)."""
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()
