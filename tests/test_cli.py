"""The ``streambot`` command line as a newcomer meets it: every ``--help`` says what the command
does and what it reads, one name means one thing in the Makefile, Procfile and README, ``.env``
is read (the environment wins), and a Telegram that cannot be reached is one clear line."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser
from harness.fakebotapi import FakeBotAPI

REPO = Path(__file__).resolve().parents[1]
STREAMBOT = [sys.executable, "-m", "bot.cli"]
DOCUMENTED = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (REPO / ".env.example").read_text(), re.M))


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None, **kw):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMBOT_", "TELEGRAM_"))}
    return subprocess.run(
        [*STREAMBOT, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**clean, **(env or {})},
        timeout=kw.pop("timeout", 120),
        **kw,
    )


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_says_what_it_does_and_which_variables_it_reads(name: str) -> None:
    text = _commands()[name].format_help()
    description = text.split("\n\n")[1]
    assert len(description) > 20 and description.rstrip().endswith("."), description
    assert "Reads .env" in text
    listed = set(re.findall(r"^  ([A-Z][A-Z0-9_]+)  ", text, re.M))
    assert "Environment:" in text and (listed or "Environment: none." in text)
    assert listed <= DOCUMENTED | {"LANG"}, listed - DOCUMENTED  # each explained in .env.example


def test_every_documented_variable_is_read_by_some_command() -> None:
    helps = "\n".join(p.format_help() for p in _commands().values())
    assert {n for n in DOCUMENTED if not re.search(rf"^  {n}  ", helps, re.M)} == set()


def test_makefile_procfile_and_readme_use_the_same_commands() -> None:
    commands = _commands()
    procfile = dict(
        line.split(": ", 1) for line in (REPO / "Procfile").read_text().splitlines() if line
    )
    assert procfile == {
        "release": "streambot build",
        "web": "streambot web",
        "worker": "streambot worker",
    }
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^run:.*\n\t\$\(BIN\)/streambot run$", makefile, re.M)
    readme = (REPO / "README.md").read_text()
    code = "\n".join(re.findall(r"```.*?```|`[^`\n]+`", readme, re.S))  # what a reader types
    used = set(re.findall(r"streambot ([a-z]+)", makefile + code + "\n".join(procfile.values())))
    assert used <= set(commands), used - set(commands)
    for name in ("build", "run", "web", "worker", "jobs"):
        assert f"streambot {name}" in readme


# --- .env --------------------------------------------------------------------------------


def test_settings_come_from_env_file_and_the_environment_wins(demo_db, tmp_path) -> None:
    shutil.copy(demo_db, tmp_path / "from-file.db")
    (tmp_path / ".env").write_text("# local settings\nSTREAMBOT_DB=from-file.db\n")
    from_file = _run(["ask", "/count"], tmp_path)
    assert "Titles per platform" in from_file.stdout, from_file.stdout + from_file.stderr
    overridden = _run(["ask", "/count"], tmp_path, {"STREAMBOT_DB": str(tmp_path / "none.db")})
    assert "The database is empty" in overridden.stdout


# --- Telegram that cannot be reached ---------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


TOKEN = "123456789:" + "A" * 35


@pytest.mark.parametrize("command", ["worker", "web"])
def test_an_unreachable_telegram_is_one_clean_line(command: str, tmp_path: Path) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{_closed_port()}",
        "WEBHOOK_URL": "https://bot.example/hook",
        "WEBHOOK_SECRET": "a-secret-of-twenty-chars",
        "STREAMBOT_DB": str(tmp_path / "db.sqlite"),
    }
    done = _run([command], tmp_path, env, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "Unclosed" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("streambot: Telegram cannot be reached at")
    assert TOKEN not in done.stderr


@pytest.mark.asyncio
async def test_a_token_telegram_refuses_is_one_clean_line(tmp_path: Path) -> None:
    async with FakeBotAPI() as server:
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,  # not the fake's token: 401 Unauthorized
            "TELEGRAM_API_BASE_URL": server.base_url.removesuffix("/bot"),
        }
        proc = await _spawn(["worker"], tmp_path, env)
        _, err = await proc.communicate()
    assert proc.returncode == 2
    assert err.decode().strip().splitlines() == [
        line for line in err.decode().strip().splitlines() if line.startswith("streambot: ")
    ]
    assert "rejected TELEGRAM_BOT_TOKEN" in err.decode() and "Traceback" not in err.decode()


async def _spawn(args: list[str], cwd: Path, env: dict[str, str]):
    import asyncio

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMBOT_", "TELEGRAM_"))}
    return await asyncio.create_subprocess_exec(
        *STREAMBOT,
        *args,
        cwd=cwd,
        env={**clean, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


@pytest.mark.parametrize(
    ("command", "env", "says"),
    [
        ("worker", {}, "TELEGRAM_BOT_TOKEN is not set"),
        ("web", {"TELEGRAM_BOT_TOKEN": TOKEN}, "WEBHOOK_URL is not set"),
    ],
)
def test_a_missing_setting_is_named_in_one_line(command, env, says, tmp_path) -> None:
    done = _run([command], tmp_path, env)
    assert done.returncode == 2 and done.stderr.startswith(f"streambot: {says}")
    assert "Traceback" not in done.stderr


HEAVY = ("numpy", "polars", "matplotlib", "numba", "scipy", "lightfm", "sqlite_utils", "telegram")


def test_a_catalog_question_loads_no_heavy_library(demo_db: Path, tmp_path: Path) -> None:
    """``streambot ask`` answers a catalog question without importing the analytics and model
    stack (bench/startup.py times it: ~0.1 s against seconds when they loaded)."""
    code = (
        "import sys; from bot.cli import main; "
        f"main(['ask', '--db', {str(demo_db)!r}, '/actor netflix 2019']); "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    *answer, loaded = done.stdout.strip().splitlines()
    assert "most frequent cast member" in "\n".join(answer), done.stdout + done.stderr
    assert loaded == "[]"


# --- training from the command line ------------------------------------------------------------


def test_train_prints_what_the_training_did(tmp_path: Path, monkeypatch, capsys) -> None:
    """`streambot train` (README) ends with the version, the data and the holdout figures, not a
    traceback after the model went live."""
    import core.recommend.train as training
    from bot.cli import main
    from core.etl import run_etl
    from tests.recommend_data import FAST, write_source

    db = tmp_path / "small.db"
    run_etl(write_source(tmp_path / "src"), db)

    trained = training.train
    monkeypatch.setattr(training, "train", lambda db, models, **kw: trained(db, models, FAST, **kw))
    monkeypatch.chdir(tmp_path)
    code = main(["train", "--db", str(db), "--models", str(tmp_path / "models")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"^Trained model \S+ in [\d.]+ s \(live now\)", out, re.M), out
    assert re.search(r"^Data: [\d,]+ ratings up to id [\d,]+", out, re.M), out
    assert re.search(r"Holdout \([\d,]+ real people, [\d,]+ ratings never trained on\)", out), out
    assert "Source weights" in out, out
