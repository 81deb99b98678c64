"""The serving subcommands: ``build`` the database, ``run`` everything locally, and the three
deployed processes ``web`` (webhook), ``worker`` (long polling) and ``jobs`` (headless).

One name for one thing, the same in the Makefile, the Procfile and the README:

- ``streambot build`` builds or updates the database (the Procfile's ``release:``);
- ``streambot run`` is ``make run``: build, then the Telegram bot when ``TELEGRAM_BOT_TOKEN``
  is set (polling, or a webhook when ``WEBHOOK_URL`` is), else the console;
- ``streambot web`` serves the webhook on ``$PORT`` (the Procfile's ``web:``);
- ``streambot worker`` polls Telegram (the Procfile's ``worker:``);
- ``streambot jobs`` runs ingest, retraining and backups without Telegram.

Each of them holds the database's serving lock (``core.backup.serving``) while it runs, so a
``streambot restore`` refuses until it stops. The bot processes install the secrets' redaction
(``bot/redact.py``) first, then ask Telegram ``getMe`` (``bot/retries.py``: a 5xx is waited out;
a rejected token or a Bot API no connection reaches is one line and exit code 2) before they
touch the database. The console (``run`` without a token, ``console``, ``ask``) logs to
``CONSOLE_LOG`` beside the database, never among its replies.

The bot processes answer at once: the live model loads in the background, and when none has
been trained yet the first one trains in a child process while ``/recommend`` answers with
popular titles (and says so once per chat).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import os
import sys
import threading
from pathlib import Path

from bot.cli_help import DATA, DATABASE, JOBS, LOCALE, MODELS, TELEGRAM, TRAINING, WEBHOOK
from bot.cli_help import add_command as command
from bot.config import BotSettings
from core.settings import BadSetting, Settings

log = logging.getLogger("streambot.cli")
_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
CONSOLE_LOG = "streambot.log"
"""Where the console and ``streambot ask`` log, beside the database: a terminal shows replies
only, never a log line among them."""


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format=_LOG_FORMAT, stream=sys.stderr)


def log_to_file(settings: Settings) -> Path:
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


def build(settings: Settings) -> None:
    """Make sure there is data, then load what changed (the load refreshes every derived table,
    the charts' aggregates included: ``core.refresh``)."""
    from bot.cli import render_etl_summary
    from core.bootstrap import prepare_source
    from core.etl import run_etl

    source, note = prepare_source(settings)
    print(note, flush=True)
    summary = run_etl(source, settings.db_path)
    print(render_etl_summary(summary), flush=True)


def services_and_jobs(settings: Settings, admin_ids: frozenset[int] = frozenset()):
    """Services with the live model, a trainer that swaps it on promotion, and the jobs."""
    from bot.services import Services
    from core.bootstrap import watched_source
    from core.jobs import Jobs
    from core.recommend.lifecycle import Trainer
    from core.recommend.serving import ServedModel

    served = ServedModel(settings.db_path, settings.models_dir)
    trainer = Trainer(settings, on_promoted=served.reload)
    trainer.recover()
    services = Services(settings, admin_ids=admin_ids, served=served, trainer=trainer)
    return services, Jobs(settings, watched_source(settings), trainer)


def _in_background(work, name: str) -> None:
    threading.Thread(target=work, name=name, daemon=True).start()


def run_bot(bot_settings: BotSettings) -> int:
    """The Telegram bot until stopped: secrets redacted from every log line, Telegram asked
    first (one line if it refuses the token or cannot be reached), then the database held
    (a restore refuses meanwhile), the live model loaded in the background and the scheduled
    jobs on the bot's JobQueue."""
    from bot.app import build_router
    from bot.redact import redact_secrets
    from bot.retries import check_reachable
    from bot.telegram_app import run
    from core.backup import serving

    _logging()
    redact_secrets(bot_settings.token, bot_settings.webhook_secret)
    check_reachable(bot_settings)
    with serving(bot_settings.core.db_path):
        services, jobs = services_and_jobs(bot_settings.core, bot_settings.admin_ids)
        _in_background(services.recommender, "load-model")
        if _no_live_model(bot_settings.core) and "retrain" in dict(jobs.intervals()):
            services.first_training = True
            log.info("no trained model yet: the retrain job trains the first one in the background")
        run(bot_settings, build_router(services), jobs)
    return 0


def _no_live_model(settings: Settings) -> bool:
    from contextlib import closing

    from core import db as dbmod
    from core.recommend.registry import live_record

    with closing(dbmod.connect(settings.db_path)) as conn:
        return live_record(conn) is None


def _console(settings: Settings, lang: str | None = None) -> int:
    """The console on the served model; the first model trains meanwhile if there is none."""
    from bot.app import build_router
    from bot.console import ChartFiles, run_console
    from bot.i18n import lang_from_locale

    print(f"(logs go to {log_to_file(settings)})")
    services, jobs = services_and_jobs(settings)
    if _no_live_model(settings):
        services.first_training = True
        _in_background(jobs.retrain, "first-training")
    run_console(
        build_router(services),
        lang=lang or lang_from_locale(os.environ),
        charts=ChartFiles(settings.db_path.parent / "charts"),
    )
    return 0


def _cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    from core.backup import serving

    with serving(settings.db_path):  # a restore refuses while the database is built
        build(settings)
    return 0


def _cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from core.backup import serving

    bot_settings = BotSettings.from_env()
    with serving(settings.db_path):  # from the build on: a restore refuses until it stops
        build(settings)
        if bot_settings.token:
            return run_bot(bot_settings)
        print("\nNo TELEGRAM_BOT_TOKEN set: opening the console (the same commands as the bot).\n")
        return _console(settings, args.lang)


def _bot_settings(*, webhook: bool) -> BotSettings:
    bot_settings = BotSettings.from_env()
    if not bot_settings.token:
        raise BadSetting(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and set its token "
            "(see README), or use `streambot console`."
        )
    if webhook and not bot_settings.webhook_url:
        raise BadSetting(
            "WEBHOOK_URL is not set: `streambot web` serves Telegram's webhook at that public "
            "https URL (with WEBHOOK_SECRET); `streambot worker` polls instead and needs no URL."
        )
    if not webhook:  # polling: a webhook set earlier is removed when polling starts
        bot_settings = dataclasses.replace(bot_settings, webhook_url="", webhook_secret="")
    return bot_settings


def _cmd_bot(args: argparse.Namespace, settings: Settings) -> int:
    """``web`` and ``worker``: settings checked first, then the database built if asked."""
    from core.backup import serving

    bot_settings = _bot_settings(webhook=args.webhook)
    with serving(settings.db_path):  # from the build on: a restore refuses until it stops
        if args.build:
            build(settings)
        return run_bot(bot_settings)


def _cmd_jobs(args: argparse.Namespace, settings: Settings) -> int:
    """Headless: the same scheduled jobs as the bot, on APScheduler, without Telegram."""
    from datetime import UTC, datetime

    from apscheduler.schedulers.blocking import BlockingScheduler

    from core.backup import serving

    _logging()
    with serving(settings.db_path):  # a restore refuses while the jobs run
        _, jobs = services_and_jobs(settings)
        scheduler = BlockingScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        )
        for name, seconds in jobs.intervals():
            scheduler.add_job(
                getattr(jobs, name), "interval", seconds=seconds, id=name,
                next_run_time=datetime.now(UTC),
            )  # fmt: skip
        names = ", ".join(n for n, _ in jobs.intervals())
        print(f"streambot jobs: {names or 'no job'} scheduled; Ctrl-C stops", flush=True)
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``build``, ``run``, ``web``, ``worker`` and ``jobs``."""
    bot_env = (*DATABASE, *DATA, *MODELS, *TELEGRAM, *TRAINING, *JOBS)
    build_help = (
        "build or update the database first, as `streambot build` does (for platforms whose "
        "release step cannot reach the disk, such as Fly.io)"
    )
    p = command(
        sub, "build", "build or update the database from the data (the Procfile's release step)",
        env=(*DATABASE, *DATA),
        details="Real files in $STREAMBOT_RAW_DIR when present, else the catalogs shipped in "
        "data/titles with generated ratings; files already loaded are skipped by checksum.",
    )  # fmt: skip
    p.set_defaults(func=_cmd_build)
    p = command(
        sub, "run", "build the database, then run the Telegram bot, or the console without a token",
        env=(*bot_env, *WEBHOOK, *LOCALE),
        details="What `make run` does. With TELEGRAM_BOT_TOKEN: the bot, by long polling (or a "
        "webhook when WEBHOOK_URL is set). Without: the console. A first model trains in the "
        "background when none exists; /recommend answers with popular titles meanwhile.",
    )  # fmt: skip
    p.add_argument("--lang", choices=("en", "es"), help="console language (default: from LANG)")
    p.set_defaults(func=_cmd_run)
    bots = (
        ("web", True, "run the Telegram bot on a webhook, serving $PORT (the Procfile's web:)",
         (*bot_env, *WEBHOOK),
         "Needs TELEGRAM_BOT_TOKEN, WEBHOOK_URL and WEBHOOK_SECRET; registers the webhook with "
         "Telegram at start-up."),
        ("worker", False, "run the Telegram bot by long polling (the Procfile's worker:)",
         bot_env,
         "Needs TELEGRAM_BOT_TOKEN; no public URL. Run it or `web`, not both: Telegram sends "
         "updates one way at a time."),
    )  # fmt: skip
    for name, webhook, summary, env, details in bots:
        p = command(
            sub, name, summary, env=env,
            details=f"{details} The database must exist (`streambot build`, or --build).",
        )  # fmt: skip
        p.add_argument("--build", action="store_true", help=build_help)
        p.set_defaults(func=_cmd_bot, webhook=webhook)
    p = command(
        sub, "jobs", "run ingest, retraining and backups on a schedule, without Telegram",
        env=(*DATABASE, *DATA, *MODELS, *TRAINING, *JOBS),
    )  # fmt: skip
    p.set_defaults(func=_cmd_jobs)
