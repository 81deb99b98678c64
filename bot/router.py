"""The command router shared by Telegram, the console and ``streambot ask``.

A command is a plain function ``(Services, Request) -> Reply``: it parses, calls core once and
renders. The router looks the command up (by name or alias), enforces admin-only and group-only
commands, and translates core's named errors into the user's language with the command's usage —
once, here, rather than in every handler. A database that cannot take a write just now (locked,
read-only, disk full) asks the user to try again. Anything else unexpected becomes an apology
with an error id, and the traceback is logged under that id.
"""

from __future__ import annotations

import html
import logging
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.i18n import MESSAGES, t
from core.errors import (
    InvalidInput,
    QuerySupportMissing,
    StreambotError,
    UnknownPlatform,
    UnknownTitle,
)

log = logging.getLogger("streambot.router")
MAX_TEXT = 4096
"""Telegram's limit for a message's text."""
CAPTION_LIMIT = 1024
"""Telegram's limit for a photo's caption."""
_UNWRITABLE = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_FULL,
}
"""SQLite's primary result codes for "no write possible just now": nothing was written, and the
same command may well work in a moment (or once an operator frees the disk)."""


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """Never exceed Telegram's limit; cut at a line break so no HTML tag is split."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit - 2)
    return text[: cut if cut > 0 else 0] + "\n…"


@dataclass(frozen=True, slots=True)
class Request:
    """One command as the user sent it, independent of the transport."""

    command: str
    """Canonical command name, without the slash."""
    args: tuple[str, ...] = ()
    user_id: int = 0
    chat_id: int = 0
    chat_type: str = "private"
    """``private``, ``group``, ``supergroup`` or ``console``."""
    lang: str = "en"
    is_admin: bool = False
    first_name: str = ""

    @property
    def in_group(self) -> bool:
        return self.chat_type in ("group", "supergroup")


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button; ``data`` is the callback data (at most 64 bytes)."""

    text: str
    data: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What to send: HTML text, optional rows of buttons, optional photo (PNG bytes)."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    photo: bytes | None = None
    error: bool = False
    """True when the reply reports a problem with the user's input."""


@dataclass(frozen=True, slots=True)
class Command:
    """A command: its handler, names, and the catalog keys of its help."""

    name: str
    handler: Callable[..., Reply]
    aliases: tuple[str, ...] = ()
    admin: bool = False
    group_only: bool = False
    example: str = ""
    menu: bool = True
    """Whether it appears in the Telegram command menu (admin commands do not)."""


@dataclass
class Router:
    """Dispatches requests and button presses to commands."""

    services: object
    commands: dict[str, Command] = field(default_factory=dict)
    callbacks: dict[str, Callable[..., Reply]] = field(default_factory=dict)
    """Callback-data prefix (before the first ``:``) -> handler(services, request, payload)."""

    def add(self, command: Command) -> None:
        for name in (command.name, *command.aliases):
            if name in self.commands:
                raise ValueError(f"command name {name!r} registered twice")
            self.commands[name] = command

    def resolve(self, name: str) -> Command | None:
        return self.commands.get(name.lower())

    def unique_commands(self) -> list[Command]:
        seen: dict[str, Command] = {}
        for cmd in self.commands.values():
            seen.setdefault(cmd.name, cmd)
        return list(seen.values())

    def dispatch(self, request: Request) -> Reply:
        """Run one command and return its reply; never raises."""
        command = self.resolve(request.command)
        if command is None:
            return Reply(
                t(request.lang, "gen.help_unknown", given="/" + html.escape(request.command)),
                error=True,
            )
        request = replace(request, command=command.name)
        if command.admin and not request.is_admin:
            return Reply(t(request.lang, "gen.admin_only", command="/" + command.name), error=True)
        if command.group_only and not request.in_group:
            return Reply(t(request.lang, "gen.group_only", command="/" + command.name), error=True)
        return self._guard(request, lambda: command.handler(self.services, request), command)

    def press(self, request: Request, data: str) -> Reply:
        """Handle a button press; ``data`` is ``prefix:payload``."""
        prefix, _, payload = data.partition(":")
        handler = self.callbacks.get(prefix)
        if handler is None:
            return Reply(t(request.lang, "gen.expired"), error=True)
        return self._guard(request, lambda: handler(self.services, request, payload), None)

    def _guard(self, request: Request, call: Callable[[], Reply], command: Command | None) -> Reply:
        try:
            reply = call()
            return replace(reply, text=clip(reply.text)) if len(reply.text) > MAX_TEXT else reply
        except StreambotError as err:
            return Reply(error_text(err, request.lang, command), error=True)
        except Exception as err:
            if _unwritable(err):
                log.warning(
                    "database unavailable (%s) command=%s", err.sqlite_errorname, request.command
                )
                return Reply(t(request.lang, "gen.try_again"), error=True)
            error_id = uuid.uuid4().hex[:8]
            log.exception("handler error id=%s command=%s", error_id, request.command)
            return Reply(t(request.lang, "gen.error_id", id=error_id), error=True)


