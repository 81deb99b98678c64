"""The ``streambot`` command line: one entry point, a subcommand per job.

This is an edge, like the Telegram handlers: it parses arguments, calls core, prints the result,
and turns core's named errors into a one-line message and exit code 2 (no traceback).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli_help import DATABASE, LOCALE, MODELS
from bot.cli_help import add_command as command
from bot.cli_recommend import register as register_recommend
from bot.cli_report import register as register_report
from bot.cli_serve import log_to_file
from bot.cli_serve import register as register_serve
from bot.cli_taste import register as register_taste
from core.errors import StreambotError
from core.languages import LANGS
from core.settings import Settings


def _fmt(n: int) -> str:
    return f"{n:,}"


def render_etl_summary(summary) -> str:
    """Plain-text summary of an ETL run, as ``streambot etl`` and ``make run`` print it."""
    lines = [f"ETL run #{summary.run_id} finished in {summary.seconds:.1f} s"]
    lines.append(
        "Titles: "
        + ", ".join(f"{k} {_fmt(v)}" for k, v in summary.titles_by_platform.items())
        + f" (total {_fmt(sum(summary.titles_by_platform.values()))})"
    )
    lines.append(
        f"Ratings: {_fmt(summary.ratings_loaded)} loaded in this run; "
        f"{_fmt(summary.ratings_total)} in the database over {_fmt(summary.rated_titles)} titles"
    )
    for f in summary.files:
        detail = f"{f.status}"
        if f.status != "unchanged":
            detail += f", {_fmt(f.rows_loaded)} of {_fmt(f.rows_read)} rows loaded"
            if f.rejects:
                detail += ", rejected: " + ", ".join(
                    f"{reason} {_fmt(n)}" for reason, n in sorted(f.rejects.items())
                )
            if f.fixes:
                detail += ", fixed: " + ", ".join(
                    f"{fix} {_fmt(n)}" for fix, n in sorted(f.fixes.items())
                )
        lines.append(f"  {f.kind:8} {f.name}: {detail}")
    if summary.rejects:
        lines.append("Rejected rows are in the etl_rejects table (file, line, reason, raw row).")
    if summary.derived:
        lines.append(
            "Derived tables: "
            + ", ".join(
                f"{d.prefix}* {'updated' if d.changed else 'up to date'} ({d.seconds:.1f} s)"
                for d in summary.derived
            )
        )
    return "\n".join(lines)


def _cmd_sample(args: argparse.Namespace, settings: Settings) -> int:
    from core.sample import write_sample

    summary = write_sample(
        Path(args.out),
        scale=args.scale,
        seed=args.seed,
        titles_dir=Path(args.titles) if args.titles else None,
    )
    print(
        f"Wrote {_fmt(sum(summary.titles.values()))} titles, {_fmt(summary.users)} users and "
        f"{_fmt(summary.ratings)} ratings to {args.out}"
    )
    return 0


def _cmd_etl(args: argparse.Namespace, settings: Settings) -> int:
    from core.etl import run_etl

    summary = run_etl(Path(args.source), Path(args.db or settings.db_path))
    print(render_etl_summary(summary))
    return 0


def _with_db(args: argparse.Namespace, settings: Settings):
    """The settings with ``--db`` applied, and the chart folder beside that database."""
    if getattr(args, "db", None):
        settings = dataclasses.replace(settings, db_path=Path(args.db))
    return settings, settings.db_path.parent / "charts"


def _lang(args: argparse.Namespace) -> str:
    """``--lang``, else the terminal's locale (Spanish from ``LANG=es_ES.UTF-8``)."""
    from bot.i18n import lang_from_locale

    return args.lang or lang_from_locale(os.environ)


def _router(settings: Settings):
    from bot.app import build_router
    from bot.services import Services

    return build_router(Services(settings))


def _cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import ChartFiles, run_console

    settings, charts = _with_db(args, settings)
    log_to_file(settings)
    run_console(_router(settings), lang=_lang(args), charts=ChartFiles(charts))
    return 0


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import ChartFiles, ask

    settings, charts = _with_db(args, settings)
    log_to_file(settings)
    print(ask(_router(settings), args.text, lang=_lang(args), charts=ChartFiles(charts)))
    return 0


