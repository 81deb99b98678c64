"""The matcher: which catalog titles are one work, and the evidence for every decision.

Pure functions over plain records (``Entry``), so the rules are tested on tiny hand-made data.

Candidates (``candidate_pairs``):

1. Titles with the same key (``core.where.normalize.title_key``) and type. Movies more than a
   year apart are candidates only if they share a name (written identically), or, up to three
   years apart, if nothing is known of their people and both have a length and a description:
   nothing else could make them a match.
2. Title variants: movies within two years that share a director or both leading cast members,
   and whose titles differ only by extra words ("Ralph Breaks the Internet" / "…: Wreck-It Ralph
   2"; a sequel number does not count) or by a close spelling (``ratio`` >= 92, "Pyar" /
   "Pyaar"). They need strong people evidence.

``judge`` decides a pair from the evidence, in this order (``rule`` names the step that decided):

- ``type``: a movie is never a show. The duration's unit decides: Hulu rows typed "movie" but
  measured in seasons are shows.
- ``people``: both list directors and none is shared, and the casts share nobody (or one lists
  none); or both list a cast, nobody is shared, and the directors do not match. Names are
  compared as ``core.where.people`` explains. Animation is the exception: two animated or
  children's titles with different casts are different dubs (cast state ``dubbed``), not
  different works. A one-word director credit that is a word of the title (a brand, "Pinkfong",
  or the star of a special) is not compared (``_credited``): it says nothing the title does not.
- ``audience`` (shows with no people evidence): one labelled animated and the other neither
  animated nor for children ("What If...?", Marvel's cartoon, and "WHAT / IF", a thriller).
- ``duration`` (movies): lengths 1.5x and 20+ minutes apart are different films unless the
  people evidence is strong; with no people evidence, the lengths must agree (within 10%).
- ``year`` (movies): within one year, a match when the people agree, or when nothing is known
  of the people (Hulu lists none) and the lengths agree. Further apart only strong people
  evidence matches (``people_not_year``: a shared director and no cast conflict, or two shared
  cast members, names equal once normalised): that is what keeps remakes apart.
- ``namesake`` (movies): with nothing known of the people and no length to compare, the title
  and the year are the only evidence; that is not enough when other movies carry the title key
  more than a year away from both (the title names several films: "The Game" 1997, 2011 and
  two of 2021). ``group`` finds the namesakes; shows are exempt, since one show is often listed
  under several years.
- ``description`` (movies with nothing known of the people, equal title keys): descriptions
  alike (``core.where.describe``, similarity >= ``DESCRIPTION_MIN``) stand in for the missing
  evidence. Within a year, where lengths that differ (not 1.5x), a missing length among
  namesakes, or a dropped article would refuse the match; and two or three years apart
  (``_DESCRIBED_YEARS``) when the lengths agree, since catalogs misdate films ("A 2nd Chance",
  2011 and 2014; "Maze", 2017 and 2019). Never further apart: remakes are described alike ("The
  Parent Trap" 1961 and 1998 score 0.61), so only the year keeps them apart. Never for shows (a
  revival is described as its original: "Press Your Luck" 1984 and 2019 score 0.36) nor for
  title variants, and never against a people conflict, which is decided first.
- ``show_year``: platforms list a show under the year of its first or of its latest season,
  and often only the seasons they carry, so a show's listings may be apart by its season count
  plus ``_SHOW_SLACK`` years (``show_years``, ``people_show_years``); further apart they are a
  reboot or a namesake ("The Tick" 1994 / 2016).
- ``article``: titles equal only once a leading "The" is dropped ("Soul" / "The Soul") with
  nothing known of the people need their lengths (movies) or season counts (shows) to agree.

``group`` merges the matches, strongest first, into works, and refuses a merge that would put two
titles judged different (a ``HARD`` reason) in one work. A platform may hold several titles of
one work (Prime Video lists "Saaho" in four languages, and "4K UHD" copies).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz

from core.where.describe import Descriptions
from core.where.normalize import TitleKey, name_tokens
from core.where.people import compare_people, crew

MOVIE, SHOW = "movie", "tv show"
HARD = frozenset({"type", "people", "duration", "year", "override"})
"""Reasons that say two titles are different works; other refusals only lack evidence (a show's
years, for one: its listings are too unreliable to forbid a merge other evidence supports)."""
_SHOW_SLACK = 4
"""A show's listings may be this many years apart beyond its season count (platforms list the
year of the first, or of the latest, season; and often only the seasons they carry)."""
_TITLE_RATIO = 92.0
DESCRIPTION_MIN = 0.3
"""Descriptions this alike confirm a film when nothing is known of its people. Of the films
with one title key the rule could join in the real catalogs, the two true matches score 0.35
and 1.0, the rest 0.21 or less; namesakes and remakes of the labelled sample score at most
0.23 (two Pinocchio films)."""
_DESCRIBED_YEARS = 3
"""Films this many years apart at most may be confirmed by their descriptions."""
MAX_CAST = 12
"""Cast members compared per title: billing order puts the shared ones first."""
_LEADS = 3
"""Leading cast members that make movies years apart worth judging (with the directors)."""
_MAX_NAME_TITLES = 40
"""A name on more titles than this (a studio credited as director) finds no variants."""


class Entry(NamedTuple):
    """One catalog title, as the matcher sees it."""

    id: str
    platform: str
    kind: str
    """``movie`` or ``tv show``, from the duration's unit when there is one."""
    year: int
    title: str
    key: TitleKey
    directors: tuple[str, ...] = ()
    """Names as the catalog writes them (lower-case); compared through ``crew``."""
    cast: tuple[str, ...] = ()
    minutes: int | None = None
    seasons: int | None = None
    audience: str | None = None
    """``animated``, ``young`` (for children), ``other``, or None without genre labels; see
    ``audience_of``."""
    description: str = ""


