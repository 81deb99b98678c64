"""The caches of the charts: rendered images, findings and loaded data, owned by a caller.

A light module (no matplotlib), so an owner such as the bot's ``Services`` can hold a
``ChartCache`` from start-up while the charts themselves load on first use.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class _LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: a render must not block cache hits
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class ChartCache:
    """The rendered images, findings and loaded data of one owner (the bot's ``Services``)."""

    def __init__(self) -> None:
        self.images = _LRU(96)
        self.findings = _LRU(256)
        self.data = _LRU(12)

    def clear(self) -> None:
        """Forget every cached image, finding and data set."""
        for lru in (self.images, self.findings, self.data):
            lru.clear()
