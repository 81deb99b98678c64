"""Synthetic streaming catalogs in the raw Kaggle layout.

Why synthetic titles at all: the real catalogs are not redistributable with the repo,
but ETL, search and the bot must be exercised on data with the same columns, the
same vocabularies and the same quirks (see `vocab.py`). Every column is drawn from
the real per-platform frequencies; people, titles and descriptions are invented.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from core.platforms import CATALOG_COLUMNS, PLATFORM_KEYS
from core.sample import vocab, words
from core.sample.vocab import STATS, PlatformStats

_KIDS_GENRE = ("Kid", "Child", "Family", "Cartoon", "Animation")


def generate_titles(counts: dict[str, int], seed: int) -> dict[str, pl.DataFrame]:
    """Generate raw-format catalogs, platform key -> all-string frame (empty = null).

    Each platform draws from its own seeded stream, so the Netflix catalog for a seed
    does not change when the Hulu count changes.
    """
    unknown = sorted(set(counts) - set(PLATFORM_KEYS))
    if unknown:
        raise ValueError(f"unknown platform(s) {unknown}; use some of {list(PLATFORM_KEYS)}")
    if any(n < 0 for n in counts.values()):
        raise ValueError(f"title counts must be >= 0, got {counts}")
    return {
        platform: _platform_titles(platform, counts[platform], np.random.default_rng([seed, 1, i]))
        for i, platform in enumerate(PLATFORM_KEYS)
        if platform in counts
    }


def _platform_titles(platform: str, n: int, rng: np.random.Generator) -> pl.DataFrame:
    """Draw every column of one catalog, then add that platform's known data errors."""
    stats = STATS[platform]
    movie_share = stats.movies / vocab.REAL_COUNTS[platform]
    if platform == "hulu":  # the quirk step later types ~16% of rows as Movie
        movie_share = (movie_share - vocab.HULU_DURATION_MISSING) / (
            1 - vocab.HULU_DURATION_MISSING
        )
    is_tv = rng.random(n) >= movie_share
    years = _choice(rng, stats.decades, n) + rng.integers(0, 10, n)
    years = np.minimum(years, 2021)
    genres = _genres(stats, is_tv, rng)
    kids = np.array([any(k in g for k in _KIDS_GENRE) and "Adult" not in g for g in genres])
    pool = _people_pool(max(50, 2 * n), rng)
    frame = pl.DataFrame(
        {
            "show_id": [f"s{i}" for i in range(1, n + 1)],
            "type": np.where(is_tv, "TV Show", "Movie").tolist(),
            "title": _titles(n, rng),
            "director": _people(stats, "director", stats.n_directors, is_tv, pool, rng),
            "cast": _people(stats, "cast", stats.n_cast, is_tv, pool, rng),
            "country": _countries(stats, is_tv, rng),
            "date_added": _dates_added(stats, years, rng),
            "release_year": years.astype(str).tolist(),
            "rating": _maturity(stats, kids, rng),
            "duration": _durations(platform, stats, is_tv, rng),
            "listed_in": genres,
            "description": _descriptions(stats, n, rng),
        },
        schema=dict.fromkeys(CATALOG_COLUMNS, pl.String),
    )
    return _add_quirks(platform, frame, rng)


def _choice(rng: np.random.Generator, weights: dict, n: int) -> np.ndarray:
    """Draw n keys of `weights` with probability proportional to their values."""
    keys = np.array(list(weights))
    p = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=p / p.sum())]


def _counts(rng: np.random.Generator, hist: tuple[int, ...], n: int) -> np.ndarray:
    """Draw how many items a row has (1, 2, ...) from a histogram of real rows."""
    p = np.asarray(hist, dtype=float)
    return 1 + rng.choice(len(p), size=n, p=p / p.sum())


def _top_k(rng: np.random.Generator, log_w: np.ndarray, k: np.ndarray) -> list[np.ndarray]:
    """Per row, k distinct column indices drawn by weight (Gumbel top-k trick)."""
    keys = log_w + rng.gumbel(size=log_w.shape)
    order = np.argsort(-keys, axis=1, kind="stable")
    return [order[i, : k[i]] for i in range(len(k))]


