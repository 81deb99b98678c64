"""The load test's engine, shared by ``tests/test_hardening_load.py`` (CI size) and
``bench/load.py`` (the issue's full size: 10,000 updates from 500 chats, 3,000 of them /rate).

Two processes, as in ``bench/replies.py``, so the bot's figures are not charged with the fake's
work: a spawned child runs the fake Bot API and the simulated chats; this process runs the real
bot (``build_application``, long polling) and, meanwhile, a real model training in a child
process of its own (``Trainer.tick(force=True)`` in a thread, as the retrain job does).

Arrivals are an open loop: update k is sent at ``k / per_second`` seconds, from a chat drawn at
random, except that a chat waits for the reply to its previous message before sending the next
(a person reads the answer first), which also pairs every reply with its message. Latency runs
from the update being queued at the fake server to the bot's reply arriving there.

Afterwards the database is compared with what was acknowledged: every "saved" reply must be a
row, and there must be no other chat rating.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import random
import re
import sqlite3
import threading
import time
from collections import Counter, defaultdict, deque
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

CHAT0 = 70_000_000
OTHER = [
    "/count", "/count netflix", "/maxduration 2018 amazon", "/maxduration netflix season",
    "/scorecount netflix 3.5 2018", "/actor netflix 2019", "/word netflix love",
    "/search the lost", "/title {title}", "/top disney movie", "/myratings", "/help",
    "/recommend", "/similar {title}", "/start", "/actor hulu 2019", "/scorecount netflx 3 2018",
]  # fmt: skip
VALUES = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0)
_SAVED = re.compile(r"^⭐ (Saved|Guardado): ")


@dataclass(frozen=True)
class Spec:
    updates: int = 10_000
    chats: int = 500
    rates: int = 3_000
    per_second: float = 150.0
    """Arrival rate of updates (open loop)."""
    seed: int = 8


@dataclass
class Result:
    spec: Spec
    elapsed: float
    answered: int
    lost: list[str]
    latencies: list[float]
    """Milliseconds, one per answered update."""
    rate_latencies: list[float]
    acked: set[tuple[int, str, float]]
    stored: set[tuple[int, str, float]]
    errors: list[str]
    warnings: list[str]
    slowest: list[tuple[float, str, float]] = field(default_factory=list)
    """The slowest replies: (ms, command, seconds into the run)."""
    trainings: list[str] = field(default_factory=list)
    training_share: float = 0.0
    """Share of the load's duration during which a training child process was running."""

    def percentile(self, q: float, values: list[float] | None = None) -> float:
        ordered = sorted(self.latencies if values is None else values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")

    def report(self) -> str:
        s, lat = self.spec, self.latencies
        lines = [
            f"updates sent        {s.updates:,} from {s.chats:,} chats ({s.rates:,} /rate), "
            f"{s.per_second:g}/s open loop",
            f"answered            {self.answered:,}  (lost: {len(self.lost)})  in "
            f"{self.elapsed:.1f} s = {self.answered / self.elapsed:,.0f} updates/s",
            f"ratings             acknowledged {len(self.acked):,}, in the database "
            f"{len(self.stored):,}, identical: {self.acked == self.stored}",
            f"latency ms          p50 {self.percentile(0.5):.1f}   p95 {self.percentile(0.95):.1f}"
            f"   p99 {self.percentile(0.99):.1f}   max {max(lat, default=float('nan')):.1f}"
            "   (target p99 <= 100)",
            f"  /rate only        p50 {self.percentile(0.5, self.rate_latencies):.1f}   p99 "
            f"{self.percentile(0.99, self.rate_latencies):.1f}",
            f"training            running {self.training_share:.0%} of the time; "
            f"runs: {', '.join(self.trainings) or 'none'}",
            f"log                 {len(self.errors)} errors, {len(self.warnings)} warnings",
        ]
        slow = ", ".join(f"{c} {ms:.0f} ms at {at:.1f} s" for ms, c, at in self.slowest[:4])
        lines.append(f"slowest             {slow}")
        notes = (self.errors + self.lost)[:5] + self.warnings[:3]
        return "\n".join(lines + [f"  {e}" for e in notes])


def plan(spec: Spec, titles: list[str]) -> dict[int, list[tuple[float, str, tuple | None]]]:
    """Per chat, its messages in order: (send time, text, (title, value) for a /rate)."""
    rng = random.Random(spec.seed)
    kinds = [True] * spec.rates + [False] * (spec.updates - spec.rates)
    rng.shuffle(kinds)
    chats = [CHAT0 + i % spec.chats for i in range(spec.updates)]
    rng.shuffle(chats)
    rated: Counter[int] = Counter()
    messages: dict[int, list] = defaultdict(list)
    for k, (is_rate, chat) in enumerate(zip(kinds, chats, strict=True)):
        title = titles[(chat * 7 + rated[chat]) % len(titles)]
        if is_rate:  # a person rates each title once, so every rating stays a row of its own
            assert rated[chat] < len(titles), "too few titles for that many ratings per chat"
            value = VALUES[rng.randrange(len(VALUES))]
            rated[chat] += 1
            messages[chat].append((k / spec.per_second, f"/rate {title} {value:g}", (title, value)))
        else:
            text = rng.choice(OTHER).format(title=titles[rng.randrange(len(titles))])
            messages[chat].append((k / spec.per_second, text, None))
    return dict(messages)


# -- the Telegram side (child process) -------------------------------------------------------


class _Replies:
    """Pairs the bot's messages with the chats waiting for them, watching ``server.calls``."""

    def __init__(self, server) -> None:
        self.server = server
        self.waiting: dict[int, deque[asyncio.Future]] = defaultdict(deque)
        self._next = 0
        self._open: list[int] = []

    def expect(self, chat: int) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiting[chat].append(future)
        return future

    async def run(self) -> None:
        calls = self.server.calls
        while True:
            end = len(calls)
            still_open = []
            for j in [*self._open, *range(self._next, end)]:
                call = calls[j]
                if call.status is None:
                    still_open.append(j)
                elif call.method in ("sendMessage", "sendPhoto") and call.status == 200:
                    chat = int(call.params["chat_id"])
                    queue = self.waiting.get(chat)
                    if queue:
                        text = call.result.get("text") or call.result.get("caption") or ""
                        queue.popleft().set_result(text)
            self._open, self._next = still_open, end
            await asyncio.sleep(0.001)


async def _chat(server, replies, chat, messages, start, out) -> None:
    loop = asyncio.get_running_loop()
    for at, text, rating in messages:
        delay = start + at - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        future = replies.expect(chat)
        sent = loop.time()
        server.send_text(text, user_id=chat)
        try:
            answer = await asyncio.wait_for(future, 60)
        except TimeoutError:
            out["lost"].append(f"chat {chat}: {text}")
            return  # the rest of this chat's replies could no longer be paired
        ms = (loop.time() - sent) * 1000
        out["latencies"].append(ms)
        out["by_command"].append((ms, text.split()[0], sent - start))
        if rating is not None:
            out["rate_latencies"].append(ms)
            if _SAVED.match(answer):
                out["acked"].append((chat, *rating))


async def _warm_up(server, replies, messages: dict) -> None:
    """Each kind of command once, from a chat of its own, before the clock starts: the first
    /search builds its index, the first /recommend loads the model, and so on — once per
    process, not what a bot that has been up for a minute does."""
    chat = CHAT0 - 1
    texts = sorted({text for m in messages.values() for _, text, r in m if r is None})
    kinds = {text.split()[0]: text for text in texts}
    for text in kinds.values():
        future = replies.expect(chat)
        server.send_text(text, user_id=chat)
        await asyncio.wait_for(future, 60)


async def _drive(messages: dict, conn) -> None:
    from harness.fakebotapi import FakeBotAPI

    async with FakeBotAPI(privacy_mode=False) as server:
        conn.send((server.base_url, server.token))
        await server.wait_for_calls("getUpdates", count=1, timeout=120)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, conn.recv)  # the bot side is ready (training started)
        replies = _Replies(server)
        watcher = asyncio.create_task(replies.run())
        await _warm_up(server, replies, messages)
        out: dict[str, list] = {
            "latencies": [],
            "rate_latencies": [],
            "acked": [],
            "lost": [],
            "by_command": [],
        }
        start = loop.time() + 0.2
        await asyncio.gather(
            *(_chat(server, replies, c, m, start, out) for c, m in messages.items())
        )
        out["elapsed"] = loop.time() - start
        watcher.cancel()
        conn.send(out)
        await loop.run_in_executor(None, conn.recv)  # Telegram stays up until the bot stopped


