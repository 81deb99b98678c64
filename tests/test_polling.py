"""The bot's own HTTP client (``bot/transport.py``), over the real HTTP path to the fake Bot API.

Polling confirms an update to Telegram only once it is handled, yet one slow update must not
hold the others up; every Bot API call the bot makes goes through aiohttp, JSON and multipart
alike, with PTB's errors.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram import Bot, Update
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from bot.transport import AiohttpRequest, AtLeastOncePolling, ReportHandled
from harness.fakebotapi import FakeBotAPI
from harness.running import running

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        yield fake


def _app(server: FakeBotAPI, poller: AtLeastOncePolling, release: asyncio.Event) -> Application:
    """A bot whose /slow waits for ``release``; /fast answers at once."""

    async def slow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await release.wait()
        await update.effective_message.reply_text("slow done")

    async def fast(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text("fast done")

    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .request(AiohttpRequest())
        .get_updates_request(poller)
        .concurrent_updates(ReportHandled(poller))
        .build()
    )
    app.add_handlers([CommandHandler("slow", slow), CommandHandler("fast", fast)])
    return app


def _pending_texts(server: FakeBotAPI) -> list[str]:
    return [u["message"]["text"] for u in server.pending_updates() if "message" in u]


@pytest.mark.asyncio
async def test_a_slow_update_delays_only_itself_and_stays_unconfirmed_until_handled(server):
    poller, release = AtLeastOncePolling(), asyncio.Event()
    async with running(_app(server, poller, release), "polling", secret="s"):
        server.send_text("/slow", user_id=1)
        await asyncio.sleep(0.2)
        for user in range(2, 6):
            server.send_text("/fast", user_id=user)
        for user in range(2, 6):
            assert (await server.next_reply(user, timeout=10)).text == "fast done"
        # The slow one is still held by Telegram: a crash now would get it sent again.
        assert _pending_texts(server)[0] == "/slow"
        release.set()
        assert (await server.next_reply(1, timeout=10)).text == "slow done"
        await server.wait_for_delivery(timeout=10)  # and now everything is confirmed
        await asyncio.sleep(0.3)  # time for a duplicate to show up, if there were one
    sent = [c for c in server.calls if c.method == "sendMessage" and c.status == 200]
    assert sorted(c.params["chat_id"] for c in sent) == [1, 2, 3, 4, 5]  # each answered once


@pytest.mark.asyncio
async def test_an_update_stuck_past_the_patience_stops_holding_the_others(server, caplog):
    poller, release = AtLeastOncePolling(patience=0.5), asyncio.Event()
    caplog.set_level(logging.WARNING, "streambot.telegram")
    async with running(_app(server, poller, release), "polling", secret="s"):
        server.send_text("/slow", user_id=1)
        await asyncio.sleep(0.1)
        server.send_text("/fast", user_id=2)
        assert (await server.next_reply(2, timeout=10)).text == "fast done"
        await asyncio.sleep(0.6)
        server.send_text("/fast", user_id=3)  # the next poll gives up on /slow and confirms it
        assert (await server.next_reply(3, timeout=10)).text == "fast done"
        await server.wait_for_delivery(timeout=10)
        release.set()
        assert (await server.next_reply(1, timeout=10)).text == "slow done"
    assert "still being handled" in caplog.text


@pytest.mark.asyncio
async def test_json_and_multipart_calls_and_errors_map_to_ptb(server):
    server.send_text("hi", user_id=7)
    async with Bot(server.token, base_url=server.base_url, request=AiohttpRequest()) as bot:
        message = await bot.send_message(7, "<b>bold</b> &amp; more", parse_mode="HTML")
        assert message.text == "bold & more" and message.entities[0].type == "bold"
        photo = await bot.send_photo(7, PNG_1X1, caption="<i>Poster</i>", parse_mode="HTML")
        assert photo.caption == "Poster" and photo.photo
        with pytest.raises(BadRequest, match="parse"):
            await bot.send_message(7, "<b>unclosed", parse_mode="HTML")
        server.fail_next("sendMessage", drop=True)
        with pytest.raises(NetworkError):
            await bot.send_message(7, "dropped")
        server.fail_next("sendMessage", delay=2.0)
        with pytest.raises(TimedOut):
            await bot.send_message(7, "too slow", read_timeout=0.3)
        assert (await bot.send_message(7, "after")).text == "after"
