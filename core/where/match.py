"""The matcher's judge: are two catalog titles one work? Every decision keeps its evidence.

Pure functions over plain records (``core.where.entry.Entry``), so the rules are tested on tiny
hand-made data. ``core.where.candidates`` says which pairs are judged, ``core.where.grouping``
merges the matches into works.

The title relation of a pair (``title_relation``) says how its titles compare: ``same`` (equal
but for case and punctuation), ``key`` (equal keys: tags, articles, accents aside), ``article``
("Soul" / "The Soul"), ``reordered`` (the same words in another order: "Star Wars: The Last Jedi
(Episode VIII)" / "Star Wars: Episode VIII: The Last Jedi"), ``spelling`` (keys spelt alike: "Spooky
Spells" / "Spooky Spell"), ``variant`` (one title's words inside the other's), ``alt`` (one's
alternative title is the other's title: "Money Heist" / "La casa de papel") or ``retitled``
(other titles, found through shared people). The last five are "other titles": they need more.

``judge`` decides from the evidence, in this order (``rule`` names the step that decided):

- ``type``: a movie is never a show (the duration's unit decides).
- ``platform``: one platform lists a work once, except for editions ("Saaho (Tamil)" and
  "Saaho (Hindi)", "(Sub) Akira" and "(Dub) Akira", a "4K UHD" copy, "Lost en Español"): two
  titles of one platform are judged as copies only with one title key and an edition tag or
  shared people (``_copies``); under two titles, only a language version with the people, the
  year and the length of the other (``copies``). A film and its sequel or its short, on one
  platform, stay two works.
- ``region`` / ``year_tag``: "The Office (U.K.)" is not "The Office (U.S.)", nor a title whose
  countries are not the United Kingdom's; "Kingdom (2012)" is not a film of 2020.
- ``people``: both list directors and none is shared, and the casts share nobody (or one lists
  none); or both list a cast, nobody is shared, and the directors do not match. Names are
  compared as ``core.where.people`` explains. Exceptions: animated titles with different casts
  are dubs (cast state ``dubbed``); factual shows (reality, docuseries) change their cast with
  the season (``seasonal``). A one-word director credit that is a word of the title (a brand,
  "Pinkfong", or the star of a special) is not compared (``_credited``). Hulu lists no cast
  but often names it: a cast member named in the other title's description counts as shared
  ("… Starring Samuel L. Jackson"), and a description that says who stars ("Helen Mirren stars
  as…") while naming none of the other title's leading cast is a cast against it.
- ``audience`` (shows with no people evidence): one labelled animated and the other neither
  animated nor for children ("What If...?", Marvel's cartoon, and "WHAT / IF", a thriller),
  unless their descriptions are alike (labels err: Hulu files cartoons under "Family").
- ``duration`` (movies): lengths 1.5x and 20+ minutes apart are different films unless the
  people evidence is strong and the titles have one key ("Frozen Fever", 11 minutes, is not
  "Frozen").
- ``retitled``: other titles are one work only with very strong people (a shared director and
  two cast members, or three cast members and no director against), within a year, lengths
  within a few minutes ("Kraftidioten" / "In Order of Disappearance [English Subtitled]"), and
  never two titles that each add their own words to a shared name (``siblings``: "Iron Man &
  Hulk" / "Iron Man & Captain America"), unless one adds only generic words ("Todd Glass:
  Stand-Up Special").
- ``year`` / ``people_not_year`` (movies): more than a year apart only strong people evidence
  matches, and only for one title key or one spelt alike (that keeps remakes apart); or, with
  nobody known, the ``description`` rule below.
- ``variant`` (movies): one title's words inside the other's join with strong people; or, with
  nobody known, a subtitle one listing adds ("Chasing Trane: The John Coltrane Documentary")
  with the same year, the same length and descriptions that share something.
- ``evidence`` (movies with nothing known of the people, within a year):
  ``core.where.evidence.weigh`` adds up what the rest of the rows says (year, length,
  descriptions, countries, rating, kind of work, audience) and joins them when it is positive.
  Before it, lengths that differ, a dropped article with no length to confirm it, or a missing
  length among namesakes refuse the match (``duration``, ``article``, ``namesake``) unless the
  descriptions are alike; and other titles need descriptions that share something.
- ``description`` (movies with nothing known of the people, two or three years apart, lengths
  that agree): descriptions alike (similarity >= ``DESCRIPTION_MIN``) and nothing against
  (catalogs misdate films: "A 2nd Chance", 2011 and 2014). Never further apart: remakes are
  described alike ("The Parent Trap" 1961 and 1998 score 0.61).
- ``show_year``: platforms list a show under the year of its first or of its latest season, and
  often only the seasons they carry, so a show's listings may be apart by its season count plus
  ``_SHOW_SLACK`` years, or by both listings' season counts plus ``_SHOW_BREAKS`` (each covers
  other seasons of one long run) (``show_years``, ``people_show_years``), or
  ``_SHOW_DESCRIBED`` more when their descriptions agree (``show_years_described``: "Ghost
  Hunters" 2011 and 2019); further apart they are a reboot or a namesake ("The Tick" 1994 /
  2016). A year in the title ("Ben 10 (2005)") says a namesake exists: no more years then.
  Countries with nothing in common, or a documentary against a story described differently,
  are two shows.
- ``article``: titles equal only once a leading "The" is dropped ("Soul" / "The Soul") with
  nothing known of the people need their lengths (movies) or season counts (shows) to agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from core.text import words
from core.where.describe import Descriptions
from core.where.entry import MAX_CAST, MOVIE, SHOW, Entry
from core.where.evidence import DESCRIPTION, contradictions, minutes_relation, weigh
from core.where.normalize import REGION_COUNTRIES, fold_special, name_tokens
from core.where.people import compare_people, crew

__all__ = ["HARD", "MOVIE", "SHOW", "Entry", "Verdict", "judge", "title_relation"]

HARD = frozenset({"type", "people", "duration", "year", "override", "platform", "region"})
"""Reasons that say two titles are different works; other refusals only lack evidence (a show's
years, for one: its listings are too unreliable to forbid a merge other evidence supports)."""
OTHER_TITLES = frozenset({"reordered", "spelling", "variant", "alt", "retitled"})
_SPELT = frozenset({"reordered", "spelling", "alt"})
"""Other titles that still name the work the same way: strong people may join them two years
apart, as they join one title key ("Dil Hai Tumhara" 2000 / "Dil Hai Tumhaara" 2002)."""
_SHOW_SLACK = 4
"""A show's listings may be this many years apart beyond its season count (platforms list the
year of the first, or of the latest, season; and often only the seasons they carry)."""
_SHOW_BREAKS = 2
"""Two listings of a long show may cover different seasons of one run: then they are at most
their season counts together apart, plus this many years of breaks ("Forensic Files", 7
seasons listed under 1996 and 9 under 2011)."""
_SHOW_DESCRIBED = 4
"""Years more a show's listings may be apart when their descriptions agree (``SHOW_ALIKE``)."""
SHOW_ALIKE = 0.15
DESCRIPTION_MIN = 0.3
"""Descriptions this alike confirm a film misdated by two or three years."""
_DESCRIBED_YEARS = 3
"""Films this many years apart at most may be confirmed by their descriptions."""
_STARRING = re.compile(r"\b(?:stars? (?:as|in)|starring)\b")
"""How a description names its star (lower case: the cleaning lowers descriptions)."""
GENERIC_WORDS = frozenset(
    {
        *("stand", "up", "standup", "special", "comedy", "live", "concert", "show", "the"),
        *("movie", "film", "tour", "in", "at", "from", "a", "of", "presents", "tv", "uncut"),
    }
)
"""Words a retitled special may add ("Todd Glass: Stand-Up Special")."""


