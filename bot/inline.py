"""Inline mode: ``@bot <text>`` anywhere returns matching titles as articles.

Runs in a worker thread like the commands; the result is Telegram objects because inline mode
exists only on Telegram.
"""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent
from telegram.constants import ParseMode

from bot import render
from bot.services import Services
from core import queries
from core.errors import InvalidInput

MAX_RESULTS = 10


def inline_results(services: Services, text: str, lang: str) -> list[InlineQueryResultArticle]:
    """Up to ten matching titles; each one, when chosen, posts the title's card."""
    text = text.strip()
    if not text:
        return []
    try:
        hits = queries.search(services.conn(), text, MAX_RESULTS)
    except InvalidInput:
        return []
    results = []
    for hit in hits:
        card = render.title_card(queries.title(services.conn(), hit.id), lang)
        description = (
            f"{hit.release_year} · {render.platform_name(hit.platform, lang)} · "
            f"{render.type_name(hit.type, lang)}"
        )
        results.append(
            InlineQueryResultArticle(
                id=hit.id,
                title=hit.display_title,
                description=description,
                input_message_content=InputTextMessageContent(card.text, parse_mode=ParseMode.HTML),
            )
        )
    return results
