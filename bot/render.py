"""Pure renderers: core results -> ``Reply`` (HTML text and buttons), in the user's language.

No I/O and no core calls here, so every reply can be tested from a plain dataclass. Data text
is always escaped; numbers get the language's thousands separator and counts their plural
(``bot.i18n.plural``); button labels are cut at a word, never mid-word. This module holds the
pieces every reply shares and the catalog commands' replies; ``render_people``,
``render_charts`` and ``render_help`` hold the rest.
"""

from __future__ import annotations

import html
import re

from bot.i18n import fmt_float, fmt_int, plural, t
from bot.router import Button, Reply, clip
from core.eda.labels import genre_name
from core.eda.vocab import GENRE_FAMILY, genre_family
from core.platforms import BY_KEY
from core.queries import (
    DEFAULT_MIN_COUNT,
    MaxDuration,
    PlatformCount,
    RatingBar,
    ScoreCount,
    SearchHit,
    TitleCard,
    TopActor,
    TopRated,
    WordCount,
)

LABEL_LIMIT = 40
"""Characters of a button label (Telegram cuts longer ones on small screens)."""
LISTED = 20
"""Titles listed in one reply; the rest are counted ("… and 35 more")."""
TITLE_BUTTONS = 5
"""Title buttons under a list (a card each)."""
RATING_STEPS = tuple(n / 2 for n in range(1, 11))
"""What the rating buttons offer: 0.5 to 5 in half stars, as /rate accepts."""


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


_YEAR_AT_END = re.compile(r"\s*\((\d{4})\)\s*$")


def beside_year(title: str, year: object) -> str:
    """``title`` without a trailing "(1992)" when that is ``year``, the year the reply shows
    beside it. Why: some catalog titles carry their year ("Aladdin (1992)", next to "Aladdin
    (2019)"), and "title (year)" lines said "Aladdin (1992) (1992)"."""
    title = " ".join(str(title).split())
    found = _YEAR_AT_END.search(title)
    if found and found.start() > 0 and found.group(1) == str(year):
        return title[: found.start()]
    return title


def platform_name(key: str | None, lang: str) -> str:
    if key is None:
        return t(lang, "gen.all_platforms")
    return BY_KEY[key].display if key in BY_KEY else esc(key)


def type_name(kind: str, lang: str) -> str:
    return t(lang, "gen.movie" if kind == "movie" else "gen.show")


def duration_text(value: int | None, unit: str | None, lang: str) -> str:
    if value is None or unit is None:
        return t(lang, "q.card_no_duration")
    if unit == "min":
        return t(lang, "gen.min", n=fmt_int(value, lang))
    return plural(lang, "n.season", value)


def counted(movies: int, shows: int, lang: str) -> dict[str, str]:
    """The ``titles``, ``movies`` and ``shows`` placeholders of a count, each with its noun in
    the right number ("1 movie", "9 shows")."""
    return {
        "titles": plural(lang, "n.title", movies + shows),
        "movies": plural(lang, "n.movie", movies),
        "shows": plural(lang, "n.show", shows),
    }