class Verdict(NamedTuple):
    same: bool
    rule: str
    """Why: the step of ``judge`` that decided (see the module docstring)."""
    score: float
    """Strength of a match (merge order); 0 for a refusal."""
    evidence: dict
    """JSON-ready: what was compared and what was found."""


def title_relation(a: Entry, b: Entry) -> str:
    """``same``, ``key``, ``article``, ``reordered`` or ``variant`` (see the module docstring;
    ``core.where.candidates`` names the others, which need the whole catalog)."""
    if a.key.key != b.key.key:
        if len(a.key.words) >= 4 and a.key.bag == b.key.bag:
            return "reordered"
        return "variant"
    if a.key.article != b.key.article and (a.key.article is None or b.key.article is None):
        return "article"
    return "same" if a.title.casefold() == b.title.casefold() else "key"


def siblings(a: Entry, b: Entry) -> bool:
    """Titles that share words and each add words of their own, not all generic: "Iron Man &
    Hulk: Heroes United" / "Iron Man & Captain America: Heroes United" name two works."""
    wa, wb = set(a.key.words), set(b.key.words)
    own_a, own_b = wa - wb - GENERIC_WORDS, wb - wa - GENERIC_WORDS
    return bool(wa & wb) and bool(own_a) and bool(own_b)


