"""The normalised forms the matcher compares: a title's work key, and a person's name.

Title key (``title_key``): two catalog titles name the same work only if their keys are equal
(or, with more evidence, alike: see ``core.where.candidates``). The key ignores what catalogs
spell differently for one film:

- case, accents and special letters (``Æon Flux`` = ``Aeon Flux``);
- punctuation and spacing (``Spider-Man`` = ``Spiderman``, ``WALL·E`` = ``WALL-E``): the key is
  the title's words (``core.text.words``) joined with nothing between them;
- a leading article (``the``, ``a``, ``an``), and ``&`` / ``and`` anywhere;
- Roman sequel numbers (``Tarzan II`` = ``Tarzan 2``);
- tags in brackets that name an edition or a language, never a work, at the end or at the start
  of the title: ``(4K UHD)``, ``(Hindi)``, ``[English Subtitled]``, ``(Dubbed)``, ``(Silent)``,
  ``(Director's Cut)``, Hulu's ``(Sub) Akira`` / ``(Dub) Akira``; the same words after a dash
  ("Paradise Canyon - Digitally Remastered"); the words ``en Español`` at the end (Hulu's
  Spanish listings), "Extended Version" and the like, and ": The Complete Collection" (a
  series listed whole). ``edition`` says one was removed;
- a year in brackets (``The Parent Trap (1961)``, ``Kingdom (2012)``): kept as ``year``, since
  it says which of several works of that name the title is;
- a country in brackets (``The Office (U.K.)``, ``Shameless (U.S.)``): kept as ``region``, since
  the British and the American "The Office" are two works;
- a type in brackets (``(TV)``, ``(Series)``, ``(The Movie)``): the matcher compares types;
- the "Marvel Studios'" prefix Disney+ puts before its Marvel films.

What the key keeps apart, the matcher still has to confirm: "The Lion King" 1994 and 2019 share a
key, and only the year and the people tell them apart. Tags that name another work stay in the
key: ``(Shorts)``, ``(Classic)``, ``(Original Series)``, ``(volume 2)``.

A title may also carry its own alternative titles (``alternatives``): "Uzumaki (Spiral)",
"Mokalik (Mechanic)", "Rebelion De Los Colgados Aka The Rebelion Of The Hanged", "Butter (aka
Never 2 Big)". The key keeps the whole title; each part is an alternative the matcher may
compare with other titles' keys.

Name key (``name_tokens``): people are written differently across catalogs ("Francis Ford
Coppola" / "Francis Coppola", "Feng Xiaogang" / "Xiaogang Feng", "Pierce Brosnan (James Bond)").
A name becomes its folded words without a role in brackets, initials or suffixes (``jr``,
``iv``); ``core.where.people`` compares the results.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from core.text import words

ARTICLES = frozenset({"the", "a", "an"})
_SPECIAL = str.maketrans(
    {
        **{"æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ß": "ss"},
        **{"ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "\u0131": "i"},
    }
)
"""Letters that Unicode does not decompose into a base letter and a mark."""
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}
"""Sequel numbers. ``i``, ``v`` and ``x`` are left alone: they are also words and letters."""
_TAIL = re.compile(r"\s*[-\u2013]?\s*[\(\[\{]([^\(\)\[\]\{\}]*)[\)\]\}]\s*$")
_HEAD = re.compile(r"^\s*[\(\[]([^\(\)\[\]]*)[\)\]]\s*")
_SPANISH_TAIL = re.compile(r"\s+en\s+espa[ñn]ol\s*$", re.IGNORECASE)
_BARE_TAIL = re.compile(
    r"(\s+4k(\s+uhd)?|\s+(extended|director'?s|theatrical|unrated|uncut)\s+(version|cut|edition)"
    r"|\s*[:\-\u2013]\s*(the\s+)?complete\s+(collection|series|seasons?))\s*$",
    re.IGNORECASE,
)
_DASH_TAIL = re.compile(r"\s+[-\u2013]\s+([^-\u2013]+)$")
_AKA = re.compile(r"\s+(?:aka|a\.k\.a\.?)\s+", re.IGNORECASE)
_EDITION_WORDS = frozenset(
    {
        *("4k", "uhd", "hd", "sd", "version", "ver", "original", "language", "edition"),
        *("dub", "dubbed", "subbed", "sub", "subs", "subtitled", "subtitles", "subtitle"),
        *("remastered", "uncut", "unrated", "theatrical", "extended", "cut", "restored"),
        *("silent", "edited", "director", "directors", "producer", "producers", "s"),
        *("in", "color", "colour", "black", "white", "digitally", "no", "non", "dialog"),
        *("plus", "bonus", "features", "content", "audio", "narration", "title", "amazon"),
        *("en", "espanol", "english", "spanish", "french", "german", "italian", "portuguese"),
        *("japanese", "korean", "mandarin", "cantonese", "hindi", "tamil", "telugu", "telegu"),
        *("malayalam", "kannada", "bengali", "marathi", "punjabi", "gujarati", "swedish"),
        *("brazilian", "latin", "america", "us"),
    }
)
"""Words of a tag that names an edition or a language of a work, not another work."""
_TYPE_TAGS = frozenset({("tv",), ("series",), ("the", "series"), ("the", "movie")})
_REGIONS = {
    ("uk",): "uk",
    ("u", "k"): "uk",
    ("us",): "us",
    ("u", "s"): "us",
    ("usa",): "us",
    ("aus",): "au",
}
"""Country tags ("The Office (U.K.)") and the country they name."""
REGION_COUNTRIES = {"uk": "united kingdom", "us": "united states", "au": "australia"}
"""The catalogs' country name for each region tag."""
_OTHER_WORK = frozenset({"shorts", "short", "classic", "volume", "vol", "pilot", "special"})
"""Words of a bracket that names another work of the same name, not an alternative title."""
_GENERIC = frozenset({"episode", "part", "chapter", "the", "a", "an", "original", "series"})
_BRAND_PREFIXES = (("marvel", "studios", "s"), ("marvel", "studios"))
_NAME_ROLE = re.compile(r"\([^)]*\)")
_NAME_DROP = frozenset({"jr", "sr", "ii", "iii", "iv", "dr", "mr", "mrs", "ms", "sir"})


