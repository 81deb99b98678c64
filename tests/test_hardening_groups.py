"""Groups, through the real bot on the fake Bot API: a message sent on behalf of a chat is no
person, and a button acts only for the person it was made for.

Telegram sends every anonymous admin's message as ``GroupAnonymousBot`` (id 1087968824), with
the group as ``sender_chat``. In group G1 an anonymous admin rated a title; in unrelated group
G2, ``/myratings`` showed that rating and ``/forget`` deleted it, and both groups shared one
flood budget. And in a group everyone sees the same buttons: a Yes pressed under A's ``/forget``
prompt deleted B's data, and B pressing ▶ under A's ``/myratings`` published B's ratings.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
import pytest_asyncio

from bot.app import build_router
from bot.i18n import t
from bot.router import Request
from core.ratings import my_ratings
from harness.db import copy_db, title_ids
from harness.fakebotapi import ANONYMOUS_ADMIN_ID, FakeBotAPI
from tests.hardening_bot import serve, services_for

G1, G2 = -1001000000111, -1001000000222
ALICE, BOB = 5001, 5002
PERSONAL = ("/rate {title} 4", "/join", "/leave", "/myratings", "/forget")


@pytest_asyncio.fixture
async def server():
    async with FakeBotAPI(privacy_mode=False) as fake:
        yield fake


def _rows(db, sql: str, *params) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.mark.asyncio
async def test_a_message_sent_on_behalf_of_a_chat_is_no_person_and_is_told_why(
    server, demo_db, tmp_path
):
    db = copy_db(demo_db, tmp_path / "bot.db")
    title = title_ids(db, n=1)[0]
    services = services_for(db)
    async with serve(server, services):
        for group in (G1, G2):
            for text in PERSONAL:
                server.send_text(
                    text.format(title=title), chat_type="supergroup", chat_id=group,
                    sender_chat=group,
                )  # fmt: skip
                assert (await server.next_reply(group)).text == t("en", "p.not_a_person")
        server.send_text("/recommend", chat_type="supergroup", chat_id=G1, sender_chat=-100777)
        party = (await server.next_reply(G1)).text  # a channel asks for the group's list
        server.send_text("/count hulu", chat_type="supergroup", chat_id=G2, sender_chat=G2)
        assert (await server.next_reply(G2)).text.startswith("📺 Hulu")  # the rest works
    services.close()
    assert t("en", "p.not_a_person") not in party
    assert _rows(db, "SELECT * FROM chat_users") == []  # nobody was made of the stand-in
    assert _rows(db, "SELECT * FROM party_members") == []
    assert _rows(db, "SELECT count(*) FROM ratings WHERE user_id >= 1000000000") == [(0,)]
    assert ANONYMOUS_ADMIN_ID not in {u for (u,) in _rows(db, "SELECT telegram_id FROM chat_users")}


def test_the_reason_is_given_in_both_languages(demo_db, tmp_path):
    router = build_router(services_for(copy_db(demo_db, tmp_path / "bot.db")))
    for lang in ("en", "es"):
        asked = Request("myratings", lang=lang, chat_type="supergroup", anonymous=True)
        assert router.dispatch(asked).text == t(lang, "p.not_a_person")
        pressed = Request("button", lang=lang, chat_type="supergroup", anonymous=True)
        assert router.press(pressed, "rate:ns1:4").text == t(lang, "p.not_a_person")
    assert t("es", "p.not_a_person") != t("en", "p.not_a_person")


@pytest.mark.asyncio
async def test_anonymous_admins_of_two_groups_do_not_share_a_flood_budget(
    server, demo_db, tmp_path
):
    services = services_for(copy_db(demo_db, tmp_path / "bot.db"))
    async with serve(server, services, flood_limit=3, flood_window=60):
        for _ in range(3):
            server.send_text("/count hulu", chat_type="supergroup", chat_id=G1, sender_chat=G1)
            assert (await server.next_reply(G1)).text.startswith("📺 Hulu")
        server.send_text("/count hulu", chat_type="supergroup", chat_id=G2, sender_chat=G2)
        assert (await server.next_reply(G2)).text.startswith("📺 Hulu")  # G2's own budget
        server.send_text("/count hulu", chat_type="supergroup", chat_id=G1, sender_chat=G1)
        assert "slow down" in (await server.next_reply(G1)).text  # G1's is spent
    services.close()


def _data(reply, row: int = 0, col: int = 0) -> str:
    return reply.reply_markup["inline_keyboard"][row][col]["callback_data"]


def _toasts(server, after: int) -> list[str]:
    return [a["text"] for a in server.answered_callbacks[after:] if a["text"]]


@pytest.mark.asyncio
async def test_group_buttons_act_only_for_the_person_they_were_made_for(server, demo_db, tmp_path):
    db = copy_db(demo_db, tmp_path / "bot.db")
    titles = title_ids(db, n=14)
    services = services_for(db)
    group = {"chat_type": "supergroup", "chat_id": G1}
    async with serve(server, services):
        for person, mine in ((ALICE, titles[:12]), (BOB, titles[12:])):
            for title in mine:
                server.send_text(f"/rate {title} 4", user_id=person)
                assert "Saved" in (await server.next_reply(person)).text

        server.send_text("/forget", user_id=ALICE, **group)
        prompt = await server.next_reply(G1)
        answered = len(server.answered_callbacks)
        server.press_button(prompt, _data(prompt), user_id=BOB)  # Bob presses Alice's "Yes"
        await server.wait_for_calls("answerCallbackQuery", count=1, timeout=10)
        await server.assert_no_reply(G1, within=0.5)  # her prompt is left as it is
        assert _toasts(server, answered) == [t("en", "p.not_your_button")]

        server.send_text("/myratings", user_id=ALICE, **group)
        listing = await server.next_reply(G1)
        server.press_button(listing, _data(listing), user_id=BOB)  # Bob presses her ▶
        await server.wait_for_calls("answerCallbackQuery", count=2, timeout=10)
        await server.assert_no_reply(G1, within=0.5)
        assert _toasts(server, answered) == [t("en", "p.not_your_button")] * 2

        server.press_button(listing, _data(listing), user_id=ALICE)
        page_two = await server.next_reply(G1)
        assert "Your 12 ratings" in page_two.text and "Page 2 of 2" in page_two.text

        server.send_text(f"/title {titles[0]}", user_id=ALICE, **group)
        card = await server.next_reply(G1)
        stars = [b["callback_data"] for b in card.reply_markup["inline_keyboard"][0]]
        server.press_button(card, stars[1], user_id=BOB)  # Bob rates from Alice's card
        await server.wait_for_calls("answerCallbackQuery", count=3, timeout=10)
        await server.assert_no_reply(G1, within=0.5)  # the card stays; Bob is told alone
        assert "Saved" in _toasts(server, answered)[-1]

        server.press_button(prompt, _data(prompt), user_id=ALICE)  # now Alice herself
        assert "I no longer know anything about you" in (await server.next_reply(G1)).text
    with closing(sqlite3.connect(db)) as conn:
        assert my_ratings(conn, ALICE) == ()
        bobs = {(r.title_id, r.value) for r in my_ratings(conn, BOB)}
    services.close()
    assert bobs == {(titles[12], 4.0), (titles[13], 4.0), (titles[0], 2.0)}
