"""How the blend's weights are learned (``core.recommend.blend.learn_weights``).

Synthetic validation people: each source's scores are the hidden truth seen through its own
noise, so how good each source is, and whether two sources err alike, is known in advance.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from core.recommend.blend import learn_weights, ranking_quality

GRID = (0.0, 0.5, 1.0, 2.0)
PEOPLE, TITLES = 600, 300


def _people(seed: int = 0) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
    """(nothing rated yet, the hidden positives, the truth as a dense 0/1 matrix)."""
    rng = np.random.default_rng(seed)
    truth = np.zeros((PEOPLE, TITLES), np.float32)
    for person in range(PEOPLE):
        truth[person, rng.choice(TITLES, size=5, replace=False)] = 1.0
    return sp.csr_matrix((PEOPLE, TITLES), dtype=np.float32), sp.csr_matrix(truth), truth


def _seen_through_noise(truth: np.ndarray, noise: float, seed: int) -> np.ndarray:
    return truth + np.random.default_rng(seed).normal(0.0, noise, truth.shape).astype(np.float32)


def test_two_equally_good_sources_that_err_differently_are_mixed_and_noise_gets_nothing():
    exclude, positives, truth = _people()
    parts = {
        "item_item": _seen_through_noise(truth, 1.0, 1),
        "factors": _seen_through_noise(truth, 1.0, 2),
        "made_up": np.random.default_rng(3).normal(size=truth.shape).astype(np.float32),
    }
    found = learn_weights(parts, exclude, positives, GRID)
    assert found.steps[0].startswith("start item_item=1+factors=1 "), found.steps
    assert found.weights["item_item"] > 0 and found.weights["factors"] > 0, found.steps
    assert found.weights["made_up"] == 0, found.steps
    best_alone = max(found.alone["item_item"], found.alone["factors"])
    assert found.precision > best_alone, (found.precision, found.alone)


def test_a_source_clearly_worse_than_the_best_does_not_start_in_the_mix():
    exclude, positives, truth = _people()
    parts = {
        "good": _seen_through_noise(truth, 0.5, 1),
        "weak": _seen_through_noise(truth, 3.0, 2),
    }
    found = learn_weights(parts, exclude, positives, GRID)
    assert found.steps[0].startswith("start good=1 "), found.steps
    assert found.weights["good"] == 1.0


def _by_hand(scores, exclude, positives, candidates):
    """Precision, recall and NDCG at 10, one person at a time, the plain way."""
    found = []
    for row in range(scores.shape[0]):
        liked = set(positives[row].indices)
        if not liked:
            continue
        allowed = [
            c
            for c in range(scores.shape[1])
            if candidates[c] and c not in set(exclude[row].indices)
        ]
        top = sorted(allowed, key=lambda c: -scores[row, c])[:10]
        hits = [c in liked for c in top]
        dcg = sum(h / np.log2(i + 2) for i, h in enumerate(hits))
        ideal = sum(1 / np.log2(i + 2) for i in range(min(len(liked), 10)))
        found.append((sum(hits) / 10, sum(hits) / len(liked), dcg / ideal))
    return np.mean(found, axis=0)


def test_quality_ranks_only_candidates_and_counts_every_hidden_like():
    """Ranking the candidate columns only (as the weights' search does, for speed) must give
    the figures of ranking every title with the others masked; a hidden like that is no
    candidate still counts in recall and in the ideal NDCG."""
    rng = np.random.default_rng(7)
    scores = rng.normal(size=(40, 120)).astype(np.float32)
    exclude = sp.random(40, 120, density=0.1, random_state=1, format="csr")
    positives = sp.random(40, 120, density=0.06, random_state=2, format="csr")
    candidates = rng.random(120) < 0.5
    quality = ranking_quality(scores, exclude, positives, candidates)
    expected = _by_hand(scores, exclude, positives, candidates)
    assert np.allclose([quality.precision, quality.recall, quality.ndcg], expected)
    assert quality.users == int((np.diff(positives.indptr) > 0).sum())
    everything = ranking_quality(scores, exclude, positives)
    assert np.allclose(
        [everything.precision, everything.recall, everything.ndcg],
        _by_hand(scores, exclude, positives, np.ones(120, bool)),
    )