def _driver_process(messages: dict, conn) -> None:
    # The fake keeps every call and message it saw (tens of thousands of dicts); the cyclic
    # garbage collector's full passes over them would stall Telegram's side, and be measured
    # as the bot's latency. Nothing here makes cycles that need collecting.
    gc.disable()
    asyncio.run(_drive(messages, conn))


# -- the bot side (this process) -------------------------------------------------------------


class _LogCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = f"{record.name}: {record.getMessage()}"
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(line)


class _Training:
    """Trainings back to back in a thread (each in its own child process) while the load runs."""

    def __init__(self, settings, train_fn, on_promoted) -> None:
        from core.recommend.lifecycle import Trainer

        self.trainer = Trainer(settings, train_fn, on_promoted=on_promoted)
        self.outcomes: list[str] = []
        self.busy = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="load-training")

    def _loop(self) -> None:
        while not self._stop.is_set():
            outcome = self.trainer.tick(force=True)
            self.outcomes.append(outcome.status if outcome else "none")

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 60  # wait until the training process really runs
        while not (self.trainer.child and self.trainer.child.is_alive()):
            assert time.monotonic() < deadline, "the training did not start"
            time.sleep(0.05)

    def sample(self) -> bool:
        child = self.trainer.child
        return bool(child and child.is_alive())

    def stop(self) -> None:
        self._stop.set()
        child = self.trainer.child
        if child is not None and child.is_alive():
            child.kill()  # the load is over; the unfinished run is recorded as failed
        self._thread.join(timeout=60)


