"""Catalog analytics commands: parse the arguments, call one core query, render.

Arguments may come in any order where their kinds differ (``bot.args``); core validates values.
"""

from __future__ import annotations

from bot import render
from bot.args import at_most_one, classify, missing, surplus
from bot.router import Command, Reply, Request
from bot.services import Services
from core import queries
from core.errors import InvalidInput
from core.inputs import parse_platform


def _platform_or_none(text: str) -> str | None:
    return parse_platform(text) if text else None


def max_duration(s: Services, r: Request) -> Reply:
    p = classify(r.args, durations=True)
    if p.numbers:
        raise surplus(p.numbers[0])
    result = queries.get_max_duration(
        s.conn(),
        year=at_most_one(p.years),
        platform=_platform_or_none(p.rest),
        duration_type=at_most_one(p.duration_types),
    )
    return render.max_duration(result, r.lang)


def score_count(s: Services, r: Request) -> Reply:
    p = classify(r.args)
    if not p.rest:
        raise missing("platform", "/scorecount netflix 3.5 2018")
    score, year = at_most_one(p.numbers), at_most_one(p.years)
    if score is None:
        raise missing("score", "/scorecount netflix 3.5 2018")
    if year is None:
        raise missing("year", "/scorecount netflix 3.5 2018")
    result = queries.get_score_count(s.conn(), parse_platform(p.rest), score, year)
    return render.score_count(result, r.lang)


def count(s: Services, r: Request) -> Reply:
    p = classify(r.args)
    if p.years or p.numbers:
        raise surplus((p.years + p.numbers)[0])
    result = queries.get_count_platform(s.conn(), _platform_or_none(p.rest))
    return render.count(result, r.lang)


def actor(s: Services, r: Request) -> Reply:
    p = classify(r.args)
    if p.numbers:
        raise surplus(p.numbers[0])
    if not p.rest:
        raise missing("platform", "/actor netflix 2014")
    year = at_most_one(p.years)
    if year is None:
        raise missing("year", "/actor netflix 2014")
    return render.actor(queries.get_actor(s.conn(), parse_platform(p.rest), year), r.lang)


def word(s: Services, r: Request) -> Reply:
    if len(r.args) < 2:
        raise missing("platform" if not r.args else "word", "/word netflix love")
    # The platform may be one or two words ("prime video"); the rest is the word or phrase.
    for split in (2, 1):
        if len(r.args) > split:
            try:
                platform = parse_platform(" ".join(r.args[:split]))
            except InvalidInput:
                continue
            return render.word_count(
                queries.get_word_count(s.conn(), platform, " ".join(r.args[split:])), r.lang
            )
    parse_platform(r.args[0])  # raises UnknownPlatform with the suggestion
    raise surplus(r.args[0])


def search(s: Services, r: Request) -> Reply:
    text = " ".join(r.args)
    if not text:
        raise missing("search text", "/search stranger things")
    return render.search_results(text, queries.search(s.conn(), text, 8), r.lang)


def title(s: Services, r: Request) -> Reply:
    if not r.args:
        raise missing("title id", "/title ns1")
    if len(r.args) > 1:
        raise surplus(r.args[1])
    card = queries.title(s.conn(), r.args[0])
    return render.title_card(card, r.lang, render.card_buttons(card.id, r.lang))


def top(s: Services, r: Request) -> Reply:
    p = classify(r.args, title_types=True)
    if p.numbers:
        raise surplus(p.numbers[0])
    result = queries.top_rated(
        s.conn(),
        platform=_platform_or_none(p.rest),
        year=at_most_one(p.years),
        type=at_most_one(p.title_types),
    )
    return render.top_rated(result, r.lang)


def card_button(s: Services, r: Request, payload: str) -> Reply:
    """The ``card:<id>`` button: show that title's card in place."""
    card = queries.title(s.conn(), payload)
    return render.title_card(card, r.lang, render.card_buttons(card.id, r.lang))


COMMANDS: tuple[Command, ...] = (
    Command(
        "maxduration", max_duration, ("get_max_duration",), example="/maxduration 2018 amazon min"
    ),
    Command(
        "scorecount", score_count, ("get_score_count",), example="/scorecount netflix 3.5 2018"
    ),
    Command("count", count, ("get_count_platform",), example="/count disney"),
    Command("actor", actor, ("get_actor",), example="/actor netflix 2014"),
    Command("word", word, ("get_word_count",), example="/word netflix love"),
    Command("search", search, ("buscar",), example="/search stranger things"),
    Command("title", title, ("titulo",), example="/title ns1"),
    Command("top", top, ("toprated",), example="/top netflix movie"),
)
CALLBACKS = {"card": card_button}
