"""What people rated next (``core.recommend.sequence``): order matters, dislikes do not lead,
and the served index keeps each person's newest titles through updates and forgetting."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from core.recommend.base import Profile, newest_rows, profiles_of
from core.recommend.config import RecommenderConfig
from core.recommend.data import TrainData
from core.recommend.scrub import scrub_arrays
from core.recommend.sequence import NextRated

N_ITEMS = 40
FOLLOWS = {0: 1, 2: 3}
"""In the made data below, whoever rates title 0 rates title 1 right after; 2 leads to 3."""


def _runs(people: int = 80, seed: int = 0) -> TrainData:
    """Each person rates ten titles in time order; title 0 is always followed by 1 and 2 by 3,
    everything else is shuffled."""
    rng = np.random.default_rng(seed)
    users, items, times = [], [], []
    for person in range(people):
        order = [int(t) for t in rng.permutation(np.arange(4, N_ITEMS))[:8]]
        lead = person % 2 * 2  # half of them rate 0 -> 1, the other half 2 -> 3
        at = int(rng.integers(0, len(order)))
        order[at:at] = [lead, FOLLOWS[lead]]
        users += [person] * len(order)
        items += order
        times += list(range(1_000, 1_000 + len(order)))
    return TrainData(
        np.array(users, np.int32),
        np.array(items, np.int32),
        np.full(len(items), 4.0, np.float32),
        np.array(times, np.int64),
        people,
        N_ITEMS,
        sp.csr_matrix((N_ITEMS, 0), dtype=np.float32),
        (),
    )


def _top(model: NextRated, profile: Profile) -> int:
    scores = model.rank_scores(model.vectors([profile]))[0]
    scores[profile.items] = -np.inf
    return int(np.argmax(scores))


def test_the_title_people_rated_next_comes_first_for_whoever_rated_its_lead_last():
    model = NextRated(RecommenderConfig()).fit(_runs())
    for lead, after in FOLLOWS.items():
        older = 7 if lead == 0 else 9
        profile = Profile(np.array([lead, older]), np.array([4.0, 4.0], np.float32), None)
        assert (
            _top(model, Profile(profile.items, profile.ratings, None, np.array([lead, older])))
            == after
        )
        # The same titles without an order: nothing to follow, every score 0.
        assert not model.rank_scores(model.vectors([profile])).any()


def test_a_title_the_person_disliked_leads_nowhere():
    model = NextRated(RecommenderConfig()).fit(_runs())
    disliked = Profile(np.array([0]), np.array([1.0], np.float32), None, np.array([0]))
    liked = Profile(np.array([0]), np.array([3.0], np.float32), None, np.array([0]))
    assert not model.rank_scores(model.vectors([disliked])).any()
    assert _top(model, liked) == 1


def test_the_training_profiles_know_each_persons_newest_titles_newest_first():
    data = _runs(4)
    for profile, person in zip(profiles_of(data, np.arange(4)), range(4), strict=True):
        mine = data.item[data.user == person]
        np.testing.assert_array_equal(profile.recent, mine[::-1][:10])


def test_the_served_index_keeps_the_newest_titles_and_forgetting_empties_them():
    users = np.array([0, 0, 0, 1, 1])
    items = np.array([5, 6, 7, 8, 9])
    times = np.array([30, 10, 20, 5, 5])
    recent = newest_rows(users, items, times, n_users=3)
    assert list(recent[0][:3] - 1) == [5, 7, 6]  # newest first
    assert list(recent[1][:2] - 1) == [9, 8]  # a tie in time: the higher title row first
    assert not recent[2].any()
    scrubbed = scrub_arrays(
        {"idmap_users": np.array([1, 2, 3]), "rated_user_recent": recent}, np.array([0])
    )
    assert not scrubbed["rated_user_recent"][0].any() and scrubbed["rated_user_recent"][1].any()
