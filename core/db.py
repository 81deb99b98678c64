"""The SQLite database: connections and the schema.

The schema is declared through sqlite-utils so it reads as data and stays in one place. Bulk
loads do not go through sqlite-utils (its ``insert_all`` is ~20x slower than ADBC ingestion
at 11M rows); see ``core.etl``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.errors import StreambotError

SCHEMA_VERSION = 2

CHAT_USER_BASE = 1_000_000_000
"""Internal ids of people who rate in chat start here; dataset user ids must stay below it."""
CHAT_RATINGS = f"user_id >= {CHAT_USER_BASE}"
"""The SQL condition that selects chat ratings. Queries repeat it literally so SQLite can use
the partial index ``idx_ratings_chat`` (it matches a partial index's condition textually)."""

_TABLES: dict[str, tuple[dict[str, type], dict]] = {
    # One row per catalog title, cleaned by the catalog rules (see docs/etl.md).
    "titles": (
        {
            "id": str,
            "platform": str,
            "show_id": str,
            "type": str,
            "title": str,
            "display_title": str,
            "director": str,
            "cast": str,
            "country": str,
            "date_added": str,
            "release_year": int,
            "rating": str,
            "duration_int": int,
            "duration_type": str,
            "listed_in": str,
            "description": str,
            # The original text, for display (catalog rule 4), and why a row is kept out of
            # search and rankings (rule 7; null for almost every row).
            "display_description": str,
            "quarantine": str,
        },
        {"pk": "id", "not_null": {"platform", "show_id", "type", "title", "display_title"}},
    ),
    # ``name`` / ``genre`` lower-case, for matching; ``display_*`` as the catalog writes it.
    "title_cast": (
        {"title_id": str, "position": int, "name": str, "display_name": str},
        {"pk": ("title_id", "position")},
    ),
    "title_directors": (
        {"title_id": str, "position": int, "name": str, "display_name": str},
        {"pk": ("title_id", "position")},
    ),
    "title_genres": (
        {"title_id": str, "position": int, "genre": str, "display_genre": str},
        {"pk": ("title_id", "position")},
    ),
    # Every rating event. ``id`` is the watermark later stages use ("ratings up to id N"). A
    # file's rows have consecutive ids (etl_files.first_rating_id..last_rating_id); ratings given
    # in chat are the rows with user_id >= CHAT_USER_BASE. No more columns than that: each one
    # costs the 11M-row bulk insert a bind per row (see docs/etl.md).
    "ratings": (
        {"id": int, "user_id": int, "title_id": str, "rating": float, "timestamp": int},
        {"pk": "id"},
    ),
    # Score = mean of all rating events of the title; sum and count make it incremental.
    "title_scores": (
        {"title_id": str, "rating_sum": float, "rating_count": int, "score": float},
        {"pk": "title_id"},
    ),
    "etl_runs": (
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "source_dir": str,
            "summary": str,
        },
        {"pk": "id"},
    ),
    "etl_files": (
        {
            "id": int,
            "run_id": int,
            "kind": str,
            "name": str,
            "sha256": str,
            "bytes": int,
            "rows_read": int,
            "rows_loaded": int,
            "rows_rejected": int,
            "fixes": int,
            "first_rating_id": int,
            "last_rating_id": int,
        },
        {"pk": "id"},
    ),
    "etl_rejects": (
        {"id": int, "run_id": int, "file": str, "line": int, "reason": str, "raw": str},
        {"pk": "id"},
    ),
    "etl_fixes": (
        {"id": int, "run_id": int, "file": str, "title_id": str, "fix": str, "detail": str},
        {"pk": "id"},
    ),
    "meta": ({"key": str, "value": str}, {"pk": "key"}),
    # Chat users get internal ids from core.ratings.CHAT_USER_BASE up (see core/ratings.py).
    "chat_users": (
        {"telegram_id": int, "user_id": int, "created_at": int},
        {"pk": "telegram_id", "not_null": {"user_id", "created_at"}},
    ),
    # A group's watch party: who /join-ed in which chat.
    "party_members": (
        {"chat_id": int, "telegram_id": int, "joined_at": int},
        {"pk": ("chat_id", "telegram_id")},
    ),
    # Real taste imported from MovieLens releases, bridged onto the catalog (core/taste). Its
    # people are not bot users: their ids never enter ``ratings``.
    "taste_ratings": (
        {"source": str, "user_id": int, "title_id": str, "rating": float, "timestamp": int},
        {"pk": ("source", "user_id", "title_id")},
    ),
    "taste_sources": (
        {
            **{"source": str, "file_name": str, "sha256": str, "catalog": str},
            **{"imported_at": str, "movies": int, "matched": int, "ratings": int, "kept": int},
        },
        {"pk": "source"},
    ),
    # The recommender's registry: every trained version, its holdout figures, which one is live
    # (core/recommend/registry.py) ...
    "models": (
        {
            **{"version": str, "kind": str, "path": str, "created_at": str, "watermark": int},
            **{"live": int, "promoted_at": str, "metrics": str, "summary": str},
        },
        {
            "pk": "version",
            "not_null": {"kind", "path", "created_at", "watermark", "live", "metrics", "summary"},
            "defaults": {"live": 0, "metrics": "{}", "summary": "{}"},
        },
    ),
    # ... and every training the schedule ran, promoted or not (core/recommend/lifecycle.py).
    "training_runs": (
        {
            **{"id": int, "started_at": str, "finished_at": str, "status": str, "trigger": str},
            **{"reason": str, "candidate": str, "live_before": str, "watermark": int},
            **{"new_ratings": int, "metrics": str},
        },
        {
            "pk": "id",
            "not_null": {"started_at", "status", "trigger", "metrics"},
            "defaults": {"metrics": "{}"},
        },
    ),
}
_ADDED = frozenset({"taste_ratings", "taste_sources", "models", "training_runs"})
"""Tables added since schema version 2 was set: ``ensure_schema`` adds them to an older
database, so a backup without them is still one to restore."""

