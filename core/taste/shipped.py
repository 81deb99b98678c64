"""The bridged ratings streambot ships: ml-latest-small on the shipped catalogs.

``data/taste/movielens-small.csv.xz`` holds every rating of ml-latest-small whose movie the
bridge matched, keyed by catalog title (``core.taste.bridge.RATING_COLUMNS``, sorted by user and
title). It is made by ``bench/taste_bridge.py --write`` from the shipped MovieLens copy and the
shipped catalogs, and a test rebuilds it and compares the bytes. Its SHA-256 is registered in
``core.shipped.TASTE``, and ``read_shipped`` checks it at every read.

The title ids are those of the shipped catalogs: the file applies to a database only when its
catalogs are the shipped ones (``core.shipped.shipped_applies``, by the SHA-256 the ETL
recorded for each catalog file). On other catalogs, import a MovieLens release (``streambot taste
import-movielens``): it is bridged onto whatever catalog the database holds.
"""

from __future__ import annotations

import hashlib
import io
import lzma
import sqlite3
from pathlib import Path

import polars as pl

from core.shipped import MOVIELENS_SMALL, SHIPPED_DIR, TASTE, ShippedDataError
from core.taste.bridge import RATING_COLUMNS
from core.taste.measure import BridgedRelease, bridge_release
from core.taste.release import MOVIES, RATINGS, release_sha256

SHIPPED_SOURCE = "movielens-small"
"""The source name of the shipped ratings in ``load_taste`` (reserved: no import may take it)."""
SHIPPED_NAME = "movielens-small.csv"
SHIPPED_SHA256 = release_sha256(MOVIELENS_SMALL.files[MOVIES], MOVIELENS_SMALL.files[RATINGS])
"""The release identity of ml-latest-small (``core.taste.release.release_sha256``)."""
SHIPPED_FIGURES = {"movies": 9_742, "matched": 2_069, "ratings": 100_836}
"""What the shipped file was made from: ml-latest-small's movies and ratings, and the movies
matched (the test that rebuilds the file checks these too)."""
SCHEMA = {
    "user_id": pl.Int64,
    "title_id": pl.String,
    "rating": pl.Float64,
    "timestamp": pl.Int64,
    "movie_id": pl.Int64,
}
_XZ_PRESET = 9 | lzma.PRESET_EXTREME


def shipped_path(source: Path = SHIPPED_DIR) -> Path:
    return source / TASTE.name / f"{SHIPPED_NAME}.xz"


def csv_bytes(bridged: pl.DataFrame) -> bytes:
    """The bridged ratings as the shipped CSV (header, ``\\n`` line ends, ratings as ``4.0``)."""
    return bridged.select(RATING_COLUMNS).write_csv(line_terminator="\n").encode()


def build_shipped(conn: sqlite3.Connection, movielens_dir: Path) -> tuple[bytes, BridgedRelease]:
    """The shipped file's CSV bytes, rebuilt from the unpacked ml-latest-small in
    ``movielens_dir`` and the catalog of ``conn`` (the shipped catalogs, loaded by the ETL)."""
    release = bridge_release(conn, movielens_dir / MOVIES, movielens_dir / RATINGS)
    return csv_bytes(release.bridged), release


def compress(data: bytes) -> bytes:
    """``data`` as the ``.xz`` the repository keeps (the same bytes for the same input)."""
    return lzma.compress(data, preset=_XZ_PRESET)


def read_shipped(source: Path = SHIPPED_DIR) -> pl.DataFrame:
    """The shipped bridged ratings (``SCHEMA``), checked against their SHA-256."""
    packed = shipped_path(source)
    try:
        data = lzma.decompress(packed.read_bytes())
    except (OSError, lzma.LZMAError) as err:
        raise ShippedDataError(
            f"{packed} cannot be read ({err}): restore it with git checkout."
        ) from err
    if hashlib.sha256(data).hexdigest() != TASTE.files[SHIPPED_NAME]:
        raise ShippedDataError(
            f"{packed} does not unpack to the shipped {SHIPPED_NAME} (SHA-256 differs): "
            "restore it with git checkout, or rebuild it (bench/taste_bridge.py --write) and "
            "register its SHA-256 in core/shipped.py."
        )
    return pl.read_csv(io.BytesIO(data), schema=SCHEMA)
