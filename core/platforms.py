"""The four streaming platforms: their keys, file names and title-id prefixes.

Everything that needs to know "which platforms exist" reads this module, so adding a platform
is one edit here rather than a hunt through SQL and handlers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Platform:
    """One streaming platform as the catalogs and the database know it."""

    key: str
    """Stored in ``titles.platform``; lower-case, one word."""
    file_stem: str
    """The Kaggle file is ``<file_stem>_titles.csv``."""
    display: str
    """How people write it; used in replies."""

    @property
    def prefix(self) -> str:
        """The title-id prefix: the platform's first letter (``as123``, ``ns8807``)."""
        return self.key[0]

    @property
    def file_name(self) -> str:
        return f"{self.file_stem}_titles.csv"


PLATFORMS: tuple[Platform, ...] = (
    Platform("amazon", "amazon_prime", "Prime Video"),
    Platform("disney", "disney_plus", "Disney+"),
    Platform("hulu", "hulu", "Hulu"),
    Platform("netflix", "netflix", "Netflix"),
)
PLATFORM_KEYS: tuple[str, ...] = tuple(p.key for p in PLATFORMS)
BY_KEY: dict[str, Platform] = {p.key: p for p in PLATFORMS}
TITLE_ID = re.compile(rf"^[{''.join(p.prefix for p in PLATFORMS)}]s\d+$", re.IGNORECASE)
"""A title id as users type it: a platform's prefix, ``s``, digits (``ns1``, ``AS123``)."""

CATALOG_COLUMNS: tuple[str, ...] = (
    "show_id",
    "type",
    "title",
    "director",
    "cast",
    "country",
    "date_added",
    "release_year",
    "rating",
    "duration",
    "listed_in",
    "description",
)
"""The twelve columns of every Kaggle catalog file, in file order."""

RATINGS_COLUMNS: tuple[str, ...] = ("userId", "rating", "timestamp", "movieId")
"""The columns of every ratings file; ``movieId`` is a title id such as ``ns8807``."""
