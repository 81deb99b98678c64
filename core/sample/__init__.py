"""Deterministic synthetic sample of the product data: four catalogs plus ratings.

Why: the real ~11M ratings cannot be shipped, and tests, demos and model work need
data with the exact file layout and schemas of the real inputs. `write_sample`
writes that layout from a seed (same seed -> byte-identical files), either with
generated catalogs or, given `titles_dir`, with the real Kaggle catalogs copied
unchanged and only the ratings generated.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from core.platforms import BY_KEY, CATALOG_COLUMNS, PLATFORM_KEYS
from core.sample.ratings import RatingModel, catalog_from_frames, generate_ratings
from core.sample.titles import generate_titles
from core.sample.vocab import REAL_COUNTS

__all__ = [
    "SCALES",
    "RatingModel",
    "SampleSummary",
    "Scale",
    "catalog_from_frames",
    "generate_ratings",
    "generate_titles",
    "write_sample",
]


@dataclass(frozen=True)
class Scale:
    """How much data a scale asks for."""

    titles: int  # split across platforms in the real proportions
    users: int
    rating_files: int


SCALES: dict[str, Scale] = {
    "demo": Scale(titles=4_000, users=3_000, rating_files=2),
    "full": Scale(titles=22_998, users=115_077, rating_files=8),
}


@dataclass(frozen=True)
class SampleSummary:
    """What `write_sample` wrote, so callers can log or check it without re-reading."""

    titles: dict[str, int]  # platform key -> rows in its catalog
    users: int
    ratings: int
    files: tuple[Path, ...]


def write_sample(
    out_dir: Path, scale: str = "demo", seed: int = 0, titles_dir: Path | None = None
) -> SampleSummary:
    """Write `{platform}_titles.csv` and `ratings/ratings_{k}.csv` under `out_dir`.

    With `titles_dir`, the four real catalogs there are copied byte for byte and the
    scale only sets users and ratings. Old `ratings_*.csv` files in `out_dir/ratings`
    are removed first, so a smaller scale never leaves stale shards behind.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; valid scales are {sorted(SCALES)}")
    size = SCALES[scale]
    out_dir = Path(out_dir)
    ratings_dir = out_dir / "ratings"
    ratings_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if titles_dir is None:
        frames = generate_titles(_split_counts(size.titles), seed)
        for platform, frame in frames.items():
            written.append(out_dir / BY_KEY[platform].file_name)
            frame.write_csv(written[-1])
    else:
        frames = _read_catalogs(Path(titles_dir))
        for platform in frames:
            written.append(out_dir / BY_KEY[platform].file_name)
            shutil.copyfile(Path(titles_dir) / BY_KEY[platform].file_name, written[-1])
    means = None if titles_dir is None else read_means()
    ratings = generate_ratings(catalog_from_frames(frames), size.users, seed, means=means)
    for stale in ratings_dir.glob("ratings_*.csv"):
        stale.unlink()
    bounds = np.linspace(0, ratings.height, size.rating_files + 1).round().astype(int)
    for k in range(size.rating_files):
        written.append(ratings_dir / f"ratings_{k + 1}.csv")
        ratings.slice(bounds[k], bounds[k + 1] - bounds[k]).write_csv(written[-1])
    return SampleSummary(
        titles={platform: frame.height for platform, frame in frames.items()},
        users=size.users,
        ratings=ratings.height,
        files=tuple(written),
    )


def read_means() -> pl.DataFrame:
    """The shipped mean rating per title of the original dataset (``title_id``, ``mean``)."""
    from core.shipped import RATING_MEANS, read

    raw = pl.read_csv(read(RATING_MEANS, "recsys.csv"), columns=["movieId", "rating"])
    return raw.select(pl.col("movieId").alias("title_id"), pl.col("rating").alias("mean"))


def _split_counts(total: int) -> dict[str, int]:
    """Split `total` titles across platforms like the real catalogs (largest remainder)."""
    real = sum(REAL_COUNTS.values())
    exact = {p: total * REAL_COUNTS[p] / real for p in PLATFORM_KEYS}
    counts = {p: int(share) for p, share in exact.items()}
    by_remainder = sorted(PLATFORM_KEYS, key=lambda p: counts[p] - exact[p])
    for p in by_remainder[: total - sum(counts.values())]:
        counts[p] += 1
    return counts


def _read_catalogs(titles_dir: Path) -> dict[str, pl.DataFrame]:
    """Read the four real catalogs as strings, refusing files with another layout."""
    frames = {}
    for platform in PLATFORM_KEYS:
        path = titles_dir / BY_KEY[platform].file_name
        if not path.is_file():
            names = [BY_KEY[key].file_name for key in PLATFORM_KEYS]
            raise FileNotFoundError(f"{path} is missing; titles_dir must hold {names}")
        frame = pl.read_csv(path, infer_schema=False)
        if tuple(frame.columns) != CATALOG_COLUMNS:
            raise ValueError(
                f"{path} has columns {frame.columns}; expected {list(CATALOG_COLUMNS)}"
            )
        frames[platform] = frame
    return frames
