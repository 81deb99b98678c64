"""While the first model trains, the bot answers /recommend with popular titles and says so once
per chat, in the chat's language, and a rating's receipt says it counts once that model is
ready, not "already"; through python-telegram-bot's real HTTP path."""

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


async def _recommend(demo_db, tmp_path, asks, *, first_training: bool, text="/recommend"):
    """``text`` from each (user, language) in ``asks``, through the real bot on a copy of the
    demo database with no model trained; the replies' texts."""
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
                    server.send_text(text, user_id=user, language_code=lang)
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


@pytest.mark.asyncio
@pytest.mark.parametrize("first_training", [True, False])
async def test_a_rating_given_before_the_first_model_does_not_claim_to_count_already(
    demo_db, tmp_path, first_training
):
    asks = ((504, "en"), (505, "es"))
    en, es = await _recommend(
        demo_db, tmp_path, asks, first_training=first_training, text="/rate ns1 4.5"
    )
    assert "Saved: 4.5 for" in en and "Guardado: 4,5 para" in es  # the text, tags parsed
    already = {"en": "already take it into account", "es": "ya lo tienen en cuenta"}
    if first_training:
        assert "as soon as it is ready" in en and "en cuanto esté listo" in es
        assert already["en"] not in en and already["es"] not in es
    else:  # the popularity that answers for want of a model is no first training (no jobs)
        assert already["en"] in en and already["es"] in es