def _genres(stats: PlatformStats, is_tv: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Pick 1-3 genres per title from the platform's own vocabulary, by title type."""
    names = np.array(list(stats.genres))
    weights = np.array(list(stats.genres.values()), dtype=float)  # (genres, 2)
    with np.errstate(divide="ignore"):
        log_w = np.log(weights[:, is_tv.astype(int)].T)  # (titles, genres)
    k = _counts(rng, stats.n_genres, len(is_tv))
    return [", ".join(sorted(names[idx])) for idx in _top_k(rng, log_w, k)]


def _people_pool(size: int, rng: np.random.Generator) -> np.ndarray:
    """A pool of invented names; Zipf-weighted draws make some people recur."""
    first = rng.choice(words.FIRST_NAMES, size)
    last = rng.choice(words.LAST_NAMES, size)
    middle = np.where(rng.random(size) < 0.4, rng.choice(list("ABCDEFGHJKLMNPRSTW"), size), "")
    middle = np.char.add(middle, np.where(middle == "", "", ". "))
    return np.char.add(np.char.add(np.char.add(first, " "), middle), last)


def _people(
    stats: PlatformStats,
    column: str,
    hist: tuple[int, ...],
    is_tv: np.ndarray,
    pool: np.ndarray,
    rng: np.random.Generator,
) -> list[str | None]:
    """Comma-separated directors or cast, empty at the real per-type rate."""
    n = len(is_tv)
    movie_null, tv_null = stats.null_share[column]
    empty = rng.random(n) < np.where(is_tv, tv_null, movie_null)
    k = _counts(rng, hist, n)
    p = 1.0 / (np.arange(len(pool)) + 20.0)
    picks = rng.choice(len(pool), size=int(k.sum()), p=p / p.sum())
    ends = np.cumsum(k)
    return [
        None if empty[i] else ", ".join(dict.fromkeys(pool[picks[ends[i] - k[i] : ends[i]]]))
        for i in range(n)
    ]


def _countries(
    stats: PlatformStats, is_tv: np.ndarray, rng: np.random.Generator
) -> list[str | None]:
    """Comma-separated production countries, most-weighted first, sometimes empty."""
    names = np.array(list(stats.countries))
    log_w = np.log(np.array(list(stats.countries.values()), dtype=float))
    n = len(is_tv)
    k = np.minimum(_counts(rng, stats.n_countries, n), len(names))
    movie_null, tv_null = stats.null_share["country"]
    empty = rng.random(n) < np.where(is_tv, tv_null, movie_null)
    picks = _top_k(rng, np.broadcast_to(log_w, (n, len(names))), k)
    return [None if empty[i] else ", ".join(names[idx]) for i, idx in enumerate(picks)]


def _dates_added(
    stats: PlatformStats, years: np.ndarray, rng: np.random.Generator
) -> list[str | None]:
    """'Month D, YYYY' inside the platform's real window and not before release."""
    n = len(years)
    added = np.maximum(_choice(rng, stats.added_years, n), years)
    days = (added - 1970).astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(0, 365, n)
    start, end = (np.datetime64(d) for d in stats.added_window)
    days = np.clip(days, start, end)
    text = pl.Series(days).dt.strftime("%B %-d, %Y")
    return text.set(pl.Series(rng.random(n) < stats.date_null), None).to_list()


def _maturity(stats: PlatformStats, kids: np.ndarray, rng: np.random.Generator) -> list[str | None]:
    """Maturity labels with the real shares, steered so kids' genres get kids' labels.

    Labels are drawn first and then matched to titles by a noisy 'kids' score, which
    keeps the real label shares exact while making G / TV-Y land on family titles.
    """
    labels = _choice(rng, stats.maturity, len(kids))
    kid_label = np.isin(labels, sorted(vocab.KID_MATURITY)).astype(float)
    label_rank = np.argsort(-(kid_label + rng.random(len(kids))), kind="stable")
    title_rank = np.argsort(-(kids + 0.8 * rng.random(len(kids))), kind="stable")
    out = np.empty_like(labels)
    out[title_rank] = labels[label_rank]
    return [label or None for label in out.tolist()]


def _durations(
    platform: str, stats: PlatformStats, is_tv: np.ndarray, rng: np.random.Generator
) -> list[str]:
    """'90 min' for movies (real quantiles, plus Amazon's 8-10 h videos), 'N Season(s)'."""
    n = len(is_tv)
    minutes = np.interp(rng.random(n), vocab.MINUTE_QUANTILES, stats.minutes).round().astype(int)
    if platform == "amazon":
        long = rng.random(n) < vocab.AMAZON_LONG_SHARE
        minutes[long] = rng.choice(vocab.AMAZON_LONG_VIDEOS, int(long.sum()))
    seasons = _choice(rng, stats.seasons, n)
    return [
        (f"{s} Season" if s == 1 else f"{s} Seasons") if tv else f"{m} min"
        for tv, m, s in zip(is_tv, minutes, seasons, strict=True)
    ]


def _titles(n: int, rng: np.random.Generator) -> list[str]:
    """Original-case titles from a few patterns; some carry commas or quotes."""
    a, b = rng.choice(words.ADJECTIVES, (2, n))
    x, y, z = rng.choice(words.NOUNS, (3, n))
    who = rng.choice(words.FIRST_NAMES, n)
    number = rng.integers(2, 5, n)
    pattern = rng.choice(8, n, p=[0.25, 0.2, 0.15, 0.1, 0.1, 0.1, 0.06, 0.04])
    templates = (
        "The {a} {x}", "{a} {x}", "{x} of the {y}", "{who}'s {x}", "The {x} {number}",
        "{a} {x}: {b} {y}", "{x}, {y} and {z}", 'The "{a}" {x}',
    )  # fmt: skip
    return [
        templates[pattern[i]].format(
            a=a[i], b=b[i], x=x[i], y=y[i], z=z[i], who=who[i], number=number[i]
        )
        for i in range(n)
    ]


def _descriptions(stats: PlatformStats, n: int, rng: np.random.Generator) -> list[str]:
    """Template sentences, as many as the platform's blurbs are long; most have a comma
    and a few a quoted phrase, which exercises CSV quoting."""
    lo, hi = stats.sentences
    k = rng.integers(lo, hi + 1, n)
    templates = (
        "A {person} {goal} in {place}, {twist}.",
        "In {place}, a {person} {goal}.",
        "{who}, a {person}, {goal}, {twist}.",
        "A {person} {goal} in {place}.",
        "{who} {goal} {twist}.",
        "This documentary explores {topic}, from {place} to {place2}.",
        'Known as "the {adj} {noun}," a {person} {goal}.',
    )
    pick = rng.choice(len(templates), (n, hi), p=[0.2, 0.2, 0.15, 0.2, 0.1, 0.1, 0.05])
    draws = {
        "person": rng.choice(words.PEOPLE, (n, hi)),
        "goal": rng.choice(words.GOALS, (n, hi)),
        "place": rng.choice(words.PLACES, (n, hi)),
        "place2": rng.choice(words.PLACES, (n, hi)),
        "twist": rng.choice(words.TWISTS, (n, hi)),
        "who": rng.choice(words.FIRST_NAMES, (n, hi)),
        "adj": rng.choice(words.ADJECTIVES, (n, hi)),
        "noun": rng.choice(words.NOUNS, (n, hi)),
        "topic": rng.choice(words.TOPICS, (n, hi)),
    }
    out = []
    for i in range(n):
        parts = []
        for j in range(k[i]):
            text = templates[pick[i, j]].format(**{key: v[i, j] for key, v in draws.items()})
            parts.append(text[0].upper() + text[1:])
        out.append(" ".join(parts))
    return out


def _add_quirks(platform: str, frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Reproduce the real files' errors so parsers are tested against them.

    Netflix: a few movies carry the duration in `rating` and leave `duration` empty,
    and ~1% of `date_added` values start with a stray space. Hulu: ~16% of rows have
    no duration (all typed Movie), and ~61% of those carry it in `rating`.
    """
    n = frame.height
    rating, duration, kind = (
        frame["rating"].to_list(),
        frame["duration"].to_list(),
        frame["type"].to_list(),
    )
    if platform == "netflix":
        movies = np.flatnonzero(np.array(kind) == "Movie")
        count = min(len(movies), max(3, round(vocab.NETFLIX_RATING_HOLDS_DURATION * n)))
        for i in rng.choice(movies, count, replace=False):
            rating[i], duration[i] = duration[i], None
        dated = np.flatnonzero(frame["date_added"].is_not_null().to_numpy())
        count = min(len(dated), max(2, round(vocab.NETFLIX_DATE_LEADING_SPACE * len(dated))))
        spaced = np.zeros(n, dtype=bool)
        spaced[rng.choice(dated, count, replace=False)] = True
        frame = frame.with_columns(
            pl.when(pl.Series(spaced))
            .then(pl.lit(" ") + pl.col("date_added"))
            .otherwise(pl.col("date_added"))
            .alias("date_added")
        )
    elif platform == "hulu":
        missing = rng.choice(n, round(vocab.HULU_DURATION_MISSING * n), replace=False)
        holds = rng.random(len(missing)) < vocab.HULU_RATING_HOLDS_DURATION
        for i, hold in zip(missing, holds, strict=True):
            rating[i] = duration[i] if hold else rating[i]
            duration[i], kind[i] = None, "Movie"
    return frame.with_columns(
        pl.Series("rating", rating, pl.String),
        pl.Series("duration", duration, pl.String),
        pl.Series("type", kind, pl.String),
    )
