"""Flood control: one budget per sender for everything that costs the bot work.

Why one budget, and weights: a command, a button press (made-up callback data included) and an
inline query each make the bot read the database and answer; a photo (a chart) also costs a
render and an upload, and every reply draws on the bot's one overall sending rate (about 30 a
second), which all chats share. Limiting commands alone let one person's 150 chart-button
presses send 106 photos and slow everyone else's replies from 11 ms to 3 s. So every kind of
update spends from the same per-sender budget (``FLOOD_LIMIT`` units per
``FLOOD_WINDOW_SECONDS``), and a photo costs ``PHOTO_COST`` units in all.

A sender's updates are handled one at a time (``Turns``), in order: so the cost of a photo is
charged before their next update is weighed (150 presses at once would otherwise all pass the
check before the first photo was charged), and one sender never holds more than one of the
worker threads every chat shares.

Who is "one sender": a person is their user id. A message sent on behalf of a chat (an
anonymous group admin, a channel) carries the same stand-in user for everyone
(``GroupAnonymousBot``), so its budget is that chat's, in that group only.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager

from telegram import Update

COMMAND_COST = 1.0
BUTTON_COST = 1.0
INLINE_COST = 0.5
"""Clients send an inline query at each pause in typing, so a title typed slowly is several."""
PHOTO_COST = 3.0
"""What a reply with a photo costs in all (charged on top of its command or button)."""

NOT_PEOPLE = {
    1087968824: "GroupAnonymousBot",  # the sender of every anonymous admin's message
    136817688: "Channel_Bot",  # the sender of messages posted as a channel
    777000: "Telegram",  # automatic forwards from a linked channel
}
"""Telegram's stand-in senders: a message from one of them was sent on behalf of a chat."""


def sender_chat_id(update: Update) -> int | None:
    """The chat a message was sent on behalf of (``sender_chat``), or None for a person.

    Only a message's own sender counts: under a button, the message is the bot's, and the
    person pressing is ``from_user``.
    """
    message = update.message or update.edited_message
    if message is None:
        return None
    if message.sender_chat is not None:
        return message.sender_chat.id
    user = message.from_user
    if user is not None and user.id in NOT_PEOPLE:
        return message.chat.id
    return None


def sender_key(update: Update) -> Hashable:
    """Whose budget an update spends: the person's, or (sent on behalf of a chat) that chat's
    in this group."""
    on_behalf = sender_chat_id(update)
    chat = update.effective_chat
    if on_behalf is not None:
        return ("chat", on_behalf, chat.id if chat else 0)
    user = update.effective_user
    if user is not None:
        return user.id
    return ("chat", chat.id if chat else 0, 0)


class FloodGuard:
    """A sliding window of weighted costs per sender: past the budget, one "slow down", then
    silence until the window has room again."""

    SWEEP_EVERY = 10_000
    """Checks between sweeps of senders whose window is empty (memory stays bounded)."""

    def __init__(self, limit: float, window: float) -> None:
        self.limit, self.window = limit, window
        self._spent: dict[Hashable, deque[tuple[float, float]]] = {}
        self._warned: dict[Hashable, float] = {}
        self._checks = 0

    def _window(self, key: Hashable, now: float) -> deque[tuple[float, float]]:
        spent = self._spent.setdefault(key, deque())
        while spent and now - spent[0][0] > self.window:
            spent.popleft()
        return spent

    def check(self, key: Hashable, cost: float = COMMAND_COST, now: float | None = None) -> str:
        """``ok`` (and ``cost`` is spent), ``warn`` (tell them once) or ``drop``."""
        now = time.monotonic() if now is None else now
        self._checks += 1
        if self._checks % self.SWEEP_EVERY == 0:
            self._sweep(now)
        spent = self._window(key, now)
        if sum(c for _, c in spent) < self.limit:
            spent.append((now, cost))
            self._warned.pop(key, None)
            return "ok"
        if key in self._warned and now - self._warned[key] < self.window:
            return "drop"
        self._warned[key] = now
        return "warn"

    def charge(self, key: Hashable, cost: float, now: float | None = None) -> None:
        """Spend ``cost`` more for work already done (a photo turned out to be the answer)."""
        now = time.monotonic() if now is None else now
        self._window(key, now).append((now, cost))

    def _sweep(self, now: float) -> None:
        for key in [
            k for k, spent in self._spent.items() if not spent or now - spent[-1][0] > self.window
        ]:
            del self._spent[key]
            self._warned.pop(key, None)


class Turns:
    """Per-sender turns: ``async with turns.of(key):`` runs one update of a sender at a time,
    in arrival order (asyncio locks are fair); other senders are not held up."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def of(self, key: Hashable) -> AsyncIterator[None]:
        lock, waiting = self._locks.get(key, (None, 0))
        lock = lock or asyncio.Lock()
        self._locks[key] = (lock, waiting + 1)
        try:
            async with lock:
                yield
        finally:
            lock, waiting = self._locks[key]
            if waiting == 1:
                del self._locks[key]  # nobody else queued: no lock kept per sender ever seen
            else:
                self._locks[key] = (lock, waiting - 1)
