"""Every family of derived tables, with its refresh: one registry that every load calls.

Why one place: the derived tables (answers kept ready so a request is an index lookup) were
refreshed by hand in three places, and one of them (``streambot etl``) skipped the charts'
tables, so ``/chart users`` said "the database is empty" on a database with 11M ratings.
``refresh_derived`` runs every family, in order, after every ETL run (``core.etl.run_etl``:
``streambot etl``, ``make run`` and the ingest job all load through it) and before a report.

Each family's refresh is idempotent and cheap when nothing changed (a few small reads), so
calling them all every time costs nothing when there is nothing to do:

======  =======================================  ======================================
family  module                                   refreshed from
======  =======================================  ======================================
q_      ``core.queries.support``                 the catalog (rebuilt), scores (triggers)
w_      ``core.where.support``                   the catalog and the q_ tables
eda_    ``core.eda.support``                     new ratings files and chat ratings
t_      ``core.fans``                            the catalog and the real-taste sources
======  =======================================  ======================================

Order matters: the works (``w_``) are built from the q_ tables.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.eda.support import ensure_eda_support
from core.fans import ensure_fans
from core.queries.support import ensure_query_support
from core.where.support import ensure_where_support


@dataclass(frozen=True, slots=True)
class Family:
    """A family of derived tables: their name prefix, what they serve, and their refresh."""

    prefix: str
    serves: str
    refresh: Callable[[sqlite3.Connection], bool]
    """Brings the tables up to date; True when it changed them."""


FAMILIES: tuple[Family, ...] = (
    Family("q_", "catalog queries, search and title cards", ensure_query_support),
    Family("w_", "where to watch: works across the platforms", ensure_where_support),
    Family("eda_", "the rating charts' aggregates", ensure_eda_support),
    Family("t_", "how many real people rated each title (/worth's best known)", ensure_fans),
)


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What one family's refresh did."""

    prefix: str
    changed: bool
    seconds: float


def refresh_derived(conn: sqlite3.Connection) -> tuple[Refreshed, ...]:
    """Bring every family of derived tables up to date, in order; what each one did.

    Needs the core schema and a ``sqlite3`` connection (never while an ADBC writer has the file
    open in this process: see ``core.etl.writer.Writer``).
    """
    done = []
    for family in FAMILIES:
        started = time.perf_counter()
        changed = family.refresh(conn)
        done.append(Refreshed(family.prefix, changed, time.perf_counter() - started))
    return tuple(done)
