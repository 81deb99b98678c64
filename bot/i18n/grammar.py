"""Grammar every reply needs: lists joined with "and" / "or" in each language (and plurals,
``bot.i18n.plural``, which needs the catalog).

Why one module: "Your 1 ratings", "(1 people)", "1 movies" and "Porque te gustó X y Ibiza"
were each a sentence built without counting. Any renderer (catalog, people, charts, the
recommender's reasons) words a count or a list through these functions.

- ``plural(lang, key, n)``: the message ``key.one`` for exactly one, else ``key.other``, with
  ``{n}`` filled in as the language writes numbers (both languages use the singular for 1 only:
  "0 ratings", "0 valoraciones").
- ``join_words(items, lang, "and" | "or")``: "A, B and C" / "A, B y C"; in Spanish "y" becomes
  "e" before a word that starts with the sound i ("Elsa e Ivy", "padre e hijo", but "agua y
  hielo"), and "o" becomes "u" before the sound o ("siete u ocho", "mujer u hombre"). Markup and
  quotes before the word (``<b>``, «) are looked through.
"""

from __future__ import annotations

import re

from core.text import fold

_LEADING = re.compile(r"^(?:<[^>]*>|[\s«“\"'¿¡(])*")
"""Tags, quotes and opening punctuation before the first letter of a word."""


def _first_letters(word: str) -> str:
    return fold(_LEADING.sub("", word))[:3]


def _spanish_conjunction(conjunction: str, following: str) -> str:
    """``y`` -> ``e`` before the sound i, ``o`` -> ``u`` before the sound o (RAE)."""
    start = _first_letters(following)
    if conjunction == "y":
        # "hi" + vowel is a diphthong ("hielo", "hiato"): it keeps "y".
        if start.startswith("i") or (start.startswith("hi") and start[2:3] not in tuple("aeou")):
            return "e"
        return "y"
    if conjunction == "o" and (start.startswith("o") or start.startswith("ho")):
        return "u"
    return conjunction


_WORDS = {("en", "and"): "and", ("en", "or"): "or", ("es", "and"): "y", ("es", "or"): "o"}


def conjunction(lang: str, kind: str, following: str) -> str:
    """The word for "and" / "or" (``kind``) in ``lang`` when ``following`` comes next."""
    word = _WORDS.get((lang, kind), _WORDS[("en", kind)])
    return _spanish_conjunction(word, following) if lang == "es" else word


def join_words(items: list[str] | tuple[str, ...], lang: str, kind: str = "and") -> str:
    """``A``, ``A and B``, ``A, B and C`` (no serial comma, in either language)."""
    items = list(items)
    if len(items) < 2:
        return items[0] if items else ""
    return f"{', '.join(items[:-1])} {conjunction(lang, kind, items[-1])} {items[-1]}"
