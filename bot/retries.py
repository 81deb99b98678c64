"""Bot API calls made again after Telegram failed to answer: replies, and ``getMe`` at start-up.

A 5xx, a dropped connection or a timeout says nothing about the call itself, so it is made again
after a pause; a 400 would fail again, and a 429 is the rate limiter's (it waits the
``retry_after`` Telegram asks for). At start-up the bot has nothing better to do than wait for
Telegram, so ``getMe`` is asked until it answers, as failing long polls are. Two answers end the
bot instead, each with one line that does not hold the token: Telegram rejects the token, or
no connection to the Bot API can be opened at all (a wrong ``TELEGRAM_API_BASE_URL``, no
network: something to fix, not to wait out; a platform restarts the process).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot
from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import Application

from bot.config import BotSettings
from bot.transport import AiohttpRequest, Unreachable
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


class TelegramUnreachable(StreambotError):
    """No connection to the Bot API could be opened: the bot cannot start."""


async def initialize(app: Application | Bot, api_url: str) -> None:
    """``app.initialize()`` (which asks Telegram ``getMe``), again after a 5xx, a dropped
    connection or a timeout, with growing pauses, until it works. A token Telegram rejects
    (401/404) raises ``TokenRejected``, and a Bot API at ``api_url`` that no connection reaches
    raises ``TelegramUnreachable``; neither message contains the token."""
    bot = app.bot if isinstance(app, Application) else app
    for attempt in itertools.count():
        try:
            await app.initialize()
            return
        except InvalidToken:
            await bot.shutdown()  # close the HTTP sessions: nothing else printed at exit
            raise TokenRejected(
                "Telegram rejected TELEGRAM_BOT_TOKEN (it does not know this bot): copy the "
                "token again from @BotFather, or ask it for a new one with /token."
            ) from None
        except Unreachable as err:
            await bot.shutdown()
            raise TelegramUnreachable(
                f"Telegram cannot be reached at {api_url} ({err}): check the network, or "
                "TELEGRAM_API_BASE_URL."
            ) from None
        except NetworkError as err:  # a 5xx, a dropped connection, a timeout
            delay = STARTUP_DELAYS[min(attempt, len(STARTUP_DELAYS) - 1)]
            log.warning(
                "getMe failed at start-up (%s); retrying in %.1f s", type(err).__name__, delay
            )
            await asyncio.sleep(delay)


def check_reachable(settings: BotSettings) -> None:
    """Ask Telegram ``getMe`` before the bot touches its database or model, as ``initialize``
    asks it (the same retries, the same one-line errors): a bot that cannot start says so
    before it has logged anything else. Its own connection is closed afterwards."""

    async def ask() -> None:
        bot = Bot(
            settings.token,
            base_url=f"{settings.api_base_url}/bot",
            request=AiohttpRequest(1, read_timeout=10, connect_timeout=10),
        )
        await initialize(bot, settings.api_base_url)
        await bot.shutdown()

    asyncio.run(ask())
