"""What handlers need from the outside world, passed in (never global): settings and data access.

Handlers run in worker threads (``asyncio.to_thread``), and a ``sqlite3`` connection must not be
shared across threads, so each thread gets its own read-write connection on first use.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field

from core import db as dbmod
from core.settings import Settings


@dataclass
class Services:
    """The dependencies of every command handler."""

    settings: Settings
    admin_ids: frozenset[int] = frozenset()
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

    def close(self) -> None:
        """Close every thread's connection (at shutdown)."""
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()
