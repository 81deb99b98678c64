"""Catalog cleaning: the product's contract for a title row, as pure polars functions.

The rules (each has a test in ``tests/test_clean.py``):

1. The title id is the platform's first letter followed by ``show_id``: ``as123``, ``ns8807``.
2. A null maturity ``rating`` becomes ``g``.
3. ``date_added`` becomes an ISO date, ``YYYY-mm-dd``.
4. Text fields are lower-case; ``display_title`` keeps the original case for display.
5. ``duration`` is split into ``duration_int`` and ``duration_type`` (``min`` or ``season``).

A duration found in the ``rating`` column (three Netflix rows, ~290 Hulu rows) is moved to
``duration`` and recorded as a fix. Rows that cannot be titles at all (no ``show_id``, no title,
a non-numeric year, a duplicate id) are returned as rejects instead of raising, so one bad row
never stops a load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl

from core.platforms import CATALOG_COLUMNS, Platform

_DURATION_RE = r"(?i)^\s*(\d+)\s*(min|mins|minutes?|seasons?)\s*$"
_LOWER_TEXT = ("director", "cast", "country", "listed_in", "description")

TITLE_COLUMNS: tuple[str, ...] = (
    "id",
    "platform",
    "show_id",
    "type",
    "title",
    "display_title",
    "director",
    "cast",
    "country",
    "date_added",
    "release_year",
    "rating",
    "duration_int",
    "duration_type",
    "listed_in",
    "description",
)


@dataclass(frozen=True, slots=True)
class CleanCatalog:
    """One platform's catalog after cleaning, split into the tables the database stores."""

    titles: pl.DataFrame
    cast: pl.DataFrame
    directors: pl.DataFrame
    genres: pl.DataFrame
    rejects: pl.DataFrame
    """Columns ``line`` (CSV record number, header = 1), ``reason``, ``raw`` (JSON of the row)."""
    fixes: pl.DataFrame
    """Columns ``title_id``, ``fix``, ``detail``."""


def _blank_to_null(col: str) -> pl.Expr:
    stripped = pl.col(col).str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped).alias(col)


def _split_list(titles: pl.DataFrame, column: str, out_name: str) -> pl.DataFrame:
    """One row per title and list item: split on commas, trimmed, empty items dropped."""
    return (
        titles.select(pl.col("id").alias("title_id"), pl.col(column).str.split(",").alias(out_name))
        .explode(out_name)
        .with_columns(pl.col(out_name).str.strip_chars())
        .filter(pl.col(out_name).is_not_null() & (pl.col(out_name) != ""))
        .with_columns(pl.int_range(pl.len()).over("title_id").cast(pl.Int64).alias("position"))
        .select("title_id", "position", out_name)
    )


