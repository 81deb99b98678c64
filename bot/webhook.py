"""The webhook endpoint: Telegram POSTs each update here, and hears "200" only once it is handled.

Why not PTB's own webhook server: it answers 200 as soon as the update is queued, so an update
in the queue when the process dies (SIGKILL, the OOM killer, a dyno restart) is lost, since
Telegram deletes what it was told was delivered. Answering after the handlers have run makes the
webhook at-least-once, as the polling client in ``bot/transport.py`` is: Telegram POSTs the
update again after a crash. Telegram keeps up to ``max_connections`` requests open at once, so
a slow update holds up only its own connection.

A request without the secret token gets 403 and is never parsed; one Telegram could not have
sent (not JSON, or JSON that is not an object with an update's fields) gets 400.
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

log = logging.getLogger("streambot.telegram")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_CONNECTIONS = 40
"""Parallel webhook requests Telegram may make (its default and maximum is 40 and 100)."""


class WebhookServer:
    """An aiohttp server on ``listen:port`` with one route, ``/<path>``, for ``app``."""

    def __init__(self, app: Application, secret: str, path: str) -> None:
        self.app, self.path = app, path.strip("/")
        self._secret = secret.encode()
        self._runner: web.AppRunner | None = None

    async def start(self, listen: str, port: int, public_url: str) -> None:
        """Serve, then tell Telegram where to POST (so nothing arrives before we listen)."""
        web_app = web.Application()
        web_app.router.add_post(f"/{self.path}", self._receive)
        self._runner = web.AppRunner(web_app, access_log=None)  # its lines would show the path
        await self._runner.setup()
        await web.TCPSite(self._runner, listen, port).start()
        await self.app.bot.set_webhook(
            public_url,
            secret_token=self._secret.decode(),
            allowed_updates=Update.ALL_TYPES,
            max_connections=MAX_CONNECTIONS,
        )
        log.info("webhook listening on %s:%s", listen, port)

    async def stop(self) -> None:
        """Stop listening; the webhook stays set, so Telegram keeps what arrives meanwhile."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook request without the right secret token refused")
            return web.Response(status=403)
        try:
            payload = json.loads(await request.read())
            if not isinstance(payload, dict):  # a list or a string is JSON, and no update
                raise TypeError(f"a JSON {type(payload).__name__}, not an object")
            update = Update.de_json(payload, self.app.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            log.warning("webhook request that is not an update refused")
            return web.Response(status=400)
        await self.app.process_update(update)  # handlers, then the error handler if one failed
        return web.Response()
