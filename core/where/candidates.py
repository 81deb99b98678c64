"""Which pairs of catalog titles the matcher judges (``candidate_pairs``).

Judging every pair of 23,000 titles is out of the question, and most pairs could never match.
A pair is judged when one of these finds it, each through an index, never pair by pair:

1. **One title key** (``core.where.normalize.title_key``) and one type. Movies more than a year
   apart only if they share a name (written identically), or, up to three years apart, if
   nothing is known of their people and both have a length and a description: nothing else
   could make them a match. Two identical titles of one platform that share no name are not
   judged (a platform lists a work once).
2. **An alternative title** of one is the other's key ("Uzumaki (Spiral)" / "Spiral", "Money
   Heist" / "La casa de papel"): relation ``alt``.
3. **The same words in another order**, four words or more, a year apart at most, one title in
   parts (a subtitle, a bracket: "Star Wars: The Last Jedi (Episode VIII)" / "Star Wars: Episode
   VIII: The Last Jedi"; not "Wedding of the Hunter" / "Hunter of the Wedding"): ``reordered``.
4. **Keys spelt alike** (``fuzz.ratio`` >= ``SPELLING_RATIO``, eight letters or more), one type,
   at most two years apart, found among keys that begin alike when one title lists nobody,
   and through shared people otherwise: "Blippi's Spooky Spells Halloween" / "…Spell…"
   (``spelling``). Sequel numbers must agree, except a number before a
   subtitle both titles have ("Alpha and Omega 4: The Legend of the Saw Toothed Cave" / "Alpha
   and Omega: The Legend of the Saw Tooth Cave").
5. **A subtitle added**: a film whose title is another film's title (two words or more) and
   more words, the same year and length, one of them listing nobody ("Chasing Trane" /
   "Chasing Trane: The John Coltrane Documentary"): ``variant``.
6. **Shared people**: titles within two years that share a director or both leading cast
   members, whose titles differ: by extra words (``variant``: "Ralph Breaks the Internet" /
   "…: Wreck-It Ralph 2"), or entirely (``retitled``: a translated title, a special listed
   under two names). The judge asks strong people evidence of both.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

import numpy as np
from rapidfuzz import fuzz, process

from core.where.entry import MOVIE, SHOW, Entry
from core.where.match import generic_extra, title_relation, words_inside

SPELLING_RATIO = 90.0
_SPELLING_MIN = 8
"""Letters a key needs before a spelling variant of it is looked for ("Blame" / "Blames" are
too short to tell a typo from another word)."""
_SPELLING_YEARS = 2
_AFFIX = 5
"""Letters of the start of a key that spelling variants are grouped by."""
_MAX_AFFIX_BLOCK = 150
"""A start shared by more keys than this is a common word, not a title ("littl", "black"), and
is not walked. The real catalogs' largest block has 85 keys; the generated catalog, made of a
few hundred words, has hundreds of blocks of 300 and more."""
_DESCRIBED_YEARS = 3
_LEADS = 3
"""Leading cast members that make movies years apart worth judging (with the directors)."""
_MAX_NAME_TITLES = 40
"""A name on more titles than this (a studio credited as director) finds no variants."""
_PEOPLE_YEARS = 2
_NUMBER_BEFORE_SUBTITLE = re.compile(r"\b(\d+|[ivx]+)\s*:", re.IGNORECASE)
_PARTS = re.compile(r"[:(\[]| - ")
"""A title in parts (a subtitle, a bracket): the parts may be listed in another order."""


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
    """The pairs of one key block worth judging, ``i < j``: shows of any year; movies as
    ``_movie_pair`` says. Large blocks (a generic title, "The Detective") are walked by year
    and by name rather than pair by pair."""
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


def _numbers_agree(a: Entry, b: Entry) -> bool:
    """Sequel numbers equal; or one title has none and the other's stands before a subtitle
    both have ("Alpha and Omega 4: The Legend…" / "Alpha and Omega: The Legend…")."""
    na = [w for w in a.key.words if w.isdigit()]
    nb = [w for w in b.key.words if w.isdigit()]
    if na == nb:
        return True
    if na and nb:
        return False
    numbered, plain = (a, b) if na else (b, a)
    return ":" in plain.title and _NUMBER_BEFORE_SUBTITLE.search(numbered.title) is not None


def spelt_alike(a: Entry, b: Entry) -> bool:
    """Keys of eight letters or more spelt alike, with sequel numbers that agree."""
    ka, kb = a.key.key, b.key.key
    if min(len(ka), len(kb)) < _SPELLING_MIN or ka == kb:
        return False
    return fuzz.ratio(ka, kb) >= SPELLING_RATIO and _numbers_agree(a, b)


class _Index:
    """Every index the candidates need, built in one pass over the entries."""

    def __init__(self, entries: list[Entry]) -> None:
        self.blocks: dict[str, list[int]] = defaultdict(list)
        self.bags: dict[str, list[int]] = defaultdict(list)
        self.by_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.starts: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.nobody_starts: set[tuple[str, str]] = set()
        self.by_people: dict[object, list[int]] = defaultdict(list)
        for i, e in enumerate(entries):
            key, kind, words = e.key.key, e.kind, e.key.words
            if key:
                self.blocks[key].append(i)
            if len(words) >= 4:
                self.bags[e.key.bag].append(i)
            if kind == MOVIE and e.minutes and len(words) >= 2:
                self.by_words[words].append(i)
            if len(key) >= _SPELLING_MIN:
                self.starts[kind, key[:_AFFIX]].append(i)
                if not e.directors and not e.cast:
                    self.nobody_starts.add((kind, key[:_AFFIX]))
            for name in e.directors:
                self.by_people[kind, name].append(i)
            if len(e.cast) >= 2:
                self.by_people[kind, frozenset(e.cast[:2])].append(i)
            elif e.cast:  # a one-person cast: a performer's specials
                self.by_people[kind, "lead", e.cast[0]].append(i)


def _spelling_pairs(entries: list[Entry], index: _Index) -> Iterator[tuple[int, int]]:
    """Pairs found by ``spelt_alike`` among keys of one type that begin alike, one of them a
    title that lists nobody (titles with people find their spelling variants through their
    people: ``_people_pairs``). Each block is compared at once by ``process.cdist``."""
    for block in index.nobody_starts:
        members = index.starts[block]
        if not 1 < len(members) <= _MAX_AFFIX_BLOCK:
            continue
        found = [i for i in members if not entries[i].directors and not entries[i].cast]
        scores = process.cdist(
            [entries[i].key.key for i in found],
            [entries[i].key.key for i in members],
            scorer=fuzz.ratio,
            score_cutoff=SPELLING_RATIO,
            dtype=np.uint8,
            workers=1,
        )
        for x, y in zip(*np.nonzero(scores), strict=True):
            i, j = sorted((found[x], members[y]))
            a, b = entries[i], entries[j]
            if (
                i != j
                and abs(a.year - b.year) <= _SPELLING_YEARS
                and a.key.key != b.key.key
                and _numbers_agree(a, b)
            ):
                yield i, j


def _people_pairs(entries: list[Entry], index: _Index) -> Iterator[tuple[int, int]]:
    """Titles of one type within ``_PEOPLE_YEARS`` that share a director, both leading cast
    members, or the only cast member (a comedian's specials), and whose keys differ; on two
    platforms, or on one when one is a language version (other titles of one platform are
    other works)."""
    seen: set[tuple[int, int]] = set()
    for ids in index.by_people.values():
        if 1 < len(ids) <= _MAX_NAME_TITLES:
            for i, j in itertools.combinations(ids, 2):
                a, b = entries[i], entries[j]
                if (
                    (a.platform != b.platform or a.key.edition or b.key.edition)
                    and abs(a.year - b.year) <= _PEOPLE_YEARS
                    and a.key.key != b.key.key
                    and (i, j) not in seen
                ):
                    seen.add((i, j))
                    yield i, j


def _subtitle_pair(a: Entry, b: Entry) -> bool:
    """A film and one with its title and a subtitle that only the rest of the rows could join
    (titles with people on both sides find each other through them): one lists nobody, the
    same year, lengths a minute apart at most."""
    nobody = not (a.directors or a.cast) or not (b.directors or b.cast)
    return nobody and a.year == b.year and abs((a.minutes or 0) - (b.minutes or 0)) <= 1


def _people_relation(a: Entry, b: Entry) -> str | None:
    """The title relation of a pair found through its people, or None when it could not be a
    match: other titles need the same year (a year apart at most) and, for films, lengths
    within a few minutes."""
    relation = title_relation(a, b)
    if relation != "variant":
        return relation
    if words_inside(a, b) or generic_extra(a, b):
        return "variant"
    if spelt_alike(a, b):
        return "spelling"
    if abs(a.year - b.year) > 1:
        return None
    if a.kind == MOVIE and not (a.minutes and b.minutes and abs(a.minutes - b.minutes) <= 5):
        return None
    if len({*a.directors, *a.cast} & {*b.directors, *b.cast}) < 2:
        return None  # retitled needs two names in common at least
    return "retitled"


def candidate_pairs(entries: list[Entry]) -> Iterable[tuple[int, int, str]]:
    """``(i, j, title_relation)`` for every pair worth judging (indices into ``entries``,
    ``i < j``), each pair once, with the relations of the module docstring."""
    index = _Index(entries)
    blocks, bags, by_words = index.blocks, index.bags, index.by_words
    seen: set[tuple[int, int]] = set()
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
                seen.add((i, j))
                yield i, j, title_relation(a, b)

    def fresh(i: int, j: int) -> tuple[int, int] | None:
        """The pair in order, when it is new and could match: one type, and (other titles)
        two platforms, or one platform's language versions."""
        pair = (min(i, j), max(i, j))
        a, b = entries[i], entries[j]
        if i == j or pair in seen or a.kind != b.kind:
            return None
        if a.platform == b.platform and not (a.key.edition or b.key.edition):
            return None
        seen.add(pair)
        return pair

    for i, e in enumerate(entries):
        for alt in e.alt_keys:
            for j in blocks.get(alt, ()):
                if (pair := fresh(i, j)) is not None:
                    yield *pair, "alt"
    for members in bags.values():
        for i, j in itertools.combinations(members, 2):
            a, b = entries[i], entries[j]
            if (
                a.key.key != b.key.key
                and abs(a.year - b.year) <= 1
                and (_PARTS.search(a.title) or _PARTS.search(b.title))
                and (pair := fresh(i, j)) is not None
            ):
                yield *pair, "reordered"
    for i, e in enumerate(entries):
        if e.kind == MOVIE and e.minutes and len(e.key.words) >= 3:
            for k in range(2, len(e.key.words)):
                for j in by_words.get(e.key.words[:k], ()):
                    if _subtitle_pair(e, entries[j]) and (pair := fresh(i, j)) is not None:
                        yield *pair, "variant"
    for i, j in _spelling_pairs(entries, index):
        if (pair := fresh(i, j)) is not None:
            yield *pair, "spelling"
    for i, j in _people_pairs(entries, index):
        relation = _people_relation(entries[i], entries[j])
        if relation is not None and (pair := fresh(i, j)) is not None:
            yield *pair, relation