def clean_catalog(raw: pl.DataFrame, platform: Platform) -> CleanCatalog:
    """Apply the catalog rules to a raw Kaggle frame (all columns read as strings)."""
    df = raw.select(CATALOG_COLUMNS).with_row_index("line", offset=2)
    df = df.with_columns(
        [_blank_to_null(c) for c in CATALOG_COLUMNS if c not in ("title",)]
        + [pl.col("title").str.strip_chars().alias("title")]
    )

    # A duration in the rating column (seen in Netflix and Hulu) belongs in duration.
    rating_is_duration = pl.col("rating").str.contains(_DURATION_RE).fill_null(False)
    df = df.with_columns(
        rating_is_duration.alias("_moved"),
        pl.when(rating_is_duration & pl.col("duration").is_null())
        .then(pl.col("rating"))
        .otherwise(pl.col("duration"))
        .alias("duration"),
        pl.when(rating_is_duration).then(None).otherwise(pl.col("rating")).alias("_raw_rating"),
    )

    year = pl.col("release_year").cast(pl.Int64, strict=False)
    reason = (
        pl.when(pl.col("show_id").is_null())
        .then(pl.lit("missing_show_id"))
        .when(pl.col("title").is_null() | (pl.col("title") == ""))
        .then(pl.lit("missing_title"))
        .when(year.is_null())
        .then(pl.lit("bad_release_year"))
        .when(pl.col("type").str.to_lowercase().is_in(["movie", "tv show"]).not_())
        .then(pl.lit("bad_type"))
    )
    df = df.with_columns(reason.alias("_reason"))
    df = df.with_columns((pl.lit(platform.prefix) + pl.col("show_id")).alias("id"))
    duplicate = (
        pl.col("_reason").is_null()
        & pl.col("id").is_duplicated()
        & (pl.int_range(pl.len()).over("id") > 0)
    )
    df = df.with_columns(
        pl.when(duplicate)
        .then(pl.lit("duplicate_id"))
        .otherwise(pl.col("_reason"))
        .alias("_reason")
    )

    rejected = df.filter(pl.col("_reason").is_not_null())
    rejects = rejected.select(
        "line",
        pl.col("_reason").alias("reason"),
        pl.struct(CATALOG_COLUMNS).struct.json_encode().alias("raw"),
    )
    good = df.filter(pl.col("_reason").is_null())

    duration = pl.col("duration").str.extract_groups(_DURATION_RE)
    date = pl.col("date_added").str.to_date("%B %d, %Y", strict=False)
    good = good.with_columns(
        duration.struct.field("1").cast(pl.Int64).alias("duration_int"),
        pl.when(duration.struct.field("2").str.to_lowercase().str.starts_with("season"))
        .then(pl.lit("season"))
        .when(duration.struct.field("2").is_not_null())
        .then(pl.lit("min"))
        .alias("duration_type"),
        date.dt.to_string("%Y-%m-%d").alias("_iso_date"),
    )

    fixes = pl.concat(
        [
            good.filter(pl.col("_moved")).select(
                pl.col("id").alias("title_id"),
                pl.lit("duration_in_rating").alias("fix"),
                pl.concat_str(
                    pl.lit("rating '"), pl.col("rating"), pl.lit("' moved to duration")
                ).alias("detail"),
            ),
            good.filter(pl.col("date_added").is_not_null() & pl.col("_iso_date").is_null()).select(
                pl.col("id").alias("title_id"),
                pl.lit("date_unparsed").alias("fix"),
                pl.concat_str(
                    pl.lit("date_added '"), "date_added", pl.lit("' is not 'Month D, YYYY'")
                ).alias("detail"),
            ),
            good.filter(pl.col("duration").is_not_null() & pl.col("duration_int").is_null()).select(
                pl.col("id").alias("title_id"),
                pl.lit("duration_unparsed").alias("fix"),
                pl.concat_str(
                    pl.lit("duration '"), "duration", pl.lit("' is not 'N min' or 'N Season(s)'")
                ).alias("detail"),
            ),
        ]
    )

    titles = good.select(
        "id",
        pl.lit(platform.key).alias("platform"),
        "show_id",
        pl.col("type").str.to_lowercase(),
        pl.col("title").str.to_lowercase().alias("title"),
        pl.col("title").alias("display_title"),
        *[pl.col(c).str.to_lowercase() for c in ("director", "cast", "country")],
        pl.col("_iso_date").alias("date_added"),
        pl.col("release_year").cast(pl.Int64),
        pl.col("_raw_rating").str.to_lowercase().fill_null("g").alias("rating"),
        "duration_int",
        "duration_type",
        *[pl.col(c).str.to_lowercase() for c in ("listed_in", "description")],
    )
    return CleanCatalog(
        titles=titles,
        cast=_split_list(titles, "cast", "name"),
        directors=_split_list(titles, "director", "name"),
        genres=_split_list(titles, "listed_in", "genre"),
        rejects=rejects,
        fixes=fixes,
    )


def reject_row_json(row: dict[str, object]) -> str:
    """The ``raw`` column of a reject: the row as JSON, so it can be inspected and replayed."""
    return json.dumps(row, ensure_ascii=False)
