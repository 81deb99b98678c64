"""The harness of the hardening tests: the real bot on the fake Bot API, with test-only hooks.

- ``TunedServices``: the bot's ``Services`` with hooks on its database connections (a lower
  busy timeout, a page limit that simulates a full disk, read-only connections), and an
  optional record of every SQL text the handlers run, before any parameter is bound.
- ``serve``: the real ``Application`` from ``build_application`` on a ``FakeBotAPI``, polling or
  webhook (``harness.running.running``, as ``tests.test_bot_e2e.running_bot`` uses it, but
  with the services passed in).
- ``BotThread``: the fake server and the bot in an event loop of their own thread, so that
  synchronous tests (hypothesis) can drive them one message at a time.
- ``LogTrap``: every log record of the process while it is active, to check what was logged.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
import traceback
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import AsyncExitStack, asynccontextmanager, closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.app import build_router
from bot.config import BotSettings
from bot.services import Services
from bot.telegram_app import build_application
from bot.webhook import WebhookServer
from core import db as dbmod
from core.db import CHAT_RATINGS
from harness.fakebotapi import Call, FakeBotAPI, Reply
from harness.running import free_port, running

ADMIN_ID = 4242
SECRET = "hardening-webhook-secret-0123456789"
APOLOGY = ("error id", "id de error")
"""What the generic error reply contains, in both languages: an unhandled error happened."""


class RecordingConnection:
    """A ``sqlite3.Connection`` that records the SQL text of every statement it runs.

    The text is recorded as the caller wrote it, before parameters are bound, so a test can
    check that no user text was ever pasted into SQL.
    """

    def __init__(self, conn: sqlite3.Connection, sink: list[str]) -> None:
        self._conn, self._sink = conn, sink

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._sink.append(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._sink.append(sql)
        return self._conn.executemany(sql, *args)

    def __enter__(self) -> RecordingConnection:
        self._conn.__enter__()
        return self

    def __exit__(self, *exc: object) -> Any:
        return self._conn.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@dataclass
class TunedServices(Services):
    """``Services`` with test-only hooks on the connections the handlers get.

    ``hook(conn)`` runs on every ``conn()`` call (so a test can change it while the bot runs);
    ``readonly`` opens every connection with ``mode=ro``, as SQLite sees a read-only file;
    ``sql``, when a list, receives the SQL text of every statement handlers run.
    """

    hook: Callable[[sqlite3.Connection], None] | None = None
    readonly: bool = False
    sql: list[str] | None = None

    def conn(self) -> sqlite3.Connection:
        if self.readonly:
            conn = getattr(self._local, "conn", None)
            if conn is None:
                conn = dbmod.connect(self.settings.db_path, readonly=True)
                with self._lock:
                    self._all.append(conn)
                self._local.conn = conn
        else:
            conn = super().conn()
        if self.hook is not None:
            self.hook(conn)
        return conn if self.sql is None else RecordingConnection(conn, self.sql)


@dataclass
class Running:
    app: Application
    url: str | None
    """The webhook URL in webhook mode."""


@asynccontextmanager
async def serve(
    server: FakeBotAPI, services: Services, mode: str = "polling", **overrides: Any
) -> AsyncIterator[Running]:
    """The streambot Application on the fake server, until the block ends.

    The flood guard is raised to 10,000 commands per window unless ``flood_limit`` is given:
    these tests send many commands from one user on purpose.
    """
    overrides.setdefault("flood_limit", 10_000)
    settings = BotSettings(
        core=services.settings,
        token=server.token,
        api_base_url=server.base_url.removesuffix("/bot"),
        admin_ids=services.admin_ids or frozenset({ADMIN_ID}),
        **overrides,
    )
    app = build_application(settings, build_router(services))
    async with running(app, mode, secret=SECRET, webhook_server=WebhookServer) as url:
        yield Running(app, url)


def services_for(db_path: Path, models_dir: Path | None = None, **hooks: Any) -> TunedServices:
    from core.recommend.serving import ServedModel
    from core.settings import Settings

    models_dir = models_dir or db_path.parent / "models"
    return TunedServices(
        Settings(db_path=db_path, models_dir=models_dir),
        admin_ids=frozenset({ADMIN_ID}),
        served=ServedModel(db_path, models_dir),
        **hooks,
    )


async def wait_call(
    server: FakeBotAPI,
    after: int,
    methods: set[str],
    chat_id: int | None = None,
    timeout: float = 15,
) -> Call:
    """The first answered call of one of ``methods`` (to ``chat_id``) from ``calls[after]`` on."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for call in server.calls[after:]:
            answered = call.method in methods and call.status is not None
            if answered and chat_id in (None, int(call.params.get("chat_id", 0))):
                return call
        if loop.time() > deadline:
            recent = [(c.method, c.status, c.error) for c in server.calls[-8:]]
            raise AssertionError(f"no {methods} call within {timeout}s; {recent=}")
        await asyncio.sleep(0.005)


def failed_calls(server: FakeBotAPI, after: int = 0) -> list[Call]:
    """Calls by the bot that Telegram refused (polling's own long-poll bookkeeping aside)."""
    return [
        c
        for c in server.calls[after:]
        if c.status not in (None, 200, 499) and c.method != "getUpdates"
    ]


