"""Console mode: the same commands and replies as Telegram, as plain text in a terminal.

``make run`` opens it when no bot token is set, and ``streambot ask`` answers one command for
scripts. It goes through the same router and message catalog as the Telegram bot; only the
rendering differs (HTML tags stripped, buttons listed with numbers you can type to press).
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterable
from typing import TextIO

from bot.i18n import t
from bot.router import Button, Reply, Request, Router, split_command

CONSOLE_USER_ID = 1
"""The console speaks as one local user (a chat user, like anyone on Telegram)."""
_TAG = re.compile(r"<[^>]+>")


def to_plain(reply: Reply) -> str:
    """The reply as terminal text: tags removed, entities decoded, buttons numbered."""
    text = html.unescape(_TAG.sub("", reply.text))
    buttons = [b for row in reply.buttons for b in row]
    if reply.photo is not None:
        text += f"\n[photo: {len(reply.photo):,} bytes PNG]"
    if buttons:
        text += "\n" + "\n".join(f"  [{i}] {b.text}" for i, b in enumerate(buttons, 1))
    return text


def _request(router: Router, command: str, args: tuple[str, ...], lang: str) -> Request:
    # Whoever runs the console runs the bot's machine: they get the admin commands too.
    return Request(
        command=command,
        args=args,
        user_id=CONSOLE_USER_ID,
        chat_id=CONSOLE_USER_ID,
        chat_type="private",
        lang=lang,
        is_admin=True,
    )


def ask(router: Router, text: str, lang: str = "en") -> str:
    """One command in, one plain-text reply out."""
    parsed = split_command(text)
    if parsed is None:
        return to_plain(Reply(t(lang, "gen.help_unknown", given=html.escape(text[:40]))))
    command, args = parsed
    return to_plain(router.dispatch(_request(router, command, args, lang)))


def run_console(
    router: Router,
    lang: str = "en",
    stdin: Iterable[str] | None = None,
    stdout: TextIO | None = None,
) -> None:
    """Read commands until EOF or ``/quit``; a number presses a button of the last reply."""
    out = stdout or sys.stdout
    lines = stdin if stdin is not None else _prompt_lines()
    print(t(lang, "gen.console_intro"), file=out)
    buttons: list[Button] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line in ("/quit", "/exit", "quit", "exit"):
            break
        if line.isdigit() and buttons:
            index = int(line) - 1
            if 0 <= index < len(buttons):
                request = _request(router, "button", (), lang)
                reply = router.press(request, buttons[index].data)
            else:
                reply = Reply(t(lang, "gen.expired"), error=True)
        else:
            parsed = split_command(line if line.startswith("/") else "/" + line)
            if parsed is None:
                continue
            reply = router.dispatch(_request(router, parsed[0], parsed[1], lang))
        buttons = [b for row in reply.buttons for b in row]
        print(to_plain(reply), file=out, flush=True)
        print(file=out)


def _prompt_lines() -> Iterable[str]:
    while True:
        try:
            yield input("streambot> ")
        except EOFError:
            return
