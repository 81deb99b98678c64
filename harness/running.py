"""Start a python-telegram-bot ``Application`` against the fake Bot API, and stop it again.

One context manager, ``running``, serves every test that runs a real ``Application`` over HTTP
(``tests.test_bot_e2e``, ``tests.hardening_bot``, ``tests.test_fakebotapi``): the start-up
order PTB needs, long polling or a webhook on a free local port, and a shutdown that runs even
when the test fails. It imports nothing from ``bot/``, so the tests of the fake itself can use
it too.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@asynccontextmanager
async def running(
    app: Application,
    mode: str,
    *,
    secret: str,
    poll_timeout: int = 5,
    webhook_server: Callable[[Application, str, str], Any] | None = None,
) -> AsyncIterator[str | None]:
    """Run ``app`` by long polling (``mode="polling"``) or webhook until the block ends; yields
    the webhook URL, or None when polling.

    ``post_init`` runs as ``run_polling`` would run it (the command menu, start-up settings);
    the webhook checks ``secret``; ``poll_timeout`` is the long poll's ``timeout``. The webhook
    is PTB's own unless ``webhook_server(app, secret, path)`` builds another: an object with
    ``start(listen, port, url)`` (which also calls ``setWebhook``) and ``stop()``.
    """
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()
    url = None
    if mode == "polling":
        await app.updater.start_polling(poll_interval=0, timeout=poll_timeout)
    else:
        port = free_port()
        url = f"http://127.0.0.1:{port}/hook"
        if webhook_server is None:
            await app.updater.start_webhook(
                listen="127.0.0.1", port=port, url_path="hook", webhook_url=url, secret_token=secret
            )
        else:
            server = webhook_server(app, secret, "hook")
            await server.start("127.0.0.1", port, url)
    try:
        yield url
    finally:
        if webhook_server is not None and url is not None:
            await server.stop()
        if app.updater.running:
            await app.updater.stop()
        await app.stop()
        await app.shutdown()
