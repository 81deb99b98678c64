"""Choosing the input on a fresh machine: the real Kaggle files if present, else generated data.

``make run`` must work with nothing downloaded, so the default is a generated demo dataset; a
user who drops the real files into ``data/raw/`` gets them instead, with no flag to remember.
"""

from __future__ import annotations

from pathlib import Path

from core.etl import catalog_paths, ratings_paths
from core.settings import Settings


def _has_catalogs(folder: Path) -> bool:
    return all(p.is_file() for p in catalog_paths(folder).values())


def prepare_source(settings: Settings) -> tuple[Path, str]:
    """Return the folder to load and a sentence saying which data it is.

    - real catalogs and ratings in ``raw_dir``: load them as they are;
    - real catalogs only: generate demo-scale ratings for those titles;
    - nothing: generate the demo dataset (once; it is deterministic from the seed).
    """
    from core.sample import write_sample

    raw, sample = settings.raw_dir, settings.sample_dir
    if _has_catalogs(raw) and ratings_paths(raw):
        return raw, f"Using the real files in {raw}."
    if _has_catalogs(raw):
        # A folder of its own, so demo titles' ratings are never mixed with the real catalogs.
        mixed = sample / "real-catalogs"
        if not ratings_paths(mixed):
            write_sample(mixed, scale="demo", seed=settings.sample_seed, titles_dir=raw)
        return mixed, f"Using the real catalogs in {raw} with generated ratings in {mixed}."
    if not (_has_catalogs(sample) and ratings_paths(sample)):
        write_sample(sample, scale="demo", seed=settings.sample_seed)
    return sample, (
        f"No Kaggle files in {raw}: using the generated demo dataset in {sample} "
        "(see data/README.md to use the real ones)."
    )


def watched_source(settings: Settings) -> Path:
    """The folder whose ``ratings/`` the ingest job watches: the one ``prepare_source`` loads."""
    raw, sample = settings.raw_dir, settings.sample_dir
    if _has_catalogs(raw) and ratings_paths(raw):
        return raw
    if _has_catalogs(raw):
        return sample / "real-catalogs"
    return sample
