"""Merging the matches into works (``group``): strongest first, never against a hard "no".

``group`` judges every candidate pair (``core.where.candidates``), then merges the matches,
strongest first, and refuses a merge that would put two titles judged different (a ``HARD``
reason of ``core.where.match``) in one work. Two titles of one platform in one work must be
copies of each other (``core.where.match``, rule ``platform``), so a wrong merge inside one
platform cannot block the true cross-platform match of the first film. A platform may still
hold several titles of one work: Prime Video lists "Saaho" in four languages, and "4K UHD"
copies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from core.where.candidates import candidate_pairs
from core.where.describe import Descriptions
from core.where.entry import Entry
from core.where.match import HARD, OTHER_TITLES, Verdict, judge


class Judged(NamedTuple):
    a: str
    b: str
    verdict: Verdict
    decision: str
    """``link`` (merged two works), ``same`` (matched, already one work), ``blocked`` (matched,
    but the merge would join titles judged different) or ``apart`` (not a match)."""


@dataclass(frozen=True, slots=True)
class Grouping:
    works: list[list[str]]
    """Title ids per work, in the order of ``entries`` (``load_entries`` gives id order)."""
    pairs: list[Judged]


def _judge_all(entries: list[Entry]) -> dict[tuple[int, int], Verdict]:
    """Every candidate pair judged, ``(i, j)`` with ``i < j``."""
    years: dict[tuple[str, str], list[int]] = defaultdict(list)
    for e in entries:
        years[e.key.key, e.kind].append(e.year)
    descriptions = Descriptions([e.description for e in entries])
    judged: dict[tuple[int, int], Verdict] = {}
    for i, j, relation in candidate_pairs(entries):
        a, b = entries[i], entries[j]
        namesakes = relation not in OTHER_TITLES and any(
            abs(y - a.year) > 1 and abs(y - b.year) > 1 for y in years[a.key.key, a.kind]
        )
        judged[i, j] = judge(a, b, relation, namesakes=namesakes, descriptions=descriptions)
    return judged


def group(
    entries: list[Entry], overrides: dict[tuple[str, str], tuple[bool, str]] | None = None
) -> Grouping:
    """Judge every candidate pair and merge the matches into works (strongest first).

    ``overrides`` maps a pair of title ids to a hand decision (same work or not) and its note;
    it beats the rules (rule ``override``).
    """
    judged = _judge_all(entries)
    index = {e.id: i for i, e in enumerate(entries)}
    for (a, b), (same, note) in (overrides or {}).items():
        if a in index and b in index and a != b:
            i, j = sorted((index[a], index[b]))
            evidence = {"note": note, "titles": [entries[i].title, entries[j].title]}
            judged[i, j] = Verdict(same, "override", 10.0 if same else 0.0, evidence)
    parent = list(range(len(entries)))
    members: dict[int, list[int]] = {}
    """Root -> the entries of its work, for works of two or more titles only."""

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def conflict(x: int, y: int) -> bool:
        v = judged.get((min(x, y), max(x, y)))
        if v is None:
            v = judge(entries[x], entries[y], "variant")
        return not v.same and v.rule in HARD

    decisions: dict[tuple[int, int], str] = {}
    order = sorted(
        ((k, v) for k, v in judged.items() if v.same),
        key=lambda kv: (-kv[1].score, entries[kv[0][0]].id, entries[kv[0][1]].id),
    )
    for (i, j), _ in order:
        ri, rj = find(i), find(j)
        if ri == rj:
            decisions[i, j] = "same"
            continue
        mi, mj = members.get(ri, [ri]), members.get(rj, [rj])
        if any(conflict(x, y) for x in mi for y in mj):
            decisions[i, j] = "blocked"
            continue
        if len(mi) < len(mj):
            ri, rj, mi, mj = rj, ri, mj, mi
        parent[rj] = ri
        members[ri] = mi + mj
        members.pop(rj, None)
        decisions[i, j] = "link"
    merged = {min(ms): sorted(ms) for ms in members.values()}
    covered = {m for ms in members.values() for m in ms}
    works = [
        [entries[m].id for m in merged[i]] if i in merged else [e.id]
        for i, e in enumerate(entries)
        if i in merged or i not in covered
    ]
    pairs = [
        Judged(entries[i].id, entries[j].id, v, decisions.get((i, j), "apart"))
        for (i, j), v in judged.items()
    ]
    return Grouping(works, pairs)
