"""Reading and validation: what the ETL knows about its input before writing anything.

Everything here is pure (files in, polars frames out) and needs no database, so it can run on a
second core while the writer inserts the previous file. Checks come first: a missing catalog, or
a file without one of its columns, is an ``EtlInputError`` naming the file and the column, and
the run stops with nothing written. Then each catalog is cleaned (``core.clean``) and each
ratings file is read, hashed and validated row by row; a bad row becomes a reject with its line
and reason, never an exception.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from core.clean import CleanCatalog, clean_catalog
from core.db import CHAT_USER_BASE
from core.errors import EtlInputError
from core.platforms import CATALOG_COLUMNS, PLATFORMS, RATINGS_COLUMNS, Platform

_RATINGS_SCHEMA = {
    "userId": pl.Int64,
    "rating": pl.Float64,
    "timestamp": pl.Int64,
    "movieId": pl.String,
}
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileReport:
    """What happened to one input file in one run."""

    name: str
    kind: str
    """``catalog`` or ``ratings``."""
    status: str
    """``loaded``, ``replaced`` (same name, new content) or ``unchanged`` (skipped)."""
    rows_read: int = 0
    rows_loaded: int = 0
    rejects: dict[str, int] = field(default_factory=dict)
    fixes: dict[str, int] = field(default_factory=dict)

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejects.values())


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in chunks so an 11M-row file does not sit in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        row = next(csv.reader(fh), [])
    return [c.strip() for c in row]


def _check_columns(path: Path, required: Iterable[str]) -> None:
    header = _header(path)
    missing = [c for c in required if c not in header]
    if missing:
        raise EtlInputError(
            f"{path} is missing the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)} (found: {', '.join(header) or 'nothing'})."
        )


def catalog_paths(source: Path) -> dict[str, Path]:
    """The four catalog files expected in ``source``, by platform key."""
    return {p.key: source / p.file_name for p in PLATFORMS}


def ratings_paths(source: Path) -> list[Path]:
    """The ratings files in ``source/ratings``, in name order (the order they are loaded)."""
    folder = source / "ratings"
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def check_inputs(source: Path) -> None:
    """Fail before writing anything when a catalog is missing or any file lacks a column."""
    for path in catalog_paths(source).values():
        if not path.is_file():
            raise EtlInputError(
                f"{path} is missing: put the four Kaggle catalogs in {source} "
                "(see data/README.md), or run `streambot sample` to generate data."
            )
        _check_columns(path, CATALOG_COLUMNS)
    for path in ratings_paths(source):
        _check_columns(path, RATINGS_COLUMNS)


# --- catalogs --------------------------------------------------------------------------------


def read_catalog(path: Path, platform: Platform) -> tuple[CleanCatalog, FileReport]:
    """One catalog file, cleaned by the catalog rules, and the report of what the rules did."""
    raw = pl.read_csv(path, infer_schema=False, columns=list(CATALOG_COLUMNS))
    result = clean_catalog(raw, platform)
    report = FileReport(
        name=path.name,
        kind="catalog",
        status="loaded",
        rows_read=raw.height,
        rows_loaded=result.titles.height,
        rejects=dict(Counter(result.rejects["reason"].to_list())),
        fixes=dict(Counter(result.fixes["fix"].to_list())),
    )
    return result, report


# --- ratings ---------------------------------------------------------------------------------


def _read_ratings_strict(data: bytes) -> pl.DataFrame:
    """The fast path: a well-formed file read with its final types."""
    return pl.read_csv(data, schema_overrides=_RATINGS_SCHEMA, columns=list(RATINGS_COLUMNS))


def _read_ratings_tolerant(data: bytes) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The slow path, for a file the fast path cannot parse: row by row, keeping line numbers.

    Returns the rows with the right number of fields (as strings) and the malformed ones.
    """
    good: dict[str, list] = {c: [] for c in ("line", *RATINGS_COLUMNS)}
    bad: dict[str, list] = {"line": [], "reason": [], "raw": []}
    with io.StringIO(data.decode("utf-8-sig", errors="replace"), newline="") as fh:
        reader = csv.reader(fh)
        header = [c.strip() for c in next(reader)]
        order = [header.index(c) for c in RATINGS_COLUMNS]
        for row in reader:
            line = reader.line_num
            if len(row) != len(header):
                bad["line"].append(line)
                bad["reason"].append("malformed")
                bad["raw"].append(",".join(row))
                continue
            good["line"].append(line)
            for name, idx in zip(RATINGS_COLUMNS, order, strict=True):
                good[name].append(row[idx].strip())
    frame = pl.DataFrame(
        good, schema={"line": pl.Int64, **dict.fromkeys(RATINGS_COLUMNS, pl.String)}
    )
    typed = frame.with_columns(
        pl.col("userId").cast(pl.Int64, strict=False).alias("_u"),
        pl.col("rating").cast(pl.Float64, strict=False).alias("_r"),
        pl.col("timestamp").cast(pl.Int64, strict=False).alias("_t"),
    )
    unparsable = (
        (pl.col("_u").is_null() & (pl.col("userId") != ""))
        | (pl.col("_r").is_null() & (pl.col("rating") != ""))
        | (pl.col("_t").is_null() & (pl.col("timestamp") != ""))
    )
    malformed = typed.filter(unparsable).select(
        "line",
        pl.lit("malformed").alias("reason"),
        pl.concat_str(list(RATINGS_COLUMNS), separator=",").alias("raw"),
    )
    parsed = typed.filter(~unparsable).select(
        "line",
        pl.col("_u").alias("userId"),
        pl.col("_r").alias("rating"),
        pl.col("_t").alias("timestamp"),
        pl.when(pl.col("movieId") == "").then(None).otherwise(pl.col("movieId")).alias("movieId"),
    )
    rejects = pl.concat([pl.DataFrame(bad, schema=malformed.schema), malformed])
    return parsed, rejects


