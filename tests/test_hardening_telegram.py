"""Telegram answering with errors — 429 with ``retry_after``, 5xx, timeouts, dropped
connections — in polling and webhook mode: the bot backs off, retries, and every update gets
its real answer (not an apology), with nothing logged at ERROR by the bot and the token never
in the logs. Also: updates sent while the bot is down are answered once it is back.

Faults come from the fake Bot API's ``fail_next`` (see docs/fake-bot-api.md).
"""

from __future__ import annotations

import time

import pytest
import pytest_asyncio

from harness.db import copy_db
from harness.fakebotapi import FakeBotAPI
from tests.hardening_bot import APOLOGY, LogTrap, serve, services_for

MODES = ["polling", "webhook"]


@pytest_asyncio.fixture
async def server():
    async with FakeBotAPI(privacy_mode=False, webhook_retry_delay=0.1) as fake:
        yield fake


@pytest.fixture
def db(demo_db, tmp_path):
    return copy_db(demo_db, tmp_path / "bot.db")


@pytest.fixture
def logs():
    with LogTrap() as trap:
        yield trap


def _bot_errors(logs: LogTrap) -> list[str]:
    """ERROR records of the bot itself (PTB's own polling loop reports refused getUpdates at
    ERROR, and keeps going: that is the library's choice, checked separately)."""
    return [e for e in logs.errors() if e.startswith("streambot")]


def _clean(server: FakeBotAPI, logs: LogTrap) -> None:
    assert _bot_errors(logs) == []
    logged = logs.text()
    assert server.token not in logged and server.token.split(":")[1] not in logged


async def _count_reply(server: FakeBotAPI, user: int, timeout: float = 20) -> str:
    server.send_text("/count hulu", user_id=user)
    reply = await server.next_reply(user, timeout=timeout)
    assert not any(a in reply.text for a in APOLOGY), reply.text
    assert reply.text.startswith("📺 Hulu"), reply.text
    return reply.text


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.asyncio
async def test_429_retry_after_is_waited_out_and_the_reply_arrives(server, db, logs, mode):
    services = services_for(db)
    async with serve(server, services, mode):
        server.fail_next("sendMessage", status=429, retry_after=1)
        started = time.monotonic()
        await _count_reply(server, 701)
        assert time.monotonic() - started >= 1.0  # it waited as told, not hammered
    services.close()
    statuses = [c.status for c in server.calls if c.method == "sendMessage"]
    assert statuses == [429, 200]
    _clean(server, logs)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "fault",
    [
        {"status": 502},
        {"status": 500},
        {"drop": True},
        {"status": 502, "times": 2},
    ],
    ids=["502", "500", "dropped", "502-twice"],
)
@pytest.mark.asyncio
async def test_server_errors_and_dropped_connections_are_retried(server, db, logs, mode, fault):
    services = services_for(db)
    async with serve(server, services, mode):
        server.fail_next("sendMessage", **fault)
        await _count_reply(server, 702)
        await server.assert_no_reply(702, within=0.3)  # no apology after the answer either
    services.close()
    sent = [c for c in server.calls if c.method == "sendMessage"]
    assert sent[-1].status == 200 and len(sent) == fault.get("times", 1) + 1
    _clean(server, logs)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.asyncio
async def test_a_timed_out_send_is_retried_and_the_user_gets_the_answer(server, db, logs, mode):
    """PTB gives up on a call after its 5 s read timeout and the bot sends it again. (Telegram
    may have delivered the first one anyway, so a user can get the answer twice — never zero
    times. The fake drops a call whose client went away, so here it arrives once.)"""
    services = services_for(db)
    async with serve(server, services, mode):
        server.fail_next("sendMessage", delay=5.5)
        await _count_reply(server, 703, timeout=30)
    services.close()
    statuses = [c.status for c in server.calls if c.method == "sendMessage"]
    assert statuses[-1] == 200 and len(statuses) == 2
    _clean(server, logs)


@pytest.mark.parametrize(
    "fault",
    [{"status": 502, "times": 2}, {"drop": True}, {"status": 429, "retry_after": 1}],
    ids=["502-twice", "dropped", "429"],
)
@pytest.mark.asyncio
async def test_polling_survives_failing_get_updates_without_losing_an_update(
    server, db, logs, fault
):
    services = services_for(db)
    server.fail_next("getUpdates", **fault)  # the bot's first polls fail
    for user in range(710, 715):
        server.send_text("/count hulu", user_id=user)
    async with serve(server, services, "polling"):
        for user in range(710, 715):
            reply = await server.next_reply(user, timeout=20)
            assert reply.text.startswith("📺 Hulu")
    services.close()
    refused = [c for c in server.calls if c.method == "getUpdates" and c.status != 200]
    assert len(refused) >= fault.get("times", 1)
    _clean(server, logs)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.asyncio
async def test_updates_sent_while_the_bot_is_down_are_answered_when_it_is_back(
    server, db, logs, mode
):
    """A restart (deploy, crash): Telegram keeps the updates; polling confirms them only after
    taking them, and the fake re-POSTs what a dead webhook refused, as Telegram does."""
    services = services_for(db)
    async with serve(server, services, mode):
        await _count_reply(server, 720)
    for user in range(721, 726):
        server.send_text("/count hulu", user_id=user)
    async with serve(server, services, mode):
        for user in range(721, 726):
            assert (await server.next_reply(user, timeout=20)).text.startswith("📺 Hulu")
        await server.wait_for_delivery(timeout=10)
    services.close()
    _clean(server, logs)