def words_inside(a: Entry, b: Entry) -> bool:
    """One title's words inside the other's, and the extra words not only a sequel number
    ("Ralph Breaks the Internet" / "…: Wreck-It Ralph 2"; not "Cars" / "Cars 2")."""
    wa, wb = set(a.key.words), set(b.key.words)
    small, big = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(small) and small < big and not all(w.isdigit() for w in big - small)


def generic_extra(a: Entry, b: Entry) -> bool:
    """Titles that share words and each add their own, one only generic words and no number
    ("Todd Glass: Talks About Stuff" / "Todd Glass: Stand-Up Special"): a special listed under
    two names."""
    wa, wb = set(a.key.words), set(b.key.words)
    own_a, own_b = wa - wb, wb - wa
    if not (wa & wb and own_a and own_b) or any(w.isdigit() for w in own_a | own_b):
        return False
    return own_a <= GENERIC_WORDS or own_b <= GENERIC_WORDS


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


@lru_cache(maxsize=4096)
def _spaced_words(text: str) -> str:
    """A description's words of two letters or more, space-separated and padded, to look
    names up in (names in brackets included: "(Chris O'Dowd)")."""
    return " " + " ".join(w for w in words(fold_special(text)) if len(w) > 1) + " "


def _named_in(a: Entry, b: Entry) -> list[str]:
    """``a``'s leading cast members (full names of two words or more) that ``b``'s description
    names: Hulu lists no cast but writes "Starring Samuel L. Jackson and Lucy Liu"."""
    if not a.cast or b.cast or not b.description:
        return []
    lowered = b.description.lower()
    found = []
    for name in a.cast[:6]:
        tokens = name_tokens(name)
        if (
            len(tokens) >= 2
            and tokens[-1] in lowered  # most names are not there: a cheap first look
            and f" {' '.join(tokens)} " in _spaced_words(b.description)
        ):
            found.append(" ".join(tokens))
    return found


def _star_missing(a: Entry, b: Entry) -> bool:
    """``b``'s description says who stars ("Helen Mirren stars as…", "starring…"), ``a`` lists
    its cast, and none of ``a``'s leading cast is named there: ``b`` is another production."""
    if len(a.cast) < 2 or b.cast or not _names_a_star(b.description):
        return False
    return not _named_in(a, b)


@lru_cache(maxsize=4096)
def _names_a_star(description: str) -> bool:
    return _STARRING.search(description.lower()) is not None


def _region_conflict(a: Entry, b: Entry) -> bool:
    """Two country tags that differ, or a tag against listed countries without it."""
    if a.key.region and b.key.region:
        return a.key.region != b.key.region
    for tagged, other in ((a, b), (b, a)):
        if tagged.key.region and other.countries:
            return REGION_COUNTRIES.get(tagged.key.region, "") not in other.countries
    return False


def _year_tag_conflict(a: Entry, b: Entry) -> bool:
    """A year in one title that the other contradicts: another year tag, or (films) a release
    more than a year away, or (shows) a listing before that year."""
    ya, yb = a.key.year, b.key.year
    if ya and yb:
        return abs(ya - yb) > 1
    for tagged, other in ((a, b), (b, a)):
        if tagged.key.year and other.year:
            if a.kind == MOVIE and abs(tagged.key.year - other.year) > 1:
                return True
            if a.kind == SHOW and other.year < tagged.key.year - 1:
                return True
    return False


