"""The catalogs of a folder as matcher entries, without a database: for the benchmarks, the
labelling samplers and the tests on the real catalogs (``core.where.support.load_entries``
reads the same entries from a loaded database)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from core.clean import clean_catalog
from core.platforms import CATALOG_COLUMNS, PLATFORMS
from core.where.alternatives import with_alternatives
from core.where.entry import Entry, entry_of
from core.where.grouping import Grouping, group


def folder_entries(folder: Path) -> list[Entry]:
    """The four catalogs in ``folder`` (the Kaggle file names), cleaned as the ETL cleans
    them, as matcher entries in id order, with their alternative titles."""
    entries = []
    for platform in PLATFORMS:
        raw = pl.read_csv(
            folder / platform.file_name, infer_schema=False, columns=list(CATALOG_COLUMNS)
        )
        clean = clean_catalog(raw, platform)
        lists: dict[str, list[list[str]]] = {}
        for slot, (frame, column) in enumerate(
            ((clean.directors, "name"), (clean.cast, "name"), (clean.genres, "genre"))
        ):
            for title_id, names in (
                (frame.sort("title_id", "position").group_by("title_id", maintain_order=True))
                .agg(pl.col(column).str.to_lowercase())
                .iter_rows()
            ):
                lists.setdefault(title_id, [[], [], []])[slot] = names
        columns = ("id", "platform", "type", "display_title", "release_year")
        for *row, description, rating, country in clean.titles.select(
            *columns, "duration_int", "duration_type", "description", "rating", "country"
        ).iter_rows():
            entries.append(
                entry_of(
                    *row,
                    *lists.get(row[0], [[], [], []]),
                    description=description,
                    rating=rating,
                    country=country,
                )
            )
    return with_alternatives(sorted(entries, key=lambda e: e.id))


def folder_works(folder: Path) -> dict[str, int]:
    """Title id -> work number, as the ETL would group the catalogs in ``folder``."""
    grouping: Grouping = group(folder_entries(folder))
    return {title_id: n for n, ids in enumerate(grouping.works) for title_id in ids}
