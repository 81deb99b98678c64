"""Real taste: MovieLens ratings bridged onto the catalog titles.

MovieLens holds real people's ratings of real films; the catalogs' own 11M dataset ratings do
not (their title ids were assigned at random). The bridge matches each MovieLens movie to a
catalog work with where-to-watch's title keys (``core.taste.bridge``, ``core.taste.names``) and
keys its ratings by one title id of that work. See docs/taste.md.

- ``load_taste(conn_or_db_path) -> polars.DataFrame``: ``source, user_id, title_id, rating,
  timestamp``: the shipped ml-latest-small ratings (on the shipped catalogs) and every
  imported release. What training reads.
- ``import_movielens(conn, path_or_url, source=None, progress=...) -> ImportResult``: bridge a
  larger release (ml-25m, ml-32m: a folder, its .zip, or the zip's URL) and store it;
  idempotent by the release's SHA-256.
- ``list_sources(conn) -> list[TasteSource]``: the sources, their figures, and which are used.

Errors: ``TasteInputError`` (a missing file, another layout, an unreachable URL, a database
without a catalog), ``core.shipped.ShippedDataError`` (a damaged shipped file).
"""

from core.taste.release import TasteInputError
from core.taste.shipped import SHIPPED_SOURCE
from core.taste.store import (
    TASTE_SCHEMA,
    ImportResult,
    TasteSource,
    import_movielens,
    list_sources,
    load_taste,
)

__all__ = [
    "SHIPPED_SOURCE",
    "TASTE_SCHEMA",
    "ImportResult",
    "TasteInputError",
    "TasteSource",
    "import_movielens",
    "list_sources",
    "load_taste",
]
