"""Evaluation functions: splits that never leak, and metrics with hand-computed answers."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from core.recommend.data import TrainData
from core.recommend.evaluation import (
    mae,
    ranking_metrics,
    rmse,
    split_holdout,
    split_random,
    split_temporal,
)
from core.recommend.idmap import IdMap
from tests.recommend_data import dataset


def _tiny(user, item, rating, n_users=2, n_items=5) -> TrainData:
    n = len(user)
    return TrainData(
        np.array(user, np.int32),
        np.array(item, np.int32),
        np.array(rating, np.float32),
        np.arange(n, dtype=np.int64),
        n_users,
        n_items,
        sp.csr_matrix((n_items, 0), dtype=np.float32),
        (),
    )


def _events(data: TrainData) -> set[tuple[int, int]]:
    return set(zip(data.user.tolist(), data.item.tolist(), strict=True))


def test_random_split_is_seeded_and_partitions_the_events():
    data = dataset().data
    train, test = split_random(data, 0.2, seed=42)
    again = split_random(data, 0.2, seed=42)[1]
    assert len(train) + len(test) == len(data) and len(test) == round(0.2 * len(data))
    assert not _events(train) & _events(test)
    np.testing.assert_array_equal(test.item, again.item)


def test_temporal_split_holds_out_each_users_newest_fifth():
    data = dataset().data
    train, test = split_temporal(data, 0.2)
    assert len(train) + len(test) == len(data)
    for u in np.unique(data.user)[:50]:
        tr, te = train.timestamp[train.user == u], test.timestamp[test.user == u]
        assert te.size == int(0.2 * (tr.size + te.size))
        if te.size:
            assert tr.max() <= te.min()


def test_holdout_takes_at_most_its_share_of_users():
    data = dataset().data
    _, holdout = split_holdout(data, n_users=10_000, max_user_share=0.1, test_share=0.2, seed=1)
    assert 0 < np.unique(holdout.user).size <= 0.1 * data.n_users


def test_rmse_and_mae_known_values():
    assert rmse(np.array([3.0, 4.0]), np.array([4.0, 2.0])) == pytest.approx(np.sqrt(2.5))
    assert mae(np.array([3.0, 4.0]), np.array([4.0, 2.0])) == pytest.approx(1.5)


def test_ranking_metrics_known_values_and_training_titles_are_not_ranked():
    # User 0 trained on title 0 (scored highest, so it must be skipped); test positives 1 and 3.
    train = _tiny([0, 1], [0, 0], [5.0, 5.0])
    test = _tiny([0, 0, 0, 1], [1, 3, 4, 2], [4.0, 5.0, 2.0, 3.0])
    scores = np.array([[9.0, 8.0, 7.0, 1.0, 6.0]])
    m = ranking_metrics(lambda users: np.repeat(scores, len(users), 0), train, test, k=2)
    # Top 2 after removing title 0: titles 1 and 2 -> one hit of two positives.
    assert m.users == 1  # user 1 has no test positive (3.0 < 4)
    assert m.precision == pytest.approx(0.5) and m.recall == pytest.approx(0.5)
    assert m.ndcg == pytest.approx(1.0 / (1.0 + 1.0 / np.log2(3)))


def test_the_id_map_follows_sorted_ids_not_row_order():
    a = IdMap.fit([30, 10, 20, 10], ["ns2", "as1", "ns10"])
    b = IdMap.fit([20, 10, 30], ["ns10", "ns2", "as1"])
    np.testing.assert_array_equal(a.users, b.users)
    assert a.item_index("as1") == b.item_index("as1") == 0
    assert a.user_index(20) == 1 and a.user_index(99) is None and a.item_index("zz") is None
    assert a.user_indices(np.array([30, 99])).tolist() == [2, -1]
    assert IdMap.from_arrays(a.to_arrays()).items.tolist() == a.items.tolist()
