"""Console mode: the same commands and replies as Telegram, as plain text in a terminal.

``make run`` opens it when no bot token is set, and ``streambot ask`` answers one command for
scripts. It goes through the same router and message catalog as the Telegram bot; only the
rendering differs (HTML tags stripped, buttons listed with numbers you can type to press, and
charts written to PNG files whose paths are printed). In a terminal, lines are edited with
readline, and the history is kept across sessions in ``~/.streambot_history``.
"""

from __future__ import annotations

import contextlib
import html
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from bot.i18n import t
from bot.router import Button, Reply, Request, Router, split_command

CONSOLE_USER_ID = 1
"""The console speaks as one local user (a chat user, like anyone on Telegram)."""
_TAG = re.compile(r"<[^>]+>")
HISTORY = Path("~/.streambot_history")
"""The console's command history, kept across sessions (readline)."""
HISTORY_LINES = 1000


class ChartFiles:
    """Where the console writes the charts it is sent: one PNG per photo, named after the
    command and the time (``chart-genres-netflix-20240101-120000.png``), never overwritten."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def save(self, photo: bytes, command: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", command.lower()).strip("-")[:60] or "chart"
        stem = f"{slug}-{time.strftime('%Y%m%d-%H%M%S')}"
        path = self.folder / f"{stem}.png"
        for n in range(2, 1000):
            if not path.exists():
                break
            path = self.folder / f"{stem}-{n}.png"
        path.write_bytes(photo)
        return path


def to_plain(reply: Reply, photo_line: str | None = None) -> str:
    """The reply as terminal text: tags removed, entities decoded, buttons numbered; a photo is
    ``photo_line`` (where it was saved), or its size when it was not saved."""
    text = html.unescape(_TAG.sub("", reply.text))
    buttons = [b for row in reply.buttons for b in row]
    if reply.photo is not None:
        text += "\n" + (photo_line or f"[photo: {len(reply.photo):,} bytes PNG]")
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


def _shown(reply: Reply, lang: str, charts: ChartFiles | None, command: str) -> str:
    """The reply as text, its photo (if any) saved to a file whose path the text gives."""
    if reply.photo is None or charts is None:
        return to_plain(reply)
    path = charts.save(reply.photo, command)
    return to_plain(reply, t(lang, "gen.chart_saved", path=str(path)))


def ask(router: Router, text: str, lang: str = "en", charts: ChartFiles | None = None) -> str:
    """One command in, one plain-text reply out (a chart saved to ``charts``)."""
    parsed = split_command(text)
    if parsed is None:
        return to_plain(Reply(t(lang, "gen.help_unknown", given=html.escape(text[:40]))))
    command, args = parsed
    reply = router.dispatch(_request(router, command, args, lang))
    return _shown(reply, lang, charts, " ".join((command, *args)))


def run_console(
    router: Router,
    lang: str = "en",
    stdin: Iterable[str] | None = None,
    stdout: TextIO | None = None,
    charts: ChartFiles | None = None,
) -> None:
    """Read commands until EOF or ``/quit``; a number presses a button of the last reply."""
    out = stdout or sys.stdout
    with contextlib.ExitStack() as stack:
        lines = stdin if stdin is not None else stack.enter_context(_prompt_lines())
        _loop(router, lang, lines, out, charts)


def _loop(
    router: Router, lang: str, lines: Iterable[str], out: TextIO, charts: ChartFiles | None
) -> None:
    print(t(lang, "gen.console_intro"), file=out)
    buttons: list[Button] = []
    last = "chart"
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
            last = " ".join((parsed[0], *parsed[1]))
            reply = router.dispatch(_request(router, parsed[0], parsed[1], lang))
        buttons = [b for row in reply.buttons for b in row]
        print(_shown(reply, lang, charts, last), file=out, flush=True)
        print(file=out)


@contextlib.contextmanager
def _prompt_lines(history: Path = HISTORY) -> Iterator[Iterable[str]]:
    """Lines typed at the prompt; in a terminal with readline (arrows, Ctrl-R, history kept in
    ``history`` across sessions)."""
    path = history.expanduser()
    editing = sys.stdin.isatty()
    if editing:
        try:
            import readline
        except ImportError:  # not on every platform (Windows); plain input() still works
            editing = False
    if editing:
        readline.set_history_length(HISTORY_LINES)
        with contextlib.suppress(OSError):
            readline.read_history_file(path)

    def lines() -> Iterator[str]:
        while True:
            try:
                yield input("streambot> ")
            except EOFError:
                print()
                return
            except KeyboardInterrupt:  # Ctrl-C clears the line, as in a shell
                print()

    try:
        yield lines()
    finally:
        if editing:
            with contextlib.suppress(OSError):
                readline.write_history_file(path)
