"""The command router shared by Telegram, the console and ``streambot ask``.

A command is a plain function ``(Services, Request) -> Reply``: it parses, calls core once and
renders. The router looks the command up (by name or alias), enforces admin-only and group-only
commands, and translates core's named errors into the user's language with the command's usage —
once, here, rather than in every handler. A message that is not a command is a title search
(``Router.text``): front ends send it only when it is meant for the bot (any message in a
private chat; in a group, one that names or answers the bot). A database that cannot take a
write just now (locked, read-only, disk full) asks the user to try again. Anything else
unexpected becomes an apology with an error id, and the traceback is logged under that id.
"""

from __future__ import annotations

import html
import logging
import re
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.i18n import MESSAGES, join_words, t
from core.eda.support import EdaSupportMissing
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
TOAST_LIMIT = 200
"""Telegram's limit for the text of a button press's answer (a toast)."""
SEARCH_COMMAND = "search"
"""What a plain message (not a command) does."""
_UNWRITABLE = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_FULL,
}
"""SQLite's primary result codes for "no write possible just now": nothing was written, and the
same command may well work in a moment (or once an operator frees the disk)."""


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides and isolates (U+202A-E, U+2066-9): a title holding U+202E shows the
rest of the reply mirrored. The marks (U+200E, U+200F), which reorder nothing, stay."""
OWNER_SEP = "~"
"""Separates a button's callback data from the Telegram id of the person it was made for."""
ECHO_LIMIT = 60
"""The most characters of anything the user typed that a reply repeats back."""


def neutralise_bidi(text: str) -> str:
    """``text`` without bidirectional embeddings, overrides and isolates."""
    return _BIDI_CONTROLS.sub("", text)


def owned(data: str, owner: int) -> str:
    """Callback data for a button only ``owner`` may press (the others get a notice)."""
    return f"{data}{OWNER_SEP}{owner}"


def for_a_person(handler: Callable[..., Reply]) -> Callable[..., Reply]:
    """Mark a command or button handler as acting for the sender as a person (rate, join,
    myratings, forget, ...): a message sent on behalf of a chat is refused with the reason."""
    handler.for_a_person = True  # type: ignore[attr-defined]
    return handler


def owner_only(handler: Callable[..., Reply]) -> Callable[..., Reply]:
    """Mark a button handler whose buttons (made with ``owned``) act only for the person they
    were made for. In a group, one without an owner is from before this rule: expired."""
    handler.owner_only = True  # type: ignore[attr-defined]
    return handler


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
    anonymous: bool = False
    """Sent on behalf of a chat (an anonymous group admin, a channel): not a person, so
    ``user_id`` is 0 and per-person commands are refused."""

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
    toast: str = ""
    """For a button press: a short note shown over the chat, to the presser alone ("Saved
    4★", "This button is not yours"); plain text."""
    placement: str = "edit"
    """For a button press: ``edit`` the pressed message, send a ``new`` one (a card opened
    from a list in a group, so the list stays for everyone), or ``none`` (the toast says it
    all, and the message stays as it is). A photo is always a new message."""


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

    def text(self, request: Request, text: str) -> Reply:
        """A message that is not a command: a title search (with its buttons)."""
        return self.dispatch(replace(request, command=SEARCH_COMMAND, args=tuple(text.split())))

    def dispatch(self, request: Request) -> Reply:
        """Run one command and return its reply; never raises."""
        command = self.resolve(request.command)
        if command is None:
            given = "/" + _esc(request.command, ECHO_LIMIT)
            return _finish(Reply(t(request.lang, "gen.help_unknown", given=given), error=True))
        request = replace(request, command=command.name)
        if command.admin and not request.is_admin:
            return Reply(t(request.lang, "gen.admin_only", command="/" + command.name), error=True)
        if command.group_only and not request.in_group:
            return Reply(t(request.lang, "gen.group_only", command="/" + command.name), error=True)
        if request.anonymous and getattr(command.handler, "for_a_person", False):
            return Reply(t(request.lang, "p.not_a_person"), error=True)
        return self._guard(request, lambda: command.handler(self.services, request), command)

    def press(self, request: Request, data: str) -> Reply:
        """Handle a button press; ``data`` is ``prefix:payload``, and ``~owner`` when only one
        person may press it."""
        data, _, owner = data.partition(OWNER_SEP)
        prefix, _, payload = data.partition(":")
        handler = self.callbacks.get(prefix)
        if handler is None:
            return Reply(t(request.lang, "gen.expired"), error=True)
        if request.anonymous and getattr(handler, "for_a_person", False):
            return Reply(t(request.lang, "p.not_a_person"), error=True)
        if owner or getattr(handler, "owner_only", False):
            made_for = int(owner) if owner.isdigit() else None
            if made_for is None and not request.in_group:
                made_for = request.chat_id  # a private chat has one person in it
            if made_for is None:
                return Reply(t(request.lang, "gen.expired"), error=True)
            if made_for != request.user_id:
                notice = t(request.lang, "p.not_your_button")
                return Reply(notice, error=True, toast=notice, placement="none")
        return self._guard(request, lambda: handler(self.services, request, payload), None)

    def _guard(self, request: Request, call: Callable[[], Reply], command: Command | None) -> Reply:
        try:
            return _finish(call())
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


