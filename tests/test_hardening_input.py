"""Hostile input through the real bot on the fake Bot API: echoes (and toasts) are clipped,
wrong numbers are named as what they are, a webhook body that is JSON but no update gets 400,
and bidirectional controls in catalog titles never reach a reply (nor a toast).
"""

from __future__ import annotations

import csv
import logging

import httpx
import pytest
import pytest_asyncio

from bot.app import build_router
from bot.router import TOAST_LIMIT, Reply, Request, Router
from core.etl import run_etl
from harness.db import copy_db
from harness.fakebotapi import DEFAULT_USER_ID, FakeBotAPI
from tests.conftest import catalog_row, write_ratings, write_tiny_catalogs
from tests.hardening_bot import SECRET, serve, services_for

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest_asyncio.fixture
async def server():
    async with FakeBotAPI(privacy_mode=False) as fake:
        yield fake


@pytest.mark.asyncio
async def test_an_unknown_command_of_4000_characters_gets_a_short_answer(server, demo_db, tmp_path):
    """It produced a 4,154-character reply; Telegram answered 400 and the user got an apology."""
    services = services_for(copy_db(demo_db, tmp_path / "bot.db"))
    async with serve(server, services):
        server.send_text("/x-" + "a" * 3997)  # Telegram marks "/x" as the command
        reply = await server.next_reply(DEFAULT_USER_ID)
    services.close()
    assert "/help" in reply.text and "error id" not in reply.text
    assert len(reply.text) < 200
    assert [c for c in server.calls if c.status not in (None, 200, 499)] == []


def test_no_reply_echoes_more_than_a_short_piece_of_what_was_typed(demo_db, tmp_path):
    """Every command, alias and button, given a 4,000-character argument."""
    router = build_router(services_for(copy_db(demo_db, tmp_path / "bot.db")))
    long = "q" * 4000
    replies = [router.dispatch(Request(long))]
    for name in router.commands:
        for args in ((long,), ("netflix", long), (long, "2018"), ("ns1", long)):
            replies.append(router.dispatch(Request(name, args, is_admin=True)))
    for prefix in [*router.callbacks, "zzz"]:
        replies.append(router.press(Request("button"), f"{prefix}:{long}"))
    for reply in replies:
        assert "q" * 61 not in reply.text and len(reply.text) <= 4096
        assert "q" * 61 not in reply.toast and len(reply.toast) <= 200


def test_a_toast_leaves_the_router_within_telegrams_200_characters():
    """Telegram refuses a longer answer to a button press (400), and the presser sees nothing:
    whatever a handler puts in its toast, the router clips it."""
    router = Router(services=None, callbacks={"long": lambda s, r, p: Reply("", toast="★" * 300)})
    toast = router.press(Request("button"), "long:").toast
    assert len(toast) == TOAST_LIMIT == 200 and toast.endswith("…")


@pytest.mark.asyncio
async def test_a_wrong_number_is_named_for_what_it_is(server, demo_db, tmp_path):
    """``/scorecount netflix 1e309 2018`` blamed "2018", ``/recommend -1 ns1`` blamed "ns1",
    and ``/recommend 999999999999`` said it "is a person using this bot" though nobody has
    that id."""
    services = services_for(copy_db(demo_db, tmp_path / "bot.db"))
    async with serve(server, services):
        answers = {}
        for text in (
            "/scorecount netflix 1e309 2018",
            "/recommend -1 ns1",
            "/recommend 999999999999",
        ):
            server.send_text(text)
            answers[text] = (await server.next_reply(DEFAULT_USER_ID)).text
    services.close()
    score = answers["/scorecount netflix 1e309 2018"].split("\n")[0]
    assert "1e309" in score and "2018" not in score and "0.0 to 5.0" in score
    user = answers["/recommend -1 ns1"].split("\n")[0]
    assert "“-1” is not a user id" in user and "ns1" not in user
    private = answers["/recommend 999999999999"]
    assert "is a person" not in private and "1,000,000,000 up" in private


@pytest.mark.asyncio
@pytest.mark.parametrize("body", [b"[1, 2]", b'"an update"', b"42", b"null"])
async def test_a_webhook_body_that_is_json_but_no_update_gets_400(
    server, demo_db, tmp_path, body, caplog
):
    """With the right secret, a JSON list or string body got HTTP 500 and an ERROR."""
    services = services_for(copy_db(demo_db, tmp_path / "bot.db"))
    caplog.set_level(logging.WARNING)
    async with serve(server, services, "webhook") as running:
        async with httpx.AsyncClient() as client:
            response = await client.post(
                running.url,
                content=body,
                headers={
                    "X-Telegram-Bot-Api-Secret-Token": SECRET,
                    "Content-Type": "application/json",
                },
            )
        server.send_text("/count hulu")  # and the bot goes on
        assert (await server.next_reply(DEFAULT_USER_ID)).text.startswith("📺 Hulu")
    services.close()
    assert response.status_code == 400
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.fixture(scope="module")
def bidi_db(tmp_path_factory):
    """Tiny catalogs where one title hides each bidirectional control (``ns3``)."""
    root = tmp_path_factory.mktemp("bidi")
    src = write_tiny_catalogs(root / "src")
    netflix = src / "netflix_titles.csv"
    row = catalog_row("s3", f"Evil{BIDI[4]}gnp.exe Story{BIDI}", description=f"Plot {BIDI}")
    with netflix.open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow(row)
    write_ratings(src, "r.csv", [(1, 4.0, 1600000000, "ns3"), (2, 3.0, 1600000001, "ns1")])
    db = root / "bidi.db"
    run_etl(src, db)
    return db


@pytest.mark.asyncio
async def test_bidirectional_controls_in_catalog_titles_never_reach_a_reply(
    server, bidi_db, tmp_path
):
    """A title holding U+202E shows the rest of the reply mirrored: the controls are taken out
    of every text, caption, button, toast and inline result the bot sends."""
    services = services_for(copy_db(bidi_db, tmp_path / "bot.db"))
    async with serve(server, services):
        for text in (
            "/title ns3",
            "/search evil story",
            "/where evil story",
        ):
            server.send_text(text)
            reply = await server.next_reply(DEFAULT_USER_ID)
            assert "Evil" in reply.text, (text, reply.text)
            if text == "/title ns3":
                card = reply
        server.press_button(card, "rate:ns3:4")  # confirmed in a toast that names the title
        await server.wait_for_calls("answerCallbackQuery")
        server.inline_query("evil story")
        await server.wait_for_calls("answerInlineQuery")
    services.close()
    assert "Evil" in server.answered_callbacks[-1]["text"]
    methods = ("sendMessage", "answerInlineQuery", "answerCallbackQuery")
    sent = [c for c in server.calls if c.method in methods]
    assert len(sent) == 5
    for call in sent:
        assert not any(ch in repr(call.params) for ch in BIDI), call.params
        assert not any(f"\\u{ord(ch):04x}" in repr(call.params) for ch in BIDI)
