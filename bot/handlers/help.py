"""/start and /help: what the bot does, and every command with an example.

Both say once how recent the data is (``core.queries.freshness``); /help names each command in
the asker's language (``bot.render_help``).
"""

from __future__ import annotations

from bot import render_help as render
from bot.router import Command, Reply, Request, usage_text
from bot.services import Services
from core import queries
from core.errors import QuerySupportMissing


def _freshness(s: Services) -> queries.Freshness | None:
    try:
        return queries.freshness(s.conn())
    except QuerySupportMissing:  # an empty database: /help still lists the commands
        return None


def start(s: Services, r: Request) -> Reply:
    fresh = _freshness(s)
    if fresh is None:
        raise QuerySupportMissing("The database is empty.")
    return render.start(r.first_name, fresh, r.lang)


def make_help(commands: list[Command]):
    """/help needs the full command table, which exists only once every feature registered."""

    def help_(s: Services, r: Request) -> Reply:
        allowed = [c for c in commands if r.is_admin or not c.admin]
        if r.args:
            wanted = r.args[0].lstrip("/").split("@")[0].lower()
            found = next((c for c in allowed if wanted in (c.name, *c.aliases)), None)
            if found is None:
                return render.help_unknown(r.args[0], r.lang)
            return render.help_detail(found, r.lang)
        return render.help_list(allowed, _freshness(s), r.lang)

    return help_


def help_commands(commands: list[Command]) -> tuple[Command, ...]:
    handler = make_help(commands)
    return (
        Command("start", start, ("inicio",), example="/start"),
        Command("help", handler, ("ayuda",), example="/help actor"),
    )


__all__ = ["help_commands", "usage_text"]