class BotThread:
    """The fake Bot API and the bot, in an event loop running in a thread of its own."""

    def __init__(self, services: Services, mode: str = "polling", **overrides: Any) -> None:
        self.services, self.mode, self.overrides = services, mode, overrides
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="bot-loop")
        self._stack = AsyncExitStack()
        self.server: FakeBotAPI
        self.running: Running

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _start(self) -> None:
        self.server = await self._stack.enter_async_context(FakeBotAPI(privacy_mode=False))
        self.running = await self._stack.enter_async_context(
            serve(self.server, self.services, self.mode, **self.overrides)
        )

    def __enter__(self) -> BotThread:
        self.thread.start()
        self.run(self._start())
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.run(self._stack.aclose())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            self.loop.close()

    def ask(self, text: str, reply_in: int, timeout: float = 15, **send: Any) -> Reply:
        """Send ``text`` (``send``: ``FakeBotAPI.send_text``'s options) and return the bot's
        next reply in chat ``reply_in``."""

        async def exchange() -> Reply:
            self.server.send_text(text, **send)
            sent = self.server.messages[reply_in][-1]["message_id"]
            reply = await self.server.next_reply(reply_in, timeout=timeout)
            assert reply.message_id > sent, f"a reply from before: {reply}"
            return reply

        return self.run(exchange(), timeout + 5)


class LogTrap(logging.Handler):
    """Keeps every record logged in this process (any thread) while it is active.

    The root logger is opened to DEBUG meanwhile, so anything any logger would write at any
    level is seen; the levels the bot itself sets (``quiet_http_logs``) stay in force.
    """

    IGNORED = ("aiohttp", "hypothesis")
    """The fake Telegram server's own web framework, and the test tool: not the bot's logs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._records_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(self.IGNORED):
            with self._records_lock:
                self.records.append(record)

    def __enter__(self) -> LogTrap:
        root = logging.getLogger()
        self._level = root.level
        root.addHandler(self)
        root.setLevel(logging.DEBUG)
        return self

    def __exit__(self, *exc: object) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        root.setLevel(self._level)

    def since(self, start: int = 0) -> list[logging.LogRecord]:
        with self._records_lock:
            return list(self.records[start:])

    def text(self, start: int = 0) -> str:
        """Everything logged since ``start``, as a log file would show it, tracebacks included."""
        lines = []
        for r in self.since(start):
            lines.append(f"{r.levelname} {r.name} {r.getMessage()}")
            if r.exc_info:
                lines.append("".join(traceback.format_exception(*r.exc_info)))
        return "\n".join(lines)

    def errors(self, start: int = 0) -> list[str]:
        return [
            f"{r.name}: {r.getMessage()}" for r in self.since(start) if r.levelno >= logging.ERROR
        ]


def chat_ratings(db_path: Path) -> dict[int, tuple[int, str, float]]:
    """Every chat rating in the database: rating id -> (internal user, title, value)."""
    with closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute(
            f"SELECT id, user_id, title_id, rating FROM ratings WHERE {CHAT_RATINGS}"
        ).fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def cells_about(db_path: Path, values: set[int]) -> list[tuple[str, str]]:
    """(table, column) of every cell, in every table and column, holding one of ``values``.

    ``meta`` is left out: it holds counters (the highest ids ever given), not data about anyone.
    """
    found = []
    with closing(sqlite3.connect(db_path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table == "meta":
                continue
            for column in [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]:
                marks = ", ".join("?" * len(values))
                sql = f'SELECT count(*) FROM "{table}" WHERE "{column}" IN ({marks})'
                if conn.execute(sql, tuple(values)).fetchone()[0]:
                    found.append((table, column))
    return found


BOT_COMMAND = {"polling": "worker", "webhook": "web"}
"""The Procfile's bot process for each way of getting updates: ``streambot worker`` polls,
``streambot web`` serves the webhook."""


def bot_env(
    server: FakeBotAPI, db: Path, root: Path, mode: str = "polling", token: str | None = None
) -> dict[str, str]:
    """The environment of a real bot process (``BOT_COMMAND[mode]``) against the fake Bot API:
    scheduled jobs off, limits raised; in webhook mode on a free local port (the same one after
    a restart). ``token`` defaults to the one the fake knows."""
    webhook = {}
    if mode == "webhook":
        port = free_port()
        webhook = {
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
            "WEBHOOK_SECRET": "kill-test-webhook-secret-0123",
            "WEBHOOK_LISTEN": "127.0.0.1",
            "PORT": str(port),
        }
    return {
        **webhook,
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token or server.token,
        "TELEGRAM_API_BASE_URL": server.base_url.removesuffix("/bot"),
        "STREAMBOT_DB": str(db),
        "STREAMBOT_MODELS_DIR": str(root / "models"),
        "STREAMBOT_RAW_DIR": str(root / "raw"),
        "STREAMBOT_SAMPLE_DIR": str(root / "sample"),
        "RETRAIN_CHECK_MINUTES": "0",
        "INGEST_INTERVAL_MINUTES": "0",
        "FLOOD_LIMIT": "100000",
        "SEND_RATE_PER_SECOND": "100000",
        "ADMIN_USER_IDS": "",
    }
