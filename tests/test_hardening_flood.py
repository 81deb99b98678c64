"""Flood control covers everything that costs work, through the real bot on the fake Bot API.

It covered commands only: 150 presses of a chart button gave 106 ``sendPhoto`` calls and no
slow-down (and another person's ``/count`` went from 11 ms to 3.1 s), and ``similar:``
buttons, inline queries and ``rate:`` buttons, made-up callback data included, were unlimited.
Now one budget per person (``FLOOD_LIMIT`` units per ``FLOOD_WINDOW_SECONDS``) pays for
commands, plain messages (a search, in a private chat), button presses and inline queries, and
a photo costs ``PHOTO_COST`` in all.

Polling confirms an update only once it is handled (``bot/transport.py``), so once
``wait_for_delivery`` returns every press has had its answer, or its silence.
"""

from __future__ import annotations

import math
import sqlite3
from contextlib import closing

import pytest
import pytest_asyncio

from bot.i18n import t
from harness.db import copy_db, title_ids
from harness.fakebotapi import FakeBotAPI
from tests.hardening_bot import serve, services_for

LIMIT, WINDOW = 8, 60
FLOODER, OTHER = 6001, 6002


@pytest_asyncio.fixture
async def server():
    async with FakeBotAPI(privacy_mode=False) as fake:
        yield fake


def _sent(server, method: str, chat_id: int) -> int:
    return sum(
        1
        for c in server.calls
        if c.method == method and c.status == 200 and int(c.params.get("chat_id", 0)) == chat_id
    )


def _toasts(server) -> list[str]:
    return [a["text"] for a in server.answered_callbacks if a["text"]]


@pytest.mark.asyncio
async def test_chart_button_presses_spend_the_budget_and_photos_weigh_more(
    server, demo_db, tmp_path
):
    from bot.flood import PHOTO_COST

    services = services_for(copy_db(demo_db, tmp_path / "bot.db"))
    async with serve(server, services, flood_limit=LIMIT, flood_window=WINDOW):
        server.send_text("/chart", user_id=FLOODER)
        listing = await server.next_reply(FLOODER)
        for _ in range(40):
            server.press_button(listing, "chart:genres", user_id=FLOODER)
        await server.wait_for_delivery(timeout=60)
        server.send_text("/count hulu", user_id=OTHER)  # someone else has their own budget
        assert (await server.next_reply(OTHER, timeout=10)).text.startswith("📺 Hulu")
    services.close()
    # /chart spent 1 unit and each photo PHOTO_COST: three photos, then the press that finds
    # the budget spent gets the one "slow down", and the 36 after it nothing at all.
    assert _sent(server, "sendPhoto", FLOODER) == math.ceil((LIMIT - 1) / PHOTO_COST) == 3
    assert _toasts(server) == [t("en", "gen.slow_down")]
    assert len(server.answered_callbacks) == 4


@pytest.mark.asyncio
async def test_made_up_callback_data_and_other_buttons_share_the_one_budget(
    server, demo_db, tmp_path
):
    db = copy_db(demo_db, tmp_path / "bot.db")
    titles = title_ids(db, n=40)
    services = services_for(db)
    async with serve(server, services, flood_limit=LIMIT, flood_window=WINDOW):
        server.send_text(f"/title {titles[0]}", user_id=FLOODER)
        card = await server.next_reply(FLOODER)
        forged = [f"rate:{title}:5" for title in titles]  # no such buttons on the card
        forged[1::4] = [f"similar:{title}" for title in titles[1::4]]
        forged[2::4] = ["zzz:anything"] * len(forged[2::4])
        for data in forged:
            server.press_button(card, data, user_id=FLOODER, forge=True)
        await server.wait_for_delivery(timeout=60)
        server.send_text("/count hulu", user_id=OTHER)
        assert (await server.next_reply(OTHER, timeout=10)).text.startswith("📺 Hulu")
    services.close()
    with closing(sqlite3.connect(db)) as conn:
        (stored,) = conn.execute("SELECT count(*) FROM ratings WHERE user_id >= 1e9").fetchone()
    # /title spent 1: seven presses are handled, the eighth hears "slow down", 32 nothing.
    # Each handled rating is confirmed in its own toast.
    assert len(server.answered_callbacks) == LIMIT
    saved = [toast for toast in _toasts(server) if toast.startswith("Saved 5★ for ")]
    assert _toasts(server) == [*saved, t("en", "gen.slow_down")]
    assert stored == len(saved) == sum(d.startswith("rate:") for d in forged[: LIMIT - 1]) == 3


@pytest.mark.asyncio
async def test_inline_queries_spend_the_same_budget(server, demo_db, tmp_path):
    from bot.flood import INLINE_COST

    services = services_for(copy_db(demo_db, tmp_path / "bot.db"))
    async with serve(server, services, flood_limit=LIMIT, flood_window=WINDOW):
        for k in range(60):
            server.inline_query(f"the {k}", user_id=FLOODER)
        await server.wait_for_delivery(timeout=60)
        server.send_text("/count hulu", user_id=FLOODER)  # the same budget, spent
        await server.assert_no_reply(FLOODER, within=1.0)
        server.inline_query("love", user_id=OTHER)
        await server.wait_for_calls("answerInlineQuery", count=int(LIMIT / INLINE_COST) + 1)
    services.close()
    by_flooder = [a for a in server.inline_answers if a["query"] != "love"]
    assert len(by_flooder) == LIMIT / INLINE_COST == 16


@pytest.mark.asyncio
async def test_plain_text_searches_spend_the_same_budget(server, demo_db, tmp_path):
    services = services_for(copy_db(demo_db, tmp_path / "bot.db"))
    async with serve(server, services, flood_limit=LIMIT, flood_window=WINDOW):
        for k in range(30):
            server.send_text(f"the {k}", user_id=FLOODER)  # a private chat: each one a search
        await server.wait_for_delivery(timeout=60)
        replies = [(await server.next_reply(FLOODER)).text for _ in range(LIMIT + 1)]
        await server.assert_no_reply(FLOODER, within=1.0)  # the 21 after the notice: nothing
        server.send_text("/count hulu", user_id=FLOODER)  # the same budget, spent
        await server.assert_no_reply(FLOODER, within=1.0)
        server.send_text("the", user_id=OTHER)  # someone else has their own budget
        assert (await server.next_reply(OTHER, timeout=10)).text.startswith("🔎")
    services.close()
    assert all(text.startswith("🔎") for text in replies[:LIMIT]), replies
    assert replies[LIMIT] == t("en", "gen.slow_down")
