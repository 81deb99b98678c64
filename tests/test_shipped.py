"""The shipped data: the real catalogs unpack to the original bytes, and damage is caught."""

from __future__ import annotations

import lzma
import shutil
from pathlib import Path

import pytest

from core.platforms import PLATFORMS
from core.shipped import (
    MOVIELENS_SMALL,
    RATING_MEANS,
    SHIPPED_DIR,
    TASTE,
    TITLES,
    ShippedDataError,
    unpack,
)


@pytest.mark.parametrize(
    "dataset", [TITLES, RATING_MEANS, MOVIELENS_SMALL, TASTE], ids=lambda d: d.name
)
def test_every_shipped_dataset_has_its_source_note_and_unpacks(dataset, tmp_path: Path) -> None:
    assert (SHIPPED_DIR / dataset.name / "SOURCE.md").is_file()
    folder = unpack(dataset, tmp_path / dataset.name)
    assert sorted(p.name for p in folder.glob("*.csv")) == sorted(dataset.files)


def test_the_catalogs_are_the_four_platforms_with_their_real_row_counts(real_titles_dir: Path):
    import csv

    counts = {}
    for p in PLATFORMS:
        with (real_titles_dir / p.file_name).open(encoding="utf-8", newline="") as fh:
            counts[p.key] = sum(1 for _ in csv.reader(fh)) - 1
    assert counts == {"amazon": 9668, "disney": 1450, "hulu": 3073, "netflix": 8807}


def test_a_damaged_archive_is_refused_and_leaves_no_file(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(SHIPPED_DIR / RATING_MEANS.name, source / RATING_MEANS.name)
    packed = source / RATING_MEANS.name / "recsys.csv.xz"
    packed.write_bytes(lzma.compress(b",movieId,rating\n0,as1,5.0\n"))
    with pytest.raises(ShippedDataError, match="SHA-256"):
        unpack(RATING_MEANS, tmp_path / "out", source=source)
    assert not list((tmp_path / "out").iterdir())


def test_an_edited_unpacked_copy_is_replaced_by_the_original(tmp_path: Path) -> None:
    folder = unpack(RATING_MEANS, tmp_path / "means")
    original = (folder / "recsys.csv").read_bytes()
    (folder / "recsys.csv").write_bytes(original.replace(b"as1,", b"as1,9", 1))
    assert unpack(RATING_MEANS, folder) == folder
    assert (folder / "recsys.csv").read_bytes() == original
