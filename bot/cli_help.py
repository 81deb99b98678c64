"""What every ``streambot`` subcommand's ``--help`` says: what it does, and which environment
variables it reads (each explained in ``.env.example``).

``add_command`` is the one way the CLI modules add a subcommand, so no command forgets either.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Iterable

ENV: dict[str, str] = {
    "STREAMBOT_DB": "the SQLite database (default data/streambot.db)",
    "STREAMBOT_RAW_DIR": "your own Kaggle files, used instead of the shipped ones (data/raw)",
    "STREAMBOT_SAMPLE_DIR": "where generated ratings are written (data/sample)",
    "STREAMBOT_SAMPLE_SEED": "seed of the generated ratings (0)",
    "STREAMBOT_MODELS_DIR": "trained model versions (data/models)",
    "RETRAIN_MIN_NEW_RATINGS": "retrain after this many new ratings (1000)",
    "RETRAIN_MAX_AGE_HOURS": "...or when the live model is this old (24)",
    "RETRAIN_CHECK_MINUTES": "how often a training is checked for (1)",
    "PROMOTE_TOLERANCE": "how much worse a new model may be and still go live (0.02)",
    "MODELS_KEEP": "model versions kept on disk (3)",
    "TRAINING_NICENESS": "how much lower a training's CPU priority is, 0-19 (15)",
    "INGEST_INTERVAL_MINUTES": "how often data/raw/ratings is looked at (5)",
    "BACKUP_DIR": "folder for scheduled backups (none)",
    "BACKUP_INTERVAL_HOURS": "hours between backups (0: off)",
    "BACKUP_KEEP": "scheduled backups kept in BACKUP_DIR (7; 0 keeps all)",
    "TELEGRAM_BOT_TOKEN": "the bot's token from @BotFather",
    "TELEGRAM_API_BASE_URL": "the Bot API server (https://api.telegram.org)",
    "ADMIN_USER_IDS": "Telegram ids allowed /modelinfo and /retrain",
    "FLOOD_LIMIT": "commands per person per window before 'slow down' (8)",
    "FLOOD_WINDOW_SECONDS": "the flood window (10)",
    "SEND_RATE_PER_SECOND": "messages sent per second overall (30)",
    "WEBHOOK_URL": "the public https URL Telegram posts updates to",
    "WEBHOOK_SECRET": "16-256 of A-Z a-z 0-9 _ -, checked on every update",
    "WEBHOOK_LISTEN": "the address the webhook server binds (0.0.0.0)",
    "PORT": "the port the webhook server binds (8443; platforms set it)",
    "LANG": "a Spanish locale (es_ES.UTF-8, ...) answers in Spanish; LC_ALL, LC_MESSAGES win",
}
"""Every environment variable streambot reads, with a one-line meaning and its default."""

DATABASE = ("STREAMBOT_DB",)
DATA = ("STREAMBOT_RAW_DIR", "STREAMBOT_SAMPLE_DIR", "STREAMBOT_SAMPLE_SEED")
MODELS = ("STREAMBOT_MODELS_DIR",)
TRAINING = (
    "RETRAIN_MIN_NEW_RATINGS",
    "RETRAIN_MAX_AGE_HOURS",
    "RETRAIN_CHECK_MINUTES",
    "PROMOTE_TOLERANCE",
    "MODELS_KEEP",
    "TRAINING_NICENESS",
)
JOBS = ("INGEST_INTERVAL_MINUTES", "BACKUP_DIR", "BACKUP_INTERVAL_HOURS", "BACKUP_KEEP")
TELEGRAM = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "ADMIN_USER_IDS",
    "FLOOD_LIMIT",
    "FLOOD_WINDOW_SECONDS",
    "SEND_RATE_PER_SECOND",
)
WEBHOOK = ("WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_LISTEN", "PORT")
LOCALE = ("LANG",)


def add_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    summary: str,
    *,
    env: Iterable[str] = (),
    details: str = "",
) -> argparse.ArgumentParser:
    """A subcommand whose ``--help`` starts with ``summary`` (and ``details``) and ends with
    the environment variables it reads."""
    names = list(dict.fromkeys(env))
    unknown = [n for n in names if n not in ENV]
    if unknown:
        raise ValueError(f"undocumented environment variables {unknown}: add them to ENV")
    width = max((len(n) for n in names), default=0)
    lines = ["Reads .env in the current folder first; the environment wins over it."]
    if names:
        lines.append("Environment:")
        lines += [f"  {n:<{width}}  {ENV[n]}" for n in names]
    else:
        lines.append("Environment: none.")
    about = summary[0].upper() + summary[1:] + "."
    if details:
        about += "\n\n" + textwrap.fill(details, width=88)
    return subparsers.add_parser(
        name,
        help=summary,
        description=about,
        epilog="\n".join(lines),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
