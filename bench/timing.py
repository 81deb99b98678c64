"""The timing loop the latency benchmarks share: milliseconds per call, one call per case.

Why one helper: ``bench/queries.py`` and ``bench/charts.py`` each timed repeated calls with a
hand-written loop, and the two had begun to differ in small ways (the clock, a collection before
the loop). The percentiles a benchmark prints are only comparable if every one is measured the
same way, so they all measure here.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence

import numpy as np


def timed(
    call: Callable[..., object],
    cases: Sequence[tuple],
    *,
    before: Callable[[], object] | None = None,
) -> np.ndarray:
    """Milliseconds per call of ``call(*case)``, one call per case, in order.

    A garbage collection runs first, so garbage left by the set-up is not charged to the calls;
    ``before``, when given, runs before every call and is not timed (e.g. clearing a cache).
    """
    gc.collect()
    out = np.empty(len(cases))
    for i, args in enumerate(cases):
        if before is not None:
            before()
        started = time.perf_counter_ns()
        call(*args)
        out[i] = (time.perf_counter_ns() - started) / 1e6
    return out
