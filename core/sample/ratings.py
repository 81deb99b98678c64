"""Synthetic user ratings with a learnable taste structure.

Why a generative model instead of uniform noise: the recommenders are judged on this
data (they must beat a popularity baseline), so who rates what, and how high, has
to follow tastes the way real ratings do, while the marginals (ratings per user,
star-value shares) match the original ~11M-rating dataset. The model:

* every user belongs mainly to one of `segments` taste segments; a segment has a
  Dirichlet preference over genre themes and platforms, an era and a TV/movie lean;
* titles have a quality and a Zipf popularity (correlated with quality and recency);
* a segment picks titles with probability ~ popularity^a * exp(b * affinity), users
  take most picks from their own segment and the rest from a second one;
* the star value is user bias + title quality + taste affinity + noise, mapped to
  the 0.5..5.0 grid by quantiles so the value shares are exact.

All sampling is vectorised per round (no Python loop per rating) so the full scale
(~11M ratings) runs in seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.special import ndtri

from core.platforms import BY_KEY, PLATFORM_KEYS, RATINGS_COLUMNS

REQUIRED_CATALOG_COLUMNS: tuple[str, ...] = (
    "title_id",
    "platform",
    "type",
    "release_year",
    "listed_in",
)
_CONTENT_COLUMNS = ("title", "director", "cast", "country", "description")
"""Kept by ``catalog_from_frames`` for the shared-facet tastes (``facets.py``)."""
# Shares of 0.5, 1.0, ..., 5.0 stars in the original dataset (percent).
VALUE_SHARES: tuple[float, ...] = (1.5, 3.2, 1.5, 6.7, 4.8, 20.3, 12.1, 27.0, 8.3, 14.7)
MAX_RATINGS_PER_USER = 18_276
# Ratings per user as a piecewise log-linear function of a standard-normal quantile:
# Q1 15, median 30, Q3 92, and the top user of 115,077 at 18,276; the 2.0 knot sets
# the mean so 115,077 users give 11,024,289 ratings, as in the original.
_COUNT_KNOTS: tuple[tuple[float, float], ...] = (
    (-0.6745, 15.0), (0.0, 30.0), (0.6745, 92.0), (2.0, 608.36), (4.4474, 18_276.0),
)  # fmt: skip
_MAX_CATALOG_SHARE = MAX_RATINGS_PER_USER / 22_998  # the top real user rated ~79% of titles
_START = int(np.datetime64("2015-01-01T00:00:00", "s").astype(np.int64))
_END = int(np.datetime64("2021-12-31T23:59:59", "s").astype(np.int64))
_DAY = 86_400
# Genre names differ per platform ("Dramas", "TV Dramas", "Drama"); tastes are over
# these shared themes so a drama fan likes dramas everywhere. First match wins.
_THEMES: tuple[tuple[str, str], ...] = (
    ("anime", r"anime"),
    ("documentary", r"document|docuseries|biograph|histor|news|science & |animals"),
    ("scifi", r"sci-fi|science fiction|fantasy|superhero"),
    ("classic", r"classic|arthouse|independent|cult movies"),
    ("comedy", r"comed|sitcom|stand.?up|parody|buddy|late night|talk show|adult animation"),
    ("romance", r"romanc|romantic"),
    ("lgbtq", r"lgbtq"),
    ("horror", r"horror"),
    ("thriller", r"thrill|suspense|myster|crime|police|spy"),
    ("action", r"action|adventure|western|military|disaster|survival"),
    ("kids", r"kid|child|family|animation|cartoon|coming of age|teen|young adult"),
    ("drama", r"drama|soap"),
    ("international", r"international|korean|british|spanish|latino|black stories"),
    ("sports", r"sport|fitness"),
    ("faith", r"faith"),
    ("reality", r"reality|unscripted|game show|lifestyle|cooking|travel|health|special interest"),
    ("music", r"music|concert|dance|variety|arts|entertainment|culture"),
)


@dataclass(frozen=True)
class RatingModel:
    """Knobs of the rating model; the defaults are the tuned ones the docs describe."""

    segments: int = 48
    taste_concentration: float = 0.2  # Dirichlet alpha over themes: lower = pickier segments
    platform_concentration: float = 2.0  # Dirichlet scale over platform shares
    popularity_exponent: float = 0.8  # a in popularity^a
    taste_strength: float = 2.0  # b in exp(b * affinity)
    main_segment_share: float = 0.8  # share of a user's picks from the main segment
    quality_sd: float = 0.5
    user_bias_sd: float = 0.5
    taste_weight: float = 0.5  # weight of the (segment + personal) affinity in stars
    personal_taste_sd: float = 0.5
    noise_sd: float = 0.7
    repeat_share: float = 0.01  # share of ratings that re-rate a title the user rated

    def __post_init__(self) -> None:
        if self.segments < 2:
            raise ValueError(f"RatingModel needs segments >= 2, got {self.segments}")


def catalog_from_frames(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Stack raw catalogs into the columns `generate_ratings` needs (and the content
    columns its facet tastes read, when present).

    The title id is the platform's first letter + show_id (`ns8807`), the id the
    ratings files use as `movieId`.
    """
    unknown = sorted(set(frames) - set(PLATFORM_KEYS))
    if unknown:
        raise ValueError(f"unknown platform(s) {unknown}; use some of {list(PLATFORM_KEYS)}")
    parts = [
        frame.select(
            (pl.lit(BY_KEY[platform].prefix) + pl.col("show_id")).alias("title_id"),
            pl.lit(platform).alias("platform"),
            pl.col("type"),
            pl.col("release_year").cast(pl.Int32, strict=False),
            pl.col("listed_in"),
            *(pl.col(c) for c in _CONTENT_COLUMNS if c in frame.columns),
        )
        for platform, frame in frames.items()
    ]
    return pl.concat(parts)


