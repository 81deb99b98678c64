"""The data the product ships in ``data/``: the real catalogs and other small licensed files.

They are committed compressed (``.xz``, Python's own ``lzma``), each folder with a SOURCE note,
so a fresh clone answers about the real titles with nothing downloaded. Readers want plain
CSV files (polars scans them lazily), so :func:`unpack` writes the plain copies once into a
git-ignored folder and checks each against the SHA-256 of the original file: a corrupted or
edited copy is caught before the ETL sees it.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import os
from dataclasses import dataclass
from pathlib import Path

from core.errors import StreambotError

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "data"
"""Where the repository keeps the shipped files (``data/<dataset>/<file>.xz``)."""


class ShippedDataError(StreambotError):
    """A shipped file is missing or does not decompress to the original bytes."""


@dataclass(frozen=True, slots=True)
class Dataset:
    """One shipped folder: its name under ``data/`` and the SHA-256 of each original file."""

    name: str
    files: dict[str, str]


TITLES = Dataset(
    "titles",
    {
        "amazon_prime_titles.csv": (
            "ba54b448affd40f0813e470365b6860e647aead3a51e9196b93205eb0f031e8f"
        ),
        "disney_plus_titles.csv": (
            "d39ee14064140939f14ae5216fc79dd44ebc423313d19f8430452ff6b2bb137c"
        ),
        "hulu_titles.csv": "eb6d2a6be2db20a9b5598f3d9dc4ba9301c47d80b6729007331c79b1f4575458",
        "netflix_titles.csv": "df1f4ad2027a5a14c3a33932ef0d4054565ff88adf92b7f263601b70fdc6f3f3",
    },
)
"""The four Kaggle catalogs (CC0 1.0), byte-identical to the reference copies."""

RATING_MEANS = Dataset(
    "ratings-means",
    {"recsys.csv": "61fc5ac64858b2d726e8772876e31b0bd681137403a8e2407fafc5ca4a0c2e9e"},
)
"""The mean rating per title of the original 11M-rating dataset (one row per catalog title)."""

MOVIELENS_SMALL = Dataset(
    "movielens-small",
    {
        "ratings.csv": "aa289ca83157595d0df6aea1be6a4ded676ddc4385472e8313a8ed9805352646",
        "movies.csv": "5a5f32dd9bb3797b8e728a1b98958789d2b13f294a69fdfbc5727f8a9611aa07",
        "links.csv": "97ad18e4e56a09363c65676b6cb3482ce3e2cea2372a24620c1599c843325f31",
    },
)
"""MovieLens ml-latest-small (GroupLens licence: see its README.txt, shipped beside it)."""

TASTE = Dataset(
    "taste",
    {"movielens-small.csv": "c0924bd8a300feff5a7e0d96e2c71f5ba76269f3d277f66746da9d0b6b886f80"},
)
"""ml-latest-small's ratings bridged onto the shipped catalogs (``core.taste.shipped``; the
GroupLens licence in its README.txt)."""

_STAMP = ".unpacked.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stamp_matches(dest: Path, dataset: Dataset) -> bool:
    """True when ``dest`` holds every file, unpacked and checked earlier, and not resized since."""
    try:
        stamp = json.loads((dest / _STAMP).read_text())
    except (OSError, ValueError):
        return False
    return all(
        stamp.get(name, {}).get("sha256") == sha
        and (dest / name).is_file()
        and (dest / name).stat().st_size == stamp[name].get("size")
        for name, sha in dataset.files.items()
    )


def read(dataset: Dataset, name: str, *, source: Path = SHIPPED_DIR) -> bytes:
    """The original bytes of one small shipped file, checked, without writing a plain copy.

    For files read whole once per run (the per-title means), where a copy on disk buys nothing.
    """
    packed = source / dataset.name / f"{name}.xz"
    if not packed.is_file():
        raise ShippedDataError(
            f"{packed} is missing: the checkout is incomplete (git status, git checkout)."
        )
    data = lzma.decompress(packed.read_bytes())
    if hashlib.sha256(data).hexdigest() != dataset.files[name]:
        raise ShippedDataError(
            f"{packed} does not unpack to the original {name} (SHA-256 differs): "
            "restore it with git checkout."
        )
    return data


def unpack(dataset: Dataset, dest: Path, *, source: Path = SHIPPED_DIR) -> Path:
    """Return ``dest`` holding the plain files of ``dataset``, unpacking what is missing.

    Each file is written beside its final name and renamed into place only after its SHA-256
    matched, so an interrupted unpack never leaves a half file that a later run trusts.
    """
    if _stamp_matches(dest, dataset):
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    stamp: dict[str, dict[str, object]] = {}
    for name, sha in dataset.files.items():
        target = dest / name
        if not (target.is_file() and _sha256(target) == sha):
            packed = source / dataset.name / f"{name}.xz"
            if not packed.is_file():
                raise ShippedDataError(
                    f"{packed} is missing: the checkout is incomplete (git status, git checkout)."
                )
            partial = target.with_name(f".{name}.partial")
            with lzma.open(packed) as src, partial.open("wb") as out:
                for block in iter(lambda: src.read(1 << 20), b""):
                    out.write(block)
            if _sha256(partial) != sha:
                partial.unlink()
                raise ShippedDataError(
                    f"{packed} does not unpack to the original {name} (SHA-256 differs): "
                    "restore it with git checkout."
                )
            os.replace(partial, target)
        stamp[name] = {"sha256": sha, "size": target.stat().st_size}
    (dest / _STAMP).write_text(json.dumps(stamp, indent=1))
    return dest


def shipped_applies(conn) -> bool:
    """True when the database's catalogs are the shipped ones (the ETL recorded each catalog
    file's SHA-256); ``conn`` is a ``sqlite3`` or an ADBC connection to a database with the
    core schema."""
    rows = conn.execute(
        "SELECT name, sha256 FROM etl_files f WHERE kind = 'catalog' AND id = "
        "(SELECT max(id) FROM etl_files g WHERE g.kind = 'catalog' AND g.name = f.name)"
    ).fetchall()
    return dict(rows) == TITLES.files