def _cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from core.backup import backup

    result = backup(Path(args.db or settings.db_path), Path(args.dest))
    print(
        f"Backed up {_fmt(result.ratings)} ratings to {result.path} "
        f"({_fmt(result.bytes)} bytes, integrity {result.integrity})"
    )
    return 0


def _cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from core.backup import restore

    result = restore(
        Path(args.src), Path(args.db or settings.db_path), keep_dir=settings.backup_dir
    )
    print(
        f"Restored {result.path} from {args.src}: {_fmt(result.ratings)} ratings, "
        f"integrity {result.integrity}"
    )
    if result.kept is not None:
        print(f"The database it replaced is kept at {result.kept}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree; every level answers ``--help`` with what the command does and
    the environment variables it reads."""
    parser = argparse.ArgumentParser(
        prog="streambot",
        description="Streaming-catalog analytics and recommendations, for Telegram and the shell.",
        epilog="Every command reads .env in the current folder first (the environment wins); "
        "`streambot COMMAND --help` says what it does and what it reads.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    db_help = "database path (default: $STREAMBOT_DB, else data/streambot.db)"
    lang_help = "reply language (default: Spanish when LANG is Spanish, else English)"

    p = command(
        sub, "sample", "generate ratings (and, without --titles, invented catalogs) as CSV files",
        details="With --titles, the real catalogs are copied and the ratings keep the original "
        "per-title means (docs/data-generation.md).",
    )  # fmt: skip
    p.add_argument("--out", required=True, help="folder to write the CSV files to")
    p.add_argument(
        "--scale",
        choices=("demo", "full"),
        default="demo",
        help="demo: 3,000 users, ~290k ratings (seconds); full: 115,077 users, ~11M ratings",
    )
    p.add_argument("--seed", type=int, default=0, help="same seed, same files (default 0)")
    p.add_argument("--titles", help="use the real catalogs in this folder; generate ratings only")
    p.set_defaults(func=_cmd_sample)

    p = command(sub, "etl", "clean and load a data folder into SQLite", env=DATABASE)
    p.add_argument(
        "--source",
        required=True,
        help="folder with the four <platform>_titles.csv files and ratings/*.csv",
    )
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_etl)

    console_env = (*DATABASE, *MODELS, *LOCALE)
    p = command(
        sub, "console", "type bot commands in the terminal (no Telegram needed)", env=console_env,
        details="Line editing and history (~/.streambot_history) in a terminal; charts are "
        "written as PNG files beside the database (charts/) and their paths printed.",
    )  # fmt: skip
    p.add_argument("--db", help=db_help)
    p.add_argument("--lang", choices=LANGS, help=lang_help)
    p.set_defaults(func=_cmd_console)

    p = command(sub, "ask", "print the bot's reply to one command and exit", env=console_env)
    p.add_argument("text", help='the command, e.g. "/actor netflix 2014"')
    p.add_argument("--db", help=db_help)
    p.add_argument("--lang", choices=LANGS, help=lang_help)
    p.set_defaults(func=_cmd_ask)

    p = command(sub, "backup", "write a consistent online copy of the database", env=DATABASE)
    p.add_argument(
        "dest", help="a new file, or a folder (each backup there gets its own timestamped name)"
    )
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_backup)

    p = command(
        sub, "restore", "replace the database with a backup (checked first)",
        env=(*DATABASE, "BACKUP_DIR"),
        details="Refused while a build, run, web, worker or jobs process uses the database. "
        "The database it replaces is kept, as a backup in BACKUP_DIR (else beside it).",
    )  # fmt: skip
    p.add_argument("src", help="the backup file")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_restore)

    register_serve(sub)
    register_recommend(sub)
    register_report(sub)
    register_taste(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: ``.env`` is read here, once, before any setting (the
    environment wins over the file); core's named errors become one line and exit code 2."""
    args = build_parser().parse_args(argv)
    load_env_file(Path(".env"))
    try:
        return int(args.func(args, Settings.from_env()))
    except StreambotError as err:
        print(f"streambot: {err}", file=sys.stderr)
        return 2


def load_env_file(path: Path) -> None:
    """Settings from a ``.env`` file into the environment, never over a variable already set."""
    if path.is_file():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)


if __name__ == "__main__":
    sys.exit(main())
