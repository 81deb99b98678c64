"""Bot API calls made again after Telegram failed to answer: replies, and ``getMe`` at start-up.

A 5xx, a dropped connection or a timeout says nothing about the call itself, so it is made again
after a pause; a 400 would fail again, and a 429 is the rate limiter's (it waits the
``retry_after`` Telegram asks for). At start-up the bot has nothing better to do than wait for
Telegram, so ``getMe`` is asked until it answers, as failing long polls are; a token Telegram
rejects ends the bot instead, with a message that does not hold it.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import Application

from core.errors import StreambotError

log = logging.getLogger("streambot.telegram")
RETRY_DELAYS = (0.5, 1.0, 2.0)
"""Seconds to wait before each new attempt at a call Telegram failed to answer."""
STARTUP_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
"""Pauses between attempts at ``getMe`` when the bot starts; the last one repeats until
Telegram answers (as failing long polls are retried)."""
T = TypeVar("T")


async def with_retries(what: str, call: Callable[[], Awaitable[T]]) -> T:
    """Run a Bot API call, again after a 5xx, a dropped connection or a timeout.

    ``BadRequest`` (400) would fail again and is raised at once; 429 never gets here (the
    rate limiter waits ``retry_after`` and retries). A call that timed out may have reached
    the chat anyway, so a user can see a reply twice: better than never.
    """
    for delay in (*RETRY_DELAYS, None):
        try:
            return await call()
        except BadRequest:
            raise
        except NetworkError as err:  # TimedOut is one too
            if delay is None:
                raise
            log.warning("%s failed (%s); retrying in %.1f s", what, type(err).__name__, delay)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")


class TokenRejected(StreambotError):
    """Telegram does not know the bot token: the bot cannot start."""


async def initialize(app: Application) -> None:
    """``app.initialize()`` (which asks Telegram ``getMe``), again after a 5xx, a dropped
    connection or a timeout, with growing pauses, until it works. A token Telegram rejects
    (401/404) raises ``TokenRejected``, whose message does not contain the token."""
    for attempt in itertools.count():
        try:
            await app.initialize()
            return
        except InvalidToken:
            await app.bot.shutdown()  # close the HTTP sessions: nothing else printed at exit
            raise TokenRejected(
                "Telegram rejected TELEGRAM_BOT_TOKEN (it does not know this bot): copy the "
                "token again from @BotFather."
            ) from None
        except NetworkError as err:  # a 5xx, a dropped connection, a timeout
            delay = STARTUP_DELAYS[min(attempt, len(STARTUP_DELAYS) - 1)]
            log.warning(
                "getMe failed at start-up (%s); retrying in %.1f s", type(err).__name__, delay
            )
            await asyncio.sleep(delay)
