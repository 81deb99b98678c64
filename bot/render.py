"""Pure renderers: core results -> ``Reply`` (HTML text and buttons), in the user's language.

No I/O and no core calls here, so every reply can be tested from a plain dataclass. Data text
is always escaped; numbers get the language's thousands separator; long lists are paged so no
reply comes near Telegram's 4,096-character limit.
"""

from __future__ import annotations

import html
import re

from bot.i18n import fmt_float, fmt_int, t
from bot.router import Button, Reply, clip
from core.platforms import BY_KEY
from core.queries import (
    MaxDuration,
    PlatformCount,
    ScoreCount,
    SearchHit,
    TitleCard,
    TopActor,
    TopRated,
    WordCount,
)

PAGE_SIZE = 10


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


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
    return t(lang, "gen.season" if value == 1 else "gen.seasons", n=fmt_int(value, lang))


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
        title=esc(title),
        year=year,
        platform=platform_name(platform, lang),
        type=type_name(kind, lang),
        **extra,
    )


def title_button(n: int, title: str, title_id: str) -> tuple[Button]:
    """A row with one button, "n. title", that opens the title's card."""
    return (Button(f"{n}. {title}"[:60], f"card:{title_id}"),)


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
    tie = t(lang, "q.maxduration_tie", n=len(result.titles)) if len(result.titles) > 1 else ""
    lines = [
        t(
            lang,
            f"q.maxduration_{unit}",
            filters=filters,
            duration=duration_text(result.duration, unit, lang),
            tie=tie,
        )
    ]
    for item in result.titles[:20]:
        lines.append(
            t(
                lang,
                "q.title_line",
                title=esc(item.display_title),
                year=item.release_year,
                platform=platform_name(item.platform, lang),
                duration=duration_text(item.duration, unit, lang),
                id=esc(item.id),
            )
        )
    buttons = tuple(
        (Button(item.display_title[:40], f"card:{item.id}"),) for item in result.titles[:5]
    )
    return Reply(clip("\n".join(lines)), buttons)


def _split(result: ScoreCount | PlatformCount | WordCount, lang: str) -> dict[str, str]:
    """The ``movies``, ``shows`` and ``total`` placeholders of a count, formatted."""
    return {
        "movies": fmt_int(result.movies, lang),
        "shows": fmt_int(result.shows, lang),
        "total": fmt_int(result.total, lang),
    }


def score_count(result: ScoreCount, lang: str) -> Reply:
    return Reply(
        t(
            lang,
            "q.scorecount",
            platform=platform_name(result.platform, lang),
            year=result.year,
            scored=fmt_float(result.scored, lang, 1),
            **_split(result, lang),
        )
    )


def count(result: PlatformCount | tuple[PlatformCount, ...], lang: str) -> Reply:
    if isinstance(result, PlatformCount):
        return Reply(
            t(
                lang,
                "q.count",
                platform=platform_name(result.platform, lang),
                **_split(result, lang),
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
    return Reply(t(lang, "q.count_table_header") + "\n<pre>" + esc("\n".join(rows)) + "</pre>")


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
                titles=fmt_int(result.titles, lang),
            )
        )
    names = ", ".join(f"<b>{esc(_display_name(n))}</b>" for n in result.names[:30])
    key = "q.actor_tied" if len(result.names) > 1 else "q.actor"
    return Reply(
        t(
            lang,
            key,
            platform=platform,
            year=result.year,
            names=names,
            n=fmt_int(result.appearances, lang),
        )
    )


def word_count(result: WordCount, lang: str) -> Reply:
    return Reply(
        t(
            lang,
            "q.word",
            platform=platform_name(result.platform, lang),
            word=esc(result.word),
            **_split(result, lang),
        )
    )


def search_results(query: str, hits: tuple[SearchHit, ...], lang: str) -> Reply:
    if not hits:
        return Reply(t(lang, "q.search_none", query=esc(query)))
    lines = [t(lang, "q.search_header", query=esc(query))]
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


def sentence_case(text: str) -> str:
    """Stored descriptions are lower-case (catalog rule 4); capitalise each sentence to read."""
    parts = re.split(r"([.!?]\s+)", text.strip())
    return "".join(p[:1].upper() + p[1:] if i % 2 == 0 else p for i, p in enumerate(parts))


def _display_name(text: str) -> str:
    """Stored text is lower-case; names and genres read better capitalised ("TV", not "Tv")."""
    return " ".join("TV" if w == "tv" else w[:1].upper() + w[1:] for w in text.split(" "))


def _short_list(items: tuple[str, ...], limit: int) -> str:
    shown = ", ".join(esc(_display_name(i)) for i in items[:limit])
    return shown + (" …" if len(items) > limit else "")


def title_card(
    card: TitleCard, lang: str, extra_buttons: tuple[tuple[Button, ...], ...] = ()
) -> Reply:
    score = (
        t(
            lang,
            "q.card_score",
            score=fmt_float(card.score, lang),
            count=fmt_int(card.rating_count, lang),
        )
        if card.score is not None
        else t(lang, "q.card_no_score")
    )
    text = t(
        lang,
        "q.card",
        title=esc(card.display_title),
        year=card.release_year,
        platform=platform_name(card.platform, lang),
        type=type_name(card.type, lang),
        duration=duration_text(card.duration_int, card.duration_type, lang),
        rating=esc((card.rating or "g").upper()),
        genres=t(lang, "q.card_genres", genres=_short_list(card.genres, 6)) if card.genres else "",
        cast=t(lang, "q.card_cast", cast=_short_list(card.cast_names, 5))
        if card.cast_names
        else "",
        directors=(
            t(lang, "q.card_directors", directors=_short_list(card.directors, 3))
            if card.directors
            else ""
        ),
        score=score,
        description=esc(sentence_case(card.description or "")[:1500]),
        id=esc(card.id),
    )
    return Reply(clip(text), extra_buttons)


def top_rated(result: TopRated, lang: str) -> Reply:
    filters = _filters(lang, result.year, result.platform)
    if result.type:
        filters = f" · {t(lang, 'gen.movies' if result.type == 'movie' else 'gen.shows')}" + filters
    if not result.titles:
        return Reply(t(lang, "q.top_none", filters=filters))
    lines = [t(lang, "q.top_header", filters=filters, min_count=fmt_int(result.min_count, lang))]
    for n, item in enumerate(result.titles, 1):
        lines.append(
            t(
                lang,
                "q.top_line",
                n=n,
                title=esc(item.display_title),
                year=item.release_year,
                platform=platform_name(item.platform, lang),
                score=fmt_float(item.score, lang),
                count=fmt_int(item.rating_count, lang),
            )
        )
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


def card_buttons(title_id: str, lang: str) -> tuple[tuple[Button, ...], ...]:
    """Under a title card: rate it 1-5 in one tap, or see similar titles."""
    stars = tuple(Button(f"{n}⭐", f"rate:{title_id}:{n}") for n in range(1, 6))
    return (stars, (Button(t(lang, "p.btn_similar"), f"similar:{title_id}"),))