def audience_of(labels: str | list[str] | tuple[str, ...]) -> str | None:
    """What genre labels say of the audience: ``animated`` ("anime series", "adult animation"),
    ``young`` ("kids' tv", "children & family movies") or ``other``. Platforms label
    differently ("family" alone says nothing: Disney+ puts it on nearly everything), but an
    animated show is labelled animated or for children everywhere. None for no labels.

    ``labels`` may be one string of them all (lower-case, any separator)."""
    if not labels:
        return None
    text = labels if isinstance(labels, str) else "|".join(labels)
    if "animat" in text or "anime" in text or "cartoon" in text:
        return "animated"
    return "young" if "kid" in text or "child" in text else "other"


class Verdict(NamedTuple):
    same: bool
    rule: str
    """Why: the step of ``judge`` that decided (see the module docstring)."""
    score: float
    """Strength of a match (merge order); 0 for a refusal."""
    evidence: dict
    """JSON-ready: what was compared and what was found."""


def _minutes(a: Entry, b: Entry) -> str:
    if a.minutes is None or b.minutes is None or not a.minutes or not b.minutes:
        return "unknown"
    low, high = sorted((a.minutes, b.minutes))
    if high - low <= max(5, 0.1 * high):
        return "close"
    if high >= 1.5 * low and high - low >= 20:
        return "far"
    return "differs"


def title_relation(a: Entry, b: Entry) -> str:
    """``same`` (equal but for case and punctuation), ``key`` (equal keys), ``article`` (equal
    keys, one with a leading article the other lacks), else ``variant``."""
    if a.key.key != b.key.key:
        return "variant"
    if a.key.article != b.key.article and (a.key.article is None or b.key.article is None):
        return "article"
    return "same" if a.title.casefold() == b.title.casefold() else "key"