def read_ratings(data: bytes, title_ids: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Read and validate the content of one ratings file.

    Returns ``(valid rows, rejects, rows read)``. Valid rows have the ``ratings`` table's
    columns; rejects have ``line``, ``reason`` and ``raw``.
    """
    try:
        frame = _read_ratings_strict(data).with_row_index("line", offset=2)
        frame = frame.with_columns(pl.col("line").cast(pl.Int64))
        early_rejects = pl.DataFrame(
            schema={"line": pl.Int64, "reason": pl.String, "raw": pl.String}
        )
    except (pl.exceptions.ComputeError, pl.exceptions.ShapeError):
        frame, early_rejects = _read_ratings_tolerant(data)
    rows_read = frame.height + early_rejects.height

    movie = pl.col("movieId").str.strip_chars().str.to_lowercase()
    rating = pl.col("rating")
    reason = (
        pl.when(pl.any_horizontal(pl.col(c).is_null() for c in RATINGS_COLUMNS))
        .then(pl.lit("missing_value"))
        .when((pl.col("userId") <= 0) | (pl.col("userId") >= CHAT_USER_BASE))
        .then(pl.lit("bad_user_id"))
        .when(rating.is_nan() | (rating < 0.5) | (rating > 5.0))
        .then(pl.lit("rating_out_of_range"))
        .when((rating * 2) != (rating * 2).round(0))
        .then(pl.lit("rating_off_step"))
        .when(pl.col("timestamp") < 0)
        .then(pl.lit("bad_timestamp"))
        .when(~movie.is_in(title_ids.implode()))
        .then(pl.lit("unknown_title"))
    )
    frame = frame.with_columns(reason.alias("_reason"), movie.alias("_movie"))
    bad = frame.filter(pl.col("_reason").is_not_null())
    rejects = pl.concat(
        [
            early_rejects,
            bad.select(
                "line",
                pl.col("_reason").alias("reason"),
                pl.concat_str(
                    [pl.col(c).cast(pl.String).fill_null("") for c in RATINGS_COLUMNS],
                    separator=",",
                ).alias("raw"),
            ),
        ]
    ).sort("line")
    # Most files have no bad row: skip the filter then (a filtered frame inserts slower).
    kept = frame.filter(pl.col("_reason").is_null()) if bad.height else frame
    valid = kept.select(
        pl.col("userId").alias("user_id"),
        pl.col("_movie").alias("title_id"),
        "rating",
        "timestamp",
    )
    return valid, rejects, rows_read


def score_delta(valid: pl.DataFrame) -> pl.DataFrame:
    """Per-title sum and count of a batch of ratings: what a batch adds to ``title_scores``."""
    return valid.group_by("title_id").agg(
        pl.col("rating").sum().alias("rating_sum"), pl.len().cast(pl.Int64).alias("rating_count")
    )


@dataclass(frozen=True, slots=True)
class PreparedRatings:
    """A ratings file read, hashed and validated, ready to insert (or skipped as unchanged)."""

    path: Path
    digest: str
    size: int
    previous: str | None
    """The SHA-256 of the version loaded before, if any."""
    valid: pl.DataFrame | None = None
    rejects: pl.DataFrame | None = None
    delta: pl.DataFrame | None = None
    rows_read: int = 0

    @property
    def unchanged(self) -> bool:
        return self.digest == self.previous


def prepare_ratings(path: Path, previous: str | None, title_ids: pl.Series) -> PreparedRatings:
    """Everything about a file that needs no database: runs on a second core while the
    previous file is being inserted. The file is read once, for both the hash and the parse."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest == previous:
        return PreparedRatings(path, digest, len(data), previous)
    valid, rejects, rows_read = read_ratings(data, title_ids)
    return PreparedRatings(
        path, digest, len(data), previous, valid, rejects, score_delta(valid), rows_read
    )
