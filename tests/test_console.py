"""The console and ``streambot ask`` as a person at a terminal uses them: line editing and
history (readline, in a real pseudo-terminal), charts written to files whose paths are printed,
``--db`` and ``--lang``, and Spanish when the terminal's locale is Spanish."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.app import build_router
from bot.console import ChartFiles, ask, run_console
from bot.i18n import lang_from_locale
from bot.services import Services
from core.settings import Settings

STREAMBOT = [sys.executable, "-m", "bot.cli"]
COUNT_TABLE = re.compile(r"Titles per platform")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    return {**env, "HOME": str(tmp_path), "TERM": "xterm", **extra}


def _run(args: list[str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*STREAMBOT, *args],
        capture_output=True,
        text=True,
        env=_env(tmp_path, **extra),
        cwd=tmp_path,
        timeout=120,
    )


# --- charts ----------------------------------------------------------------------------------


def test_a_chart_is_written_to_a_file_whose_path_is_printed(demo_db: Path, tmp_path: Path):
    router = build_router(Services(Settings(db_path=demo_db)))
    text = ask(router, "/chart genres netflix", charts=ChartFiles(tmp_path / "charts"))
    found = re.search(r"Chart saved to (\S+\.png)", text)
    assert found, text
    saved = Path(found.group(1))
    assert saved.parent == tmp_path / "charts" and saved.name.startswith("chart-genres-netflix")
    assert saved.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    again = ask(router, "/chart genres netflix", charts=ChartFiles(tmp_path / "charts"))
    assert re.search(r"saved to (\S+)", again).group(1) != str(saved)  # never overwritten


def test_the_console_saves_the_chart_a_button_sends(demo_db: Path, tmp_path: Path) -> None:
    import io

    router = build_router(Services(Settings(db_path=demo_db)))
    out = io.StringIO()
    run_console(router, stdin=["/chart", "1", "/quit"], stdout=out, charts=ChartFiles(tmp_path))
    assert "Chart saved to" in out.getvalue()
    assert len(list(tmp_path.glob("*.png"))) == 1


# --- --db, --lang, LANG ----------------------------------------------------------------------


def test_ask_reads_the_database_given_with_db(demo_db: Path, tmp_path: Path) -> None:
    done = _run(["ask", "--db", str(demo_db), "/count"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert COUNT_TABLE.search(done.stdout)


def test_spanish_comes_from_a_spanish_locale_and_lang_overrides_it(demo_db, tmp_path) -> None:
    spanish = _run(["ask", "--db", str(demo_db), "/ayuda"], tmp_path, LANG="es_ES.UTF-8")
    assert "Comandos" in spanish.stdout or "comandos" in spanish.stdout, spanish.stdout
    english = _run(
        ["ask", "--db", str(demo_db), "--lang", "en", "/ayuda"], tmp_path, LANG="es_ES.UTF-8"
    )
    assert "command" in english.stdout.lower() and "comandos" not in english.stdout.lower()


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "es_AR.UTF-8"}, "es"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "es_ES.UTF-8"}, "es"),
        ({"LANG": "es_ES.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
    ],
)
def test_the_locale_picks_the_language_as_posix_orders_it(env, lang) -> None:
    assert lang_from_locale(env) == lang


# --- a real terminal: readline editing and history --------------------------------------------


class Terminal:
    """``streambot console`` in a pseudo-terminal, driven as a person types."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [*STREAMBOT, *args], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.seen = b""

    def read_until(self, pattern: bytes, count: int = 1, timeout: float = 60) -> bytes:
        deadline = time.monotonic() + timeout
        while self.seen.count(pattern) < count:
            left = deadline - time.monotonic()
            assert left > 0, f"no {pattern!r} x{count} in {self.seen[-2000:]!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:  # the process closed the terminal
                    break
        return self.seen

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> int:
        prompts = self.seen.count(b"streambot> ")
        self.read_until(b"streambot> ", count=max(prompts, 1))  # at the prompt again
        self.type(b"\x04")  # Ctrl-D on an empty line: end of input
        try:
            return self.proc.wait(timeout=30)
        finally:
            os.close(self.master)


UP = b"\x1b[A"


def test_the_up_arrow_recalls_commands_even_from_an_earlier_session(demo_db, tmp_path) -> None:
    env = _env(tmp_path)
    first = Terminal(["console", "--db", str(demo_db)], env)
    try:
        first.read_until(b"streambot> ")
        first.type(b"/count\r")
        first.read_until(b"Titles per platform")
        first.read_until(b"streambot> ", count=2)
        first.type(UP + b"\r")  # the previous line again, edited in place
        seen = first.read_until(b"Titles per platform", count=2)
        first.read_until(b"streambot> ", count=3)
        assert b"^[[A" not in seen
    finally:
        assert first.close() == 0
    assert "/count" in (tmp_path / ".streambot_history").read_text()

    second = Terminal(["console", "--db", str(demo_db)], env)
    try:
        second.read_until(b"streambot> ")
        second.type(UP + b"\r")  # remembered across sessions
        second.read_until(b"Titles per platform")
        second.read_until(b"streambot> ", count=2)
    finally:
        assert second.close() == 0