def _very_strong(d: dict, c: dict) -> bool:
    """People enough to join two titles that share no title: a director and two cast members,
    or three cast members and no director against."""
    shared = len(c["shared"]) if c["state"] == "match" else 0
    return (d["state"] == "match" and shared >= 2) or (shared >= 3 and d["state"] != "conflict")


def _against(a: Entry, b: Entry) -> bool:
    """Countries with none in common, or a documentary against a story (the contradictions
    that hold whatever the labels of the audience say: Hulu files an animated film under
    "Adventure, Comedy, Family")."""
    return bool({"country", "nature"} & contradictions(a, b).keys())


class _Pair(NamedTuple):
    a: Entry
    b: Entry
    title: str
    d: dict
    c: dict
    dy: int
    minutes: str
    namesakes: bool
    described: Callable[[], float | None]
    """The descriptions' similarity (computed on first call; None when one has none)."""
    extra: dict
    """Evidence the steps add (the weighed terms)."""


def _copies(p: _Pair) -> bool:
    """Two titles of one platform that may be copies of one work, to be judged as any pair:
    one key and an edition or language tag ("Saaho (Tamil)", "Lost en Español"), or one key and
    shared people; or, under two titles, a language version of it (an edition tag, the people
    of both, the year, about the length and descriptions alike: "Silence (Tamil)" /
    "Nishabdham (Telugu)", "The Ghazi Attack (Hindi)" / "Ghazi (Telugu)", where the dubbed cut
    is a few minutes shorter)."""
    a, b = p.a, p.b
    edition = a.key.edition or b.key.edition
    people = p.d["state"] == "match" or p.c["state"] == "match"
    if p.title in ("same", "key", "article"):
        return edition or people
    length = p.minutes in ("same", "close") or (a.seasons is not None and a.seasons == b.seasons)
    if not (edition and _very_strong(p.d, p.c) and abs(a.year - b.year) <= 1 and length):
        return False
    found = p.described()
    return found is not None and found >= DESCRIPTION_MIN


def _decide(p: _Pair) -> tuple[bool, str, float]:
    """``(same, rule, score)`` from the evidence; the steps of the module docstring."""
    a, b, title, dy, minutes = p.a, p.b, p.title, p.dy, p.minutes
    if a.platform == b.platform:
        if not _copies(p):
            return False, "platform", 0.0
        if title not in ("same", "key", "article"):
            return True, "copies", 1.5

    ka, kb = a.key, b.key
    if (ka.region or kb.region) and _region_conflict(a, b):
        return False, "region", 0.0
    if (ka.year or kb.year) and _year_tag_conflict(a, b):
        return False, "year", 0.0
    dstate, cstate = p.d["state"], p.c["state"]
    if (dstate == "conflict" and cstate != "match") or (cstate == "conflict" and dstate != "match"):
        return False, "people", 0.0
    people = dstate == "match" or cstate == "match"
    strong = (dstate == "match" and cstate != "conflict") or (
        len(p.c["shared"]) >= 2 and dstate != "conflict"
    )
    other_title = title in OTHER_TITLES
    bonus = (0.5 if title == "same" else 0.0) + (0.3 if dy == 0 else 0.0)
    if title == "retitled":
        found = p.described()
        ok = (
            _very_strong(p.d, p.c)
            and dy == 0
            and (minutes == "same" or (a.kind == SHOW and a.seasons == b.seasons))
            and found is not None
            and found > 0
            and not siblings(a, b)
        )
        return ok, "retitled", 1.5 + bonus if ok else 0.0
    if a.kind == MOVIE:
        return _decide_movie(p, people, strong, other_title, bonus)
    return _decide_show(p, people, strong, other_title, bonus)