def generate_ratings(
    catalog: pl.DataFrame,
    n_users: int,
    seed: int,
    *,
    model: RatingModel | None = None,
    means: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Draw ratings `userId,rating,timestamp,movieId` for `n_users` users of `catalog`.

    `catalog` needs the columns in `REQUIRED_CATALOG_COLUMNS` (see `catalog_from_frames`).
    Rows come sorted by user and time; user ids run 1..n_users and every user has
    at least one rating. With `means` (`title_id`, `mean`: the shipped per-title means of
    the original dataset), each title's count and mean follow them, exactly at full scale
    (`core.sample.calibrated`); without, titles get a made-up quality and Zipf popularity.
    """
    model = model or RatingModel()
    missing = [c for c in REQUIRED_CATALOG_COLUMNS if c not in catalog.columns]
    if missing:
        raise ValueError(f"catalog lacks columns {missing}; build it with catalog_from_frames()")
    if n_users < 1 or catalog.height == 0:
        raise ValueError(
            f"need n_users >= 1 and a non-empty catalog; got {n_users} users and "
            f"{catalog.height} titles"
        )
    if means is not None:
        from core.sample.calibrated import generate_calibrated

        return generate_calibrated(catalog, n_users, seed, means, model).select(RATINGS_COLUMNS)
    rng = np.random.default_rng([seed, 2])
    items = item_features(catalog)
    n_items = catalog.height
    counts = ratings_per_user(n_users, n_items, rng)
    seg = segments(items, model, rng)
    main = rng.choice(model.segments, n_users, p=seg["weights"])
    second = (main + rng.integers(1, model.segments, n_users)) % model.segments
    users, picks = select(seg["prob"], main, second, counts, model.main_segment_share, rng)
    repeats(users, picks, model.repeat_share, rng)
    quality = model.quality_sd * seg["quality"]
    stars = _stars(liking(users, picks, main, items, seg, model, rng, quality))
    stamps = timestamps(users, picks, counts, items["release"], rng)
    frame = pl.DataFrame(
        {
            "userId": users.astype(np.int64) + 1,
            "rating": stars,
            "timestamp": stamps,
            "movieId": catalog["title_id"].cast(pl.String).gather(picks),
        }
    )
    return frame.select(RATINGS_COLUMNS).sort("userId", "timestamp", maintain_order=True)


def item_features(catalog: pl.DataFrame) -> dict[str, np.ndarray]:
    """Platform index, TV flag, release year, recency z-score and theme weights."""
    platform = catalog["platform"].cast(pl.String)
    unknown = sorted(set(platform.unique().drop_nulls().to_list()) - set(PLATFORM_KEYS))
    if unknown or platform.null_count():
        raise ValueError(
            f"catalog platforms must be in {list(PLATFORM_KEYS)}, got {unknown or [None]}"
        )
    year = catalog["release_year"].cast(pl.Int32, strict=False).fill_null(2000).to_numpy()
    tokens = catalog["listed_in"].cast(pl.String).fill_null("").str.split(", ")
    exploded = tokens.explode()
    row = np.repeat(np.arange(catalog.height), tokens.list.len().to_numpy())
    lookup = {t: _theme(t) for t in exploded.unique().to_list()}
    theme = exploded.replace_strict(lookup, return_dtype=pl.Int32).to_numpy()
    themes = np.zeros((catalog.height, len(_THEMES) + 1), dtype=np.float32)
    themes[row, theme] = 1.0
    themes /= themes.sum(axis=1, keepdims=True)
    return {
        "platform": platform.replace_strict(
            {key: i for i, key in enumerate(PLATFORM_KEYS)}, return_dtype=pl.Int64
        ).to_numpy(),
        "tv": (catalog["type"] == "TV Show").fill_null(False).to_numpy().astype(np.float32),
        "release": year,
        "recency": ((year - year.mean()) / max(year.std(), 1.0)).astype(np.float32),
        "themes": themes,
    }


def _theme(token: str | None) -> int:
    """Index of the first theme whose pattern matches a genre name ('other' = last)."""
    for index, (_, pattern) in enumerate(_THEMES):
        if token and re.search(pattern, token.lower()):
            return index
    return len(_THEMES)


def ratings_per_user(n_users: int, n_items: int, rng: np.random.Generator) -> np.ndarray:
    """Counts at evenly spaced quantiles of the fitted curve, in random user order.

    Evenly spaced quantiles (not i.i.d. draws) make Q1/median/Q3, the maximum and the
    total reproducible at every scale; the permutation decides who gets which.
    """
    z = ndtri((rng.permutation(n_users) + 0.5) / n_users)
    knots_z, knots_n = zip(*_COUNT_KNOTS, strict=True)
    log_n = np.interp(z, knots_z, np.log(knots_n))
    low = z < knots_z[0]
    slope = (np.log(knots_n[1]) - np.log(knots_n[0])) / (knots_z[1] - knots_z[0])
    log_n[low] = np.log(knots_n[0]) + (z[low] - knots_z[0]) * slope
    cap = per_user_cap(n_items)
    return np.clip(np.rint(np.exp(log_n)), 1, cap).astype(np.int64)


def per_user_cap(n_items: int) -> int:
    """The most ratings one person makes: the original's top user (18,276), and never more than
    the share of the catalog that user rated (79.5%)."""
    return max(1, min(MAX_RATINGS_PER_USER, int(_MAX_CATALOG_SHARE * n_items)))


def segments(
    items: dict[str, np.ndarray],
    model: RatingModel,
    rng: np.random.Generator,
    extra: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Segment sizes, affinity (segments x titles) and per-segment pick probabilities.

    ``extra`` (segments x titles) adds to the affinity from genre themes, era and type: the
    shared facets of real titles (``facets.py``).
    """
    s, n_themes = model.segments, items["themes"].shape[1]
    quality = rng.standard_normal(len(items["tv"])).astype(np.float32)
    buzz = 0.5 * quality + 0.5 * items["recency"] + rng.standard_normal(len(quality))
    rank = np.empty(len(quality))
    rank[np.argsort(-buzz, kind="stable")] = np.arange(1, len(quality) + 1)
    taste = np.log(n_themes * rng.dirichlet(np.full(n_themes, model.taste_concentration), s) + 1e-9)
    taste = np.clip(taste, -4.0, 2.5).astype(np.float32)
    era, tv = rng.normal(0.0, 0.6, s), rng.normal(0.0, 0.5, s)
    affinity = (
        taste @ items["themes"].T + np.outer(era, items["recency"]) + np.outer(tv, items["tv"])
    )
    if extra is not None:
        affinity = affinity + extra
    shares = np.bincount(items["platform"], minlength=len(PLATFORM_KEYS)) / len(quality)
    prefer = rng.dirichlet(model.platform_concentration * shares + 1e-3, s) + 1e-4
    prefer *= shares > 0
    logit = -model.popularity_exponent * np.log(rank) + model.taste_strength * affinity
    weight = np.exp(logit - logit.max(axis=1, keepdims=True))
    per_platform = np.stack([np.bincount(items["platform"], w, len(PLATFORM_KEYS)) for w in weight])
    prob = weight * (prefer / np.maximum(per_platform, 1e-300))[:, items["platform"]]
    prob /= prob.sum(axis=1, keepdims=True)
    return {
        "weights": rng.dirichlet(np.full(s, 4.0)),
        "affinity": affinity.astype(np.float32),
        "quality": quality,
        "taste": taste,
        "prob": prob,
    }


def select(
    prob: np.ndarray,
    main: np.ndarray,
    second: np.ndarray,
    counts: np.ndarray,
    main_share: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Pick `counts[u]` distinct titles per user, sorted by user.

    Light users: draw with replacement from their segments' distributions and keep
    the first distinct titles (= sampling without replacement), topping up in a few
    rounds. Heavy users (a sizeable share of the catalog): Gumbel top-k, which is the
    same sampling scheme without the rejection waste.
    """
    n_seg, n_items = prob.shape
    cdf = np.cumsum(prob, axis=1)
    cdf[:, -1] = 1.0
    flat = (cdf + np.arange(n_seg)[:, None]).ravel()
    heavy = counts > max(50, 0.05 * n_items)
    users = np.flatnonzero(~heavy)
    got_u, got_i = np.empty(0, np.int64), np.empty(0, np.int64)
    for attempt in range(12):
        have = np.bincount(got_u, minlength=len(counts))
        short = users[have[users] < counts[users]]
        if len(short) == 0:
            break
        deficit = counts[short] - have[short]
        slot_u = np.repeat(
            short, np.ceil(deficit * (1.25 if attempt == 0 else 2.0)).astype(int) + 2
        )
        seg = np.where(rng.random(len(slot_u)) < main_share, main[slot_u], second[slot_u])
        slot_i = np.searchsorted(flat, seg + rng.random(len(slot_u)), side="right") - seg * n_items
        slot_i = np.minimum(slot_i, n_items - 1)
        redo = np.isin(got_u, short)
        keep_u, keep_i = got_u[~redo], got_i[~redo]
        new_u, new_i = _first_distinct(
            np.r_[got_u[redo], slot_u], np.r_[got_i[redo], slot_i], counts, n_items
        )
        got_u, got_i = np.r_[keep_u, new_u], np.r_[keep_i, new_i]
    heavy = heavy | (np.bincount(got_u, minlength=len(counts)) < counts)
    heavy_u = np.flatnonzero(heavy)
    got = ~np.isin(got_u, heavy_u)
    parts_u, parts_i = [got_u[got]], [got_i[got]]
    for u in heavy_u:
        mix = main_share * prob[main[u]] + (1.0 - main_share) * prob[second[u]]
        with np.errstate(divide="ignore"):
            keys = np.log(mix) + rng.gumbel(size=n_items)
        k = min(int(counts[u]), int(np.count_nonzero(mix)))
        parts_u.append(np.full(k, u))
        parts_i.append(np.argpartition(-keys, k - 1)[:k])
    all_u, all_i = np.concatenate(parts_u), np.concatenate(parts_i)
    order = np.argsort(all_u, kind="stable")
    return all_u[order], all_i[order]


def repeats(users: np.ndarray, picks: np.ndarray, share: float, rng: np.random.Generator):
    """Turn a ``share`` of picks into re-ratings of the person's previous title, in place of
    ``picks``; returns which rows are repeats (the real files rate some pairs twice)."""
    repeat = rng.random(len(users)) < share
    repeat[0] = False
    repeat &= np.r_[False, users[1:] == users[:-1]]
    picks[repeat] = picks[np.flatnonzero(repeat) - 1]
    return repeat


def _first_distinct(
    users: np.ndarray, picks: np.ndarray, counts: np.ndarray, n_items: int
) -> tuple[np.ndarray, np.ndarray]:
    """Keep each (user, title) pair's first draw, then each user's first counts[u]."""
    _, first = np.unique(users * n_items + picks, return_index=True)
    first.sort()
    users, picks = users[first], picks[first]
    order = np.argsort(users, kind="stable")
    users, picks = users[order], picks[order]
    starts = np.flatnonzero(np.r_[True, users[1:] != users[:-1]])
    rank = np.arange(len(users)) - np.repeat(starts, np.diff(np.r_[starts, len(users)]))
    keep = rank < counts[users]
    return users[keep], picks[keep]


def liking(
    users: np.ndarray,
    picks: np.ndarray,
    main: np.ndarray,
    items: dict[str, np.ndarray],
    seg: dict[str, np.ndarray],
    model: RatingModel,
    rng: np.random.Generator,
    quality: np.ndarray,
) -> np.ndarray:
    """How much each person likes each title they rated: their bias, the title's ``quality``,
    their segment's affinity and their own theme tastes, plus noise."""
    n_users, n_themes = len(main), items["themes"].shape[1]
    bias = rng.normal(0.0, model.user_bias_sd, n_users).astype(np.float32)
    personal = rng.normal(0.0, model.personal_taste_sd, (n_users, n_themes)).astype(np.float32)
    latent = np.empty(len(users), dtype=np.float32)
    step = 1 << 20
    for lo in range(0, len(users), step):
        u, i = users[lo : lo + step], picks[lo : lo + step]
        own = np.einsum("ij,ij->i", items["themes"][i], personal[u])
        taste = seg["affinity"][main[u], i] + own
        latent[lo : lo + step] = bias[u] + quality[i] + model.taste_weight * taste
    latent += rng.normal(0.0, model.noise_sd, len(latent)).astype(np.float32)
    return latent


def _stars(latent: np.ndarray) -> np.ndarray:
    """Latent score -> star values with the real shares (quantile mapping)."""
    shares = np.asarray(VALUE_SHARES) / sum(VALUE_SHARES)
    cuts = np.quantile(latent, np.cumsum(shares)[:-1])
    return (np.searchsorted(cuts, latent, side="right") + 1) / 2.0


def timestamps(
    users: np.ndarray,
    picks: np.ndarray,
    counts: np.ndarray,
    release: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Epoch seconds in each user's active window (2015-2021), after release if possible."""
    n_users = len(counts)
    start = rng.uniform(_START, _END - 60 * _DAY, n_users)
    span = np.clip(0.1 + 0.12 * np.log(counts), 0.05, 1.0) * rng.uniform(0.5, 1.0, n_users)
    stop = start + span * (_END - start)
    released = (np.maximum(release, 1970) - 1970).astype("datetime64[Y]").astype("datetime64[s]")
    lo = np.minimum(np.maximum(start[users], released.astype(np.int64)[picks]), _END - _DAY)
    hi = np.minimum(np.maximum(stop[users], lo + 60 * _DAY), _END)
    return (lo + rng.random(len(users)) * (hi - lo)).astype(np.int64)
