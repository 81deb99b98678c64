"""Precision and recall of the grouping against labelled pairs, per round and per stratum.

A labels file is a CSV with the columns ``id_a``, ``id_b``, ``same`` (1 or 0) and ``round``,
and optionally ``stratum`` and ``note`` (``tests/fixtures/where_pairs.csv``,
``tests/fixtures/where_blind_pairs.csv``). A pair counts as matched when the grouping puts both
titles in one work. Pure functions: the benchmark prints what they return, the tests assert it.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Score:
    """The outcome on a set of labelled pairs."""

    pairs: int
    same: int
    """Pairs labelled one work."""
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        """Matched pairs that are one work; None when nothing was matched."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Pairs labelled one work that were matched; None when none is labelled so."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def text(self) -> str:
        """``precision 1.000, recall 0.956 (tp 194, fp 0, fn 9)``."""

        def figure(x: float | None) -> str:
            return "n/a" if x is None else f"{x:.3f}"

        return (
            f"precision {figure(self.precision)}, recall {figure(self.recall)} "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


def read_labels(path: Path) -> list[dict[str, str]]:
    """The rows of a labels file; raises ``ValueError`` naming a missing column."""
    with Path(path).open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    missing = {"id_a", "id_b", "same", "round"} - set(rows[0] if rows else {})
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    return rows


def score(labels: Iterable[Mapping[str, str]], work_of: Mapping[str, int]) -> Score:
    """The outcome of the grouping ``work_of`` (title id -> work) on ``labels``."""
    tp = fp = fn = pairs = same = 0
    for row in labels:
        matched = work_of[row["id_a"]] == work_of[row["id_b"]]
        truth = row["same"].strip() == "1"
        pairs += 1
        same += truth
        tp += matched and truth
        fp += matched and not truth
        fn += truth and not matched
    return Score(pairs, same, tp, fp, fn)


def _by(rows: list[Mapping[str, str]], key: Callable[[Mapping[str, str]], str]) -> list[str]:
    return sorted({key(r) for r in rows}, key=lambda k: (len(k), k))


def breakdown(
    labels: list[Mapping[str, str]], work_of: Mapping[str, int]
) -> list[tuple[str, Score]]:
    """``(label, Score)`` for all pairs, each round, each stratum, and each stratum of each
    round (the last two only when the file has a ``stratum`` column)."""
    rows = [("all", score(labels, work_of))]
    for r in _by(labels, lambda row: row["round"]):
        rows.append((f"round {r}", score([x for x in labels if x["round"] == r], work_of)))
    if labels and "stratum" in labels[0]:
        for s in _by(labels, lambda row: row["stratum"]):
            chosen = [x for x in labels if x["stratum"] == s]
            rows.append((f"stratum {s}", score(chosen, work_of)))
        for r in _by(labels, lambda row: row["round"]):
            for s in _by(labels, lambda row: row["stratum"]):
                chosen = [x for x in labels if x["round"] == r and x["stratum"] == s]
                if chosen:
                    rows.append((f"round {r}, stratum {s}", score(chosen, work_of)))
    return rows