def _decide(
    a: Entry,
    b: Entry,
    title: str,
    d: dict,
    c: dict,
    dy: int,
    minutes: str,
    namesakes: bool,
    described: Callable[[], bool],
):
    """``(same, rule, score)`` from the evidence; the steps of the module docstring.
    ``described()`` compares the descriptions (only called where they may decide)."""
    dstate, cstate = d["state"], c["state"]
    if (dstate == "conflict" and cstate != "match") or (cstate == "conflict" and dstate != "match"):
        return False, "people", 0.0
    people = dstate == "match" or cstate == "match"
    if a.kind == SHOW and not people and {a.audience, b.audience} == {"animated", "other"}:
        return False, "audience", 0.0
    strong = (dstate == "match" and cstate != "conflict") or (
        len(c["shared"]) >= 2 and dstate != "conflict"
    )
    bonus = (0.5 if title == "same" else 0.0) + (0.3 if dy == 0 else 0.0)
    if a.kind == MOVIE:
        if minutes == "far" and not strong:
            return False, "duration", 0.0
        nobody = dstate == "unknown" and cstate == "unknown" and title != "variant"
        if dy > 1:
            if strong:
                return True, "people_not_year", 2.5 + bonus
            if nobody and dy <= _DESCRIBED_YEARS and minutes == "close" and described():
                return True, "description", 1.0 + bonus
            return False, "year", 0.0
        if title == "variant":
            ok = strong and minutes in ("close", "unknown")
            return ok, "variant", 2.0 + bonus if ok else 0.0
        if people:
            return True, "people", (3.0 if strong else 2.0) + bonus
        refusal = (
            "duration"
            if minutes == "differs"
            else "article"
            if title == "article" and minutes != "close"
            else "namesake"
            if namesakes and minutes == "unknown"
            else None
        )
        if refusal is None:
            return True, "title_year", 1.0 + bonus
        if nobody and described():
            return True, "description", 1.0 + bonus
        return False, refusal, 0.0
    if title == "variant":
        return False, "variant", 0.0
    if dy <= 1:
        if people:
            return True, "people", (3.0 if strong else 2.0) + bonus
        if title == "article" and (a.seasons is None or a.seasons != b.seasons):
            return False, "article", 0.0
        return True, "title_year", 1.0 + bonus
    span = max(a.seasons or 1, b.seasons or 1) + _SHOW_SLACK
    if people and (strong or dy <= span):
        return True, "people_show_years", 2.0 + bonus
    if not people and dy <= span and title != "article":
        return True, "show_years", 0.8 + bonus
    return False, "show_year", 0.0


def _cast(e: Entry) -> tuple[str, ...]:
    return e.cast if len(e.cast) <= MAX_CAST else e.cast[:MAX_CAST]


def _credited(e: Entry) -> tuple[str, ...]:
    """The directors that name a person: a one-word credit that is a word of the title is the
    brand or the star ("Pinkfong and Baby Shark's Space Adventure", directed by "pinkfong"; a
    comedian's special), which says nothing the title does not."""
    if not e.directors:
        return e.directors
    kept = tuple(
        d for d in e.directors if len(tokens := name_tokens(d)) != 1 or tokens[0] not in e.key.words
    )
    return kept if len(kept) < len(e.directors) else e.directors


