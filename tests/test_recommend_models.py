"""The shared contract every recommender model keeps, baselines included (cf. implicit's
``tests/recommender_base_test.py``): one suite, parametrised over every model kind."""

from __future__ import annotations

import numpy as np
import pytest

from core.recommend.base import RATING_MAX, RATING_MIN, Model, NotFitted
from core.recommend.evaluation import split_temporal
from core.recommend.kinds import MODEL_KINDS
from tests.recommend_data import FAST, dataset

KINDS = sorted(MODEL_KINDS)


@pytest.fixture(scope="module")
def split():
    return split_temporal(dataset().data, 0.2)


@pytest.fixture(scope="module", params=KINDS)
def fitted(request, split) -> Model:
    return MODEL_KINDS[request.param](FAST).fit(split[0])


def _some_users(train, n=25) -> np.ndarray:
    return np.unique(train.user)[:n]


def test_every_kind_is_registered_under_its_own_name():
    assert {cls.kind for cls in MODEL_KINDS.values()} == set(KINDS)
    assert {"popularity", "mf", "lightfm", "hybrid"} <= set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_an_unfitted_model_says_to_fit_first(kind):
    with pytest.raises(NotFitted, match="fit"):
        MODEL_KINDS[kind](FAST).rank_scores(np.zeros((1, 3), np.float32))


def test_scores_have_one_finite_row_per_user_and_a_column_per_title(fitted, split):
    users = _some_users(split[0])
    vectors = fitted.user_vectors(users)
    scores = fitted.rank_scores(vectors)
    assert vectors.shape[0] == users.size and vectors.ndim == 2
    assert scores.shape == (users.size, fitted.n_items)
    assert np.isfinite(scores).all()


def test_predictions_are_stars_and_finite(fitted, split):
    test = split[1]
    stars = fitted.predict(fitted.user_vectors(test.user), test.item)
    assert stars.shape == test.rating.shape
    assert np.isfinite(stars).all()
    assert stars.min() >= RATING_MIN and stars.max() <= RATING_MAX


def test_recommend_excludes_what_the_user_rated(fitted, split):
    train = split[0]
    users = _some_users(train)
    rated = train.matrix()[users]
    top, scores = fitted.recommend(fitted.user_vectors(users), rated, 20)
    assert top.shape == (users.size, 20)
    for k in range(users.size):
        assert not set(top[k]) & set(rated[k].indices)
        assert np.all(np.diff(scores[k]) <= 0)  # best first


def test_same_seed_same_model(split):
    for kind in KINDS:
        a = MODEL_KINDS[kind](FAST).fit(split[0])
        b = MODEL_KINDS[kind](FAST).fit(split[0])
        users = _some_users(split[0], 5)
        np.testing.assert_array_equal(
            a.rank_scores(a.user_vectors(users)), b.rank_scores(b.user_vectors(users))
        )


def test_save_and_load_round_trip_gives_the_same_answers(fitted, split):
    clone = type(fitted).from_arrays(fitted.to_arrays(), FAST)
    users = _some_users(split[0])
    items = split[1].item[: users.size]
    assert clone.n_users == fitted.n_users and clone.n_items == fitted.n_items
    np.testing.assert_array_equal(
        clone.rank_scores(clone.user_vectors(users)), fitted.rank_scores(fitted.user_vectors(users))
    )
    np.testing.assert_array_equal(
        clone.predict(clone.user_vectors(users), items),
        fitted.predict(fitted.user_vectors(users), items),
    )
    for key, value in fitted.to_arrays().items():
        assert value.dtype != object, f"{key} would need pickle"


def test_fold_in_gives_a_vector_of_the_same_shape(fitted):
    items = np.arange(5)
    vector = fitted.fold_in(items, np.full(5, 5.0, np.float32))
    cold = fitted.fold_in(np.zeros(0, np.int64), np.zeros(0, np.float32))
    dim = fitted.user_vectors(np.array([0])).shape[1]
    assert vector.shape == cold.shape == (dim,)
    assert np.isfinite(fitted.rank_scores(vector[None])).all()
    assert np.isfinite(fitted.predict(cold[None], np.array([0]))).all()


def test_item_embeddings_are_unit_rows_and_similar_excludes_the_title(fitted):
    emb = fitted.item_embeddings()
    norms = np.linalg.norm(emb, axis=1)
    assert emb.shape[0] == fitted.n_items
    assert np.all((np.abs(norms - 1) < 1e-4) | (norms == 0))
    top, sims = fitted.similar(3, 10)
    assert 3 not in top and len(top) == 10
    assert np.all(np.diff(sims) <= 1e-7)


def test_predict_all_agrees_with_predict(fitted, split):
    users = _some_users(split[0], 3)
    vectors = fitted.user_vectors(users)
    every = fitted.predict_all(vectors)
    assert every.shape == (users.size, fitted.n_items)
    items = np.arange(fitted.n_items)
    for k in range(users.size):
        one = fitted.predict(np.repeat(vectors[k : k + 1], items.size, 0), items)
        np.testing.assert_allclose(every[k], one, atol=1e-4)


def test_the_hybrid_ranking_is_the_documented_blend_of_z_scores(split):
    from core.recommend.base import zscore_rows
    from core.recommend.hybrid import Hybrid

    model = Hybrid(FAST).fit(split[0])
    vectors = np.vstack(
        [
            model.user_vectors(_some_users(split[0], 10)),
            model.fold_in(np.zeros(0, np.int64), np.zeros(0, np.float32)),
        ]
    )
    _, mf_v, lfm_v = model._split(vectors)
    blend = FAST.blend
    expected = (
        zscore_rows(model.lightfm.rank_scores(lfm_v))
        + blend.popularity * zscore_rows(model.popularity.score[None])
        + blend.mf * zscore_rows(model.mf.rank_scores(mf_v))
    )
    np.testing.assert_allclose(model.rank_scores(vectors), expected, atol=1e-4)