def _finish(reply: Reply) -> Reply:
    """Every reply leaves within Telegram's limits (text, toast) and without bidirectional
    controls, in its text, its toast and on its buttons, whatever data (a catalog title, the
    user's own text) it shows."""
    text = neutralise_bidi(clip(reply.text))
    toast = neutralise_bidi(reply.toast)
    if len(toast) > TOAST_LIMIT:
        toast = toast[: TOAST_LIMIT - 1] + "…"
    buttons = tuple(
        tuple(replace(b, text=neutralise_bidi(b.text)) for b in row) for row in reply.buttons
    )
    if text == reply.text and toast == reply.toast and buttons == reply.buttons:
        return reply
    return replace(reply, text=text, toast=toast, buttons=buttons)


def _unwritable(err: Exception) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    return isinstance(err, sqlite3.OperationalError) and (code or 0) & 0xFF in _UNWRITABLE


def command_name(command: Command, lang: str) -> str:
    """The command's name in ``lang`` (``buscar`` for ``search`` in Spanish): the catalog's
    ``cmd.<name>.name`` when it has one (always one of the command's names), else its name."""
    key = f"cmd.{command.name}.name"
    return t(lang, key) if key in MESSAGES else command.name


def example_text(command: Command, lang: str) -> str:
    """The command's example, called by its name in ``lang`` (``/buscar stranger things``)."""
    head, _, rest = command.example.partition(" ")
    if head != "/" + command.name:
        return command.example
    return f"/{command_name(command, lang)} {rest}".rstrip()


def usage_text(command: Command, lang: str) -> str:
    """The command's usage line with an example, in the user's language."""
    return t(
        lang,
        "gen.usage",
        usage=html.escape(t(lang, f"cmd.{command.name}.usage")),
        example=html.escape(example_text(command, lang)),
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
    if isinstance(err, EdaSupportMissing):
        return t(lang, "gen.no_aggregates")
    if isinstance(err, QuerySupportMissing):
        return t(lang, "gen.no_data")
    if not isinstance(err, InvalidInput):
        return _esc(err)
    key = f"err.{err.code}"
    params = {k: _esc(v) for k, v in err.params.items()}
    if err.code == "missing_argument":
        name = str(err.params.get("name", ""))
        params["name"] = t(lang, f"arg.{name}") if f"arg.{name}" in MESSAGES else _esc(name)
    if err.code == "extra_argument":
        kind = str(err.params.get("kind", ""))
        params["kind"] = t(lang, f"arg.{kind}") if f"arg.{kind}" in MESSAGES else _esc(kind)
    if err.code == "bad_argument":
        kinds = [
            t(lang, f"kind.{k}") for k in err.params.get("kinds", ()) if f"kind.{k}" in MESSAGES
        ]
        params["kinds"] = join_words(kinds, lang, "or") if kinds else t(lang, "kind.nothing")
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


_BOT_MENTION = re.compile(r"^@\w{2,}bot$", re.IGNORECASE)
"""A mention of a bot (Telegram requires bot usernames to end in "bot"): ``@StreambotBot``."""


def without_mentions(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``words`` without mentions of bots: "/count @StreambotBot disney" is "/count disney"
    (``@midnight``, a show, is not a bot and stays)."""
    return tuple(w for w in words if not _BOT_MENTION.match(w))


def split_command(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``"/actor@bot netflix 2014"`` -> ``("actor", ("netflix", "2014"))``; None if no command.

    The ``@bot`` suffix is dropped here; Telegram's adapter checks it names this bot first.
    Mentions of bots among the arguments are dropped too (``without_mentions``).
    """
    text = text.strip()
    if not text.startswith("/") or len(text) < 2:
        return None
    head, *args = text.split()
    name = head[1:].split("@", 1)[0].lower()
    return (name, without_mentions(args)) if name else None
