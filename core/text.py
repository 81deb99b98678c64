"""Text folding and word splitting: one definition shared by the word count and the search.

Why one module: the word table is built from titles with these functions and a user's word is
split with the same ones, so "the same word" means the same thing on both sides.

The rules:

- **Case and accents do not matter.** Text is lower-cased, decomposed (NFKD) and stripped of
  combining marks, so ``Pokémon``, ``POKEMON`` and ``pokemon`` are one word; compatibility forms
  fold too (``ﬁ`` -> ``fi``, ``²`` -> ``2``).
- **A word is a run of letters and digits** (Unicode categories L* and N*). Everything else
  separates words: spaces, punctuation, apostrophes and hyphens. So ``love,`` and ``love's`` both
  contain the word ``love`` (``love's`` is the words ``love`` + ``s``), ``spider-man`` is
  ``spider`` + ``man``, and ``lovely`` is not ``love``.
- A user's "word" that splits into several words (``spider-man``, ``don't``) is matched as a
  phrase: those words, consecutive and in order.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ASCII_WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset(
    {
        *("the", "a", "an", "and", "of", "or", "to", "in", "on", "at", "by", "for", "with"),
        *("from", "el", "la", "los", "las", "lo", "de", "del", "y", "un", "una", "en"),
    }
)
"""Title words that alone name no title ("the", "of", "la"): a search must match some other
word of the query, and ``where`` refuses a query of only these."""


def fold(text: str) -> str:
    """Lower-case ``text`` and remove accents and compatibility forms (``Café`` -> ``cafe``)."""
    if text.isascii():  # most titles: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M")).lower()


@lru_cache(maxsize=4096)
def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` after folding, in order: ``"Love's Labour"`` -> ``love s labour``."""
    folded = fold(text)
    if folded.isascii():
        return tuple(_ASCII_WORD.findall(folded))
    return tuple("".join(ch if _is_word_char(ch) else " " for ch in folded).split())


def normalize(text: str) -> str:
    """The words of ``text`` joined by single spaces: the form fuzzy search compares."""
    return " ".join(words(text))
