"""The mapping between outside ids (user ids, title ids) and the models' row indices.

Why its own object: a model's rows mean nothing without it, so it is fitted once from the
training data, saved in the same artifact as the factors, and is the only way ids become indices
(LightFM's ``Dataset`` plays the same role). Indices follow the sorted ids, never the order rows
happened to arrive in, so the same data always gives the same mapping.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class IdMap:
    """Sorted user ids (int64) and title ids (str); index = position in the sorted array."""

    users: np.ndarray
    items: np.ndarray
    _item_index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        users = np.asarray(self.users, dtype=np.int64)
        items = np.asarray(self.items, dtype=np.str_)
        if users.size and np.any(users[1:] <= users[:-1]):
            raise ValueError("IdMap users must be sorted and unique; build it with IdMap.fit()")
        if len(set(items.tolist())) != items.size:
            raise ValueError("IdMap title ids must be unique; build it with IdMap.fit()")
        object.__setattr__(self, "users", users)
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "_item_index", {t: i for i, t in enumerate(items.tolist())})

    @classmethod
    def fit(cls, user_ids: Iterable[int], item_ids: Iterable[str]) -> IdMap:
        """Build the map from every id that should get a row (duplicates are fine)."""
        users = np.unique(np.fromiter((int(u) for u in user_ids), dtype=np.int64))
        items = np.array(sorted({str(t) for t in item_ids}), dtype=np.str_)
        return cls(users, items)

    @property
    def n_users(self) -> int:
        return int(self.users.size)

    @property
    def n_items(self) -> int:
        return int(self.items.size)

    def user_index(self, user_id: int) -> int | None:
        """The row of ``user_id``, or None when the model has never seen this user."""
        pos = int(np.searchsorted(self.users, int(user_id)))
        if pos < self.users.size and self.users[pos] == int(user_id):
            return pos
        return None

    def user_indices(self, user_ids: np.ndarray) -> np.ndarray:
        """Rows of many users at once; -1 for users the model has not seen."""
        ids = np.asarray(user_ids, dtype=np.int64)
        pos = np.searchsorted(self.users, ids)
        pos_c = np.minimum(pos, max(self.users.size - 1, 0))
        found = (pos < self.users.size) & (self.users[pos_c] == ids) if self.users.size else pos < 0
        return np.where(found, pos, -1)

    def item_index(self, title_id: str) -> int | None:
        """The row of ``title_id``, or None when it is not in the catalog the model knows."""
        return self._item_index.get(str(title_id))

    def item_indices(self, title_ids: Iterable[str]) -> np.ndarray:
        """Rows of many titles at once; -1 for unknown titles."""
        get = self._item_index.get
        return np.array([get(str(t), -1) for t in title_ids], dtype=np.int64)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays saved in the artifact (plain numeric and unicode arrays, no pickle)."""
        return {"idmap_users": self.users, "idmap_items": self.items}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> IdMap:
        return cls(arrays["idmap_users"], arrays["idmap_items"])
