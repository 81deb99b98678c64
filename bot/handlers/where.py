"""/where (/donde), /compare and /worth: one title across the platforms, and the catalogs
compared as works. Each handler parses its arguments, makes one ``core.where`` call and hands
the result to ``bot.render_where``.
"""

from __future__ import annotations

from bot import render_where
from bot.args import MAX_ARG_CHARS, missing, surplus
from bot.router import Command, Reply, Request
from bot.services import Services
from core import ratings as chat
from core import where as works
from core.inputs import parse_platform, platform_at
from core.platforms import PLATFORM_KEYS

_FILLER = frozenset({"have", "with", "and", "vs", "versus", "tengo", "con", "y", "contra", "+"})
"""Words people put between platforms ("/worth hulu have netflix and disney")."""


# --- parsing -------------------------------------------------------------------------------


def parse_platforms(args: tuple[str, ...]) -> list[str]:
    """Platform keys from free text: names of one to three words ("prime video"), separated
    by spaces, commas or filler words. An unknown name raises ``UnknownPlatform``."""
    text = " ".join(args)
    if len(text) > MAX_ARG_CHARS:
        raise surplus(text[:40] + "…")
    tokens = [w for a in args for w in a.replace(",", " ").split() if w.lower() not in _FILLER]
    found: list[str] = []
    i = 0
    while i < len(tokens):
        hit = platform_at(tokens, i)  # "prime video" is one platform (core.inputs)
        if hit is None:
            parse_platform(tokens[i])  # raises UnknownPlatform, with a suggestion if close
        found.append(hit[0])
        i += hit[1]
    return found


# --- handlers ------------------------------------------------------------------------------


def where(s: Services, r: Request) -> Reply:
    text = " ".join(r.args)
    if not text:
        raise missing("title", "/where the lion king")
    return render_where.where_reply(works.where(s.conn(), text, cache=s.search_cache), r.lang)


def compare(s: Services, r: Request) -> Reply:
    platforms = parse_platforms(r.args)
    if len(platforms) < 2:
        raise missing("platform", "/compare netflix hulu")
    if len(platforms) > 2:
        raise surplus(platforms[2])
    result = works.compare(s.conn(), *platforms, genres=s.where_genres)
    return render_where.compare_reply(result, r.lang)


def worth(s: Services, r: Request) -> Reply:
    platforms = parse_platforms(r.args)
    if not platforms:
        raise missing("platform", "/worth disney have netflix hulu")
    candidate, have = platforms[0], tuple(platforms[1:])
    others = not have
    if others:
        have = tuple(k for k in PLATFORM_KEYS if k != candidate)
    people = (
        chat.party_users(s.conn(), r.chat_id)
        if r.in_group
        else [u for u in (chat.internal_user(s.conn(), r.user_id, create=False),) if u]
    )
    result = works.what_adds(s.conn(), have, candidate, people=people)
    return render_where.worth_reply(result, r.lang, others=others, group=r.in_group)


COMMANDS: tuple[Command, ...] = (
    Command("where", where, ("donde",), example="/where the lion king"),
    Command("compare", compare, ("comparar",), example="/compare netflix hulu"),
    Command("worth", worth, ("vale",), example="/worth disney have netflix hulu"),
)
"""The title buttons reuse ``card:<id>`` (``bot.handlers.catalog``): no callbacks of their own."""
