"""Every user-facing string, in English and Spanish, behind one function: ``t(lang, key, **p)``.

Why one catalog: a handler never builds a sentence inline, so a reply cannot exist in one
language only (``tests/test_i18n.py`` checks every key has both, with the same placeholders).
Values passed to ``t`` are inserted as given: callers escape data text for HTML first.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.i18n.catalog import MESSAGES
from bot.i18n.grammar import conjunction, join_words
from core.languages import DEFAULT_LANG, LANGS, number


def lang_for(language_code: str | None) -> str:
    """The catalog language for a Telegram ``language_code`` (``es-AR`` -> ``es``); English
    when the language is missing or not one we speak."""
    if not language_code:
        return DEFAULT_LANG
    base = language_code.split("-")[0].split("_")[0].lower()
    return base if base in LANGS else DEFAULT_LANG


def lang_from_locale(env: Mapping[str, str]) -> str:
    """The language of a terminal's locale (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``, as
    POSIX orders them): ``es_ES.UTF-8`` -> ``es``; English for ``C``, unset or others."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return lang_for(value.split(".")[0])
    return DEFAULT_LANG


def t(lang: str, key: str, /, **params: object) -> str:
    """The message ``key`` in ``lang`` (English as fallback), with ``params`` filled in."""
    entry = MESSAGES[key]
    template = entry.get(lang) or entry[DEFAULT_LANG]
    return template.format(**params) if params else template


def fmt_int(n: int, lang: str) -> str:
    """Thousands separators as each language writes them: 1,450 / 1.450."""
    return number(n, lang)


def fmt_float(x: float, lang: str, digits: int = 2) -> str:
    """A decimal as each language writes it: 3.75 / 3,75."""
    return number(x, lang, digits)


def plural(lang: str, key: str, n: int) -> str:
    """``key.one`` for exactly one, else ``key.other``, with ``{n}`` as ``lang`` writes numbers
    (both languages use the singular for 1 only: "0 ratings", "0 valoraciones")."""
    return t(lang, f"{key}.{'one' if n == 1 else 'other'}", n=fmt_int(n, lang))


__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "MESSAGES",
    "conjunction",
    "fmt_float",
    "fmt_int",
    "join_words",
    "lang_for",
    "plural",
    "t",
]
