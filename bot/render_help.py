"""Pure renderers of /start and /help: what the bot does, every command by its name in the
user's language (``/buscar`` in Spanish, the other names under "Also"), and, once, how recent
the data is: the catalogs stop in 2021 and the dataset's ratings earlier, which nobody should
take for today's.
"""

from __future__ import annotations

from bot.i18n import fmt_int, t
from bot.render import esc
from bot.router import Command, Reply, command_name, example_text
from core.queries import Freshness

_MONTH_KEYS = tuple(f"gen.month_{m}" for m in range(1, 13))


def month(day: str, lang: str) -> str:
    """``2021-09-25`` -> "September 2021" / "septiembre de 2021"."""
    year, number = day[:4], int(day[5:7])
    return t(lang, "gen.month_year", month=t(lang, _MONTH_KEYS[number - 1]), year=year)


def freshness_text(fresh: Freshness, lang: str) -> str:
    """One sentence: how many titles, up to when the catalogs and the ratings go."""
    catalog = (
        month(fresh.last_added, lang)
        if fresh.last_added
        else (str(fresh.last_release) if fresh.last_release else t(lang, "stats.unknown"))
    )
    text = t(lang, "gen.fresh_catalog", titles=fmt_int(fresh.titles, lang), until=catalog)
    if fresh.last_rating:
        text += " " + t(lang, "gen.fresh_ratings", until=month(fresh.last_rating, lang))
    return text


def start(first_name: str, fresh: Freshness, lang: str) -> Reply:
    if not fresh.titles:
        return Reply(t(lang, "gen.no_data"))
    name = f", {esc(first_name)}" if first_name else ""
    return Reply(
        t(
            lang,
            "gen.start",
            name=name,
            titles=fmt_int(fresh.titles, lang),
            fresh=freshness_text(fresh, lang),
        )
    )


def _usage(command: Command, lang: str) -> str:
    return esc(t(lang, f"cmd.{command.name}.usage"))


def help_list(commands: list[Command], fresh: Freshness | None, lang: str) -> Reply:
    """Every command (the caller leaves out those the asker may not run)."""
    lines = [t(lang, "gen.help_header")]
    for command in commands:
        lines.append(
            t(
                lang,
                "gen.help_line",
                usage=_usage(command, lang),
                summary=t(lang, f"cmd.{command.name}.summary"),
            )
        )
    if fresh is not None and fresh.titles:
        lines.append("\n" + freshness_text(fresh, lang))
    return Reply("\n".join(lines))


def help_detail(command: Command, lang: str) -> Reply:
    """One command: usage, summary, details, an example, and its other names."""
    shown = command_name(command, lang)
    others = [n for n in (command.name, *command.aliases) if n != shown]
    aliases = ", ".join("/" + a for a in others)
    return Reply(
        t(
            lang,
            "gen.help_detail",
            usage=_usage(command, lang),
            summary=t(lang, f"cmd.{command.name}.summary"),
            details=t(lang, f"cmd.{command.name}.details"),
            example=esc(example_text(command, lang)),
            aliases=t(lang, "gen.help_aliases", aliases=aliases) if aliases else "",
        )
    )


def help_unknown(given: str, lang: str) -> Reply:
    return Reply(t(lang, "gen.help_unknown", given=esc(given[:40])), error=True)
