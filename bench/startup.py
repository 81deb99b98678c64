"""Start-up: how long a one-off question and a bot's first poll take, against a bare Python.

Usage: ``python bench/startup.py [--repeat 5] [--fresh]``

Prints, as medians (and min-max) over ``--repeat`` rounds, each round running every case once
in turn so all see the same machine load:

- ``python -c pass``: the interpreter alone (the floor);
- ``streambot ask "/actor netflix 2014"``: a catalog question, process start to exit (target
  issue 14: <= 0.6 s here);
- ``streambot worker`` until its first ``getUpdates`` reaches the fake Bot API (target: 2 s);
- the bot's first ``/recommend`` reply, sent at once after that first poll and 3 s after it,
  and a second one: the live model loads in the background at start-up, so a first request
  that comes once it is loaded is as fast as the rest (one that comes sooner waits for it);
- ``streambot run`` (what ``make run`` runs, nothing to reload) until the console's prompt.

The data is the shipped catalogs with generated demo ratings and one trained model, built
once into ``bench/out/startup/`` (``--fresh`` rebuilds it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness.fakebotapi import DEFAULT_USER_ID, FakeBotAPI

OUT = Path(__file__).resolve().parent / "out" / "startup"
BIN = Path(sys.executable).parent
QUESTION = "/actor netflix 2014"


def _env(**extra: str) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("STREAMBOT_", "TELEGRAM_", "WEBHOOK_", "RETRAIN_", "INGEST_"))
    }
    return {
        **clean,
        "STREAMBOT_DB": str(OUT / "streambot.db"),
        "STREAMBOT_MODELS_DIR": str(OUT / "models"),
        "STREAMBOT_SAMPLE_DIR": str(OUT / "sample"),
        "STREAMBOT_RAW_DIR": str(OUT / "raw"),
        "RETRAIN_CHECK_MINUTES": "0",
        "INGEST_INTERVAL_MINUTES": "0",
        **extra,
    }


def prepare(fresh: bool) -> None:
    """The shipped catalogs, demo ratings and a live model, once."""
    if fresh:
        shutil.rmtree(OUT, ignore_errors=True)
    if (OUT / "streambot.db").is_file() and any((OUT / "models").glob("*/")):
        return
    OUT.mkdir(parents=True, exist_ok=True)
    print("building the database and training a model (about a minute) ...", flush=True)
    for command in (["build"], ["train"]):
        subprocess.run(
            [BIN / "streambot", *command], env=_env(), cwd=OUT, check=True, capture_output=True
        )


def _wall(args: list[str | Path]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=_env(), cwd=OUT, check=True, capture_output=True)
    return time.perf_counter() - start


def _to_prompt() -> float:
    """``streambot run`` with nothing to reload, until the console prints its prompt."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [BIN / "streambot", "run"],
        env=_env(),
        cwd=OUT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    seen = b""
    while b"/quit leaves" not in seen:
        chunk = proc.stdout.read1(65536)
        if not chunk:
            raise RuntimeError(f"streambot run ended early: {seen[-500:]!r}")
        seen += chunk
    took = time.perf_counter() - start
    proc.communicate(b"/quit\n", timeout=60)
    return took


async def _recommend_time(server: FakeBotAPI) -> float:
    sent = time.perf_counter()
    server.send_text("/recommend 42")
    await server.next_reply(DEFAULT_USER_ID, timeout=60)
    return time.perf_counter() - sent


async def _bot_round(wait: float) -> tuple[float, float, float]:
    """Seconds to the first poll; then the first /recommend's reply time, sent ``wait`` seconds
    after the first poll, and the second's."""
    async with FakeBotAPI() as server:
        env = _env(
            TELEGRAM_BOT_TOKEN=server.token,
            TELEGRAM_API_BASE_URL=server.base_url.removesuffix("/bot"),
        )
        start = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(
            BIN / "streambot", "worker", env=env, cwd=OUT,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        try:
            while not any(c.method == "getUpdates" for c in server.calls):  # as it arrives
                if time.perf_counter() - start > 60:
                    raise RuntimeError("no getUpdates within 60 s")
                await asyncio.sleep(0.005)
            first_poll = time.perf_counter() - start
            await asyncio.sleep(wait)
            replies = [await _recommend_time(server), await _recommend_time(server)]
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            await proc.wait()
    return first_poll, replies[0], replies[1]


def _line(name: str, values: list[float], floor: float | None = None) -> str:
    median = statistics.median(values)
    text = f"{name:44} {median:7.3f} s  ({min(values):.3f}-{max(values):.3f})"
    if floor:
        text += f"  {median / floor:6.1f}x python -c pass"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data and the model")
    args = parser.parse_args()
    prepare(args.fresh)
    cases: dict[str, list[float]] = {
        name: []
        for name in (
            "python -c pass",
            f'streambot ask "{QUESTION}"',
            "streambot worker: first getUpdates",
            "  first /recommend, at once after it",
            "  first /recommend, 3 s after it",
            "  second /recommend",
            "streambot run (nothing new): console prompt",
        )
    }
    names = list(cases)
    for _ in range(args.repeat):
        cases[names[0]].append(_wall([sys.executable, "-c", "pass"]))
        cases[names[1]].append(_wall([BIN / "streambot", "ask", QUESTION]))
        poll, at_once, _ = asyncio.run(_bot_round(0.0))
        _, later, second = asyncio.run(_bot_round(3.0))
        cases[names[2]].append(poll)
        cases[names[3]].append(at_once)
        cases[names[4]].append(later)
        cases[names[5]].append(second)
        cases[names[6]].append(_to_prompt())
    floor = statistics.median(cases[names[0]])
    print(f"{args.repeat} rounds, median (min-max):")
    for name, values in cases.items():
        print(_line(name, values, None if name.startswith("  ") else floor))
    print("targets: ask <= 0.6 s; first poll <= 2 s; first /recommend (3 s) about the second")


if __name__ == "__main__":
    main()
