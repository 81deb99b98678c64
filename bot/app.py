"""All wiring in one place: every command and button of every feature, as one readable table.

Telegram (``bot.telegram_app``), the console and ``streambot ask`` all use ``build_router``, so
they answer the same commands with the same catalog.
"""

from __future__ import annotations

from bot.handlers import catalog, charts, help, people, recommend, where
from bot.router import Command, Router
from bot.services import Services


def build_router(services: Services) -> Router:
    """The router with every feature's commands and callbacks registered."""
    router = Router(services)
    features: list[Command] = [*catalog.COMMANDS, *recommend.COMMANDS, *people.COMMANDS]
    features.extend(charts.COMMANDS)
    features.extend(where.COMMANDS)
    commands: list[Command] = []
    commands.extend(help.help_commands(commands))  # /help reads the finished list
    commands.extend(features)
    for command in commands:
        router.add(command)
    router.callbacks.update(catalog.CALLBACKS)
    router.callbacks.update(people.CALLBACKS)
    router.callbacks.update(charts.CALLBACKS)
    router.callbacks.update(recommend.CALLBACKS)
    return router
