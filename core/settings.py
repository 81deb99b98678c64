"""Settings enter once, typed, at the entry point (``Settings.from_env()``).

Nothing deeper in core reads the environment: functions take the values they need as
arguments, which keeps them testable and free of hidden state. Every setting is documented in
``.env.example``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from core.errors import StreambotError

DEFAULT_DB = Path("data/streambot.db")
DEFAULT_RAW = Path("data/raw")
DEFAULT_SAMPLE = Path("data/sample")
DEFAULT_MODELS = Path("data/models")


class BadSetting(StreambotError):
    """A setting is present but unusable; the message names it and the expected form."""


def _number(env: Mapping[str, str], name: str, default: float, *, integer: bool = False) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError as err:
        kind = "a whole number" if integer else "a number"
        raise BadSetting(f"{name} must be {kind}, not {raw!r}.") from err
    if value < 0:
        raise BadSetting(f"{name} must not be negative, not {raw!r}.")
    return value


def _niceness(env: Mapping[str, str]) -> int:
    value = int(_number(env, "TRAINING_NICENESS", 15, integer=True))
    if value > 19:
        raise BadSetting(f"TRAINING_NICENESS must be 0-19, not {value}.")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable about streambot's core."""

    db_path: Path = DEFAULT_DB
    raw_dir: Path = DEFAULT_RAW
    sample_dir: Path = DEFAULT_SAMPLE
    sample_seed: int = 0
    models_dir: Path = DEFAULT_MODELS
    retrain_min_new_ratings: int = 1000
    """Retrain when this many ratings arrived since the live model's watermark..."""
    retrain_max_age_hours: float = 24.0
    """...or when the live model is older than this, whichever comes first."""
    retrain_check_minutes: float = 1.0
    """How often the scheduler asks whether a training is due."""
    ingest_interval_minutes: float = 5.0
    """How often new files in ``raw_dir/ratings`` are looked for."""
    promote_tolerance: float = 0.02
    """A candidate model is promoted unless its holdout RMSE is worse than the live model's by
    more than this share (2%), or its precision@10 lower by more than this share."""
    models_keep: int = 3
    """Model versions kept on disk: the live one, the most recently promoted others (the
    fallbacks), and the newest; older ones are deleted after each training. 0 keeps all."""
    backup_dir: Path | None = None
    backup_interval_hours: float = 0.0
    """0 disables the scheduled backup."""
    backup_keep: int = 7
    """Scheduled backups kept in ``backup_dir``: older ones are deleted after each backup, so
    what a backup holds about someone who used /forget elsewhere is gone after this many more.
    0 keeps all."""
    training_niceness: int = 15
    """How much lower the CPU priority of a training (and of a scheduled ETL) is than the
    server's, 0-19: at 15 a request wins every contended core, so a training slows answers as
    little as possible (bench/retrain.py). 0 shares the cores evenly (a worker with nothing else
    to serve; the test suite, whose other worker would otherwise starve its trainings)."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read settings from the environment (or ``env``), falling back to the defaults."""
        env = os.environ if env is None else env
        backup_dir = env.get("BACKUP_DIR", "").strip()
        return cls(
            db_path=Path(env.get("STREAMBOT_DB") or DEFAULT_DB),
            raw_dir=Path(env.get("STREAMBOT_RAW_DIR") or DEFAULT_RAW),
            sample_dir=Path(env.get("STREAMBOT_SAMPLE_DIR") or DEFAULT_SAMPLE),
            sample_seed=int(_number(env, "STREAMBOT_SAMPLE_SEED", 0, integer=True)),
            models_dir=Path(env.get("STREAMBOT_MODELS_DIR") or DEFAULT_MODELS),
            retrain_min_new_ratings=int(
                _number(env, "RETRAIN_MIN_NEW_RATINGS", 1000, integer=True)
            ),
            retrain_max_age_hours=_number(env, "RETRAIN_MAX_AGE_HOURS", 24.0),
            retrain_check_minutes=_number(env, "RETRAIN_CHECK_MINUTES", 1.0),
            ingest_interval_minutes=_number(env, "INGEST_INTERVAL_MINUTES", 5.0),
            promote_tolerance=_number(env, "PROMOTE_TOLERANCE", 0.02),
            models_keep=int(_number(env, "MODELS_KEEP", 3, integer=True)),
            backup_dir=Path(backup_dir) if backup_dir else None,
            backup_interval_hours=_number(env, "BACKUP_INTERVAL_HOURS", 0.0),
            backup_keep=int(_number(env, "BACKUP_KEEP", 7, integer=True)),
            training_niceness=_niceness(env),
        )
