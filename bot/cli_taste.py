"""``streambot taste import-movielens`` and ``streambot taste list``: real taste in the shell.

An edge like ``bot/cli.py``: parse arguments, call one ``core.taste`` function, print plain
text. Progress goes to stderr (a long import reports rows read, movies matched, rows written),
the result to stdout. Core's named errors (``TasteInputError``: a missing file, another layout,
an unreachable URL) become one line and exit code 2 in ``bot.cli.main``.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path

from bot.cli_help import DATABASE
from bot.cli_help import add_command as command
from core.settings import Settings


def _progress(line: str) -> None:
    print(f"streambot taste: {line}", file=sys.stderr, flush=True)


def _database(args: argparse.Namespace, settings: Settings) -> Path | None:
    db = Path(args.db or settings.db_path)
    if not db.is_file():
        print(
            f"streambot: no database at {db}: load the catalogs first (`streambot etl --source "
            "DIR`, or `make run`).",
            file=sys.stderr,
        )
        return None
    return db


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from core import db as dbmod
    from core.taste import import_movielens

    db = _database(args, settings)
    if db is None:
        return 2
    with closing(dbmod.connect(db)) as conn:
        result = import_movielens(conn, args.path, source=args.source, progress=_progress)
    s = result.source
    if not result.imported:
        print(f"{args.path} is already imported as {s.source}: nothing changed.")
        return 0
    share = 100 * s.matched / s.movies if s.movies else 0.0
    print(
        f"Imported {s.source} from {s.file_name}: {s.matched:,} of {s.movies:,} movies matched "
        f"to the catalog ({share:.1f}%), {s.kept:,} of {s.ratings:,} ratings kept."
    )
    return 0


def render_sources(sources) -> str:
    """The sources as a table, and why one is not used."""
    from core.taste import SHIPPED_SOURCE

    head = ("source", "used", "movies", "matched", "ratings", "kept")
    lines = ["{:<20} {:<5} {:>8} {:>8} {:>12} {:>11}".format(*head)]
    notes = []
    for s in sources:
        lines.append(
            f"{s.source:<20} {'yes' if s.used else 'no':<5} {s.movies:>8,} {s.matched:>8,} "
            f"{s.ratings:>12,} {s.kept:>11,}  {s.file_name}"
            + (f", imported {s.imported_at}" if s.imported_at else " (shipped)")
        )
        if s.used:
            continue
        twin = next((o.source for o in sources if o.sha256 == s.sha256 and o.used), None)
        if s.source == SHIPPED_SOURCE and twin is not None:
            notes.append(f"{s.source}: not used, the same release is imported as {twin}.")
        elif s.source == SHIPPED_SOURCE:
            notes.append(
                f"{s.source}: not used, its title ids are the shipped catalogs' and this "
                "database holds other catalogs; import a MovieLens release to bridge onto them."
            )
        else:
            notes.append(
                f"{s.source}: not used, bridged onto a catalog since reloaded; import it again."
            )
    return "\n".join(lines + notes)


def _cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from core import db as dbmod
    from core.taste import list_sources

    db = _database(args, settings)
    if db is None:
        return 2
    with closing(dbmod.connect(db, readonly=True)) as conn:
        print(render_sources(list_sources(conn)))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``streambot taste import-movielens PATH_OR_URL [--db] [--source]`` and
    ``streambot taste list [--db]``."""
    taste = command(
        subparsers,
        "taste",
        "real taste: MovieLens ratings bridged onto the catalog titles",
        env=DATABASE,
        details="Real people's ratings from MovieLens, matched to the catalog titles, for the "
        "recommender to learn from. The small release ships with streambot.",
    )
    sub = taste.add_subparsers(dest="taste_command", metavar="COMMAND", required=True)
    db_help = "database path (default: $STREAMBOT_DB, else data/streambot.db)"

    p = command(
        sub,
        "import-movielens",
        "match a MovieLens release's movies to the catalog and store its ratings",
        env=DATABASE,
        details="Load a MovieLens release (ml-latest, ml-25m, ml-32m: the folder or the .zip "
        "GroupLens publishes, or the zip's http(s) URL), match its movies to the catalog titles "
        "and store its ratings. Progress goes to stderr. Importing the same release again "
        "changes nothing. MovieLens data is for non-commercial use only (see docs/taste.md). "
        "A .zip is extracted under TMPDIR (ml-32m needs ~1 GB); a URL is fetched through "
        "HTTPS_PROXY / HTTP_PROXY when set.",
    )
    p.add_argument("path", metavar="PATH_OR_URL", help="the release's folder, .zip, or URL")
    p.add_argument("--db", help=db_help)
    p.add_argument(
        "--source",
        help="the name to store it under (default: the release's, e.g. ml-25m)",
    )
    p.set_defaults(func=_cmd_import)

    p = command(
        sub,
        "list",
        "the sources of real taste, their figures, and which the recommender uses",
        env=DATABASE,
        details="The shipped MovieLens ratings and every imported release: movies, movies "
        "matched, ratings, rows kept, and whether they apply to the catalog in the database.",
    )
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_list)
