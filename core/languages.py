"""The languages streambot speaks, and how each writes numbers: one list for every front end.

Why in core: core draws the charts' words (``core.eda.labels``) and the bot words its replies
(``bot.i18n``); both must offer the same languages and write 1,450.5 / 1.450,5 the same way.
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("en", "es")
"""Every language: each message, label and chart exists in each of them."""
DEFAULT_LANG = "en"


def supported(lang: str | None) -> str:
    """``lang`` when streambot speaks it, else the default (English)."""
    return lang if lang in LANGS else DEFAULT_LANG


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number as ``lang`` writes it: 1,450.5 in English, 1.450,5 in Spanish."""
    text = f"{value:,.{digits}f}"
    if lang == "es":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