def _decide_movie(
    p: _Pair, people: bool, strong: bool, other_title: bool, bonus: float
) -> tuple[bool, str, float]:
    a, b, title, dy, minutes = p.a, p.b, p.title, p.dy, p.minutes
    if minutes == "far" and (not strong or other_title):
        return False, "duration", 0.0
    if dy > 1:
        if strong and not other_title:
            return True, "people_not_year", 2.5 + bonus
        if strong and dy <= 2 and title in _SPELT and minutes != "differs":
            return True, "people_not_year", 1.5
        if (
            not people
            and dy <= _DESCRIBED_YEARS
            and minutes in ("same", "close")
            and title != "variant"
            and not _against(a, b)
        ):
            found = p.described()
            if found is not None and found >= DESCRIPTION_MIN:
                return True, "description", 1.0 + bonus
        return False, "year", 0.0
    if title == "variant":
        if strong:
            ok = minutes in ("same", "close", "unknown")
            if ok and not words_inside(a, b):  # generic words only: the same year and length
                ok = dy == 0 and minutes == "same"
        else:  # a subtitle one listing adds: the same year and length, a story in common
            ok = (
                dy == 0
                and minutes == "same"
                and words_inside(a, b)
                and not contradictions(a, b)
                and bool(p.described())
            )
        return ok, "variant", 1.5 + bonus if ok else 0.0
    if people and other_title:
        ok = strong or minutes in ("same", "close")
        return ok, "people", 1.5 + bonus if ok else 0.0
    if people:
        return True, "people", (3.0 if strong else 2.0) + bonus
    return _weighed(p, other_title, bonus)


def _weighed(p: _Pair, other_title: bool, bonus: float) -> tuple[bool, str, float]:
    """Films a year apart at most with nothing known of their people: what refuses them
    (lengths that differ, a dropped article without a length to confirm it, a missing length
    among namesakes) unless their descriptions are alike; else the weighed evidence. The
    descriptions are compared only where they may change the outcome."""
    a, b, title, minutes = p.a, p.b, p.title, p.minutes
    refusal = (
        "duration"
        if minutes == "differs"
        else "article"
        if title == "article" and minutes not in ("same", "close")
        else "namesake"
        if p.namesakes and minutes == "unknown"
        else None
    )
    if refusal is not None:
        found = p.described()
        if found is not None and found >= DESCRIPTION_MIN and not _against(a, b):
            return True, "description", 1.0 + bonus
        return False, refusal, 0.0
    if other_title and not p.described():
        return False, "evidence", 0.0  # other titles: the descriptions must share something
    weighed = weigh(a, b, title, minutes, None, namesakes=p.namesakes)
    worst, best = min(DESCRIPTION.values()), max(DESCRIPTION.values())
    if other_title or weighed.score + worst <= 0 < weighed.score + best:
        weighed = weigh(a, b, title, minutes, p.described(), namesakes=p.namesakes)
    p.extra["weighed"] = weighed.terms
    if weighed.score > 0:
        return True, "evidence", 1.0 + min(weighed.score, 8.0) / 10 + bonus
    return False, "evidence", 0.0


def _decide_show(
    p: _Pair, people: bool, strong: bool, other_title: bool, bonus: float
) -> tuple[bool, str, float]:
    """The years and titles of two shows decide first; a match they allow is then refused by
    what speaks for two shows (checked last: it may need the descriptions)."""
    same, rule, score = _show_years(p, people, strong, other_title, bonus)
    if not same:
        return same, rule, score
    a, b = p.a, p.b
    against = contradictions(a, b)
    if not strong and "country" in against:
        return False, "country", 0.0
    if not people and "nature" in against:
        found = p.described()
        if found is None or found < 0.1:
            return False, "nature", 0.0
    if not people and "audience" in against:
        found = p.described()  # labels err ("Family"); the same synopsis does not
        if found is None or found < DESCRIPTION_MIN:
            return False, "audience", 0.0
    return same, rule, score


