"""Hypothesis through Telegram: hostile messages, button presses and inline queries reach the
real bot over HTTP (the fake Bot API), and every one gets a valid answer.

``tests/test_fuzz_router.py`` fuzzes the parsers and every command through the router; this
adds the transport: the update is parsed by python-telegram-bot, the command split by the
adapter, the reply sent back over HTTP and checked by the fake's port of Telegram's own HTML
parser and limits. For each example:

- exactly one reply arrives, in HTML, within Telegram's limits, and it is not the generic
  apology (an unhandled exception);
- Telegram accepted every call the bot made (no 400 for broken HTML, long text or bad buttons);
- nothing was logged at ERROR, and neither the token nor the user's text reached the logs;
- no SQL text the handlers ran contains the user's text (it only ever travels as a bound
  parameter).

Each example is a few HTTP round trips, so CI runs ``FUZZ_E2E_EXAMPLES`` (default 150) of
them; ``make fuzz`` runs many more.
"""

from __future__ import annotations

import asyncio
import os
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.app import build_router
from harness.fakebotapi import GROUP_CHAT_ID
from harness.fakebotapi_text import format_text
from tests.hardening_bot import (
    ADMIN_ID,
    APOLOGY,
    BotThread,
    LogTrap,
    failed_calls,
    services_for,
    wait_call,
)
from tests.recommend_data import build_trained
from tests.test_fuzz_router import NASTY

EXAMPLES = int(os.environ.get("FUZZ_E2E_EXAMPLES", "150"))
NAMES = sorted(build_router(None).commands)
UNKNOWN = ["frobnicate", "rate_", "DROP", "ratе", "１２", "a" * 40]  # noqa: RUF001
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["-0", "0.0", "NaN", "-inf", "1e-400", "4.50000001", "5,0", "0x10", "½"]),
)
token = st.one_of(st.sampled_from(NASTY), st.text(max_size=30), numbers)
arguments = st.lists(token, max_size=8)
huge = st.text(min_size=4100, max_size=6000).map(lambda s: [s])
users = st.integers(1, 2**40).filter(lambda u: u != ADMIN_ID)
langs = st.sampled_from(["en", "es", None, "pt-br", "ES"])
_PLAIN = re.compile(r"[A-Za-z0-9 .,:_-]*")


def _is_command(text: str) -> bool:
    """Whether Telegram marks the text as a bot command (else no client treats it as one)."""
    _, entities = format_text(text, None, None)
    return any(e["type"] == "bot_command" and e["offset"] == 0 for e in entities)


def _distinctive(arg: str) -> bool:
    """Text that could not appear in a log line or SQL statement by coincidence."""
    return len(arg.strip()) >= 6 and not _PLAIN.fullmatch(arg)


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    db_path, models, _ = build_trained(tmp_path_factory.mktemp("fuzz-e2e"))
    sql: list[str] = []
    services = services_for(db_path, models, sql=sql)
    with LogTrap() as logs, BotThread(services) as harness:
        harness.logs, harness.sql = logs, sql
        yield harness
    services.close()
    print(f"\n{len(set(sql))} distinct SQL texts over {len(sql)} statements")
    assert len(set(sql)) < 500  # fixed statements, not one per input


def _check_reply(reply, args: list[str]) -> None:
    assert reply.parse_mode == "HTML"
    photo = reply.method == "sendPhoto"
    text, limit = (reply.caption, 1024) if photo else (reply.text, 4096)
    assert text and text.strip() and len(text) <= limit
    assert not any(a in text for a in APOLOGY), text


def _check_side_effects(harness: BotThread, args: list[str], calls: int, logs: int, sql: int):
    server = harness.server
    assert failed_calls(server, calls) == []
    assert harness.logs.errors(logs) == []
    logged = harness.logs.text(logs)
    assert server.token.split(":")[1] not in logged
    statements = harness.sql[sql:]
    for arg in filter(_distinctive, args):
        assert arg.strip() not in logged, "user text reached the logs"
        assert not any(arg.strip() in s for s in statements), "user text pasted into SQL"


