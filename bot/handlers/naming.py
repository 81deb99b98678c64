"""A title named in words, for the commands that take a title id or a name (/recommend,
/similar, /rate): the id when the words name one title, else the closest titles to choose from.

The rule, once: an exact name (case, accents and punctuation aside) wins; several titles with
that name (the same film listed on two platforms) give the first; with no exact name, a search
that finds a single complete match gives it; anything else is a choice for the person.
"""

from __future__ import annotations

from bot.services import Services
from core import queries
from core.queries import SearchHit
from core.text import normalize

CHOICES = 5


def named(s: Services, words: str) -> str | tuple[SearchHit, ...]:
    """The title id that ``words`` name, or the closest titles to choose from."""
    hits = queries.search(s.conn(), words, CHOICES, cache=s.search_cache)
    exact = [h for h in hits if normalize(h.display_title) == normalize(words)]
    if exact:
        return exact[0].id
    if len(hits) == 1 and hits[0].complete:
        return hits[0].id
    return tuple(hits)
