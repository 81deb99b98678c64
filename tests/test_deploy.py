"""The deploy as written: the Procfile's ``release:`` then its start commands, run as a platform
runs them (a shell in the app's folder, settings in the environment and ``.env``), on an empty
data folder, each process answering through the fake Bot API: ``worker:`` by long polling,
``web:`` by webhook on ``$PORT``. And the first run: the first model trains in the background
while ``/recommend`` answers with popular titles and says so once; a later run starts at once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from core.platforms import CATALOG_COLUMNS, PLATFORMS
from harness.fakebotapi import DEFAULT_USER_ID, FakeBotAPI
from harness.running import free_port
from tests.conftest import catalog_row, write_csv, write_ratings

REPO = Path(__file__).resolve().parents[1]
PROCFILE = dict(
    line.split(": ", 1) for line in (REPO / "Procfile").read_text().splitlines() if line.strip()
)
BIN = str(Path(sys.executable).parent)  # where `streambot` is installed, as on the platform


def _env(data: Path, **extra: str) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("STREAMBOT_", "TELEGRAM_", "WEBHOOK_", "RETRAIN_", "INGEST_"))
    }
    return {
        **clean,
        "PATH": f"{BIN}{os.pathsep}{clean.get('PATH', '')}",
        "STREAMBOT_DB": str(data / "streambot.db"),
        "STREAMBOT_MODELS_DIR": str(data / "models"),
        "STREAMBOT_SAMPLE_DIR": str(data / "sample"),
        "STREAMBOT_RAW_DIR": str(data / "raw"),
        "RETRAIN_CHECK_MINUTES": "0",  # no training in this test: it measures the deploy
        "INGEST_INTERVAL_MINUTES": "0",
        **extra,
    }


def _shell(command: str, app: Path, env: dict[str, str], **kw) -> subprocess.Popen:
    """A Procfile line run as platforms run it: ``sh -c`` in the app's folder."""
    return subprocess.Popen(["sh", "-c", command], cwd=app, env=env, start_new_session=True, **kw)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.asyncio
async def test_release_then_worker_then_web_answer_on_an_empty_data_folder(tmp_path: Path):
    app, data = tmp_path / "app", tmp_path / "data"
    app.mkdir()
    assert set(PROCFILE) == {"release", "web", "worker"}
    async with FakeBotAPI() as server:
        # The token only in .env, as .env.example says: the processes must read it.
        (app / ".env").write_text(
            f"TELEGRAM_BOT_TOKEN={server.token}\n"
            f"TELEGRAM_API_BASE_URL={server.base_url.removesuffix('/bot')}\n"
        )
        release = _shell(PROCFILE["release"], app, _env(data), stdout=subprocess.PIPE, text=True)
        out, _ = await asyncio.to_thread(release.communicate, timeout=300)
        assert release.returncode == 0, out
        assert "22,998" in out  # the real catalogs, from nothing

        worker = _shell(PROCFILE["worker"], app, _env(data))
        try:
            await server.wait_for_calls("getUpdates", timeout=60)
            server.send_text("/count netflix")
            reply = await server.next_reply(DEFAULT_USER_ID, timeout=30)
            assert "8,807" in reply.text  # Netflix's real catalog
            server.send_text("/search matrix")
            assert "The Matrix" in (await server.next_reply(DEFAULT_USER_ID, timeout=30)).text
        finally:
            _stop(worker)

        port = free_port()
        web_env = _env(
            data,
            WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
            WEBHOOK_SECRET="deploy-test-secret-0123456789",
            WEBHOOK_LISTEN="127.0.0.1",
            PORT=str(port),
        )
        web = _shell(PROCFILE["web"], app, web_env)
        try:
            await server.wait_for_calls("setWebhook", timeout=60)
            server.send_text("/count hulu")
            reply = await server.next_reply(DEFAULT_USER_ID, timeout=30)
            assert "3,073" in reply.text
        finally:
            _stop(web)
    assert (data / "streambot.db").is_file()


# --- the first run, and the next -------------------------------------------------------------


def _small_source(raw: Path) -> None:
    """Small catalogs (15 titles each) with their own ratings in data/raw: a training takes
    seconds. Each person loves one platform's titles and dislikes the rest, so a model has taste
    to learn and beats popularity on the holdout (the guard promotes nothing less)."""
    for p in PLATFORMS:
        rows = [catalog_row(f"s{i}", f"{p.display} Title {i}") for i in range(1, 16)]
        write_csv(raw / p.file_name, CATALOG_COLUMNS, rows)
    ids = [f"{p.prefix}s{i}" for p in PLATFORMS for i in range(1, 16)]
    rows = [
        (
            user,
            (4.5 if title[0] == PLATFORMS[user % 4].prefix else 1.5) + (k % 2) / 2,
            1_600_000_000 + user * 100 + k,
            title,
        )
        for user in range(1, 151)
        for k, title in enumerate(ids)
        if (user + k) % 3 == 0
    ]
    write_ratings(raw, "ratings_1.csv", rows)


def _console_run(app: Path, env: dict[str, str], lines: list[str]) -> str:
    done = subprocess.run(
        ["sh", "-c", "streambot run"],
        cwd=app,
        env=env,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _runs(db: Path) -> list[tuple[str, str]]:
    try:
        with closing(sqlite3.connect(db)) as conn:
            return conn.execute("SELECT trigger, status FROM training_runs ORDER BY id").fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []


def _speaks_of_user_42(text: str) -> bool:
    """A personal pick for user 42, explained by their taste (bot/i18n/recommend.py)."""
    return any(p in text for p in ("which user 42 liked", "as user 42 did", "like user 42's"))


def _typed(console: subprocess.Popen, line: str) -> None:
    console.stdin.write(line + "\n")
    console.stdin.flush()


def _collect(console: subprocess.Popen) -> list[str]:
    """What the console prints, gathered line by line by a thread as it comes."""
    seen: list[str] = []

    def read() -> None:
        for line in iter(console.stdout.readline, ""):
            seen.append(line)

    threading.Thread(target=read, daemon=True).start()
    return seen


def test_the_first_run_trains_in_the_background_and_says_so_once(tmp_path: Path) -> None:
    app, data = tmp_path / "app", tmp_path / "data"
    app.mkdir()
    _small_source(data / "raw")
    env = _env(data, RETRAIN_CHECK_MINUTES="1")
    console = _shell(
        "streambot run", app, env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    seen = _collect(console)
    try:
        for line in ("/recommend", "/recommend", "/count"):
            _typed(console, line)
        # The first model trains meanwhile, in a child process; once it is promoted the served
        # model is swapped, and the same session gets it.
        deadline = time.monotonic() + 240
        while not any(_speaks_of_user_42(line) for line in seen):
            assert console.poll() is None and time.monotonic() < deadline, _runs(
                data / "streambot.db"
            )
            _typed(console, "/recommend 42")
            time.sleep(1)
        _typed(console, "/quit")
        console.wait(timeout=60)
    finally:
        _stop(console)
    out = "".join(seen)
    note = "the first one is training in the background"
    first, _, after = out.partition("Titles per platform")
    assert first.count(note) == 1  # said once, on the first /recommend
    assert note not in after
    assert ("no_model", "promoted") in _runs(data / "streambot.db")

    later = _console_run(app, env, ["/recommend", "/recommend 42"])  # a later run starts at once
    assert "ratings_1.csv: unchanged" in later
    assert note not in later and _speaks_of_user_42(later)
    assert [s for _, s in _runs(data / "streambot.db")] == ["promoted"]  # nothing trained again
