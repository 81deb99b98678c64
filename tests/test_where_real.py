"""The matcher on the real catalogs (shipped in data/titles) against the hand-labelled samples in
tests/fixtures/where_pairs.csv (rounds 1-4) and tests/fixtures/where_blind_pairs.csv (round 5,
labelled blind to the matcher).

The sample holds title ids, the label decided by reading both rows (title, year, type, length,
directors, cast, description), and a note saying why. Round 1 (208 pairs: random exact-title
pairs, title pairs years apart, remakes, the matcher's borderline rules, near misses) was
labelled while the rules were written; round 2 (60 pairs: random exact-title pairs and near
misses) was drawn and labelled after they were frozen, as a check on overfitting, and its errors
were then studied to revise the rules; round 3 (84 pairs, ``bench/where_sample.py`` seed 3:
seeded exact-key, years-apart and near-miss strata, blind to the matcher) was drawn and labelled
after the revised rules were frozen; round 4 (84 pairs, seed 4, same strata) after the
description rule was frozen. The catalogs are cleaned as the ETL cleans them, then
grouped in memory (no database: fast).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from core.where.catalog import folder_entries
from core.where.evaluate import breakdown, read_labels, score
from core.where.grouping import Grouping, group

FIXTURE = Path(__file__).parent / "fixtures" / "where_pairs.csv"
BLIND = Path(__file__).parent / "fixtures" / "where_blind_pairs.csv"
pytestmark = pytest.mark.real_data


def _pairs() -> list[dict[str, str]]:
    with FIXTURE.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def grouping(real_titles_dir: Path) -> Grouping:
    return group(folder_entries(real_titles_dir))


@pytest.fixture(scope="module")
def work_of(grouping: Grouping) -> dict[str, int]:
    return {title_id: n for n, ids in enumerate(grouping.works) for title_id in ids}


def test_the_labelled_sample_is_big_mixed_and_only_ids(work_of):
    pairs = _pairs()
    assert len(pairs) >= 150
    assert set(pairs[0]) == {"id_a", "id_b", "same", "round", "note"}
    assert {p["same"] for p in pairs} == {"0", "1"}
    assert all(p["id_a"] in work_of and p["id_b"] in work_of for p in pairs)
    assert len({(p["id_a"], p["id_b"]) for p in pairs}) == len(pairs)
    notes = " ".join(p["note"] for p in pairs)
    assert notes.count("near miss") >= 30 and "remake" in notes


ROUNDS = ("1", "2", "3", "4")


def _scores(work_of: dict[str, int], rounds: set[str]) -> tuple[float, float]:
    result = score([p for p in _pairs() if p["round"] in rounds], work_of)
    assert result.precision is not None and result.recall is not None
    return result.precision, result.recall


def test_every_pair_belongs_to_a_known_round():
    assert {p["round"] for p in _pairs()} == set(ROUNDS)


def test_matcher_precision_and_recall_on_the_labelled_sample(work_of, record_property):
    precision, recall = _scores(work_of, set(ROUNDS))
    record_property("all", f"precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.98, precision
    assert recall >= 0.95, recall


@pytest.mark.parametrize(
    ("rounds", "min_precision", "min_recall"),
    [
        # Issue 17 revised the rules after seeing all four rounds: none is held out any more
        # (the blind rounds of where_blind_pairs.csv are). 1.000 / 1.000, 0.970, 1.000, 1.000.
        ("1", 0.98, 0.95),
        ("2", 0.98, 0.95),
        ("3", 0.98, 0.95),
        ("4", 0.98, 0.95),
    ],
)
def test_each_round_is_not_far_behind(work_of, record_property, rounds, min_precision, min_recall):
    """Per-round figures (``pytest --junitxml`` records them; docs/where.md lists them)."""
    precision, recall = _scores(work_of, set(rounds))
    record_property(f"rounds {rounds}", f"precision {precision:.3f}, recall {recall:.3f}")
    print(f"rounds {rounds}: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= min_precision and recall >= min_recall, (precision, recall)


def test_the_blind_rounds_and_all_rounds_pooled_meet_the_targets(work_of, record_property):
    """The blind set (bench/where_blind_sample.py, labelled by a helper who never read the
    matcher). Round 6 was sealed until the rules were frozen (3dfabd8): 0.990 / 0.960 on pairs
    the rules never saw. Round 5: 0.994 / 0.958 with the rules frozen before it was seen
    (a01f128), 1.000 / 0.976 with the rules revised after it. Pooled with rounds 1-4."""
    blind = read_labels(BLIND)
    newest = [p for p in blind if p["round"] == "6"]
    assert len(newest) >= 240
    for label, labels in (
        ("round 6", newest),
        ("round 5", [p for p in blind if p["round"] == "5"]),
        ("pooled", blind + _pairs()),
    ):
        result = score(labels, work_of)
        record_property(label, result.text())
        assert result.precision is not None and result.recall is not None
        assert result.precision >= 0.98 and result.recall >= 0.95, (label, result.text())


def test_no_stratum_of_the_blind_round_is_far_behind(work_of):
    """Per stratum (same_people and random_same_year hold no positives: precision only).
    near_title is the weakest: 15 of 18 in round 5 (0.833), 6 of 9 in round 6 (0.667), 21 of
    27 pooled (0.778)."""
    for label, result in breakdown(read_labels(BLIND), work_of):
        assert result.fp <= 1, (label, result.text())
        if label.startswith("stratum") and result.same >= 25:
            assert result.recall is not None and result.recall >= 0.75, (label, result.text())
        elif label.startswith("round 5, stratum") and result.same >= 15:
            assert result.recall is not None and result.recall >= 0.8, (label, result.text())


def test_works_on_several_platforms(grouping):
    platforms_per_work = Counter(len({i[0] for i in ids}) for ids in grouping.works)
    assert sum(len(ids) for ids in grouping.works) == 22998
    # Figures of docs/where.md; a change in the rules that moves them should say why.
    assert 550 <= platforms_per_work[2] <= 700
    assert 25 <= platforms_per_work[3] <= 45
    assert platforms_per_work[4] == 0  # no title has the same key on all four catalogs
