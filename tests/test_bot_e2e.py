"""The real bot, end to end: PTB's HTTP path against the fake Bot API, polling and webhook."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
import pytest_asyncio

from bot.app import build_router
from bot.config import BotSettings
from bot.services import Services
from bot.telegram_app import build_application
from bot.webhook import WebhookServer
from core.settings import Settings
from harness.fakebotapi import DEFAULT_USER_ID, GROUP_CHAT_ID, FakeBotAPI
from harness.running import running

SECRET = "test-webhook-secret-0123456789"
ADMIN_ID = 4242


@asynccontextmanager
async def running_bot(
    server: FakeBotAPI, db_path, mode: str = "polling", models_dir=None, **overrides
) -> AsyncIterator[str | None]:
    """The streambot Application on the fake server; yields the webhook URL in webhook mode."""
    settings = BotSettings(
        core=Settings(db_path=db_path, models_dir=models_dir or db_path.parent / "models"),
        token=server.token,
        api_base_url=server.base_url.removesuffix("/bot"),
        admin_ids=frozenset({ADMIN_ID}),
        **overrides,
    )
    services = Services(settings.core, admin_ids=settings.admin_ids)
    app = build_application(settings, build_router(services))
    try:
        async with running(app, mode, secret=SECRET, webhook_server=WebhookServer) as url:
            yield url
    finally:
        services.close()


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(privacy_mode=False) as fake:
        yield fake


@pytest.mark.parametrize("mode", ["polling", "webhook"])
@pytest.mark.asyncio
async def test_start_and_commands_answer_in_both_modes(server, demo_db, mode):
    async with running_bot(server, demo_db, mode):
        server.send_text("/start", language_code="es", first_name="Ana")
        reply = await server.next_reply(DEFAULT_USER_ID)
        assert reply.text.startswith("👋 ¡Hola, Ana!")
        server.send_text("/count netflix")
        reply = await server.next_reply(DEFAULT_USER_ID)
        assert reply.text.startswith("📺 Netflix's catalog lists") and reply.parse_mode == "HTML"
    assert server.unknown_calls == []


@pytest.mark.asyncio
async def test_command_menu_is_published_in_english_and_spanish(server, demo_db):
    async with running_bot(server, demo_db):
        await server.wait_for_calls("setMyCommands", count=2)
    english = {c["command"] for c in server.commands[("default", "")]}
    spanish = server.commands[("default", "es")]
    router = build_router(Services(Settings(db_path=demo_db)))
    public = {c.name for c in router.unique_commands() if not c.admin}
    assert english == public  # every command a user may run is in the menu, and no other
    assert english == {c["command"] for c in spanish}
    assert any("plataforma" in c["description"] for c in spanish)


@pytest.mark.asyncio
async def test_bad_input_gets_usage_and_other_bots_commands_are_ignored(server, demo_db):
    async with running_bot(server, demo_db):
        server.send_text("/actor@streambot_test_bot netflx 2019")
        reply = await server.next_reply(DEFAULT_USER_ID)
        assert "Did you mean netflix?" in reply.text and "Usage: /actor" in reply.text
        server.send_text("/count@some_other_bot", chat_type="group", chat_id=GROUP_CHAT_ID)
        await server.assert_no_reply(GROUP_CHAT_ID, within=0.5)
        server.send_text("/frobnicate", chat_type="group", chat_id=GROUP_CHAT_ID)
        await server.assert_no_reply(GROUP_CHAT_ID, within=0.5)
        server.send_text("/frobnicate")
        assert "/help" in (await server.next_reply(DEFAULT_USER_ID)).text


@pytest.mark.asyncio
async def test_group_commands_reply_in_the_group(server, demo_db):
    async with running_bot(server, demo_db):
        server.send_text(
            "/maxduration@streambot_test_bot 2018 season", chat_type="group", chat_id=GROUP_CHAT_ID
        )
        reply = await server.next_reply(GROUP_CHAT_ID)
        assert "most seasons from 2018" in reply.text


@pytest.mark.asyncio
async def test_search_button_edits_the_message_in_place_and_is_answered(server, demo_db):
    async with running_bot(server, demo_db):
        server.send_text("/search the")
        listing = await server.next_reply(DEFAULT_USER_ID)
        assert listing.buttons
        data = listing.buttons[0][0]["callback_data"]
        server.press_button(listing, data)
        edited = await server.next_reply(DEFAULT_USER_ID)
        assert edited.method == "editMessageText"
        assert edited.message_id == listing.message_id and "🎬" in edited.text
        await server.wait_for_calls("answerCallbackQuery")
    assert [a["data"] for a in server.answered_callbacks] == [data]


@pytest.mark.asyncio
async def test_inline_mode_returns_matching_titles(server, demo_db):
    async with running_bot(server, demo_db):
        server.inline_query("the")
        await server.wait_for_calls("answerInlineQuery")
    results = server.inline_answers[0]["results"]
    assert 1 <= len(results) <= 10
    assert all(r["input_message_content"]["message_text"].startswith("🎬") for r in results)


@pytest.mark.asyncio
async def test_webhook_without_the_secret_token_is_refused(server, demo_db):
    async with running_bot(server, demo_db, "webhook") as url:
        async with httpx.AsyncClient() as client:
            response = await client.post(url, json={"update_id": 1})
        assert response.status_code == 403


@pytest.mark.asyncio
async def test_a_burst_gets_one_polite_slow_down(server, demo_db):
    async with running_bot(server, demo_db, flood_limit=3, flood_window=60):
        for _ in range(8):
            server.send_text("/count hulu")
        texts = [(await server.next_reply(DEFAULT_USER_ID)).text for _ in range(4)]
        await server.assert_no_reply(DEFAULT_USER_ID, within=0.5)
    assert sum("slow down" in t for t in texts) == 1
    assert sum(t.startswith("📺 Hulu") for t in texts) == 3


@pytest.mark.asyncio
async def test_logs_never_contain_the_token_or_message_text(server, demo_db, caplog):
    caplog.set_level(logging.DEBUG)
    async with running_bot(server, demo_db):
        server.send_text("/search secret-words-xyz")
        await server.next_reply(DEFAULT_USER_ID)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "command=search" in logged
    assert server.token not in logged
    assert server.token.split(":")[1] not in logged
    assert "secret-words-xyz" not in logged