def fold_special(text: str) -> str:
    return text.translate(_SPECIAL)


class _Tags(NamedTuple):
    title: str
    """The title without its tags."""
    edition: bool
    region: str | None
    year: int | None
    alternatives: tuple[str, ...]


def _tag_kind(inner: tuple[str, ...]) -> str | None:
    """``edition``, ``region``, ``year``, ``type``, ``aka`` or None (a part of the title)."""
    if not inner:
        return None
    if len(inner) == 1 and len(inner[0]) == 4 and inner[0].isdigit():
        return "year"
    if inner in _REGIONS:
        return "region"
    if inner in _TYPE_TAGS:
        return "type"
    if inner[0] == "aka" and len(inner) > 1:
        return "aka"
    if all(w in _EDITION_WORDS for w in inner):
        return "edition"
    return None


def _strip_tags(title: str) -> _Tags:
    """Remove the tags of the module docstring, one after another (``X (Hindi) (4K UHD)``)."""
    edition, region, year, alternatives = False, None, None, []
    while (found := _HEAD.match(title)) is not None and found.end() < len(title):
        if _tag_kind(words(found.group(1))) != "edition":
            break
        title, edition = title[found.end() :], True
    while True:
        if (spanish := _SPANISH_TAIL.search(title)) is not None and spanish.start() > 0:
            title, edition = title[: spanish.start()], True
            continue
        if (bare := _BARE_TAIL.search(title)) is not None and bare.start() > 0:
            title, edition = title[: bare.start()], True
            continue
        dash = _DASH_TAIL.search(title)
        if dash is not None and _tag_kind(words(dash.group(1))) == "edition":
            title, edition = title[: dash.start()], True
            continue
        found = _TAIL.search(title)
        if found is None or found.start() == 0:
            break
        inner = words(found.group(1))
        kind = _tag_kind(inner)
        if kind is None:
            break
        if kind == "edition":
            edition = True
        elif kind == "region":
            region = _REGIONS[inner]
        elif kind == "year":
            year = int(inner[0])
        elif kind == "aka":
            alternatives.append(found.group(1).split(None, 1)[1])
        title = title[: found.start()]
    return _Tags(title, edition, region, year, tuple(alternatives))


def _alternatives(title: str) -> tuple[str, ...]:
    """The parts of a title that carries its alternative: "Uzumaki (Spiral)" -> Uzumaki,
    Spiral; "X Aka Y" -> X, Y; "Star Wars: The Last Jedi (Episode VIII)" -> its first part
    only. None where the brackets name another work ("PJ Masks (Shorts)", "(volume 2)")."""
    parts = _AKA.split(title)
    if len(parts) == 2 and all(p.strip() for p in parts):
        return tuple(p.strip() for p in parts)
    found = _TAIL.search(title)
    if found is None or found.start() == 0:
        return ()
    inner = words(found.group(1))
    if not inner or not _OTHER_WORK.isdisjoint(inner):
        return ()
    outer = title[: found.start()].strip()
    if all(w in _GENERIC or w.isdigit() or w in _ROMAN for w in inner):
        return (outer,)
    return (outer, found.group(1).strip())


