"""The serving side of the data: title lookups, filters, and what each user already rated.

Why in the artifact rather than read from SQLite per request: ``top_n`` must exclude every title
the user rated, and the 11M dataset ratings have no per-user index (only chat ratings do). The
ratings up to the watermark are stored as a CSR (half-stars as ``uint8``: ~5 bytes a rating),
so a lookup is two array slices.
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz, process

from core.errors import UnknownTitle
from core.inputs import parse_platform, parse_title_type
from core.recommend.base import RECENT_KEPT, newest_rows
from core.recommend.data import Catalog
from core.recommend.idmap import IdMap
from core.recommend.results import Reason, Suggestion
from core.recommend.validate import check_year_range
from core.text import normalize

_ID_LIKE = re.compile(r"^[a-z]s[0-9]")


class CatalogIndex:
    """IdMap + catalog facts + the users x titles matrix of ratings up to the watermark, and
    each user's newest titles in order (``recent``)."""

    def __init__(
        self,
        idmap: IdMap,
        catalog: Catalog,
        rated: sp.csr_matrix,
        recent: np.ndarray | None = None,
    ) -> None:
        self.idmap, self.catalog = idmap, catalog
        self.rated = rated
        self.recent = np.zeros((idmap.n_users, RECENT_KEPT), np.int32) if recent is None else recent
        """Users x ``RECENT_KEPT``: title row + 1 of each user's newest titles, newest first,
        0 past the end. Stored + 1 so that a forgotten person's zeroed row
        (``core.recommend.scrub``) is an empty list, not title 0 ten times."""
        self.n_items = idmap.n_items
        years = catalog.year[catalog.year > 0]
        self.year_bounds = (int(years.min()), int(years.max())) if years.size else None
        # Masks per platform and type, built once: comparing 23k strings per request is slow.
        self._platform_masks = {v: catalog.platform == v for v in np.unique(catalog.platform)}
        types = np.char.lower(catalog.type)
        self._type_masks = {v: types == v for v in np.unique(types)}
        self._none = np.zeros(self.n_items, dtype=bool)

    @classmethod
    def build(
        cls, idmap: IdMap, catalog: Catalog, users, items, ratings, timestamps=None
    ) -> CatalogIndex:
        """From rating events in index space (a later duplicate must already have won); the
        order of each user's newest titles from ``timestamps`` (none without them)."""
        halves = np.rint(np.asarray(ratings) * 2).astype(np.uint8)
        rated = sp.csr_matrix((halves, (users, items)), shape=(idmap.n_users, idmap.n_items))
        rated.sort_indices()
        recent = None
        if timestamps is not None:
            recent = newest_rows(users, items, timestamps, idmap.n_users)
        return cls(idmap, catalog, rated, recent)

    def recent_of(self, row: int | None) -> np.ndarray:
        """The user's newest title rows up to the watermark, newest first."""
        if row is None:
            return np.zeros(0, np.int64)
        found = self.recent[row].astype(np.int64)
        return found[found > 0] - 1

    def rated_by(self, row: int | None) -> tuple[np.ndarray, np.ndarray]:
        """Title rows and stars the user rated up to the watermark (empty when unknown)."""
        if row is None:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        lo, hi = self.rated.indptr[row], self.rated.indptr[row + 1]
        items = self.rated.indices[lo:hi].astype(np.int64)
        return items, self.rated.data[lo:hi].astype(np.float32) / 2

    def require_title(self, title_id: object) -> int:
        """The row of ``title_id``; ``UnknownTitle`` with the closest titles otherwise."""
        given = str(title_id).strip().lower()
        item = self.idmap.item_index(given)
        if item is not None:
            return item
        raise UnknownTitle.of(given, self.closest(given))

    def closest(self, given: str, limit: int = 3) -> list[dict[str, str]]:
        """Titles whose id (or, for text, whose name) is closest to ``given``."""
        if _ID_LIKE.match(given) or given.isdigit():
            choices = self.idmap.items.tolist()
            found = process.extract(given, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=60)
        else:
            choices = [normalize(t) for t in self.catalog.title.tolist()]
            found = process.extract(
                normalize(given), choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=70
            )
        return [
            {
                "id": str(self.idmap.items[i]),
                "title": str(self.catalog.title[i]),
                "platform": str(self.catalog.platform[i]),
            }
            for _, _, i in found
        ]

    def filter_mask(
        self, platform: str | None, kind: str | None, year_range: tuple[int, int] | None
    ) -> np.ndarray:
        """Titles passing the filters (each validated, with its typed error)."""
        mask = np.ones(self.n_items, dtype=bool)
        if platform is not None:
            mask &= self._platform_masks.get(parse_platform(platform), self._none)
        if kind is not None:
            mask &= self._type_masks.get(parse_title_type(kind) or "", self._none)
        if year_range is not None:
            low, high = check_year_range(year_range, self.year_bounds)
            mask &= (self.catalog.year >= low) & (self.catalog.year <= high)
        return mask

    def suggestion(self, item: int, score: float, rating: float, reason: Reason) -> Suggestion:
        year = int(self.catalog.year[item])
        return Suggestion(
            title_id=str(self.idmap.items[item]),
            title=str(self.catalog.title[item]),
            platform=str(self.catalog.platform[item]),
            type=str(self.catalog.type[item]),
            year=year or None,
            score=round(score, 4),
            rating=round(rating, 2),
            reason=reason,
        )

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            **self.idmap.to_arrays(),
            **self.catalog.to_arrays(),
            "rated_indptr": self.rated.indptr.astype(np.int64),
            "rated_items": self.rated.indices.astype(np.int32),
            "rated_halfstars": self.rated.data.astype(np.uint8),
            "rated_user_recent": self.recent.astype(np.int32),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> CatalogIndex:
        idmap = IdMap.from_arrays(arrays)
        rated = sp.csr_matrix(
            (arrays["rated_halfstars"], arrays["rated_items"], arrays["rated_indptr"]),
            shape=(idmap.n_users, idmap.n_items),
        )
        return cls(idmap, Catalog.from_arrays(arrays), rated, arrays.get("rated_user_recent"))