def _unwritable(err: Exception) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    return isinstance(err, sqlite3.OperationalError) and (code or 0) & 0xFF in _UNWRITABLE


def usage_text(command: Command, lang: str) -> str:
    """The command's usage line with an example, in the user's language."""
    return t(
        lang,
        "gen.usage",
        usage=html.escape(t(lang, f"cmd.{command.name}.usage")),
        example=html.escape(command.example),
    )


def error_text(err: StreambotError, lang: str, command: Command | None) -> str:
    """A core error, worded in ``lang``, followed by the command's usage when it has one."""
    text = _error_sentence(err, lang)
    if command is not None and isinstance(err, InvalidInput) and command.example:
        text += "\n\n" + usage_text(command, lang)
    return text


def _esc(value: object, limit: int = 60) -> str:
    """Escaped, and short: an error echoes what the user typed, which may be 4,000 characters."""
    text = str(value)
    return html.escape(text if len(text) <= limit else text[: limit - 1] + "…")


def _error_sentence(err: StreambotError, lang: str) -> str:
    if isinstance(err, QuerySupportMissing):
        return t(lang, "gen.no_data")
    if not isinstance(err, InvalidInput):
        return _esc(err)
    key = f"err.{err.code}"
    params = {k: _esc(v) for k, v in err.params.items()}
    if err.code == "missing_argument":
        name = str(err.params.get("name", ""))
        params["name"] = t(lang, f"arg.{name}") if f"arg.{name}" in MESSAGES else _esc(name)
    if isinstance(err, UnknownPlatform):
        suggestion = err.params.get("suggestion")
        params["suggestion"] = (
            t(lang, "err.unknown_platform_suggestion", suggestion=_esc(suggestion))
            if suggestion
            else ""
        )
        params["valid"] = ", ".join(_esc(v) for v in err.params.get("valid", ()))
    if isinstance(err, UnknownTitle):
        found = err.params.get("suggestions") or []
        listed = ", ".join(
            f"<code>{_esc(s['id'])}</code> {_esc(s.get('title', ''))}".strip() for s in found
        )
        params["suggestions"] = (
            t(lang, "err.unknown_title_suggestions", suggestions=listed) if listed else ""
        )
    try:
        return t(lang, key, **params)
    except (KeyError, IndexError):
        # A code the catalog does not know yet: core's English message is still right.
        return _esc(err)


def split_command(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``"/actor@bot netflix 2014"`` -> ``("actor", ("netflix", "2014"))``; None if no command.

    The ``@bot`` suffix is dropped here; Telegram's adapter checks it names this bot first.
    """
    text = text.strip()
    if not text.startswith("/") or len(text) < 2:
        return None
    head, *args = text.split()
    name = head[1:].split("@", 1)[0].lower()
    return (name, tuple(args)) if name else None
