"""Choosing the input on a fresh machine: the real catalogs, shipped with the product.

``make run`` must work with nothing downloaded and answer about the real Netflix, Prime Video,
Disney+ and Hulu titles, so the default is the four Kaggle catalogs shipped in ``data/titles``
with generated ratings for them. A user who drops the catalogs (and ratings) into ``data/raw/``
gets those instead, with no flag to remember.
"""

from __future__ import annotations

from pathlib import Path

from core.etl import catalog_paths, ratings_paths
from core.settings import Settings
from core.shipped import TITLES, unpack


def _has_catalogs(folder: Path) -> bool:
    return all(p.is_file() for p in catalog_paths(folder).values())


def _generated_for(settings: Settings) -> Path:
    """The folder of generated ratings, one per catalog origin so they never mix."""
    origin = "real-catalogs" if _has_catalogs(settings.raw_dir) else "shipped"
    return settings.sample_dir / origin


def prepare_source(settings: Settings) -> tuple[Path, str]:
    """Return the folder to load and a sentence saying which data it is.

    - real catalogs and ratings in ``raw_dir``: load them as they are;
    - real catalogs only in ``raw_dir``: generate demo-scale ratings for those titles;
    - nothing: the shipped catalogs with generated demo-scale ratings (deterministic from the
      seed, generated once).
    """
    from core.sample import write_sample

    raw = settings.raw_dir
    if _has_catalogs(raw) and ratings_paths(raw):
        return raw, f"Using the real files in {raw}."
    folder = _generated_for(settings)
    if _has_catalogs(raw):
        titles, said = raw, f"the catalogs in {raw}"
    else:
        titles = unpack(TITLES, settings.sample_dir / "titles")
        said = "the real catalogs shipped in data/titles"
    if not (_has_catalogs(folder) and ratings_paths(folder)):
        write_sample(folder, scale="demo", seed=settings.sample_seed, titles_dir=titles)
    return folder, (
        f"Using {said} with generated ratings in {folder} "
        "(see data/README.md to load real ratings)."
    )


def watched_source(settings: Settings) -> Path:
    """The folder whose ``ratings/`` the ingest job watches: the one ``prepare_source`` loads."""
    raw = settings.raw_dir
    if _has_catalogs(raw) and ratings_paths(raw):
        return raw
    return _generated_for(settings)
