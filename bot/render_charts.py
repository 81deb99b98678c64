"""Pure renderers of /chart and /stats: the chart list, a chart with its findings as the
caption, and the key numbers; in the user's language, each within Telegram's caption limit.

Chart buttons carry the name to type as well as the title ("⏱ Movie length · durations"), so a
person who tapped one knows the command next time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import fmt_float, fmt_int, t
from bot.render import esc, platform_name
from bot.router import CAPTION_LIMIT, Button, Reply, clip
from core.eda.labels import genre_name
from core.platforms import PLATFORM_KEYS

if TYPE_CHECKING:  # the chart registry, and matplotlib, load with the first chart
    from core.eda import ChartImage, Finding, Stats

_PER_ROW = 2


def finding_text(finding: Finding, lang: str) -> str:
    """A finding's sentence in ``lang``, its data text escaped for HTML."""
    params = {key: esc(value) for key, value in finding.display_params(lang).items()}
    return t(lang, f"eda.{finding.code}", **params)


def chart_button_label(name: str, lang: str) -> str:
    """The chart's title and, after it, the name that asks for it: ``📅 Added per year ·
    added``."""
    return t(lang, "chart.button", title=t(lang, f"chart.{name}"), name=name)


def chart_list(lang: str) -> Reply:
    """Every chart as a button (``chart:<name>``), and every name to type, in the text too."""
    from core.eda import CHART_NAMES

    buttons = [Button(chart_button_label(name, lang), f"chart:{name}") for name in CHART_NAMES]
    rows = tuple(tuple(buttons[i : i + _PER_ROW]) for i in range(0, len(buttons), _PER_ROW))
    names = ", ".join(f"<code>{name}</code>" for name in CHART_NAMES)
    return Reply(t(lang, "chart.list", names=names), rows)


def _platform_buttons(image: ChartImage, per_platform: bool, lang: str) -> tuple:
    """Under a chart that can be drawn per platform: the other views of it, one tap away."""
    if not per_platform:
        return ()
    row = [
        Button(platform_name(key, lang), f"chart:{image.name}:{key}")
        for key in PLATFORM_KEYS
        if key != image.platform
    ]
    if image.platform is not None:
        row.insert(0, Button(t(lang, "chart.btn_all"), f"chart:{image.name}"))
    return (tuple(row),)


def chart_reply(image: ChartImage, per_platform: bool, lang: str) -> Reply:
    """The photo, captioned with the chart's name and as many findings as fit: comparisons of
    all platforms first, then each platform's."""
    platform = (
        t(lang, "chart.caption_platform", platform=platform_name(image.platform, lang))
        if image.platform
        else ""
    )
    lines = [
        t(
            lang,
            "chart.caption",
            title=t(lang, f"chart.{image.name}"),
            platform=platform,
            name=image.name,
        )
    ]
    ordered = sorted(image.findings, key=lambda f: f.platform is not None)
    for finding in ordered:
        line = t(lang, "chart.finding", text=finding_text(finding, lang))
        if len("\n".join([*lines, line])) > CAPTION_LIMIT:
            break
        lines.append(line)
    return Reply("\n".join(lines), _platform_buttons(image, per_platform, lang), photo=image.png)


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
                    platform=platform_name(p.platform, lang),
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
            t(lang, "stats.header_one", platform=platform_name(p.platform, lang)),
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
            genre = esc(genre_name(p.top_genre, lang))
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
    text = clip("\n".join(lines), CAPTION_LIMIT)
    return Reply(text, _stats_buttons(result.platform, lang), photo=result.chart.png)


def _stats_buttons(shown: str | None, lang: str) -> tuple[tuple[Button, ...], ...]:
    """The summary of every other platform (or of all of them), one tap away."""
    row = [
        Button(platform_name(key, lang), f"stats:{key}") for key in PLATFORM_KEYS if key != shown
    ]
    if shown is not None:
        row.insert(0, Button(t(lang, "chart.btn_all"), "stats:"))
    return (tuple(row),)
