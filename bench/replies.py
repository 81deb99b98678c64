"""Bot throughput and latency through PTB's real HTTP path, against the fake Bot API server.

Usage: ``python bench/replies.py [--rate 200] [--chats 500] [--seconds 30] [--db PATH]
[--no-training] [--closed]``

The fake Telegram server and the simulated chats run in a child process, the bot in this
one, so the bot's figures are not charged with the fake's own work. The commands are a mixed
stream of every command kind, on the full generated dataset with its trained model.

- Default, open loop: commands arrive at ``--rate`` per second, spread over ``--chats`` chats
  (each chat waits for its previous reply before sending the next). Latency runs from the
  moment a command was due to the bot's reply arriving at the fake server, so a stall is
  counted in full, not hidden by sending later. This is the target: >= 200 commands/s with
  p99 <= 100 ms (issue 6), while a full training runs in a separate process (niced, as the bot
  schedules it; ``--no-training`` leaves it out).
- ``--closed``: each of ``--chats`` chats sends its next command as soon as its reply arrives,
  so the bot runs flat out: its capacity in commands per second. Latency there is just the
  queue (chats / throughput) and is not the target's figure.

The outgoing rate limiter is raised for the benchmark (Telegram itself allows a bot about 30
messages per second overall; what is measured here is the bot's own capacity).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.app import build_router
from bot.config import BotSettings
from bot.services import Services
from bot.telegram_app import build_application
from core.settings import Settings
from harness.fakebotapi import FakeBotAPI
from harness.running import running

REPO = Path(__file__).resolve().parents[1]

try:
    import uvloop

    UVLOOP = os.environ.get("BENCH_UVLOOP", "1") != "0"
except ImportError:  # pragma: no cover
    UVLOOP = False

COMMANDS = [
    "/count", "/count netflix", "/maxduration 2018 amazon", "/maxduration netflix season",
    "/scorecount netflix 3.5 2018", "/actor netflix 2019", "/word netflix love",
    "/search the lost", "/title ns{n}", "/top disney movie", "/rate ns{n} 4", "/myratings",
    "/help", "/actor hulu 2019", "/scorecount netflx 3 2018", "/recommend", "/recommend {n} ns{n}",
    "/similar ns{n}", "/recommend {n} netflix movie",
]  # fmt: skip


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    slowest: list[tuple[float, str, float]] = field(default_factory=list)
    """(ms, command, when it was due) of every answered command."""


async def _command(
    server: FakeBotAPI, chat_id: int, rng: random.Random, since: float, tally: _Tally
) -> None:
    """One command from the mix, and its reply; the latency counts from ``since``."""
    text = rng.choice(COMMANDS).format(n=rng.randint(1, 800))
    server.send_text(text, user_id=chat_id)
    try:
        await server.next_reply(chat_id, timeout=10)
    except Exception as err:  # a lost reply is a result, not a crash of the benchmark
        tally.errors.append(f"{text}: {type(err).__name__}")
        return
    tally.latencies.append((time.perf_counter() - since) * 1000)
    tally.slowest.append((tally.latencies[-1], text.split()[0], since))


async def _chat(
    server: FakeBotAPI, chat_id: int, deadline: float, rng: random.Random, tally: _Tally
) -> None:
    """Closed loop: the next command as soon as the reply is in."""
    while time.perf_counter() < deadline:
        await _command(server, chat_id, rng, time.perf_counter(), tally)


async def _paced_chat(
    server: FakeBotAPI, chat_id: int, due: list[float], rng: random.Random, tally: _Tally
) -> None:
    """Open loop: send at each due time (or when the previous reply is in, if later)."""
    for at in due:
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        await _command(server, chat_id, rng, at, tally)


async def _drive(chats: int, seconds: float, rate: float | None, conn) -> None:
    """The Telegram side, in its own process: the fake server and the simulated chats."""
    async with FakeBotAPI(privacy_mode=False) as server:
        conn.send((server.base_url, server.token))
        await server.wait_for_calls("getUpdates", count=1, timeout=60)
        # Warm-up: open every chat and build the bot's caches once, outside the measurement.
        warm_until = time.perf_counter() + 1.0
        await asyncio.gather(
            *(
                _chat(server, 10_000 + i, warm_until, random.Random(i), _Tally())
                for i in range(min(chats, 50))
            )
        )
        tally = _Tally()
        rng = random.Random(42)
        started = time.perf_counter() + (0.0 if rate is None else 0.5)
        if rate is None:
            chatters = [
                _chat(server, 10_000 + i, started + seconds, random.Random(rng.random()), tally)
                for i in range(chats)
            ]
        else:
            due: list[list[float]] = [[] for _ in range(chats)]
            for k in range(int(rate * seconds)):
                due[rng.randrange(chats)].append(started + k / rate)
            chatters = [
                _paced_chat(server, 10_000 + i, d, random.Random(rng.random()), tally)
                for i, d in enumerate(due)
            ]
        await asyncio.gather(*chatters)
        slow = [(ms, what, at - started) for ms, what, at in sorted(tally.slowest, reverse=True)]
        conn.send((tally.latencies, tally.errors, time.perf_counter() - started, slow[:5]))


def _driver_process(chats: int, seconds: float, rate: float | None, conn) -> None:
    # The fake keeps every call and message it saw; the garbage collector's full passes over
    # them would stall Telegram's side and be measured as the bot's latency (as in
    # harness/load.py). Nothing here makes cycles that need collecting.
    gc.disable()
    (uvloop.run if UVLOOP else asyncio.run)(_drive(chats, seconds, rate, conn))


async def _serve(db: Path, models: Path, base_url: str, token: str, conn) -> None:
    """The bot under test, in this process, until the driver reports its figures."""
    settings = BotSettings(
        core=Settings(db_path=db, models_dir=models),
        token=token,
        api_base_url=base_url.removesuffix("/bot"),
        flood_limit=10_000,
        send_rate=100_000,
    )
    services = Services(settings.core)
    app = build_application(settings, build_router(services))
    # post_init runs as run_polling runs it: the menu, and gc.freeze() after start-up.
    async with running(app, "polling", secret="unused-when-polling"):
        result = await asyncio.get_running_loop().run_in_executor(None, conn.recv)
    services.close()
    return result


def run(db: Path, models: Path, chats: int, seconds: float, rate: float | None) -> tuple:
    """Bot here, Telegram in a child process: each gets its own core, as in production."""
    ours, theirs = multiprocessing.Pipe()
    driver = multiprocessing.get_context("spawn").Process(
        target=_driver_process, args=(chats, seconds, rate, theirs), daemon=True
    )
    driver.start()
    base_url, token = ours.recv()
    result = (uvloop.run if UVLOOP else asyncio.run)(_serve(db, models, base_url, token, ours))
    driver.join(timeout=30)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        type=Path,
        default=REPO / "bench" / "out" / "retrain.db",
        help="a loaded database (bench/retrain.py builds this one, with a model)",
    )
    parser.add_argument("--models", type=Path, default=REPO / "bench" / "out" / "retrain-models")
    parser.add_argument("--rate", type=float, default=200.0, help="commands per second offered")
    parser.add_argument("--chats", type=int, help="default: 500 (open loop), 50 (--closed)")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--closed", action="store_true", help="flat out: measure capacity")
    parser.add_argument(
        "--httpx",
        action="store_true",
        help="send replies through PTB's default HTTPXRequest instead of bot/transport.py's "
        "aiohttp client (for comparison)",
    )
    parser.add_argument(
        "--no-training",
        action="store_true",
        help="leave out the training that otherwise runs meanwhile (niced, like the bot's)",
    )
    args = parser.parse_args()
    chats = args.chats or (50 if args.closed else 500)
    if args.httpx:
        from telegram.request import HTTPXRequest

        import bot.telegram_app

        bot.telegram_app.AiohttpRequest = lambda size, pool_timeout: HTTPXRequest(
            connection_pool_size=size, pool_timeout=pool_timeout
        )
    rate = None if args.closed else args.rate
    if not args.db.is_file():
        sys.exit(f"{args.db} not found: run `python bench/etl.py` or `streambot etl` first")
    trainer = None
    if not args.no_training:
        scratch = tempfile.mkdtemp(prefix="bench-bot-models-")  # not promoted, not served
        trainer = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import os, sys; os.nice(15); from core.recommend.train "
                "import train; train(sys.argv[1], sys.argv[2])",
                str(args.db),
                scratch,
            ],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(3)  # let it load the ratings and start fitting
    try:
        latencies, errors, elapsed, slow = run(args.db, args.models, chats, args.seconds, rate)
    finally:
        training_state = "running" if trainer and trainer.poll() is None else "finished"
        if trainer:
            trainer.kill()
    print(f"database            {args.db}")
    loop = "closed loop (capacity)" if rate is None else f"open loop at {rate:g}/s offered"
    print(f"chats               {chats}, {loop}, {elapsed:.1f} s")
    print(f"training            {'yes (' + training_state + ' at the end)' if trainer else 'no'}")
    print(f"replies sent by     {'httpx (PTB default)' if args.httpx else 'aiohttp'}")
    print(f"commands answered   {len(latencies):,}  (lost: {len(errors)})")
    print(f"throughput          {len(latencies) / elapsed:,.0f} commands/s   (target >= 200)")
    print(f"latency p50         {statistics.median(latencies):.1f} ms")
    print(f"latency p95         {_percentile(latencies, 0.95):.1f} ms")
    print(f"latency p99         {_percentile(latencies, 0.99):.1f} ms   (target <= 100)")
    print(f"latency max         {max(latencies):.1f} ms")
    if slow:
        worst = ", ".join(f"{w} {ms:.0f} ms at {t:.1f} s" for ms, w, t in slow)
        print(f"slowest             {worst}")
    for e in errors[:5]:
        print("  lost:", e)


if __name__ == "__main__":
    main()
