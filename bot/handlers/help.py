"""/start and /help: what the bot does, and every command with an example."""

from __future__ import annotations

import html

from bot.i18n import fmt_int, t
from bot.router import Command, Reply, Request, usage_text
from bot.services import Services


def start(s: Services, r: Request) -> Reply:
    titles = s.conn().execute("SELECT count(*) FROM titles").fetchone()[0]
    if not titles:
        return Reply(t(r.lang, "gen.no_data"))
    name = f", {html.escape(r.first_name)}" if r.first_name else ""
    return Reply(t(r.lang, "gen.start", name=name, titles=fmt_int(titles, r.lang)))


def make_help(commands: list[Command]):
    """/help needs the full command table, which exists only once every feature registered."""

    def help_(s: Services, r: Request) -> Reply:
        by_name = {}
        for cmd in commands:
            for name in (cmd.name, *cmd.aliases):
                by_name[name] = cmd
        if r.args:
            wanted = r.args[0].lstrip("/").split("@")[0].lower()
            cmd = by_name.get(wanted)
            if cmd is None or (cmd.admin and not r.is_admin):
                return Reply(
                    t(r.lang, "gen.help_unknown", given=html.escape(r.args[0][:40])), error=True
                )
            aliases = ", ".join("/" + a for a in cmd.aliases)
            return Reply(
                t(
                    r.lang,
                    "gen.help_detail",
                    usage=html.escape(t(r.lang, f"cmd.{cmd.name}.usage")),
                    summary=t(r.lang, f"cmd.{cmd.name}.summary"),
                    details=t(r.lang, f"cmd.{cmd.name}.details"),
                    example=html.escape(cmd.example),
                    aliases=t(r.lang, "gen.help_aliases", aliases=aliases) if aliases else "",
                )
            )
        lines = [t(r.lang, "gen.help_header")]
        for cmd in commands:
            if cmd.admin and not r.is_admin:
                continue
            lines.append(
                t(
                    r.lang,
                    "gen.help_line",
                    usage=html.escape(t(r.lang, f"cmd.{cmd.name}.usage")),
                    summary=t(r.lang, f"cmd.{cmd.name}.summary"),
                )
            )
        return Reply("\n".join(lines))

    return help_


def help_commands(commands: list[Command]) -> tuple[Command, ...]:
    handler = make_help(commands)
    return (
        Command("start", start, ("inicio",), example="/start"),
        Command("help", handler, ("ayuda",), example="/help actor"),
    )


__all__ = ["help_commands", "usage_text"]