async def _serve(db: Path, models: Path, base_url: str, token: str, conn, train_fn) -> dict:
    from bot.app import build_router
    from bot.config import BotSettings
    from bot.services import Services
    from bot.telegram_app import build_application
    from core.recommend.serving import ServedModel
    from core.settings import Settings
    from harness.running import running

    settings = BotSettings(
        core=Settings(db_path=db, models_dir=models),
        token=token,
        api_base_url=base_url.removesuffix("/bot"),
        flood_limit=1_000_000,  # flood control is tested on its own (tests/test_bot_e2e.py)
        send_rate=1_000_000,  # Telegram's 30/s cap would measure the cap, not the bot
    )
    services = Services(settings.core, served=ServedModel(db, models))
    app = build_application(settings, build_router(services))
    async with running(app, "polling", secret="unused-when-polling"):
        training = None
        if train_fn is not None:
            training = _Training(settings.core, train_fn, services.served.reload)
            await asyncio.to_thread(training.start)
        conn.send("go")
        waiting = asyncio.get_running_loop().run_in_executor(None, conn.recv)
        samples = []
        while not waiting.done():
            samples.append(training.sample() if training else False)
            await asyncio.sleep(0.1)
        out = waiting.result()
        if training is not None:
            await asyncio.to_thread(training.stop)
            out["trainings"] = training.outcomes
        out["training_share"] = sum(samples) / max(len(samples), 1)
    services.close()
    conn.send("stopped")
    return out


def stored_ratings(db: Path) -> set[tuple[int, str, float]]:
    """(Telegram id, title, value) of every chat rating in the database."""
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT u.telegram_id, r.title_id, r.rating FROM ratings r "
            "JOIN chat_users u ON u.user_id = r.user_id WHERE r.user_id >= 1000000000"
        ).fetchall()
        orphans = conn.execute(
            "SELECT count(*) FROM ratings WHERE user_id >= 1000000000 "
            "AND user_id NOT IN (SELECT user_id FROM chat_users)"
        ).fetchone()[0]
    assert orphans == 0
    return {(int(t), str(title), float(v)) for t, title, v in rows}


def run_load(db: Path, models: Path, spec: Spec, train_fn=None) -> Result:
    """Run the whole load against the database ``db`` (which it writes to)."""
    from harness.db import title_ids

    messages = plan(spec, title_ids(db, n=80))
    ours, theirs = multiprocessing.Pipe()
    driver = multiprocessing.get_context("spawn").Process(
        target=_driver_process, args=(messages, theirs), daemon=True, name="load-telegram"
    )
    driver.start()
    base_url, token = ours.recv()
    logs = _LogCount()
    root = logging.getLogger()
    root.addHandler(logs)
    try:
        out = asyncio.run(_serve(db, models, base_url, token, ours, train_fn))
    finally:
        root.removeHandler(logs)
        driver.join(timeout=30)
        if driver.is_alive():
            driver.kill()
    return Result(
        spec=spec,
        elapsed=out["elapsed"],
        answered=len(out["latencies"]),
        lost=out["lost"],
        latencies=out["latencies"],
        rate_latencies=out["rate_latencies"],
        acked={(c, t, float(v)) for c, t, v in out["acked"]},
        stored=stored_ratings(db),
        errors=logs.errors,
        warnings=logs.warnings,
        slowest=sorted(out["by_command"], reverse=True)[:20],
        trainings=out.get("trainings", []),
        training_share=out["training_share"],
    )