def judge(
    a: Entry,
    b: Entry,
    title: str | None = None,
    *,
    namesakes: bool = False,
    descriptions: Descriptions | None = None,
) -> Verdict:
    """Are ``a`` and ``b`` one work? ``title`` is their ``title_relation`` (computed if None);
    ``namesakes`` says that other titles of their type carry their title key more than a year
    away from both (the title names several works: ``group`` finds them). ``descriptions``
    weighs the words of the descriptions (``group`` builds it from the whole catalog; by
    default, from ``a`` and ``b`` alone).

    Names are compared loosely (spelling variants) except where only strong evidence can make
    a match (movies two or more years or 1.5x in length apart): there, names must be equal
    once normalised. The evidence says which (``names``).
    """
    title = title or title_relation(a, b)
    if a.kind != b.kind:
        evidence = {"title": title, "titles": [a.title, b.title], "types": [a.kind, b.kind]}
        return Verdict(False, "type", 0.0, evidence)
    dy = abs(a.year - b.year)
    minutes = _minutes(a, b) if a.kind == MOVIE else "n/a"
    loose = a.kind != MOVIE or (dy <= 1 and minutes != "far")
    directors = compare_people(crew(_credited(a)), crew(_credited(b)), loose)
    cast = compare_people(crew(_cast(a)), crew(_cast(b)), loose)
    if cast["state"] == "conflict" and {a.audience, b.audience} <= {"animated", "young"}:
        cast["state"] = "dubbed"  # animation: voice casts differ between dubs; not evidence
    compared: list = []

    def described() -> bool:
        found = (descriptions or Descriptions((a.description, b.description))).similarity(
            a.description, b.description, (*a.key.words, *b.key.words)
        )
        compared.append(found)
        return found[0] >= DESCRIPTION_MIN

    same, rule, score = _decide(a, b, title, directors, cast, dy, minutes, namesakes, described)
    evidence = {
        "title": title,
        "titles": [a.title, b.title],
        "types": [a.kind, b.kind],
        "years": [a.year, b.year],
        "directors": directors,
        "cast": cast,
        "names": "loose" if loose else "exact",
        "minutes": [a.minutes, b.minutes],
        "seasons": [a.seasons, b.seasons],
    }
    if namesakes:
        evidence["namesakes"] = True
    if compared:
        similarity, common = compared[0]
        evidence["description"] = {"similarity": round(similarity, 2), "shared": common[:8]}
    return Verdict(same, rule, score, evidence)


# --- candidates and grouping -------------------------------------------------------------------


def _is_variant(a: Entry, b: Entry) -> bool:
    """Titles that differ by extra words (not a sequel number) or by a close spelling."""
    wa, wb = set(a.key.words), set(b.key.words)
    small, big = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if small and small < big:
        return not all(w.isdigit() for w in big - small)
    digits_a = [w for w in a.key.words if w.isdigit()]
    digits_b = [w for w in b.key.words if w.isdigit()]
    return digits_a == digits_b and fuzz.ratio(a.key.key, b.key.key) >= _TITLE_RATIO


def _share_a_name(a: Entry, b: Entry) -> bool:
    """A director or cast member written identically in both (a cheap pre-check)."""
    return not set(a.directors).isdisjoint(b.directors) or not set(a.cast).isdisjoint(b.cast)


def _may_describe(a: Entry, b: Entry) -> bool:
    """Movies two or three years apart that only their descriptions could join: nothing is
    known of their people (one lists no directors, one no cast), both have a length and a
    description (a cheap pre-check)."""
    return bool(
        (not a.directors or not b.directors)
        and (not a.cast or not b.cast)
        and a.minutes
        and b.minutes
        and a.description
        and b.description
    )


def _movie_pair(a: Entry, b: Entry) -> bool:
    """Movies of one key worth judging: a year apart at most, sharing a name, or within
    ``_DESCRIBED_YEARS`` when the descriptions may decide."""
    dy = abs(a.year - b.year)
    return dy <= 1 or _share_a_name(a, b) or (dy <= _DESCRIBED_YEARS and _may_describe(a, b))


