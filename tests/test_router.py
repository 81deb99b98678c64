"""The router, console and ``streambot ask``: the replies a user reads, on the demo data."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest

from bot.app import build_router
from bot.console import ask, run_console
from bot.router import Request
from bot.services import Services
from core.settings import Settings


@pytest.fixture(scope="module")
def router(demo_db):
    services = Services(Settings(db_path=demo_db))
    yield build_router(services)
    services.close()


def _reply(router, text, lang="en", **kw):
    name, *args = text.lstrip("/").split()
    return router.dispatch(Request(command=name, args=tuple(args), lang=lang, **kw))


def test_count_table_lists_every_platform_with_thousands_separators(router, demo_db):
    with closing(sqlite3.connect(demo_db)) as conn:
        amazon = conn.execute("SELECT count(*) FROM titles WHERE platform='amazon'").fetchone()[0]
    reply = _reply(router, "/count")
    assert f"Prime Video {amazon:>13,}" in reply.text or f"{amazon:,}" in reply.text
    assert "<pre>" in reply.text and not reply.error


@pytest.mark.parametrize(
    "text",
    [
        "/maxduration 2018 netflix",
        "/maxduration netflix 2018",
        "/get_max_duration netflix 2018 min",
        "/maxduration min 2018 netflix",
    ],
)
def test_arguments_may_come_in_any_order_and_original_names_work(router, text):
    assert _reply(router, text).text == _reply(router, "/maxduration 2018 netflix").text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/actor netflix", "I need the year."),
        ("/actor", "I need the platform."),
        ("/scorecount netflx 3 2018", "Did you mean <b>netflix</b>?"),
        ("/maxduration 20x8", "is not a year"),
        ("/scorecount netflix 7 2018", "Scores go from 0.0 to 5.0"),
        ("/title zz99999", "No title has the id"),
        ("/word netflix", "I need the word."),
    ],
)
def test_bad_input_gets_a_clear_message_with_the_usage(router, text, expected):
    reply = _reply(router, text)
    assert reply.error
    assert expected in reply.text
    if not text.startswith("/title"):
        assert "Usage:" in reply.text and "Example:" in reply.text


def test_spanish_users_get_spanish_errors_and_decimal_commas(router):
    reply = _reply(router, "/scorecount disney+ 3,5", lang="es")
    assert "Me falta el dato: año." in reply.text and "Uso:" in reply.text
    ok = _reply(router, "/scorecount disney+ 3,5 2019", lang="es")
    assert "por encima de 3,5" in ok.text


def test_unknown_command_points_to_help(router):
    assert "/help" in _reply(router, "/frobnicate").text


def test_help_lists_every_registered_command_and_details_one(router):
    text = _reply(router, "/help").text
    for command in router.unique_commands():
        if not command.admin:
            assert f"/{command.name}" in text
    detail = _reply(router, "/help get_actor").text
    assert "/actor" in detail and "Example" in detail


def test_search_returns_buttons_that_open_the_card_in_place(router):
    reply = _reply(router, "/search the")
    assert reply.buttons
    data = reply.buttons[0][0].data
    card = router.press(Request(command="button"), data)
    assert "🎬" in card.text and data.split(":")[1] in card.text


def test_a_handler_crash_gets_an_apology_with_an_error_id(router, caplog, monkeypatch):
    from bot.handlers import catalog

    monkeypatch.setattr(
        catalog.queries,
        "get_count_platform",
        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")),
    )
    reply = _reply(router, "/count")
    assert "error id" in reply.text
    error_id = reply.text.split("<code>")[1].split("</code>")[0]
    assert any(error_id in r.getMessage() for r in caplog.records)


def test_console_runs_commands_and_presses_buttons_by_number(router):
    out = io.StringIO()
    run_console(router, stdin=["/search the", "1", "count netflix", "/quit", "/count"], stdout=out)
    text = out.getvalue()
    assert "Best matches" in text and "🎬" in text and "Netflix's catalog lists" in text
    assert "<b>" not in text  # plain text, no HTML


def test_ask_prints_one_plain_reply(router):
    assert ask(router, "/count disney").startswith("📺 Disney+'s catalog lists")


def test_streambot_ask_command_line(demo_db):
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "/count hulu"],
        env={"STREAMBOT_DB": str(demo_db), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("📺 Hulu's catalog lists")


def test_rate_then_list_then_forget_with_confirmation(router):
    me = {"user_id": 777, "chat_id": 777}
    saved = _reply(router, "/rate 4,5 ns1", **me)
    assert "Saved: <b>4.5</b>" in saved.text
    changed = _reply(router, "/rate ns1 3", **me)
    assert "(was 4.5)" in changed.text
    again = _reply(router, "/rate ns1 3", **me)
    assert "Saved: <b>3.0</b>" in again.text and "(as before)" in again.text
    assert "was" not in again.text
    assert "Your rating</b>" in _reply(router, "/myratings", **me).text
    confirm = _reply(router, "/forget", **me)
    assert [b.data for b in confirm.buttons[0]] == ["forget:yes~777", "forget:no~777"]
    assert "Nothing was deleted" in router.press(Request(command="button", **me), "forget:no").text
    done = router.press(Request(command="button", **me), "forget:yes")
    assert "deleted: 1 rating, 0 watch-party memberships" in done.text
    assert "haven't rated anything" in _reply(router, "/myratings", **me).text


def test_title_card_buttons_rate_in_one_tap(router):
    card = _reply(router, "/title ns2", user_id=778)
    star4 = next(b for row in card.buttons for b in row if b.data == "rate:ns2:4")
    reply = router.press(Request(command="button", user_id=778), star4.data)
    assert "Saved: <b>4.0</b>" in reply.text


def test_watch_party_is_for_groups(router):
    group = {"chat_id": -500, "chat_type": "group"}
    assert "works in group chats" in _reply(router, "/join", user_id=1).text
    joined = _reply(router, "/join", user_id=1, **group).text
    assert "joined the watch party — 1 member in it now" in joined
    assert "already in" in _reply(router, "/join", user_id=1, **group).text
    assert "left the watch party" in _reply(router, "/leave", user_id=1, **group).text
