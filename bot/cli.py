"""The ``streambot`` command line: one entry point, a subcommand per job.

This is an edge, like the Telegram handlers: it parses arguments, calls core, prints the result,
and turns core's named errors into a one-line message and exit code 2 (no traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bot.cli_recommend import register as register_recommend
from bot.cli_report import register as register_report
from bot.cli_taste import register as register_taste
from bot.config import BotSettings
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


def _cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    """What ``make run`` does: make sure there is data, load it, then run the main job."""
    from core.bootstrap import prepare_source
    from core.etl import run_etl

    source, note = prepare_source(settings)
    print(note)
    summary = run_etl(source, settings.db_path)
    print(render_etl_summary(summary))
    bot_settings = BotSettings.from_env()
    if bot_settings.token:
        return _run_bot(bot_settings)
    print("\nNo TELEGRAM_BOT_TOKEN set: opening the console (the same commands as the bot).\n")
    from bot.console import run_console

    print(f"(logs go to {_log_to_file(settings)})")
    run_console(_router(settings))
    return 0


_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
CONSOLE_LOG = "streambot.log"
"""Where the console and ``streambot ask`` log, beside the database: a terminal shows replies
only, never a log line among them."""


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format=_LOG_FORMAT)


def _log_to_file(settings: Settings) -> Path:
    """Send every log record to ``CONSOLE_LOG`` beside the database, and none to the terminal
    (Python's last-resort handler would print warnings between the console's replies)."""
    path = Path(settings.db_path).parent / CONSOLE_LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def _serving(settings: Settings, admin_ids: frozenset[int] = frozenset()):
    """Services with the live model, a trainer that swaps it on promotion, and the jobs."""
    from bot.services import Services
    from core.bootstrap import watched_source
    from core.jobs import Jobs
    from core.lifecycle import LiveModel, Trainer

    models = LiveModel(settings.db_path, settings.models_dir)
    trainer = Trainer(settings, on_promoted=models.reload)
    trainer.recover()
    services = Services(settings, admin_ids=admin_ids, models=models, trainer=trainer)
    return services, Jobs(settings, watched_source(settings), trainer)


def _run_bot(bot_settings: BotSettings) -> int:
    from bot.app import build_router
    from bot.redact import redact_secrets
    from bot.telegram_app import run
    from core.backup import serving

    _logging()
    redact_secrets(bot_settings.token, bot_settings.webhook_secret)
    with serving(bot_settings.core.db_path):  # a restore refuses while this runs
        services, jobs = _serving(bot_settings.core, bot_settings.admin_ids)
        run(bot_settings, build_router(services), jobs)
    return 0


def _cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Headless: the same scheduled jobs as the bot, on APScheduler, without Telegram."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    from core.backup import serving

    _logging()
    with serving(settings.db_path):  # a restore refuses while the worker runs
        _, jobs = _serving(settings)
        scheduler = BlockingScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        )
        for name, seconds in jobs.intervals():
            scheduler.add_job(
                getattr(jobs, name),
                "interval",
                seconds=seconds,
                id=name,
                next_run_time=datetime.now(UTC),
            )
        names = ", ".join(n for n, _ in jobs.intervals())
        print(f"streambot worker: {names or 'no job'} scheduled; Ctrl-C stops", flush=True)
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
    return 0


def _cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """The deployed worker (Procfile): the Telegram bot, polling or webhook."""
    bot_settings = BotSettings.from_env()
    if not bot_settings.token:
        print(
            "streambot: TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and "
            "export its token (see README), or use `streambot console`.",
            file=sys.stderr,
        )
        return 2
    return _run_bot(bot_settings)


def _router(settings: Settings, admin_ids: frozenset[int] = frozenset()):
    from bot.app import build_router
    from bot.services import Services

    return build_router(Services(settings, admin_ids=admin_ids))


def _cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import run_console

    _log_to_file(settings)
    run_console(_router(settings), lang=args.lang)
    return 0


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import ask

    _log_to_file(settings)
    print(ask(_router(settings), args.text, lang=args.lang))
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
    """The whole command tree; every level answers ``--help``."""
    parser = argparse.ArgumentParser(
        prog="streambot",
        description="Streaming-catalog analytics and recommendations, for Telegram and the shell.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("sample", help="generate a realistic dataset (catalogs + ratings)")
    p.add_argument("--out", required=True, help="folder to write the CSV files to")
    p.add_argument(
        "--scale",
        choices=("demo", "full"),
        default="demo",
        help="demo: ~4k titles, ~3k users (seconds); full: 23k titles, ~11M ratings",
    )
    p.add_argument("--seed", type=int, default=0, help="same seed, same files (default 0)")
    p.add_argument("--titles", help="use the real catalogs in this folder; generate ratings only")
    p.set_defaults(func=_cmd_sample)

    p = sub.add_parser("etl", help="clean and load a data folder into SQLite")
    p.add_argument(
        "--source",
        required=True,
        help="folder with the four <platform>_titles.csv files and ratings/*.csv",
    )
    p.add_argument("--db", help="database path (default: $STREAMBOT_DB, else data/streambot.db)")
    p.set_defaults(func=_cmd_etl)

    p = sub.add_parser("console", help="type bot commands in the terminal (no Telegram needed)")
    p.add_argument("--lang", choices=LANGS, default="en", help="reply language")
    p.set_defaults(func=_cmd_console)

    p = sub.add_parser("ask", help="print the bot's reply to one command and exit")
    p.add_argument("text", help='the command, e.g. "/actor netflix 2014"')
    p.add_argument("--lang", choices=LANGS, default="en", help="reply language")
    p.set_defaults(func=_cmd_ask)

    p = sub.add_parser("backup", help="write a consistent online copy of the database")
    p.add_argument(
        "dest", help="a new file, or a folder (each backup there gets its own timestamped name)"
    )
    p.add_argument("--db", help="database path (default: $STREAMBOT_DB, else data/streambot.db)")
    p.set_defaults(func=_cmd_backup)

    p = sub.add_parser(
        "restore",
        help="replace the database with a backup (checked first; refused while the bot or "
        "worker runs; the replaced database is kept)",
    )
    p.add_argument("src", help="the backup file")
    p.add_argument("--db", help="database path (default: $STREAMBOT_DB, else data/streambot.db)")
    p.set_defaults(func=_cmd_restore)

    register_recommend(sub)
    register_report(sub)
    register_taste(sub)

    p = sub.add_parser("worker", help="run ingest, retraining and backups on a schedule, headless")
    p.set_defaults(func=_cmd_worker)

    p = sub.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser(
        "start",
        help="build the database (real data if present, else demo), then run the bot "
        "(with TELEGRAM_BOT_TOKEN) or the console",
    )
    p.set_defaults(func=_cmd_start)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point."""
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    try:
        return int(args.func(args, settings))
    except StreambotError as err:
        print(f"streambot: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
