"""Catalog analytics commands: parse the arguments, call one core query, render.

Each command's words follow its ``Grammar`` (``bot.args``: any order, each word tried against
every kind the command takes); core validates the values.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import render
from bot.args import Grammar, leading_platform, missing, parse
from bot.router import Command, Reply, Request
from bot.services import Services
from core import queries
from core.platforms import TITLE_ID
from core.text import normalize

SEARCH_HITS = 8
_ID_LIKE = re.compile(r"^[a-z]{0,3}\d+$", re.IGNORECASE)
"""One word that looks like a mistyped id ("zz99999"): answered with the ids it resembles."""

_MAX_DURATION = Grammar(("year", "platform", "unit"), example="/maxduration 2018 amazon min")
_SCORE_COUNT = Grammar(
    ("platform", "score", "year"), ("platform", "score", "year"), "/scorecount netflix 3.5 2018"
)
_COUNT = Grammar(("platform",), example="/count disney")
_ACTOR = Grammar(("platform", "year"), ("platform", "year"), "/actor netflix 2014")
_TOP = Grammar(("platform", "year", "type"), example="/top netflix movie")


def max_duration(s: Services, r: Request) -> Reply:
    found = parse(r.args, _MAX_DURATION)
    result = queries.get_max_duration(
        s.conn(),
        year=found.get("year"),
        platform=found.get("platform"),
        duration_type=found.get("unit"),
    )
    return render.max_duration(result, r.lang)


def score_count(s: Services, r: Request) -> Reply:
    found = parse(r.args, _SCORE_COUNT)
    result = queries.get_score_count(s.conn(), found["platform"], found["score"], found["year"])
    return render.score_count(result, r.lang)


def count(s: Services, r: Request) -> Reply:
    found = parse(r.args, _COUNT)
    return render.count(queries.get_count_platform(s.conn(), found.get("platform")), r.lang)


def actor(s: Services, r: Request) -> Reply:
    found = parse(r.args, _ACTOR)
    return render.actor(queries.get_actor(s.conn(), found["platform"], found["year"]), r.lang)


def word(s: Services, r: Request) -> Reply:
    # The platform may be one to three words ("prime video"); the rest is the word or phrase.
    platform, rest = leading_platform(r.args, "/word netflix love")
    if not rest:
        raise missing("word", "/word netflix love")
    return render.word_count(queries.get_word_count(s.conn(), platform, " ".join(rest)), r.lang)


def _search(s: Services, r: Request, text: str) -> Reply:
    hits = queries.search(s.conn(), text, SEARCH_HITS, cache=s.search_cache)
    return render.search_results(text, hits, r.lang)


def search(s: Services, r: Request) -> Reply:
    text = " ".join(r.args)
    if not text:
        raise missing("search text", "/search stranger things")
    return _search(s, r, text)


def _card(s: Services, r: Request, title_id: str) -> Reply:
    card = queries.title(s.conn(), title_id, cache=s.search_cache)
    return render.title_card(card, r.lang, render.card_buttons(card.id, r.lang))


def title(s: Services, r: Request) -> Reply:
    """An id opens its card; words are a title: its card when one title has exactly that
    name ("/title stranger things"), else the search results."""
    if not r.args:
        raise missing("title id", "/title ns1")
    if len(r.args) == 1 and (TITLE_ID.match(r.args[0]) or _ID_LIKE.match(r.args[0])):
        return _card(s, r, r.args[0])
    text = " ".join(r.args)
    hits = queries.search(s.conn(), text, SEARCH_HITS, cache=s.search_cache)
    named = [h for h in hits if normalize(h.display_title) == normalize(text)]
    if len(named) == 1:
        return _card(s, r, named[0].id)
    return render.search_results(text, hits, r.lang)


def top(s: Services, r: Request) -> Reply:
    found = parse(r.args, _TOP)
    result = queries.top_rated(
        s.conn(), platform=found.get("platform"), year=found.get("year"), type=found.get("type")
    )
    return render.top_rated(result, r.lang)


def card_button(s: Services, r: Request, payload: str) -> Reply:
    """The ``card:<id>`` button: the card in place of the list in a private chat; in a group a
    new message, so the list stays for everyone who shares it."""
    reply = _card(s, r, payload)
    return replace(reply, placement="new") if r.in_group else reply


COMMANDS: tuple[Command, ...] = (
    Command(
        "maxduration",
        max_duration,
        ("get_max_duration", "duracion"),
        example="/maxduration 2018 amazon min",
    ),
    Command(
        "scorecount",
        score_count,
        ("get_score_count", "puntuacion"),
        example="/scorecount netflix 3.5 2018",
    ),
    Command("count", count, ("get_count_platform", "contar"), example="/count disney"),
    Command("actor", actor, ("get_actor", "reparto"), example="/actor netflix 2014"),
    Command("word", word, ("get_word_count", "palabra"), example="/word netflix love"),
    Command("search", search, ("buscar",), example="/search stranger things"),
    Command("title", title, ("titulo",), example="/title ns1"),
    Command("top", top, ("toprated", "mejores"), example="/top netflix movie"),
)
CALLBACKS = {"card": card_button}
