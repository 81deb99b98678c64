"""The bot's HTTP client for the Bot API: PTB's ``BaseRequest`` on aiohttp instead of httpx.

Why: the event-loop thread is what limits the bot's throughput, and most of its CPU went to
httpx and httpcore (about 60% of it in ``bench/replies.py`` profiles: httpcore re-checks every
pooled connection's socket on each request). PTB leaves the networking backend open for exactly
this (``telegram.request.BaseRequest``); aiohttp's client does the same work for a fraction of
the CPU. Requests without files go as a JSON body, which the Bot API accepts; uploads (chart
photos) as multipart. aiohttp's errors become PTB's ``TimedOut`` and ``NetworkError``, so the
retries and the rate limiter above see exactly what they saw with httpx; a connection that could
not even be opened is the ``NetworkError`` subclass ``Unreachable``, which start-up tells apart.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable
from typing import Any

import aiohttp
from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import SimpleUpdateProcessor
from telegram.request import BaseRequest, RequestData

log = logging.getLogger("streambot.telegram")

_DEFAULT = type(BaseRequest.DEFAULT_NONE)
"""PTB marks "the caller gave no timeout" with instances of this class."""
_JSON = {"Content-Type": "application/json"}


class Unreachable(NetworkError):
    """No connection to the Bot API could be opened (refused, no route, name not resolved):
    unlike a 5xx or a connection dropped mid-call, nothing answered at all."""


class AiohttpRequest(BaseRequest):
    """A pool of keep-alive connections to the Bot API, with PTB's timeout semantics.

    ``pool_timeout`` bounds the wait for a free connection plus connecting; ``read_timeout``
    bounds each wait for bytes (PTB raises it for long polls); ``write_timeout`` only adds to
    an overall cap, as aiohttp has no separate write timeout.
    """

    def __init__(
        self,
        connection_pool_size: int = 16,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._timeouts = {
            "read": read_timeout,
            "write": write_timeout,
            "connect": connect_timeout,
            "pool": pool_timeout,
        }
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts["read"]

    async def initialize(self) -> None:
        """Open the session in the running loop (aiohttp binds it to the loop it starts in)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                skip_auto_headers=("Accept-Encoding",),
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _timeout(self, files: bool, **given: object) -> aiohttp.ClientTimeout:
        chosen: dict[str, float | None] = {}
        for name, value in given.items():
            if isinstance(value, _DEFAULT):
                value = (
                    self._media_write_timeout if files and name == "write" else self._timeouts[name]
                )
            chosen[name] = value  # type: ignore[assignment]
        parts = [chosen["read"], chosen["write"], chosen["connect"], chosen["pool"]]
        return aiohttp.ClientTimeout(
            total=None if None in parts else sum(parts),  # type: ignore[arg-type]
            connect=(
                None
                if chosen["connect"] is None or chosen["pool"] is None
                else chosen["connect"] + chosen["pool"]
            ),
            sock_connect=chosen["connect"],
            sock_read=chosen["read"],
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = bool(request_data and request_data.contains_files)
        timeout = self._timeout(
            files,
            read=read_timeout,
            write=write_timeout,
            connect=connect_timeout,
            pool=pool_timeout,
        )
        kwargs: dict[str, object] = {"timeout": timeout}
        if files:
            form = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                form.add_field(name, value)
            for name, (filename, content, mimetype) in request_data.multipart_data.items():
                form.add_field(name, content, filename=filename, content_type=mimetype)
            kwargs["data"] = form
        elif request_data is not None and request_data.parameters:
            kwargs["data"] = request_data.json_payload
            kwargs["headers"] = _JSON
        return await self._fetch(method, url, kwargs)

    async def _fetch(self, method: str, url: str, kwargs: dict[str, object]) -> tuple[int, bytes]:
        try:
            async with self._session.request(method, url, **kwargs) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's own timeouts derive from it too
            raise TimedOut from err
        except aiohttp.ClientConnectorError as err:
            raise Unreachable(f"aiohttp.{type(err).__name__}: {err}") from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err


class AtLeastOncePolling(AiohttpRequest):
    """The HTTP client of ``getUpdates``: it confirms to Telegram only updates already handled.

    ``getUpdates(offset=n)`` confirms every update below ``n``, and Telegram never sends a
    confirmed update again. PTB's poller asks for ``offset = last fetched + 1`` as soon as it
    has queued a batch, so a crash (SIGKILL, the OOM killer) would lose every update fetched but
    not yet handled. This client lowers the offset to the oldest update still being handled, so
    after a crash those come again (a repeated ``/rate`` only writes the same value again), and
    drops from each answer the updates PTB already has, so nothing is handled twice in one run.

    Unlike holding the poller until the whole batch is done, this lets one slow update (a chart,
    a training-time ``/similar``) delay only itself. An update in hand longer than ``patience``
    seconds stops holding the offset back, or a stuck handler would pin it forever.
    """

    def __init__(self, hold: float = 0.1, patience: float = 30.0) -> None:
        super().__init__(connection_pool_size=1)
        self.hold, self.patience = hold, patience
        self._in_hand: dict[int, float] = {}  # update id -> when PTB got it; until handled
        self._newest = -1  # the highest update id PTB has been given
        self._all_handled = asyncio.Event()
        self._all_handled.set()

    def handled(self, update_id: int) -> None:
        """Called once an update's handler has finished (or failed and been reported)."""
        self._in_hand.pop(update_id, None)
        if not self._in_hand:
            self._all_handled.set()

    def _offset(self, asked: int) -> int:
        now = time.monotonic()
        waiting = [i for i, since in self._in_hand.items() if now - since < self.patience]
        if len(waiting) < len(self._in_hand):
            log.warning(
                "an update is still being handled after %.0f s; confirming it", self.patience
            )
            self._in_hand = {i: self._in_hand[i] for i in waiting}
            if not self._in_hand:
                self._all_handled.set()
        return min(waiting, default=asked)

    async def _fetch(self, method: str, url: str, kwargs: dict[str, object]) -> tuple[int, bytes]:
        if not url.endswith("/getUpdates"):
            return await super()._fetch(method, url, kwargs)
        if self._in_hand:  # give what is in hand a moment, so that fewer come back again
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.hold):
                    await self._all_handled.wait()
        params = json.loads(kwargs.get("data") or b"{}")  # type: ignore[arg-type]
        params["offset"] = self._offset(int(params.get("offset", 0)))
        kwargs = {**kwargs, "data": json.dumps(params).encode(), "headers": _JSON}
        status, body = await super()._fetch(method, url, kwargs)
        if status != 200:
            return status, body
        answer = json.loads(body)
        got = answer.get("result") or []
        fresh = [u for u in got if u["update_id"] > self._newest]
        if fresh:
            now = time.monotonic()
            self._in_hand.update((u["update_id"], now) for u in fresh)
            self._newest = fresh[-1]["update_id"]
            self._all_handled.clear()
        answer["result"] = fresh
        return status, json.dumps(answer).encode()


class ReportHandled(SimpleUpdateProcessor):
    """PTB's concurrent update processing, telling the poller when each update is done."""

    def __init__(self, poller: AtLeastOncePolling, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self.poller = poller

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            if isinstance(update, Update):
                self.poller.handled(update.update_id)