class TitleKey(NamedTuple):
    """A title's normalised forms."""

    key: str
    """The words with nothing between them: equal keys are candidate matches."""
    words: tuple[str, ...]
    """The words after every rule (tags, article, ``and`` and brand prefix removed)."""
    article: str | None
    """The leading article that was dropped, if any: "Soul" and "The Soul" share a key, and
    the matcher asks for more evidence when that is all that differs."""
    edition: bool = False
    """An edition or language tag was removed ("Saaho (Tamil)", "(Dub) Akira")."""
    region: str | None = None
    """A country tag ("uk", "us", "au"): "The Office (U.K.)"."""
    year: int | None = None
    """A year tag: "Kingdom (2012)"."""
    alternatives: tuple[str, ...] = ()
    """Alternative titles the title carries ("Uzumaki (Spiral)": Uzumaki, Spiral)."""

    @property
    def bag(self) -> str:
        """The words sorted: "Star Wars: The Last Jedi (Episode VIII)" and "Star Wars: Episode
        VIII: The Last Jedi" have one bag."""
        return " ".join(sorted(self.words))


def _words_of(title: str) -> list[str]:
    if not title.isascii():
        title = fold_special(title)
    return [_ROMAN.get(w, w) for w in words(title) if w != "and"]


_MAYBE_TAGGED = re.compile(
    r"[-\u2013 ](aka|a\.k\.a|en espa|4k|extended|director|theatrical|unrated|uncut|complete)"
    r"|[-\u2013] "
)
"""What any tag rule needs in a (lower-cased, bracket-free) title; most titles have none."""


def _plain(title: str) -> bool:
    """A title none of the tag rules can apply to (most of them): the fast path."""
    if not title.isascii() or "(" in title or "[" in title or "{" in title:
        return False
    return _MAYBE_TAGGED.search(title.lower()) is None


@lru_cache(maxsize=65536)
def title_key(title: str, known_words: str | None = None) -> TitleKey:
    """The normalised forms of a catalog title (see the module docstring).

    ``known_words``, when given, is ``core.text.normalize(title)`` computed before (the query
    tables store it): it is used for the plain titles it is right for, to save the work.
    """
    plain = _plain(title)
    tags = None if plain else _strip_tags(title)
    if plain and known_words is not None:
        found = [_ROMAN.get(w, w) for w in known_words.split() if w != "and"]
    else:
        found = _words_of(tags.title if tags else title)
    for prefix in _BRAND_PREFIXES:
        if len(found) > len(prefix) and tuple(found[: len(prefix)]) == prefix:
            found = found[len(prefix) :]
            break
    article = None
    if len(found) > 1 and found[0] in ARTICLES:
        article, found = found[0], found[1:]
    if tags is None:
        return TitleKey("".join(found), tuple(found), article)
    alternatives = (*tags.alternatives, *_alternatives(tags.title))
    if tags.alternatives:
        alternatives = (tags.title, *alternatives)
    return TitleKey(
        "".join(found),
        tuple(found),
        article,
        tags.edition,
        tags.region,
        tags.year,
        tuple(dict.fromkeys(a for a in alternatives if a)),
    )


def untagged(title: str) -> str:
    """The title without its edition, language, country, year and type tags, as written:
    "(Dub) Akira" -> "Akira", "Lost en Español" -> "Lost" (the title a work is shown by when
    all its titles carry tags)."""
    return _strip_tags(title).title.strip() or title


@lru_cache(maxsize=65536)
def plain_key(text: str) -> str:
    """The key of a title written without tags (an alternative title, a user's query)."""
    return title_key(text).key


@lru_cache(maxsize=262144)
def name_tokens(name: str) -> tuple[str, ...]:
    """A person's name as comparable words: ``"Pierce Brosnan (James Bond)"`` -> pierce brosnan.

    Single letters (initials) and suffixes are dropped unless nothing else is left.
    """
    found = words(fold_special(_NAME_ROLE.sub(" ", name)))
    kept = tuple(w for w in found if len(w) > 1 and w not in _NAME_DROP)
    return kept or found
