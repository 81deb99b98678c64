"""/where (/donde), /compare and /worth: one title across the platforms, and the catalogs
compared as works. Each handler parses, calls ``core.where`` and renders with the pure
functions below (``work_text`` also renders the inline mode's results).
"""

from __future__ import annotations

from bot import render
from bot.args import MAX_ARG_CHARS, missing, surplus
from bot.i18n import fmt_float, fmt_int, join_words, plural, t
from bot.router import CAPTION_LIMIT, Button, Command, Reply, Request
from bot.services import Services
from core import ratings as chat
from core import where as works
from core.inputs import parse_platform, platform_at
from core.platforms import PLATFORM_KEYS

_FILLER = frozenset({"have", "with", "and", "vs", "versus", "tengo", "con", "y", "contra", "+"})
"""Words people put between platforms ("/worth hulu have netflix and disney")."""
_BUTTONS_PER_ROW = 3


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


# --- rendering -----------------------------------------------------------------------------


def _duration(title: works.WhereTitle, lang: str) -> str:
    return render.duration_text(title.duration_int, title.duration_type, lang)


def work_text(work: works.Work, lang: str) -> str:
    """One work: its name, year and type, then a line per title (platform, length, id)."""
    platforms = work.platforms
    where = (
        t(lang, "w.on_one", platform=render.platform_name(platforms[0], lang))
        if len(platforms) == 1
        else t(lang, "w.on_many", n=len(platforms))
    )
    lines = [
        t(
            lang,
            "w.work",
            title=render.esc(work.display_title),
            year=work.release_year,
            type=render.type_name(work.type, lang),
            where=where,
        )
    ]
    for item in work.titles:
        own = item.display_title != work.display_title
        lines.append(
            t(
                lang,
                "w.title_line",
                platform=render.platform_name(item.platform, lang),
                title=f" · {render.esc(item.display_title)}" if own else "",
                duration=_duration(item, lang),
                year=t(lang, "w.title_year", year=item.release_year)
                if item.release_year != work.release_year
                else "",
                id=render.esc(item.id),
            )
        )
    return "\n".join(lines)


def where_reply(result: works.WhereResult, lang: str) -> Reply:
    """Every work with its platforms; under it, a button per title that opens its card."""
    if not result.works:
        return Reply(t(lang, "w.none", query=render.esc(result.query)))
    header = "w.header" if result.complete else "w.only_like"
    blocks = [t(lang, header, query=render.esc(result.query))]
    rows: list[tuple[Button, ...]] = []
    for n, work in enumerate(result.works, 1):
        blocks.append(work_text(work, lang))
        first = {}  # one button per platform: its first title (others are listed by id)
        for item in work.titles:
            first.setdefault(item.platform, item)
        buttons = [
            Button(f"{n}. {render.platform_name(item.platform, lang)}", f"card:{item.id}")
            for item in first.values()
        ]
        rows.extend(
            tuple(buttons[i : i + _BUTTONS_PER_ROW])
            for i in range(0, len(buttons), _BUTTONS_PER_ROW)
        )
    return Reply(render.clip("\n\n".join(blocks)), tuple(rows))


def _split_line(key: str, split: works.TypeSplit, lang: str, **params: str) -> str:
    return t(
        lang,
        key,
        total=fmt_int(split.total, lang),
        movies=plural(lang, "n.movie", split.movies),
        shows=plural(lang, "n.show", split.shows),
        **params,
    )


def _leads(
    platform: str, other: str, leads: tuple[works.GenreLead, ...], lang: str, *, first: bool
) -> str:
    """``platform``'s leading genres; ``first`` when it is the comparison's ``platform_a``."""
    name, other_name = render.platform_name(platform, lang), render.platform_name(other, lang)
    if not leads:
        return t(lang, "w.compare_no_lead", platform=name, other=other_name)
    from core.eda import genre_name  # core.eda brings matplotlib: only when a reply needs it

    genres = ", ".join(
        t(
            lang,
            "w.compare_lead",
            genre=render.esc(genre_name(g.genre, lang)),
            a=fmt_int(g.on_a if first else g.on_b, lang),
            b=fmt_int(g.on_b if first else g.on_a, lang),
        )
        for g in leads
    )
    return t(lang, "w.compare_leads", platform=name, genres=genres)


def compare_reply(result: works.Comparison, png: bytes, lang: str) -> Reply:
    """The chart, captioned with the counts and each platform's leading genres."""
    a, b = result.platform_a, result.platform_b
    lines = [
        t(
            lang,
            "w.compare_header",
            a=render.platform_name(a, lang),
            b=render.platform_name(b, lang),
        ),
        _split_line("w.compare_shared", result.shared, lang),
        _split_line("w.compare_only", result.only_a, lang, platform=render.platform_name(a, lang)),
        _split_line("w.compare_only", result.only_b, lang, platform=render.platform_name(b, lang)),
        _leads(a, b, result.strongest_a, lang, first=True),
        _leads(b, a, result.strongest_b, lang, first=False),
    ]
    return Reply(render.clip("\n".join(lines), CAPTION_LIMIT), photo=png)


