"""When a difference is real: the one rule every comparing finding uses.

A finding that compares ("Netflix scores highest", "Hulu leads in Anime", "the best-scored
genre is …") is stated only when the difference is larger than chance would make it; otherwise
the finding says there is no difference. "Netflix scores highest on average: 3.53" when all
four are 3.53 is the mistake this prevents. The rule, at 95% confidence (normal approximation;
every comparison here has at least 20 items on each side):

- **Two means** differ when ``|a - b| > 1.96 * sqrt(se_a² + se_b²)`` (Welch's z), each standard
  error ``sd / sqrt(n)``.
- **Two shares** (a genre's share of two catalogs) differ by the same test, each standard error
  ``sqrt(p (1 - p) / n)``.
- **A leader** (the highest of several) is named only when it differs from the runner-up.
- **A correlation** is real when its 95% interval excludes 0 (Fisher's z:
  ``|atanh(r)| * sqrt(n - 3) > 1.96``).

Like is compared with like before any of this: genres as families shared by the platforms
(``core.eda.vocab``), and only genres both sides use (``SHARED_LABEL``), so a label one
platform never uses is not read as that platform lacking the genre.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy loads with the first mean: /compare's shares never need it
    import numpy as np

Z95 = 1.959963984540054
"""The two-sided 95% quantile of the normal distribution."""
SHARED_LABEL = 0.01
"""A platform "uses" a genre family when at least this share of its titles carry it; below,
the family is a label it does not use, and comparing it would compare names, not catalogs."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """A mean or a share, with its standard error and the number of items behind it."""

    value: float
    se: float
    n: int

    @property
    def low(self) -> float:
        return self.value - Z95 * self.se

    @property
    def high(self) -> float:
        return self.value + Z95 * self.se


def mean_of(values: Sequence[float] | np.ndarray) -> Estimate:
    """The mean of ``values`` and its standard error (sample standard deviation / sqrt n)."""
    import numpy as np

    data = np.asarray(values, dtype=float)
    n = int(data.size)
    if n == 0:
        return Estimate(math.nan, math.inf, 0)
    if n < 2:
        return Estimate(float(data[0]), math.inf, n)
    return Estimate(float(data.mean()), float(data.std(ddof=1)) / math.sqrt(n), n)


def share_of(part: int, whole: int) -> Estimate:
    """``part / whole`` (0-1) and its standard error."""
    if whole <= 0:
        return Estimate(math.nan, math.inf, 0)
    p = part / whole
    return Estimate(p, math.sqrt(max(p * (1 - p), 1e-12) / whole), whole)


def differs(a: Estimate, b: Estimate) -> bool:
    """True when ``a`` and ``b`` differ beyond chance (95%, Welch's z)."""
    if not (a.n and b.n) or math.isinf(a.se) or math.isinf(b.se):
        return False
    return abs(a.value - b.value) > Z95 * math.hypot(a.se, b.se)


def leader(estimates: Mapping[str, Estimate], *, highest: bool = True) -> str | None:
    """The key with the highest (or lowest) value when it differs from the runner-up; None
    when the top is a tie within chance, or there are fewer than two."""
    if len(estimates) < 2:
        return None
    sign = 1 if highest else -1
    ranked = sorted(estimates, key=lambda k: (-sign * estimates[k].value, k))
    first, second = ranked[0], ranked[1]
    return first if differs(estimates[first], estimates[second]) else None


def correlated(r: float, n: int) -> bool:
    """True when a Pearson ``r`` over ``n`` pairs is not zero within chance (95%, Fisher)."""
    if math.isnan(r) or n < 4:
        return False
    if abs(r) >= 1:
        return True
    return abs(math.atanh(r)) * math.sqrt(n - 3) > Z95
