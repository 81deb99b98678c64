"""/chart and /stats: exploratory charts sent as photos, with what they show as the caption.

Each handler parses, makes one core call (``core.eda.chart`` or ``core.eda.stats``, cached per
data version, so a repeat costs nothing) and renders the reply with the pure functions below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import render
from bot.i18n import fmt_float, fmt_int, t
from bot.router import Button, Command, Reply, Request
from bot.services import Services
from core import eda
from core.platforms import PLATFORM_KEYS

if TYPE_CHECKING:  # matplotlib loads on the first chart, not at start-up
    from core.eda import ChartImage, Finding, Stats

CAPTION_LIMIT = 1024
"""Telegram's limit for a photo caption."""
_PER_ROW = 2


def finding_text(finding: Finding, lang: str) -> str:
    """A finding's sentence in ``lang``, its data text escaped for HTML."""
    params = {key: render.esc(value) for key, value in finding.display_params(lang).items()}
    return t(lang, f"eda.{finding.code}", **params)


def chart_list(lang: str) -> Reply:
    """Every chart as a button (``chart:<name>``)."""
    buttons = [Button(t(lang, f"chart.{name}"), f"chart:{name}") for name in eda.CHART_NAMES]
    rows = tuple(tuple(buttons[i : i + _PER_ROW]) for i in range(0, len(buttons), _PER_ROW))
    return Reply(t(lang, "chart.list"), rows)


def _platform_buttons(image: ChartImage, lang: str) -> tuple[tuple[Button, ...], ...]:
    """Under a chart that can be drawn per platform: the other views of it, one tap away."""
    if not eda.parse_chart(image.name).per_platform:
        return ()
    row = [
        Button(render.platform_name(key, lang), f"chart:{image.name}:{key}")
        for key in PLATFORM_KEYS
        if key != image.platform
    ]
    if image.platform is not None:
        row.insert(0, Button(t(lang, "chart.btn_all"), f"chart:{image.name}"))
    return (tuple(row),)


def chart_reply(image: ChartImage, lang: str) -> Reply:
    """The photo, captioned with the chart's name and as many findings as fit: comparisons of
    all platforms first, then each platform's."""
    platform = (
        t(lang, "chart.caption_platform", platform=render.platform_name(image.platform, lang))
        if image.platform
        else ""
    )
    lines = [t(lang, "chart.caption", title=t(lang, f"chart.{image.name}"), platform=platform)]
    ordered = sorted(image.findings, key=lambda f: f.platform is not None)
    for finding in ordered:
        line = t(lang, "chart.finding", text=finding_text(finding, lang))
        if len("\n".join([*lines, line])) > CAPTION_LIMIT:
            break
        lines.append(line)
    return Reply("\n".join(lines), _platform_buttons(image, lang), photo=image.png)


def _na(value: object | None, lang: str, show) -> str:
    return t(lang, "stats.unknown") if value is None else show(value)


def stats_reply(result: Stats, lang: str) -> Reply:
    """Key numbers as text (one line per platform, or a few lines about one), and the chart."""
    if result.platform is None:
        lines = [t(lang, "stats.header_all")]
        for p in result.platforms:
            lines.append(
                t(
                    lang,
                    "stats.line_all",
                    platform=render.platform_name(p.platform, lang),
                    titles=fmt_int(p.titles, lang),
                    movies_pct=fmt_float(100 * p.movies / p.titles if p.titles else 0, lang, 0),
                    minutes=_na(p.median_minutes, lang, lambda v: fmt_int(v, lang)),
                    score=_na(p.mean_score, lang, lambda v: fmt_float(v, lang)),
                )
            )
        lines.append(t(lang, "stats.more", example="netflix"))
    else:
        p = result.platforms[0]
        lines = [
            t(lang, "stats.header_one", platform=render.platform_name(p.platform, lang)),
            t(
                lang,
                "stats.titles",
                titles=fmt_int(p.titles, lang),
                movies=fmt_int(p.movies, lang),
                shows=fmt_int(p.shows, lang),
            ),
        ]
        if p.median_minutes is not None:
            lines.append(t(lang, "stats.minutes", minutes=fmt_int(p.median_minutes, lang)))
        if p.single_season_pct is not None:
            lines.append(t(lang, "stats.seasons", pct=fmt_float(p.single_season_pct, lang, 1)))
        if p.top_genre is not None and p.top_genre_pct is not None:
            genre = render.esc(eda.genre_name(p.top_genre, lang))
            lines.append(
                t(lang, "stats.genre", genre=genre, pct=fmt_float(p.top_genre_pct, lang, 1))
            )
        if p.adult_pct is not None:
            lines.append(t(lang, "stats.adult", pct=fmt_float(p.adult_pct, lang, 1)))
        if p.mean_score is not None:
            lines.append(
                t(
                    lang,
                    "stats.score",
                    score=fmt_float(p.mean_score, lang),
                    rated=fmt_int(p.rated_titles, lang),
                    ratings=fmt_int(p.ratings, lang),
                )
            )
    text = render.clip("\n".join(lines), CAPTION_LIMIT)
    return Reply(text, _stats_buttons(result.platform, lang), photo=result.chart.png)


def _stats_buttons(shown: str | None, lang: str) -> tuple[tuple[Button, ...], ...]:
    """The summary of every other platform (or of all of them), one tap away."""
    row = [
        Button(render.platform_name(key, lang), f"stats:{key}")
        for key in PLATFORM_KEYS
        if key != shown
    ]
    if shown is not None:
        row.insert(0, Button(t(lang, "chart.btn_all"), "stats:"))
    return (tuple(row),)


def _platform_arg(args: tuple[str, ...]) -> str | None:
    return " ".join(args) or None


def chart(s: Services, r: Request) -> Reply:
    if not r.args:
        return chart_list(r.lang)
    image = eda.chart(s.conn(), r.args[0], _platform_arg(r.args[1:]), r.lang)
    return chart_reply(image, r.lang)


def chart_button(s: Services, r: Request, payload: str) -> Reply:
    """``chart:<name>`` or ``chart:<name>:<platform>``: send that chart as a new photo."""
    name, _, platform = payload.partition(":")
    return chart_reply(eda.chart(s.conn(), name, platform or None, r.lang), r.lang)


def stats(s: Services, r: Request) -> Reply:
    return stats_reply(eda.stats(s.conn(), _platform_arg(r.args), r.lang), r.lang)


def stats_button(s: Services, r: Request, payload: str) -> Reply:
    """``stats:<platform>`` (empty: every platform): send that summary as a new photo."""
    return stats_reply(eda.stats(s.conn(), payload or None, r.lang), r.lang)


COMMANDS: tuple[Command, ...] = (
    Command("stats", stats, ("estadisticas",), example="/stats netflix"),
    Command("chart", chart, ("grafico",), example="/chart genres netflix"),
)
CALLBACKS = {"chart": chart_button, "stats": stats_button}