def _block_pairs(entries: list[Entry], members: list[int]) -> Iterable[tuple[int, int]]:
    """The pairs of one key block that ``candidate_pairs`` keeps, ``i < j``: shows of any year;
    movies at most a year apart, sharing a name, or within ``_DESCRIBED_YEARS`` when only their
    descriptions could join them (``_may_describe``). Large blocks (a
    generic title, "The Detective") are walked by year and by name rather than pair by pair."""
    if len(members) <= 4:
        for i, j in itertools.combinations(members, 2):
            a, b = entries[i], entries[j]
            if a.kind == b.kind and (a.kind == SHOW or _movie_pair(a, b)):
                yield i, j
        return
    shows = [i for i in members if entries[i].kind == SHOW]
    yield from itertools.combinations(shows, 2)
    movies = sorted((i for i in members if entries[i].kind == MOVIE), key=lambda i: entries[i].year)
    found: set[tuple[int, int]] = set()
    for n, i in enumerate(movies):
        for j in movies[n + 1 :]:
            dy = entries[j].year - entries[i].year
            if dy > _DESCRIBED_YEARS:
                break
            if dy <= 1 or _may_describe(entries[i], entries[j]):
                found.add((min(i, j), max(i, j)))
    by_name: dict[str, list[int]] = defaultdict(list)
    for i in movies:  # a strong match needs a director or a leading cast member in common
        for name in {*entries[i].directors, *entries[i].cast[:_LEADS]}:
            by_name[name].append(i)
    for ids in by_name.values():
        found.update((min(i, j), max(i, j)) for i, j in itertools.combinations(ids, 2))
    yield from sorted(found)


def candidate_pairs(entries: list[Entry]) -> Iterable[tuple[int, int, str]]:
    """``(i, j, title_relation)`` for every pair worth judging (indices into ``entries``).

    Titles with one key and one type are candidates, except movies more than a year apart
    that share no name and that their descriptions cannot join (``_movie_pair``: without strong
    people evidence they cannot match, so they are not judged one by one, nor stored; ``group``
    still refuses to merge them), and two identical titles of one platform that share no name
    (a platform lists a work once; its versions differ by a tag, "Saaho (Tamil)", or share their
    crew)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        if e.key.key:
            blocks[e.key.key].append(i)
    for members in blocks.values():
        if len(members) > 1:
            for i, j in _block_pairs(entries, members):
                a, b = entries[i], entries[j]
                if (
                    a.platform == b.platform
                    and a.title.casefold() == b.title.casefold()
                    and not _share_a_name(a, b)
                ):
                    continue  # one platform lists one title twice: two works, unless one crew
                yield i, j, title_relation(a, b)
    # Variants: movies within two years that share a director, or both leading cast members.
    by_people: dict[object, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        if e.kind == MOVIE:
            for name in e.directors:
                by_people[name].append(i)
            if len(e.cast) >= 2:
                by_people[frozenset(e.cast[:2])].append(i)
    seen: set[tuple[int, int]] = set()
    for ids in by_people.values():
        if 1 < len(ids) <= _MAX_NAME_TITLES:
            for i, j in itertools.combinations(ids, 2):
                a, b = entries[i], entries[j]
                if (
                    abs(a.year - b.year) <= 2
                    and a.key.key != b.key.key
                    and (i, j) not in seen
                    and _is_variant(a, b)
                ):
                    seen.add((i, j))
                    yield i, j, "variant"


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


def group(
    entries: list[Entry], overrides: dict[tuple[str, str], tuple[bool, str]] | None = None
) -> Grouping:
    """Judge every candidate pair and merge the matches into works (strongest first).

    ``overrides`` maps a pair of title ids to a hand decision (same work or not) and its note;
    it beats the rules (rule ``override``).
    """
    years: dict[tuple[str, str], list[int]] = defaultdict(list)
    for e in entries:
        years[e.key.key, e.kind].append(e.year)
    judged: dict[tuple[int, int], Verdict] = {}
    descriptions = Descriptions([e.description for e in entries])
    for i, j, relation in candidate_pairs(entries):
        a, b = entries[i], entries[j]
        namesakes = relation != "variant" and any(
            abs(y - a.year) > 1 and abs(y - b.year) > 1 for y in years[a.key.key, a.kind]
        )
        judged[min(i, j), max(i, j)] = judge(
            a, b, relation, namesakes=namesakes, descriptions=descriptions
        )
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
