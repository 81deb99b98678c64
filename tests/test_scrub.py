"""``core.recommend.scrub``: forgotten chat people leave no numbers in stored models."""

from __future__ import annotations

from contextlib import closing

import numpy as np

from core import db as dbmod
from core.db import CHAT_USER_BASE
from core.ratings import forget_user, internal_user, record_rating
from core.recommend.artifact import read_artifact
from core.recommend.scrub import forgotten_rows, scrub_arrays, scrub_forgotten
from tests.recommend_data import FAST, HALF, build_trained


def test_forgotten_rows_are_chat_people_no_longer_known():
    users = np.array([7, 42, CHAT_USER_BASE, CHAT_USER_BASE + 1, CHAT_USER_BASE + 5])
    known = np.array([CHAT_USER_BASE + 1])
    assert forgotten_rows(users, known).tolist() == [2, 4]  # dataset users are never "forgotten"


def test_scrub_arrays_zeroes_the_rows_and_drops_their_ratings_only():
    arrays = {
        "idmap_users": np.array([1, 2, 3]),
        "mf_user_factors": np.arange(6, dtype=np.float32).reshape(3, 2) + 1,
        "mf_item_factors": np.ones((3, 2), dtype=np.float32),  # as many items as users
        "rated_indptr": np.array([0, 2, 3, 5]),
        "rated_items": np.array([10, 11, 12, 13, 14]),
        "rated_halfstars": np.array([8, 9, 10, 6, 7], dtype=np.uint8),
    }
    out = scrub_arrays(arrays, np.array([1]))
    assert out["mf_user_factors"].tolist() == [[1, 2], [0, 0], [5, 6]]
    assert out["mf_item_factors"].tolist() == arrays["mf_item_factors"].tolist()
    assert out["rated_indptr"].tolist() == [0, 2, 2, 4]
    assert out["rated_items"].tolist() == [10, 11, 13, 14]
    assert out["rated_halfstars"].tolist() == [8, 9, 6, 7]
    assert arrays["rated_items"].tolist() == [10, 11, 12, 13, 14]  # the input is left alone


def test_scrub_forgotten_rewrites_only_versions_that_knew_them_and_is_idempotent(tmp_path):
    from core.recommend.train import train

    db, models, (first,) = build_trained(tmp_path, scale=HALF)
    with closing(dbmod.connect(db)) as conn:
        record_rating(conn, 777, "ns1", 4.5)
        me = internal_user(conn, 777, create=False)
    second = train(db, models, FAST).version  # knows 777; the first version does not
    with closing(dbmod.connect(db)) as conn:
        forget_user(conn, 777)
        assert scrub_forgotten(conn, models) == 1
        assert scrub_forgotten(conn, models) == 0
    arrays = read_artifact(models / second).arrays  # checksum verified
    row = int(np.searchsorted(arrays["idmap_users"], me))
    assert arrays["rated_indptr"][row + 1] == arrays["rated_indptr"][row]
    assert not np.any(arrays["dataset__mf_user_factors"][row])
    assert me not in read_artifact(models / first).arrays["idmap_users"]
