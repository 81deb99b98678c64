"""Checks on the serving API's arguments; each failure is an ``InvalidInput`` with a code.

Why here and not in the bot: the CLI, the bot and tests call the same API, so a bad argument is
caught once, in core, and each front end only words the error. Codes that ``core.inputs``
already defines (``bad_limit``, ``unknown_platform``, ``bad_title_type``, ``bad_year``,
``year_out_of_range``, ``score_out_of_range``, ``bad_score``) keep their meaning; the new ones
are ``bad_user_id``, ``bad_group_size`` and ``bad_year_range``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

from core.errors import InvalidInput
from core.inputs import parse_limit, parse_year

MAX_RESULTS = 100
MAX_GROUP = 20
RATING_MIN, RATING_MAX = 0.5, 5.0


def check_user(user_id: object) -> int:
    """A user id is a positive whole number (Telegram ids and dataset ids both are)."""
    text = str(user_id).strip()
    if (
        isinstance(user_id, bool)
        or not (
            isinstance(user_id, numbers.Integral) or (isinstance(user_id, str) and text.isdigit())
        )
        or int(text) <= 0
    ):
        raise InvalidInput(
            f"'{text}' is not a user id: give a positive whole number, e.g. 42.",
            code="bad_user_id",
            params={"given": text},
        )
    return int(text)


def check_limit(n: object) -> int:
    """How many titles to return: 1..100."""
    return parse_limit(n, high=MAX_RESULTS)  # type: ignore[arg-type]


def check_rating(value: object) -> float:
    """A rating on the 0.5..5 star scale."""
    try:
        rating = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        rating = math.nan
    if isinstance(value, bool) or math.isnan(rating):
        raise InvalidInput(
            f"'{value}' is not a rating: give a number from 0.5 to 5, e.g. 4.5.",
            code="bad_score",
            params={"given": str(value)},
        )
    if not RATING_MIN <= rating <= RATING_MAX:
        raise InvalidInput(
            f"A rating lies between 0.5 and 5, and {value} does not; e.g. 4.5.",
            code="score_out_of_range",
            params={"given": str(value), "min": RATING_MIN, "max": RATING_MAX},
        )
    return rating


def check_group(user_ids: Iterable[object]) -> list[int]:
    """1..20 distinct user ids, in the order given."""
    try:
        given = list(user_ids)
    except TypeError:
        given = [user_ids]
    members = list(dict.fromkeys(check_user(u) for u in given))
    if not 1 <= len(members) <= MAX_GROUP:
        raise InvalidInput(
            f"A group has 1 to {MAX_GROUP} people, not {len(members)}; e.g. '12 34 56'.",
            code="bad_group_size",
            params={"given": len(members), "min": 1, "max": MAX_GROUP},
        )
    return members


def check_year_range(value: object, bounds: tuple[int, int] | None) -> tuple[int, int]:
    """A (first, last) pair of release years within ``bounds``, first <= last."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise InvalidInput(
            f"'{value}' is not a year range: give two years, first and last, e.g. 1990 1999.",
            code="bad_year_range",
            params={"given": str(value)},
        )
    low, high = (parse_year(v, bounds) for v in value)
    if low > high:
        raise InvalidInput(
            f"The range {low}-{high} is backwards: give the earlier year first, e.g. {high} {low}.",
            code="bad_year_range",
            params={"given": f"{low}-{high}"},
        )
    return low, high