def _names(keys: tuple[str, ...], lang: str, last: str = "w.and") -> str:
    """``Netflix, Hulu and Disney+`` (``last``: the word before the last name)."""
    names = [render.platform_name(k, lang) for k in keys]
    return t(lang, last).join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def _verdict(result: works.WhatAdds, lang: str, *, group: bool) -> list[str]:
    """What the catalog numbers mean for the people asking, from what they rated 4★ or more
    (``core.where.what_adds``); without ratings, only what the catalogs say."""
    share = result.share
    catalog = t(
        lang,
        "w.worth_high" if share >= 0.5 else "w.worth_mid" if share >= 0.2 else "w.worth_low",
    )
    by = t(lang, "w.by_party" if group else "w.by_you")
    if not result.people:
        return [catalog, t(lang, "w.worth_no_taste", by=by)]
    lines = [catalog]
    if result.liked_added:
        lines.append(
            t(
                lang,
                "w.worth_liked",
                liked=plural(lang, "n.title", result.liked),
                n=fmt_int(result.liked_added, lang),
                candidate=render.platform_name(result.candidate, lang),
                by=by,
            )
        )
    if result.taste_added:
        from core.eda import genre_name  # core.eda brings matplotlib: only when a reply needs it

        genres = join_words([genre_name(g, lang) for g in result.taste], lang)
        lines.append(
            t(
                lang,
                "w.worth_taste",
                genres=render.esc(genres),
                works=plural(lang, "n.work", result.taste_added),
                by=by,
            )
        )
    if not (result.liked_added or result.taste_added):
        lines.append(t(lang, "w.worth_not_for_you", by=by))
    return lines


def worth_reply(result: works.WhatAdds, lang: str, *, others: bool, group: bool = False) -> Reply:
    """The numbers, a verdict from what the asker rated, and the best-known titles it adds
    (with buttons), each saying how it was decided."""
    candidate = render.platform_name(result.candidate, lang)
    have = t(lang, "w.worth_others") if others else _names(result.have, lang)
    lines = [
        t(lang, "w.worth_header", candidate=candidate, have=have),
        t(
            lang,
            "w.worth_numbers",
            candidate=candidate,
            total=fmt_int(result.candidate_works.total, lang),
            added=fmt_int(result.added.total, lang),
            pct=fmt_float(100 * result.share, lang, 1),
            have_short=_names(result.have, lang, "w.or"),
            movies=plural(lang, "n.movie", result.added.movies),
            shows=plural(lang, "n.show", result.added.shows),
        ),
        *_verdict(result, lang, group=group),
    ]
    if result.best:
        key = "w.worth_best_known" if result.best_by == "reach" else "w.worth_best"
        lines.append(t(lang, key, min_count=fmt_int(result.min_count, lang)))
        for n, item in enumerate(result.best, 1):
            lines.append(
                t(
                    lang,
                    "w.worth_line",
                    n=n,
                    title=render.esc(item.display_title),
                    year=item.release_year,
                    type=render.type_name(item.type, lang),
                    score=render.score_text(item.score, item.rating_count, lang),
                )
            )
    elif result.added.total:
        lines.append(t(lang, "w.worth_no_best"))
    buttons = tuple(
        render.title_button(n, item.display_title, item.id) for n, item in enumerate(result.best, 1)
    )
    return Reply(render.clip("\n".join(lines)), buttons)


# --- handlers ------------------------------------------------------------------------------


def where(s: Services, r: Request) -> Reply:
    text = " ".join(r.args)
    if not text:
        raise missing("title", "/where the lion king")
    return where_reply(works.where(s.conn(), text, cache=s.search_cache), r.lang)


def compare(s: Services, r: Request) -> Reply:
    platforms = parse_platforms(r.args)
    if len(platforms) < 2:
        raise missing("platform", "/compare netflix hulu")
    if len(platforms) > 2:
        raise surplus(platforms[2])
    result = works.compare(s.conn(), *platforms)
    return compare_reply(result, works.compare_chart(result, r.lang), r.lang)


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
    return worth_reply(result, r.lang, others=others, group=r.in_group)


COMMANDS: tuple[Command, ...] = (
    Command("where", where, ("donde",), example="/where the lion king"),
    Command("compare", compare, ("comparar",), example="/compare netflix hulu"),
    Command("worth", worth, ("vale",), example="/worth disney have netflix hulu"),
)
"""The title buttons reuse ``card:<id>`` (``bot.handlers.catalog``): no callbacks of their own."""
