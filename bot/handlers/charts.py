"""/chart and /stats: exploratory charts sent as photos, with what they show as the caption.

Each handler parses, makes one core call (``core.eda.chart`` or ``core.eda.stats``, kept in
the ``Services``' chart cache per data version, so a repeat costs nothing) and renders the
reply with ``bot.render_charts``.
"""

from __future__ import annotations

from bot import render_charts as render
from bot.args import Grammar, check_length, parse
from bot.router import Command, Reply, Request
from bot.services import Services
from core import eda

_PLATFORM = Grammar(("platform",), example="/stats netflix")


def _chart(s: Services, r: Request, name: str, platform: str | None) -> Reply:
    image = eda.chart(s.conn(), name, platform, r.lang, cache=s.charts)
    return render.chart_reply(image, eda.parse_chart(image.name).per_platform, r.lang)


def chart(s: Services, r: Request) -> Reply:
    if not r.args:
        return render.chart_list(r.lang)
    check_length(r.args)
    name, rest = r.args[0], r.args[1:]
    eda.parse_chart(name)  # an unknown name is the first thing to say
    return _chart(s, r, name, parse(rest, _PLATFORM).get("platform"))


def chart_button(s: Services, r: Request, payload: str) -> Reply:
    """``chart:<name>`` or ``chart:<name>:<platform>``: send that chart as a new photo."""
    name, _, platform = payload.partition(":")
    return _chart(s, r, name, platform or None)


def stats(s: Services, r: Request) -> Reply:
    platform = parse(r.args, _PLATFORM).get("platform")
    return render.stats_reply(eda.stats(s.conn(), platform, r.lang, cache=s.charts), r.lang)


def stats_button(s: Services, r: Request, payload: str) -> Reply:
    """``stats:<platform>`` (empty: every platform): send that summary as a new photo."""
    result = eda.stats(s.conn(), payload or None, r.lang, cache=s.charts)
    return render.stats_reply(result, r.lang)


COMMANDS: tuple[Command, ...] = (
    Command("stats", stats, ("estadisticas",), example="/stats netflix"),
    Command("chart", chart, ("grafico",), example="/chart genres netflix"),
)
CALLBACKS = {"chart": chart_button, "stats": stats_button}
