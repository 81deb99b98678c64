"""Blind evaluation sampler for "where to watch" matching (issue 17).

Draws cross-platform title pairs (the two titles always on two different platforms) in strata,
for a labeller who never reads the matcher: the sampler is stand-alone on purpose. It reads the
four catalog CSVs with the csv module and uses its own simple title normalisation (lower case,
accents folded, punctuation dropped, whitespace collapsed); it imports nothing from
``core.where`` and nothing from ``tests``, so its pools cannot lean towards the matcher's rules.

Usage::

    python bench/where_blind_sample.py --round 5 --seed 5 [--show] [--csv PATH]
    python bench/where_blind_sample.py --round 6 --seed 6 --scale 0.55 --csv PATH
    python bench/where_blind_sample.py --round 7 --seed 7 --exclude /work/sealed/where_round6.csv

The four CSVs are read from ``bench/out/titles`` (``--titles``): unpack them first with
``core.shipped.unpack(TITLES, Path("bench/out/titles"))``. Title ids are the platform letter and
the row's ``show_id``: ``as123`` (Amazon Prime), ``ds12`` (Disney+), ``hs305`` (Hulu), ``ns8807``
(Netflix). A pair is written as ``id_a < id_b`` (string order), the two on different platforms.

Strata. Each pool is built, sorted, then sampled with one ``random.Random(seed)`` in the order of
``DRAWS``; a pair drawn earlier in the round, or in an earlier round, is never drawn again::

    identical         same normalised title; any type, any years.
    near_title        normalised titles differ but are alike; same type, release years within 3.
                      Half from the affix pool: one title is a word-prefix or word-suffix of the
                      other, set off by punctuation in the longer title ("The Office (U.K.)",
                      "Saaho (Telugu)", "Casino Royale (2006) (4K UHD)", a subtitle after a colon)
                      or two words long without articles ("Blue Exorcist" / "... Kyoto Saga").
                      Half from the spelling pool: rapidfuzz ``ratio`` or ``token_sort_ratio``
                      >= 80 ("Spooky Spells" / "Spooky Spell", "Episode VIII" word orders).
    same_people       titles neither identical nor alike, but the rows share two people (director
                      or cast), at least one of them a cast member; same type, release years
                      within 2 (stand-up specials under two titles, translated titles). A name on
                      more than 400 rows is ignored.
    series_years      both TV shows, titles identical or alike (either pool's rule, any years),
                      release years 2+ apart (a series dated by its first or its latest season).
    random_same_year  a uniformly random row, then a uniformly random row of another platform
                      with the same type and release year (almost all negatives: precision).

Sizes at scale 1.0 are in ``DRAWS`` (480 pairs); ``--scale`` multiplies each (rounded). Earlier
rounds are excluded: every pair in ``tests/fixtures/where_blind_pairs.csv`` whose round is below
``--round`` and every pair of each ``--exclude`` file (a sealed round kept outside the repository).
``--show`` prints both full rows of each pair, for labelling; ``--csv PATH`` writes the drawn pairs
as ``id_a,id_b,same,round,stratum,note`` with ``same`` and ``note`` empty, ready to label.

Rounds drawn so far (positives = pairs labelled ``same=1``)::

    stratum            round 5 (seed 5, scale 1.0)   round 6 (seed 6, scale 0.55)
                       pairs  positives              pairs  positives
    identical            210        131                  115         75
    near_title            90         18                   50          9
    same_people           50          0                   28          0
    series_years          50         16                   28         14
    random_same_year      80          0                   44          1
    total                480        165                  265         99

Round 5 is ``tests/fixtures/where_blind_pairs.csv``. Round 6 is sealed outside the repository
(``/work/sealed/where_round6.csv``) until the matcher's rules are frozen; only its counts are here.
The near_title and same_people pools are mostly negatives by nature: they test precision on hard
cases (sequels, spin-offs, different films sharing actors) more than recall.

Labelling rules: ``same`` was decided by reading both full rows (title, type, year, duration,
directors, cast, country, genres, description), never the matcher's code or output::

    same=1  both rows are the same work: the same film, or the same series even when the
            platforms give different years, season counts or season casts.
            A dubbed, subtitled or other-language listing of it ("(Hindi Version)",
            "(Spanish Version)", "(English Subtitled)", "en Español") is the same work, and so
            is a re-release listing of the same film ("(4K UHD)", "Producer's Cut", a
            "Marvel Studios'" prefix) or a "Complete Collection" listing of the same series.
            A season released under its own subtitle (Blue Exorcist: Kyoto Saga) is the same
            series as a listing that covers it; a revival that continues the same show under the
            same title with its original lead (Ghost Hunters 2019, Grant Wilson) is the same
            series. The platforms' own slips do not split a work: a series typed "Movie" but
            listed with seasons, a release year off by one or more, a one-letter title variant.
    same=0  different works: a remake, reboot or new version with another host, network
            or country (Lost in Space 1965 / 2019, He-Man 1983 / 2021, Fireman Sam Classic / the
            CGI series, Mr Bean / Mr Bean in Handy Bean), a sequel or prequel, a short, a featurette
            or a making-of special vs the feature, a spin-off with its own format (Cajun Pawn
            Stars, Dance Moms Miami, 60 Days In: Narcoland, Storage Wars New York), another season
            or saga that the other listing does not cover (Pokémon XYZ vs Sun & Moon), a
            different production of the same name (a film vs a series, a docuseries vs a drama),
            different films that share people.
    Each pair carries a one-line note saying why. Where the evidence is thin the note says so
    and the label follows the weight of the evidence (runtime, people, plot, country, year).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parents[1]
TITLES_DIR = REPO / "bench" / "out" / "titles"
LABELS = REPO / "tests" / "fixtures" / "where_blind_pairs.csv"

PLATFORMS = {
    "a": "amazon_prime_titles.csv",
    "d": "disney_plus_titles.csv",
    "h": "hulu_titles.csv",
    "n": "netflix_titles.csv",
}

# The draws of one round at scale 1.0 (round 5), in order: (pool, pairs). near_title is drawn
# half from its word-prefix/suffix pool, half from its spelling pool. identical is drawn twice:
# 150 first, then 60 more after all the others, a top-up added once round 5's labels showed too
# few positives to measure recall (it left every earlier draw of the seed as it was). Both
# identical draws are uniform over the pairs still free, so together they are one sample.
DRAWS = [
    ("identical", 150),
    ("near_title/affix", 45),
    ("near_title/spelling", 45),
    ("same_people", 50),
    ("series_years", 50),
    ("random_same_year", 80),
    ("identical", 60),
]
ALIKE = 80  # rapidfuzz score (0-100) at which two different titles count as alike
NEAR_YEARS = 3
PEOPLE_YEARS = 2
SERIES_GAP = 2
# A word-prefix/suffix counts only when it is set off by punctuation in the longer title
# ("The Office (U.K.)", "Star Wars: The Last Jedi") or has two words besides articles
# ("Blue Exorcist Kyoto Saga"): a bare "Life" inside "Pixar In Real Life" is no near title.
_ARTICLES = frozenset(("the", "a", "an", "el", "la", "los", "las", "le", "les", "il", "der", "die"))
_DELIMS = re.compile("[:()\\[\\]\\-\u2013\u2014,/|]")  # dashes: hyphen, en, em

COLUMNS = ["id_a", "id_b", "same", "round", "stratum", "note"]
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise(title: str) -> str:
    """Lower case, accents folded, punctuation dropped, whitespace collapsed."""
    folded = unicodedata.normalize("NFKD", title.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _SPACE.sub(" ", _PUNCT.sub("", folded.replace("_", " "))).strip()


@dataclass(frozen=True)
class Row:
    """One catalog row, with the fields the strata use already parsed."""

    id: str
    platform: str
    raw: dict[str, str]
    norm: str
    type: str
    year: int
    directors: frozenset[str]
    cast: frozenset[str]


def _people(field: str) -> frozenset[str]:
    return frozenset(p for p in (normalise(x) for x in field.split(",")) if p)


def load(folder: Path = TITLES_DIR) -> dict[str, Row]:
    """Every row of the four catalogs, by id (platform letter + show_id)."""
    rows: dict[str, Row] = {}
    for letter, name in PLATFORMS.items():
        with open(folder / name, newline="", encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                rid = letter + rec["show_id"]
                year = int(rec["release_year"]) if rec["release_year"].strip().isdigit() else 0
                rows[rid] = Row(
                    id=rid,
                    platform=letter,
                    raw=rec,
                    norm=normalise(rec["title"]),
                    type=rec["type"],
                    year=year,
                    directors=_people(rec["director"]),
                    cast=_people(rec["cast"]),
                )
    return rows


def pair(a: str, b: str) -> tuple[str, str]:
    """A pair in canonical order (string order)."""
    return (a, b) if a < b else (b, a)


def spelling_alike(x: str, y: str) -> bool:
    """Different normalised titles within a few edits (or a word swap) of each other."""
    return x != y and (fuzz.ratio(x, y) >= ALIKE or fuzz.token_sort_ratio(x, y) >= ALIKE)


def affix_alike(short: Row, long: Row) -> bool:
    """`short`'s title is a word-prefix or word-suffix of `long`'s, set off as a tag or subtitle."""
    s, t = short.norm, long.norm
    if not s or len(s) >= len(t) or not (t.startswith(s + " ") or t.endswith(" " + s)):
        return False
    if len([w for w in s.split() if w not in _ARTICLES]) >= 2:
        return True
    raw = long.raw["title"]
    return any(
        normalise(raw[: m.start()]) == s or normalise(raw[m.end() :]) == s
        for m in _DELIMS.finditer(raw)
    )


def _cross(a: Row, b: Row) -> bool:
    return a.platform != b.platform and a.type == b.type


def _spelling_pairs(rows: list[Row], years: int | None) -> set[tuple[str, str]]:
    """Cross-platform, same-type pairs of spelling-alike titles (release years within `years`).

    Scored per (type, year) block against the rows of the year window, so a full catalog takes
    seconds; ``years=None`` compares every year with every other.
    """
    found: set[tuple[str, str]] = set()
    by_block: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for r in rows:
        by_block[(r.type, r.year if years is not None else 0)].append(r)
    span = years or 0
    for (typ, year), left in sorted(by_block.items()):
        right = [r for y in range(year - span, year + span + 1) for r in by_block[(typ, y)]]
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            scores = process.cdist(
                [r.norm for r in left],
                [r.norm for r in right],
                scorer=scorer,
                score_cutoff=ALIKE,
                workers=1,
            )
            for i, j in zip(*scores.nonzero(), strict=True):
                a, b = left[i], right[j]
                if _cross(a, b) and a.norm != b.norm:
                    found.add(pair(a.id, b.id))
    return found


def _affix_pairs(rows: list[Row], years: int | None) -> set[tuple[str, str]]:
    """Cross-platform, same-type pairs where one title is a tagged prefix/suffix of the other.

    Every title's leading and trailing word runs are looked up in an index of whole titles,
    so containment is found without comparing every pair.
    """
    by_norm: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_norm[r.norm].append(r)
    found: set[tuple[str, str]] = set()
    for r in rows:
        words = r.norm.split()
        runs = {" ".join(words[:k]) for k in range(1, len(words))}
        runs |= {" ".join(words[k:]) for k in range(1, len(words))}
        for run in runs:
            for s in by_norm.get(run, ()):
                if (
                    _cross(s, r)
                    and (years is None or abs(s.year - r.year) <= years)
                    and affix_alike(s, r)
                ):
                    found.add(pair(s.id, r.id))
    return found


def _identical_pairs(rows: list[Row]) -> set[tuple[str, str]]:
    by_norm: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_norm[r.norm].append(r)
    return {
        pair(a.id, b.id)
        for group in by_norm.values()
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if a.platform != b.platform
    }


def _people_pairs(rows: dict[str, Row]) -> set[tuple[str, str]]:
    """Cross-platform pairs sharing two people, at least one of them a cast member.

    (A director alone is shared by every special of a stand-up series; a performer plus the
    director, or two actors, point at one work under two titles.)
    """
    by_person: dict[str, list[str]] = defaultdict(list)
    for r in rows.values():
        for person in r.directors | r.cast:
            by_person[person].append(r.id)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for ids in by_person.values():
        if len(ids) > 400:  # a "name" on hundreds of rows is noise, not a person
            continue
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                if x[0] != y[0]:
                    shared[pair(x, y)] += 1
    out = set()
    for p, n in shared.items():
        a, b = rows[p[0]], rows[p[1]]
        if n >= 2 and a.cast & b.cast and a.type == b.type and abs(a.year - b.year) <= PEOPLE_YEARS:
            out.add(p)
    return out


def pools(rows: dict[str, Row]) -> dict[str, list[tuple[str, str]]]:
    """The candidate pools of every stratum but the random one, each sorted.

    near_title has two: ``near_title/affix`` and ``near_title/spelling``.
    """
    every = sorted(rows.values(), key=lambda r: r.id)
    tv = [r for r in every if r.type == "TV Show"]
    identical = _identical_pairs(every)
    affix = _affix_pairs(every, NEAR_YEARS)
    spelling = _spelling_pairs(every, NEAR_YEARS) - affix
    alike_any = affix | spelling
    people = {
        p
        for p in _people_pairs(rows)
        if p not in identical
        and p not in alike_any
        and not spelling_alike(rows[p[0]].norm, rows[p[1]].norm)
        and not affix_alike(*sorted((rows[p[0]], rows[p[1]]), key=lambda r: len(r.norm)))
    }
    tv_titles = _identical_pairs(tv) | _affix_pairs(tv, None) | _spelling_pairs(tv, None)
    series = {p for p in tv_titles if abs(rows[p[0]].year - rows[p[1]].year) >= SERIES_GAP}
    return {
        "identical": sorted(identical),
        "near_title/affix": sorted(affix),
        "near_title/spelling": sorted(spelling),
        "same_people": sorted(people),
        "series_years": sorted(series),
    }


def _random_same_year(
    rows: dict[str, Row], rng: random.Random, k: int, taken: set[tuple[str, str]]
) -> list[tuple[str, str]]:
    by_block: dict[tuple[str, int], list[str]] = defaultdict(list)
    for r in rows.values():
        by_block[(r.type, r.year)].append(r.id)
    ids = sorted(rows)
    out: list[tuple[str, str]] = []
    while len(out) < k:
        a = rows[rng.choice(ids)]
        others = [i for i in by_block[(a.type, a.year)] if i[0] != a.platform]
        if not others:
            continue
        p = pair(a.id, rng.choice(others))
        if p not in taken:
            taken.add(p)
            out.append(p)
    return out


def read_pairs(path: Path, below_round: int | None = None) -> set[tuple[str, str]]:
    """The pairs of a labels file (only rounds below `below_round`, if given)."""
    if not path.exists():
        return set()
    with open(path, newline="", encoding="utf-8") as fh:
        return {
            pair(rec["id_a"], rec["id_b"])
            for rec in csv.DictReader(fh)
            if below_round is None or int(rec["round"]) < below_round
        }


def draw(
    rows: dict[str, Row], seed: int, scale: float, exclude: Iterable[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """(id_a, id_b, stratum) for every pair of one round, strata in their fixed order."""
    rng = random.Random(seed)
    taken = set(exclude)
    pool_of = pools(rows)
    drawn: list[tuple[str, str, str]] = []
    for name, size in DRAWS:
        k = round(size * scale)
        stratum = name.partition("/")[0]
        if name == "random_same_year":
            chosen = _random_same_year(rows, rng, k, taken)
        else:
            free = [p for p in pool_of[name] if p not in taken]
            chosen = rng.sample(free, min(k, len(free)))
            taken.update(chosen)
        drawn += [(a, b, stratum) for a, b in chosen]
    return drawn


_SHOWN = ["type", "title", "release_year", "duration", "rating", "director", "cast", "country",
          "listed_in", "date_added", "description"]  # fmt: skip


def show(rows: dict[str, Row], drawn: list[tuple[str, str, str]], out=sys.stdout) -> None:
    """Both full rows of every pair, for a person to label."""
    for n, (a, b, stratum) in enumerate(drawn, 1):
        print(f"=== {n} {a} {b} [{stratum}]", file=out)
        for rid in (a, b):
            rec = rows[rid].raw
            print(f"  {rid}: " + " | ".join(f"{k}={rec[k]}" for k in _SHOWN if rec[k]), file=out)


def main(argv: list[str] | None = None) -> None:
    """Draw one round; print it, write it as an unlabelled CSV, or both."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--round", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument(
        "--scale", type=float, default=1.0, help="times the DRAWS sizes (round 6: 0.55)"
    )
    ap.add_argument("--titles", type=Path, default=TITLES_DIR, help="folder of the four CSVs")
    ap.add_argument("--labels", type=Path, default=LABELS, help="earlier rounds to exclude")
    ap.add_argument("--exclude", type=Path, action="append", default=[], help="more to exclude")
    ap.add_argument("--show", action="store_true", help="print both full rows of each pair")
    ap.add_argument("--csv", type=Path, help="write the drawn pairs, unlabelled, to this file")
    args = ap.parse_args(argv)
    rows = load(args.titles)
    exclude = read_pairs(args.labels, below_round=args.round)
    for path in args.exclude:
        exclude |= read_pairs(path)
    drawn = draw(rows, args.seed, args.scale, exclude)
    if args.show:
        show(rows, drawn)
    if args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(COLUMNS)
            w.writerows([a, b, "", args.round, s, ""] for a, b, s in drawn)
    counts: dict[str, int] = defaultdict(int)
    for _, _, s in drawn:
        counts[s] += 1
    print(
        f"round {args.round} seed {args.seed}: {len(drawn)} pairs {dict(counts)}", file=sys.stderr
    )


if __name__ == "__main__":
    main()
