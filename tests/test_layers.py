"""The shape of the house: core is a library that never imports Telegram or the bot."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import core


def test_core_never_imports_telegram_or_bot():
    modules = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
    assert len(modules) > 20
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('telegram', 'bot'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_importing_core_opens_no_database_and_loads_no_model(tmp_path):
    """Nothing happens at import: every core module imports without opening a database,
    reading an array or a pickle, or writing a file (the settings point into an empty folder)."""
    modules = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
    code = (
        "import builtins, importlib, pickle, sqlite3, sys\n"
        "import numpy\n"
        "calls = []\n"
        "def spy(name, real):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        calls.append(name)\n"
        "        return real(*args, **kwargs)\n"
        "    return wrapper\n"
        "sqlite3.connect = spy('sqlite3.connect', sqlite3.connect)\n"
        "numpy.load = spy('numpy.load', numpy.load)\n"
        "pickle.load = spy('pickle.load', pickle.load)\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(','.join(calls))\n"
    )
    env = {
        "PATH": "",
        "PYTHONPATH": str(Path(core.__path__[0]).parent),
        "STREAMBOT_DB": str(tmp_path / "db" / "streambot.db"),
        "STREAMBOT_MODELS_DIR": str(tmp_path / "models"),
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    )
    assert out.stdout.strip() == ""  # no connect, no array, no pickle loaded
    assert list(tmp_path.iterdir()) == []  # no file written


def test_no_sql_outside_core():
    """All SQL lives in core; the bot (handlers, renderers, CLI) only calls core."""
    import re

    statement = re.compile(
        r"\b(SELECT\s|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|\.execute\()"
    )
    bot = Path(core.__path__[0]).parent / "bot"
    found = [
        f"{path.relative_to(bot.parent)}:{n}"
        for path in sorted(bot.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if statement.search(line)
    ]
    assert found == []