_INDEXES: list[tuple[str, list[str]]] = [
    ("titles", ["platform", "release_year"]),
    ("titles", ["release_year"]),
    ("titles", ["duration_type", "duration_int"]),
    ("title_cast", ["name"]),
    ("title_directors", ["name"]),
    ("title_genres", ["genre"]),
    ("etl_files", ["kind", "name"]),
    ("etl_rejects", ["run_id"]),
    ("party_members", ["telegram_id"]),
]


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """Open the database with the pragmas every caller wants (WAL, foreign keys off, busy wait).

    WAL lets the bot read while the ETL or a rating write is in progress.
    """
    if readonly:
        conn = sqlite3.connect(readonly_uri(path), uri=True, check_same_thread=False)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=10000")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def readonly_uri(path: Path | str) -> str:
    """The read-only ``file:`` URI of a path. A path is not a URI: ``#``, ``?``, ``%`` and
    spaces in a file name must be percent-encoded, or ``bk#1.db`` opens ``bk``."""
    return Path(path).resolve().as_uri() + "?mode=ro"


class SchemaMismatch(StreambotError):
    """The database was built by another version of streambot's schema."""


def schema_problems(conn: sqlite3.Connection) -> list[str]:
    """What keeps a database from being used by this streambot as it is: a schema version other
    than ``SCHEMA_VERSION`` (or none), a missing table, a missing column. Empty when it fits.

    Used before a restore: a file with only a ``ratings`` table, or one from another schema
    version, must be refused, not swapped in for every command to fail on.
    """
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as err:
        return [f"it is not an SQLite database ({err})"]
    problems = []
    version = None
    if "meta" in tables:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = None if row is None else str(row[0])
    if version != str(SCHEMA_VERSION):
        problems.append(
            f"its schema version is {version or 'missing'}, and this streambot uses "
            f"version {SCHEMA_VERSION}"
        )
    for name, (columns, _) in _TABLES.items():
        if name not in tables and name in _ADDED:
            continue
        if name not in tables:
            problems.append(f"table {name} is missing")
            continue
        have = {r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')}
        lacking = [c for c in columns if c not in have]
        if lacking:
            problems.append(f"table {name} lacks {', '.join(lacking)}")
    return problems


def _schema_complete(conn: sqlite3.Connection) -> bool:
    """Every table, column and index there, at this schema version: the usual case at start-up,
    checked with a few queries instead of loading sqlite-utils."""
    if schema_problems(conn):
        return False
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    wanted = {
        *(f"idx_{table}_{'_'.join(cols)}" for table, cols in _INDEXES),
        "idx_ratings_chat",
        "idx_chat_users_user_id",
        "idx_models_live",
    }
    return wanted <= names


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create every table, column and index that is missing; existing data is left alone.

    Refuses a database built with another schema version rather than half-using it. A column
    added since (always nullable) is added in place; the ETL fills it when it reloads the
    catalogs (``core.clean.CATALOG_RULES``).
    """
    if _schema_complete(conn):
        return
    import sqlite_utils  # with numpy behind it: only when something is missing

    db = sqlite_utils.Database(conn)
    if db["meta"].exists():
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is not None and int(row[0]) != SCHEMA_VERSION:
            raise SchemaMismatch(
                f"The database was built with schema version {row[0]}, and this streambot uses "
                f"version {SCHEMA_VERSION}: rebuild it (`make clean-data`, then `make run`, or "
                "`streambot etl` into a new file)."
            )
    for name, (columns, options) in _TABLES.items():
        table = db[name]
        if not table.exists():
            table.create(columns, **options)
            continue
        for column, kind in columns.items():
            if column not in table.columns_dict:
                table.add_column(column, kind)
    for table, cols in _INDEXES:
        db[table].create_index(cols, if_not_exists=True)
    # Ratings given in chat are looked up per user, one per title; the 11M dataset rows are not
    # looked up, so a partial index keeps the bulk load free of an index build.
    conn.execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS idx_ratings_chat ON ratings(user_id, title_id) "
        f"WHERE {CHAT_RATINGS}"
    )
    db["chat_users"].create_index(["user_id"], unique=True, if_not_exists=True)
    # At most one live model, enforced by the database itself.
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS idx_models_live ON models(live) WHERE live = 1")
    conn.execute(
        "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
    )
    conn.commit()
