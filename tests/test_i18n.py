"""Every user-facing string exists in both languages, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.i18n import LANGS, MESSAGES, fmt_float, fmt_int, lang_for, t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_exists_in_every_language_with_the_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGS), key
    assert all(entry[lang].strip() for lang in LANGS), key
    assert _fields(entry["en"]) == _fields(entry["es"]), key


@pytest.mark.parametrize(
    ("code", "expected"),
    [("es", "es"), ("es-AR", "es"), ("en-GB", "en"), ("fr", "en"), (None, "en")],
)
def test_language_comes_from_telegram_language_code_with_english_fallback(code, expected):
    assert lang_for(code) == expected


def test_numbers_use_each_languages_separators():
    assert fmt_int(11024289, "en") == "11,024,289"
    assert fmt_int(11024289, "es") == "11.024.289"
    assert fmt_float(1234.5, "es") == "1.234,50"
    assert t("es", "gen.min", n="90") == "90 min"