async def _press(harness: BotThread, reply, data: str, user: int):
    """Press a button; return the resulting reply, or None when the message was unchanged."""
    server = harness.server
    before = len(server.calls)
    server.press_button(reply, data, user_id=user)
    if data.startswith("rate:"):  # confirmed in a toast; the card stays as it is
        call = await wait_call(server, before, {"answerCallbackQuery"})
        assert call.status == 200 and call.params.get("text"), call
        return None
    call = await wait_call(server, before, {"editMessageText", "sendMessage", "sendPhoto"})
    if call.status != 200:
        assert "not modified" in (call.error or ""), call.error
        return None
    return await server.next_reply(reply.chat_id)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(NAMES + UNKNOWN),
    mention=st.sampled_from(["", "@streambot_test_bot", "@StreamBot_Test_Bot"]),
    args=st.one_of(arguments, huge),
    lang=langs,
    group=st.booleans(),
    user=users,
    data=st.data(),
)
def test_any_command_through_telegram_gets_one_valid_reply(
    bot, name, mention, args, lang, group, user, data
):
    assume(not (group and name in UNKNOWN))  # silence: it may be meant for another bot
    text = f"/{name}{mention}" + "".join(" " + a for a in args)
    # A group of its own per example: Telegram (and PTB's rate limiter) allow a bot only 20
    # messages a minute in one group, which would make the fuzzing crawl.
    chat_id = GROUP_CHAT_ID - user if group else user
    calls, logs, sql = len(bot.server.calls), len(bot.logs.records), len(bot.sql)
    send = {"user_id": user, "chat_type": "group" if group else "private", "chat_id": chat_id}
    if not _is_command(text):  # e.g. a Cyrillic letter in the name: plain text
        if group:  # not addressed to the bot: silence
            bot.server.send_text(text, **send, language_code=lang)
            bot.run(bot.server.assert_no_reply(chat_id, within=0.5))
        else:  # in a private chat, plain text is a title search
            _check_reply(bot.ask(text, chat_id, timeout=10, **send, language_code=lang), args)
        _check_side_effects(bot, args, calls, logs, sql)
        return
    reply = bot.ask(text, chat_id, timeout=10, **send, language_code=lang)
    _check_reply(reply, args)
    buttons = [b["callback_data"] for row in reply.buttons for b in row if "callback_data" in b]
    if buttons and data.draw(st.booleans(), label="press a button"):
        choice = data.draw(st.sampled_from(buttons), label="button")
        pressed = bot.run(_press(bot, reply, choice, user))
        if pressed is not None:
            _check_reply(pressed, args)
    _check_side_effects(bot, args, calls, logs, sql)


@settings(
    max_examples=max(EXAMPLES // 3, 10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=st.one_of(st.text(max_size=256), st.sampled_from(NASTY).map(lambda s: s[:256])),
    user=users,
)
def test_any_inline_query_gets_an_answer_telegram_accepts(bot, query, user):
    server = bot.server
    calls, logs, sql = len(server.calls), len(bot.logs.records), len(bot.sql)

    async def ask():
        server.inline_query(query, user_id=user)
        return await wait_call(server, calls, {"answerInlineQuery"})

    call = bot.run(ask())
    assert call.status == 200, call.error
    for result in call.params.get("results", []):
        assert len(result["input_message_content"]["message_text"]) <= 4096
    _check_side_effects(bot, [query], calls, logs, sql)


def test_a_burst_of_hostile_messages_from_many_chats_is_all_answered(bot):
    """Concurrency: 60 hostile messages at once from 30 chats; every one is answered validly."""
    server = bot.server
    texts = [f"/{NAMES[i % len(NAMES)]} {NASTY[i % len(NASTY)]}" for i in range(60)]
    calls, logs = len(server.calls), len(bot.logs.records)

    chats = [9_000_000 + (i % 30) for i in range(len(texts))]

    async def replies_to(chat: int, n: int) -> list:
        return [await server.next_reply(chat, timeout=30) for _ in range(n)]

    async def burst():
        for text, chat in zip(texts, chats, strict=True):
            server.send_text(text, user_id=chat)
        return await asyncio.gather(*(replies_to(c, chats.count(c)) for c in set(chats)))

    replies = [r for per_chat in bot.run(burst(), 60) for r in per_chat]
    assert len(replies) == len(texts)
    for reply in replies:
        _check_reply(reply, [])
    assert failed_calls(server, calls) == [] and bot.logs.errors(logs) == []
