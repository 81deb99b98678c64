"""ETL: the four catalogs and the rating files, cleaned and loaded into SQLite.

Three modules, one job each:

- ``core.etl.read``: reading and validation (input checks, the catalog rules through
  ``core.clean``, ratings row checks); pure, no database.
- ``core.etl.writer``: the ADBC writer, and what each unit of work writes in its transaction.
- ``core.etl.run``: orchestration, ``run_etl``: checks, units, skipping what is unchanged, and
  the derived tables refreshed at the end (``core.refresh``).

See docs/etl.md.
"""

from core.etl.read import (
    FileReport,
    catalog_paths,
    check_inputs,
    ratings_paths,
    read_ratings,
    score_delta,
    sha256_of,
)
from core.etl.run import EtlSummary, run_etl, summary_dict

__all__ = [
    "EtlSummary",
    "FileReport",
    "catalog_paths",
    "check_inputs",
    "ratings_paths",
    "read_ratings",
    "run_etl",
    "score_delta",
    "sha256_of",
    "summary_dict",
]
