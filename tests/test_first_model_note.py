"""While the first model trains, the bot answers /recommend with popular titles and says so once
per chat, in the chat's language; through python-telegram-bot's real HTTP path."""

from __future__ import annotations

import pytest

from bot.app import build_router
from bot.config import BotSettings
from bot.i18n import t
from bot.services import Services
from bot.telegram_app import build_application
from core.settings import Settings
from harness.db import copy_db
from harness.fakebotapi import FakeBotAPI
from harness.running import running

NOTE = {lang: t(lang, "r.first_training")[:40] for lang in ("en", "es")}


async def _recommend(demo_db, tmp_path, asks, *, first_training: bool) -> list[str]:
    """``/recommend`` from each (user, language) in ``asks``, through the real bot on a copy of
    the demo database with no model trained; the replies' texts."""
    async with FakeBotAPI() as server:
        settings = BotSettings(
            core=Settings(
                db_path=copy_db(demo_db, tmp_path / "bot.db"), models_dir=tmp_path / "models"
            ),
            token=server.token,
            api_base_url=server.base_url.removesuffix("/bot"),
        )
        services = Services(settings.core, first_training=first_training)
        app = build_application(settings, build_router(services))
        try:
            async with running(app, "polling", secret="unused-secret-0123456789"):
                replies = []
                for user, lang in asks:
                    server.send_text("/recommend", user_id=user, language_code=lang)
                    replies.append((await server.next_reply(user)).text)
        finally:
            services.close()
    return replies


@pytest.mark.asyncio
async def test_popular_picks_say_once_per_chat_that_the_first_model_is_training(demo_db, tmp_path):
    asks = ((501, "en"), (501, "en"), (502, "es"))
    first, again, other = await _recommend(demo_db, tmp_path, asks, first_training=True)
    assert NOTE["en"] in first and "🎯" in first  # popular picks, and why
    assert NOTE["en"] not in again  # once per chat
    assert NOTE["es"] in other  # another chat is told too, in its language


@pytest.mark.asyncio
async def test_nothing_is_said_when_no_first_training_was_arranged(demo_db, tmp_path):
    # e.g. `streambot ask`, or training switched off
    (reply,) = await _recommend(demo_db, tmp_path, ((503, "en"),), first_training=False)
    assert NOTE["en"] not in reply
