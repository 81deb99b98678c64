"""Pure renderers of ``core.where`` results: /where (/donde), /compare, /worth and the inline
mode's works. Like ``bot.render``: no I/O, no core queries; plain results in, ``Reply`` out.

/where lists one work per line (its title, year, type, length and platforms), so a short or a
special is a line of its own, never folded into the film; under the list, one button per
platform of each work, labelled with the platform and the title as that platform lists it
("1 · Netflix: Star Wars: Episode VIII: The Last Jedi"), which opens that title's card.
"""

from __future__ import annotations

from bot import render
from bot.i18n import fmt_float, fmt_int, join_words, plural, t
from bot.router import CAPTION_LIMIT, Button, Reply
from core import where as works

BUTTONS_PER_ROW = 2
BUTTON_CHARS = 40
"""A button label longer than this is cut at a word (Telegram shows about 40 characters of a
two-button row on a phone)."""


def _duration(title: works.WhereTitle, lang: str) -> str:
    return render.duration_text(title.duration_int, title.duration_type, lang)


def short_label(text: str, limit: int = BUTTON_CHARS) -> str:
    """``text`` cut at the last whole word that fits, with "…" ("… for Sleep bla" never)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" :·-\u2013,") + "…"


def _platforms(work: works.Work, lang: str) -> str:
    names = [render.platform_name(p, lang) for p in work.platforms]
    if len(names) == 1:
        return t(lang, "w.on_one", platform=names[0])
    return ", ".join(names)


def _listed(work: works.Work) -> dict[str, works.WhereTitle]:
    """Each platform's title of the work: the one listed under the work's title, else its
    first (a platform may list language versions and "4K UHD" copies: one button each is
    enough, the card lists the rest)."""
    found: dict[str, works.WhereTitle] = {}
    for item in work.titles:
        best = found.get(item.platform)
        if best is None or (
            item.display_title == work.display_title and best.display_title != work.display_title
        ):
            found[item.platform] = item
    return found


def work_line(n: int, work: works.Work, lang: str) -> str:
    """One work on one line: "1. <b>Frozen</b> (2013) · movie · 105 min — only on Disney+"."""
    first = _listed(work)[work.platforms[0]]
    line = t(
        lang,
        "w.line",
        n=n,
        title=render.esc(render.beside_year(work.display_title, work.release_year)),
        year=work.release_year,
        type=render.type_name(work.type, lang),
        duration=_duration(first, lang),
        platforms=_platforms(work, lang),
    )
    if work.also_known_as:
        line += t(lang, "w.aka", title=render.esc(work.also_known_as))
    return line


def work_buttons(n: int, work: works.Work, lang: str) -> list[Button]:
    """One button per platform: "n · platform: title as listed there", opening its card."""
    return [
        Button(
            short_label(
                t(
                    lang,
                    "w.button",
                    n=n,
                    platform=render.platform_name(item.platform, lang),
                    title=item.display_title,
                )
            ),
            f"card:{item.id}",
        )
        for item in _listed(work).values()
    ]


def where_reply(result: works.WhereResult, lang: str) -> Reply:
    """Every work on its own line; under them, a button per platform of each work (a work's
    buttons on rows of their own). When no work has every word of the query
    (``WhereResult.complete``), the header says the title is on none of the four and these are
    only the closest."""
    if not result.works:
        return Reply(t(lang, "w.none", query=render.esc(result.query)))
    header = "w.header" if result.complete else "w.only_like"
    lines = [t(lang, header, query=render.esc(result.query))]
    rows: list[tuple[Button, ...]] = []
    for n, work in enumerate(result.works, 1):
        lines.append(work_line(n, work, lang))
        buttons = work_buttons(n, work, lang)  # a work's buttons start a row of their own
        rows.extend(
            tuple(buttons[i : i + BUTTONS_PER_ROW]) for i in range(0, len(buttons), BUTTONS_PER_ROW)
        )
    return Reply(render.clip("\n".join(lines)), tuple(rows))


def work_text(work: works.Work, lang: str) -> str:
    """One work in full (the inline mode's message): its name, year and type, then a line per
    title (platform, title where it differs, length, year where it differs, id)."""
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
            title=render.esc(render.beside_year(work.display_title, work.release_year)),
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


def inline_description(work: works.Work, lang: str) -> str:
    """The inline result's second line: "2019 · movie · Disney+, Hulu, Netflix"."""
    names = ", ".join(render.platform_name(p, lang) for p in work.platforms)
    return f"{work.release_year} · {render.type_name(work.type, lang)} · {names}"


# --- /compare --------------------------------------------------------------------------------


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


def compare_reply(result: works.Comparison, lang: str) -> Reply:
    """The chart (``core.where.compare_chart``), captioned with the counts and each
    platform's leading genres."""
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
    png = works.compare_chart(result, lang)
    return Reply(render.clip("\n".join(lines), CAPTION_LIMIT), photo=png)


# --- /worth ----------------------------------------------------------------------------------


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
    liked_most = t(lang, "w.liked_most_party" if group else "w.liked_most_you")
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
                liked_most=liked_most,
            )
        )
    if not (result.liked_added or result.taste_added):
        lines.append(t(lang, "w.worth_not_for_you", by=by, liked_most=liked_most))
    return lines


def worth_reply(result: works.WhatAdds, lang: str, *, others: bool, group: bool = False) -> Reply:
    """The numbers (works, not listings), a verdict from what the asker (or, in a group, the
    watch party) rated, and the best-known titles it adds (with buttons), each saying how it
    was decided."""
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
        key = {"people": "w.worth_best_fans", "reach": "w.worth_best_known"}.get(
            result.best_by, "w.worth_best"
        )
        lines.append(t(lang, key, min_count=fmt_int(result.bar.min_count, lang)))
        for n, item in enumerate(result.best, 1):
            lines.append(
                t(
                    lang,
                    "w.worth_line",
                    n=n,
                    title=render.esc(render.beside_year(item.display_title, item.release_year)),
                    year=item.release_year,
                    type=render.type_name(item.type, lang),
                    score=render.score_text(item.score, item.rating_count, lang),
                )
            )
    elif result.added.total:
        lines.append(t(lang, "w.worth_no_best", min_count=fmt_int(result.bar.min_count, lang)))
    if result.best_by == "score" and result.added.total:
        lines.extend(render.bar_note(result.bar, lang))
    buttons = tuple(
        render.title_button(n, item.display_title, item.id) for n, item in enumerate(result.best, 1)
    )
    return Reply(render.clip("\n".join(lines)), buttons)
