"""Catalog cleaning: the product's contract for a title row, as pure polars functions.

The rules (each has a test in ``tests/test_clean.py``):

1. The title id is the platform's first letter followed by ``show_id``: ``as123``, ``ns8807``.
2. A null maturity ``rating`` becomes ``g``.
3. ``date_added`` becomes an ISO date, ``YYYY-mm-dd``.
4. Text fields are lower-case, for matching (and the seed's columns); the original text is
   kept beside them for display: ``display_title``, ``display_description``, and each cast,
   director and genre name's ``display_name`` / ``display_genre``. People read "Lin-Manuel
   Miranda", never "Lin-manuel Miranda".
5. ``duration`` is split into ``duration_int`` and ``duration_type`` (``min`` or ``season``).
6. Any run of white space in a title or a name (a line break, U+2028, a tab) is one space:
   "The Memphis Belle: A Story of a\nFlying Fortress" is one line everywhere.
7. A name made only of digits ("1", "2, 3") is no name, and is left out of the lists. A row
   whose cast or directors are only such names is a catalog placeholder ("Title before 1C
   onboarding - 5", cast "1, 2, 3"): it is kept and counted as a title, as the seed counts
   titles, but marked ``quarantine = 'placeholder'`` so search, rankings and cards leave it
   out, and recorded as a fix.

A duration found in the ``rating`` column (three Netflix rows, ~290 Hulu rows) is moved to
``duration`` and recorded as a fix. Rows that cannot be titles at all (no ``show_id``, no title,
a non-numeric year, a duplicate id) are returned as rejects instead of raising, so one bad row
never stops a load.

``CATALOG_RULES`` names this version of the rules: the ETL reloads the catalogs when the
database was loaded under other rules, even if the files did not change.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from core.platforms import CATALOG_COLUMNS, Platform

CATALOG_RULES = "2"
"""Bump when a rule changes what is stored: the next ETL run reloads the catalogs."""
PLACEHOLDER = "placeholder"
"""The ``quarantine`` mark of a placeholder row (rule 7)."""

_DURATION_RE = r"(?i)^\s*(\d+)\s*(min|mins|minutes?|seasons?)\s*$"
_NOT_A_NAME = r"^[\d\s]+$"
"""Rule 7: a "name" of digits only."""

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
    "display_description",
    "quarantine",
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


_ONE_LINE = ("title", "director", "cast", "country", "listed_in")
"""Rule 6: the columns whose white-space runs become one space."""


def _blank_to_null(col: str) -> pl.Expr:
    stripped = pl.col(col).str.strip_chars()
    if col in _ONE_LINE:
        stripped = stripped.str.replace_all(r"\s+", " ")
    return pl.when(stripped == "").then(None).otherwise(stripped).alias(col)


def _names(column: str) -> pl.Expr:
    """The names of a comma-separated list, trimmed; empty items and rule 7's digit-only
    "names" dropped."""
    return (
        pl.col(column)
        .str.split(",")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(
            pl.element().filter((pl.element() != "") & ~pl.element().str.contains(_NOT_A_NAME))
        )
    )


def _placeholder(column: str) -> pl.Expr:
    """Rule 7: the list is given, and every name in it is digits only."""
    return pl.col(column).is_not_null() & (_names(column).list.len() == 0)


def _split_list(good: pl.DataFrame, column: str, out_name: str, display: str) -> pl.DataFrame:
    """One row per title and list item, in list order: the lower-case name (for matching) and
    the name as the catalog writes it (for display)."""
    return (
        good.select(pl.col("id").alias("title_id"), _names(column).alias(display))
        .explode(display)
        .filter(pl.col(display).is_not_null())
        .with_columns(
            pl.int_range(pl.len()).over("title_id").cast(pl.Int64).alias("position"),
            pl.col(display).str.to_lowercase().alias(out_name),
        )
        .select("title_id", "position", out_name, display)
    )


def clean_catalog(raw: pl.DataFrame, platform: Platform) -> CleanCatalog:
    """Apply the catalog rules to a raw Kaggle frame (all columns read as strings)."""
    df = raw.select(CATALOG_COLUMNS).with_row_index("line", offset=2)
    df = df.with_columns(
        [_blank_to_null(c) for c in CATALOG_COLUMNS if c not in ("title",)]
        + [pl.col("title").str.strip_chars().str.replace_all(r"\s+", " ").alias("title")]
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

    good = good.with_columns(
        pl.when(_placeholder("cast") | _placeholder("director"))
        .then(pl.lit(PLACEHOLDER))
        .otherwise(None)
        .alias("quarantine")
    )
    fixes = pl.concat(
        [
            good.filter(pl.col("quarantine").is_not_null()).select(
                pl.col("id").alias("title_id"),
                pl.lit("placeholder_row").alias("fix"),
                pl.concat_str(
                    pl.lit("cast '"),
                    pl.col("cast").fill_null(""),
                    pl.lit("', director '"),
                    pl.col("director").fill_null(""),
                    pl.lit("': digits, not names; kept as a title, left out of search and ranks"),
                ).alias("detail"),
            ),
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
        pl.col("description").alias("display_description"),
        "quarantine",
    )
    return CleanCatalog(
        titles=titles,
        cast=_split_list(good, "cast", "name", "display_name"),
        directors=_split_list(good, "director", "name", "display_name"),
        genres=_split_list(good, "listed_in", "genre", "display_genre"),
        rejects=rejects,
        fixes=fixes,
    )