def button_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` on one line, cut at the last whole word that fits, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.:;-/\u2013\u2014") + "…"


def title_line(
    key: str,
    lang: str,
    *,
    n: int,
    title: str,
    year: object,
    platform: str,
    kind: str,
    **extra: object,
) -> str:
    """One numbered line about a title, "n. title (year, platform · type)" and its kin: the
    message ``key`` filled with the escaped title, the year as given, the platform and the type
    by name, and any ``extra`` placeholders the message has (already rendered)."""
    return t(
        lang,
        key,
        n=n,
        title=esc(beside_year(title, year)),
        year=year,
        platform=platform_name(platform, lang),
        type=type_name(kind, lang),
        **extra,
    )


def title_button(n: int, title: str, title_id: str) -> tuple[Button]:
    """A row with one button, "n. title", that opens the title's card."""
    return (Button(button_label(f"{n}. {title}"), f"card:{title_id}"),)


def and_more(shown: int, total: int, lang: str) -> list[str]:
    """The "… and 35 more" line when a list shows ``shown`` of ``total``."""
    return [plural(lang, "q.and_more", total - shown)] if total > shown else []


def _filters(lang: str, year: int | None, platform: str | None) -> str:
    text = t(lang, "q.filters_year", year=year) if year is not None else ""
    if platform is not None:
        text += t(lang, "q.filters_platform", platform=platform_name(platform, lang))
    return text


def max_duration(result: MaxDuration, lang: str) -> Reply:
    filters = _filters(lang, result.year, result.platform)
    unit = result.duration_type
    if result.duration is None:
        return Reply(t(lang, f"q.maxduration_none_{unit}", filters=filters))
    tie = plural(lang, "q.maxduration_tie", len(result.titles)) if len(result.titles) > 1 else ""
    lines = [
        t(
            lang,
            f"q.maxduration_{unit}",
            filters=filters,
            duration=duration_text(result.duration, unit, lang),
            tie=tie,
        )
    ]
    for item in result.titles[:LISTED]:
        lines.append(
            t(
                lang,
                "q.title_line",
                title=esc(beside_year(item.display_title, item.release_year)),
                year=item.release_year,
                platform=platform_name(item.platform, lang),
                duration=duration_text(item.duration, unit, lang),
                id=esc(item.id),
            )
        )
    lines += and_more(LISTED, len(result.titles), lang)
    buttons = tuple(
        (Button(button_label(item.display_title), f"card:{item.id}"),)
        for item in result.titles[:TITLE_BUTTONS]
    )
    return Reply(clip("\n".join(lines)), buttons)


def score_count(result: ScoreCount, lang: str) -> Reply:
    return Reply(
        t(
            lang,
            "q.scorecount",
            platform=platform_name(result.platform, lang),
            year=result.year,
            scored=fmt_float(result.scored, lang, 1),
            **counted(result.movies, result.shows, lang),
        )
    )


def count(result: PlatformCount | tuple[PlatformCount, ...], lang: str) -> Reply:
    """Catalog listings per platform: the definition of "titles" is said in the reply, since
    /worth and /compare count works (a film once, however often it is listed)."""
    if isinstance(result, PlatformCount):
        return Reply(
            t(
                lang,
                "q.count",
                platform=platform_name(result.platform, lang),
                **counted(result.movies, result.shows, lang),
            )
        )
    rows = [t(lang, "q.count_table_columns")]
    for item in result:
        rows.append(
            f"{platform_name(item.platform, lang):<12}{fmt_int(item.movies, lang):>9}"
            f"{fmt_int(item.shows, lang):>8}{fmt_int(item.total, lang):>8}"
        )
    total = sum(i.total for i in result)
    rows.append(
        f"{'':<12}{fmt_int(sum(i.movies for i in result), lang):>9}"
        f"{fmt_int(sum(i.shows for i in result), lang):>8}{fmt_int(total, lang):>8}"
    )
    return Reply(
        t(lang, "q.count_table_header")
        + "\n<pre>"
        + esc("\n".join(rows))
        + "</pre>\n"
        + t(lang, "q.count_definition")
    )


def actor(result: TopActor, lang: str) -> Reply:
    platform = platform_name(result.platform, lang)
    if result.titles == 0:
        return Reply(t(lang, "q.actor_no_titles", platform=platform, year=result.year))
    if not result.has_cast_data:
        return Reply(
            t(
                lang,
                "q.actor_no_cast",
                platform=platform,
                year=result.year,
                titles=plural(lang, "n.title", result.titles),
            )
        )
    shown = [f"<b>{esc(n)}</b>" for n in result.display_names[:LISTED]]
    names = ", ".join(shown) + "".join(
        " " + line for line in and_more(len(shown), len(result.display_names), lang)
    )
    key = "q.actor_tied" if len(result.names) > 1 else "q.actor"
    return Reply(
        t(
            lang,
            key,
            platform=platform,
            year=result.year,
            names=names,
            titles=plural(lang, "n.title", result.appearances),
        )
    )


def word_count(result: WordCount, lang: str) -> Reply:
    return Reply(
        t(
            lang,
            "q.word",
            platform=platform_name(result.platform, lang),
            word=esc(result.word),
            **counted(result.movies, result.shows, lang),
        )
    )


def search_results(query: str, hits: tuple[SearchHit, ...], lang: str) -> Reply:
    """The hits, best first, each a line and a button. When no hit has every word of the query
    ("game of thrones" finds only "… Game of Zones"), the reply says these are only alike."""
    if not hits:
        return Reply(t(lang, "q.search_none", query=esc(query)))
    header = "q.search_header" if any(h.complete for h in hits) else "q.search_only_like"
    lines = [t(lang, header, query=esc(query))]
    buttons = []
    for n, hit in enumerate(hits, 1):
        lines.append(
            title_line(
                "q.search_line",
                lang,
                n=n,
                title=hit.display_title,
                year=hit.release_year,
                platform=hit.platform,
                kind=hit.type,
            )
        )
        buttons.append(title_button(n, hit.display_title, hit.id))
    return Reply(clip("\n".join(lines)), tuple(buttons))


def genre_names(card: TitleCard, lang: str) -> tuple[str, ...]:
    """A card's genres as the catalog writes them in English; in another language, by their
    family's name in it ("Dramas" and "TV Dramas" are both "Drama"), each once."""
    if lang == "en":
        return card.genres_display or card.genres
    names: list[str] = []
    for label, shown in zip(card.genres, card.genres_display or card.genres, strict=False):
        family = genre_family(label)
        if family is None:
            continue
        name = genre_name(family, lang) if label in GENRE_FAMILY else shown
        if name not in names:
            names.append(name)
    return tuple(names)


def score_text(score: float | None, ratings: int, lang: str) -> str:
    """ "3.75 from 24 ratings", or "no ratings yet"."""
    if score is None:
        return t(lang, "q.card_no_score")
    return t(
        lang,
        "q.card_score",
        score=fmt_float(score, lang),
        ratings=plural(lang, "n.rating", ratings),
    )


def _short_list(items: tuple[str, ...], limit: int) -> str:
    shown = ", ".join(esc(" ".join(i.split())) for i in items[:limit])
    return shown + (" …" if len(items) > limit else "")


def title_card(
    card: TitleCard, lang: str, extra_buttons: tuple[tuple[Button, ...], ...] = ()
) -> Reply:
    score = score_text(card.score, card.rating_count, lang)
    genres = genre_names(card, lang)
    cast = card.cast_display or card.cast_names
    directors = card.directors_display or card.directors
    text = t(
        lang,
        "q.card",
        title=esc(beside_year(card.display_title, card.release_year)),
        year=card.release_year,
        platform=platform_name(card.platform, lang),
        type=type_name(card.type, lang),
        duration=duration_text(card.duration_int, card.duration_type, lang),
        rating=esc((card.rating or "g").upper()),
        genres=t(lang, "q.card_genres", genres=_short_list(genres, 6)) if genres else "",
        cast=t(lang, "q.card_cast", cast=_short_list(cast, 5)) if cast else "",
        directors=(
            t(lang, "q.card_directors", directors=_short_list(directors, 3)) if directors else ""
        ),
        score=score,
        description=esc((card.display_description or card.description or "")[:1500]),
        id=esc(card.id),
    )
    if card.quarantine:
        text += "\n" + t(lang, "q.card_placeholder")
    return Reply(clip(text), extra_buttons)


def bar_note(bar: RatingBar, lang: str) -> list[str]:
    """Why a ranking by score asks for fewer ratings than the usual 30, when the data's scale
    set its minimum (``RatingBar.typical``); nothing otherwise. /top and /worth end with it."""
    if bar.typical is None:
        return []
    return [
        t(
            lang,
            "q.bar_scaled",
            typical=plural(lang, "n.rating", bar.typical),
            min_count=fmt_int(bar.min_count, lang),
            standard=fmt_int(DEFAULT_MIN_COUNT, lang),
        )
    ]


def top_rated(result: TopRated, lang: str) -> Reply:
    filters = _filters(lang, result.year, result.platform)
    if result.type:
        filters = f" · {t(lang, 'gen.movies' if result.type == 'movie' else 'gen.shows')}" + filters
    least = fmt_int(result.bar.min_count, lang)
    if not result.titles:
        none = t(lang, "q.top_none", filters=filters, min_count=least)
        return Reply("\n".join([none, *bar_note(result.bar, lang)]))
    lines = [t(lang, "q.top_header", filters=filters, min_count=least)]
    for n, item in enumerate(result.titles, 1):
        lines.append(
            t(
                lang,
                "q.top_line",
                n=n,
                title=esc(beside_year(item.display_title, item.release_year)),
                year=item.release_year,
                platform=platform_name(item.platform, lang),
                score=fmt_float(item.score, lang),
                ratings=plural(lang, "n.rating", item.rating_count),
            )
        )
    lines.extend(bar_note(result.bar, lang))
    buttons = tuple(
        title_button(n, i.display_title, i.id) for n, i in enumerate(result.titles[:10], 1)
    )
    return Reply(clip("\n".join(lines)), buttons)


def pager(prefix: str, page: int, pages: int, lang: str) -> tuple[tuple[Button, ...], ...]:
    """◀ / ▶ buttons for a paged list; the callback data is ``prefix:page``."""
    if pages <= 1:
        return ()
    row = []
    if page > 1:
        row.append(Button(t(lang, "gen.prev"), f"{prefix}:{page - 1}"))
    if page < pages:
        row.append(Button(t(lang, "gen.next"), f"{prefix}:{page + 1}"))
    return (tuple(row),)


def stars(value: float) -> str:
    """A rating as a button shows it: ``4★``, ``4½★``, ``½★``."""
    whole, half = divmod(round(value * 2), 2)
    return f"{whole or ''}{'½' if half else ''}★" if value else "0★"


def card_buttons(title_id: str, lang: str) -> tuple[tuple[Button, ...], ...]:
    """Under a title card: rate it in one tap, whole and half stars (0.5 to 5, as /rate takes),
    or see similar titles."""
    whole = tuple(Button(stars(v), f"rate:{title_id}:{v:g}") for v in RATING_STEPS if v == int(v))
    halves = tuple(Button(stars(v), f"rate:{title_id}:{v:g}") for v in RATING_STEPS if v != int(v))
    return (whole, halves, (Button(t(lang, "p.btn_similar"), f"similar:{title_id}"),))
