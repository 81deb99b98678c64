"""Inline mode: ``@bot <text>`` anywhere returns the matching works, each with its platforms.

Runs in a worker thread like the commands; the result is Telegram objects because inline mode
exists only on Telegram. Typing is searched as it goes, so "the" (the start of many titles) is
searched rather than refused (``strict=False``).
"""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent
from telegram.constants import ParseMode

from bot.render_where import inline_description, work_text
from bot.router import neutralise_bidi
from bot.services import Services
from core import where
from core.errors import InvalidInput

MAX_RESULTS = 10


def inline_results(services: Services, text: str, lang: str) -> list[InlineQueryResultArticle]:
    """Up to ten matching works; each one, when chosen, posts where it streams."""
    text = text.strip()
    if not text:
        return []
    try:
        found = where.where(
            services.conn(), text, MAX_RESULTS, strict=False, cache=services.search_cache
        )
    except InvalidInput:
        return []
    return [
        InlineQueryResultArticle(
            id=f"w{work.work_id}",
            title=neutralise_bidi(work.display_title),
            description=inline_description(work, lang),
            input_message_content=InputTextMessageContent(
                neutralise_bidi(work_text(work, lang)), parse_mode=ParseMode.HTML
            ),
        )
        for work in found.works
    ]