def _show_years(
    p: _Pair, people: bool, strong: bool, other_title: bool, bonus: float
) -> tuple[bool, str, float]:
    a, b, title, dy = p.a, p.b, p.title, p.dy
    if other_title:
        if dy > 1:
            return False, "show_year", 0.0
        if strong:
            return True, "people", 1.5 + bonus
        found = p.described()
        seasons = a.seasons is not None and a.seasons == b.seasons
        ok = not people and (seasons or (found is not None and found >= 0.2))
        return ok, "variant", 1.0 + bonus if ok else 0.0
    if dy <= 1:
        if people:
            return True, "people", (3.0 if strong else 2.0) + bonus
        if title == "article" and (a.seasons is None or a.seasons != b.seasons):
            return False, "article", 0.0
        return True, "title_year", 1.0 + bonus
    sa, sb = a.seasons or 1, b.seasons or 1
    span = max(max(sa, sb) + _SHOW_SLACK, sa + sb + _SHOW_BREAKS)
    if people and (strong or dy <= span):
        return True, "people_show_years", 2.0 + bonus
    if not people and dy <= span and title != "article":
        return True, "show_years", 0.8 + bonus
    if (
        not people
        and dy <= span + _SHOW_DESCRIBED
        and title == "same"
        and not a.key.year
        and not b.key.year
    ):
        found = p.described()
        if found is not None and found >= SHOW_ALIKE:
            return True, "show_years_described", 0.7 + bonus
    return False, "show_year", 0.0


def judge(
    a: Entry,
    b: Entry,
    title: str | None = None,
    *,
    namesakes: bool = False,
    descriptions: Descriptions | None = None,
) -> Verdict:
    """Are ``a`` and ``b`` one work? ``title`` is their title relation (``title_relation`` if
    None); ``namesakes`` says that other titles of their type carry their title key more than a
    year away from both (the title names several works: ``core.where.grouping`` finds them).
    ``descriptions`` weighs the words of the descriptions (grouping builds it from the whole
    catalog; by default, from ``a`` and ``b`` alone).

    Names are compared loosely (spelling variants) except where only strong evidence can make
    a match (movies two or more years or 1.5x in length apart): there, names must be equal
    once normalised. The evidence says which (``names``).
    """
    title = title or title_relation(a, b)
    if a.kind != b.kind:
        evidence = {"title": title, "titles": [a.title, b.title], "types": [a.kind, b.kind]}
        return Verdict(False, "type", 0.0, evidence)
    dy = abs(a.year - b.year)
    minutes = minutes_relation(a, b) if a.kind == MOVIE else "n/a"
    loose = a.kind != MOVIE or (dy <= 1 and minutes != "far")
    directors = compare_people(crew(_credited(a)), crew(_credited(b)), loose)
    cast = compare_people(crew(_cast(a)), crew(_cast(b)), loose)
    if cast["state"] == "conflict":
        if {a.audience, b.audience} <= {"animated", "young"}:
            cast["state"] = "dubbed"  # animation: voice casts differ between dubs
        elif a.kind == SHOW and a.nature == b.nature == "factual" and title != "retitled":
            cast["state"] = "seasonal"  # reality and docuseries: each season its own people
    elif cast["state"] == "unknown" and title in ("same", "key", "article"):
        named = _named_in(a, b) or _named_in(b, a)
        if named and dy <= 1:
            cast = {"state": "match", "shared": named, "described": True}
        elif not named and (_star_missing(a, b) or _star_missing(b, a)):
            cast = {"state": "conflict", "shared": [], "described": True}
    compared: list[float | None] = []

    def described() -> float | None:
        if not compared:
            if not a.description or not b.description:
                compared.append(None)
            else:
                found = (descriptions or Descriptions((a.description, b.description))).similarity(
                    a.description, b.description, (*a.key.words, *b.key.words)
                )
                compared.append(found[0])
                shared_words.extend(found[1][:8])
        return compared[0]

    shared_words: list[str] = []
    extra: dict = {}
    pair = _Pair(a, b, title, directors, cast, dy, minutes, namesakes, described, extra)
    same, rule, score = _decide(pair)
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
        **extra,
    }
    if namesakes:
        evidence["namesakes"] = True
    if compared and compared[0] is not None:
        evidence["description"] = {"similarity": round(compared[0], 2), "shared": shared_words}
    elif compared:
        evidence["description"] = {"similarity": 0.0, "shared": []}
    return Verdict(same, rule, score, evidence)
