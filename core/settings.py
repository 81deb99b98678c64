"""Settings enter once, typed, at the entry point (``Settings.from_env()``).

Nothing deeper in core reads the environment: functions take the values they need as
arguments, which keeps them testable and free of hidden state.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = Path("data/streambot.db")
DEFAULT_RAW = Path("data/raw")
DEFAULT_SAMPLE = Path("data/sample")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable about streambot. Documented in ``.env.example``."""

    db_path: Path = DEFAULT_DB
    raw_dir: Path = DEFAULT_RAW
    sample_dir: Path = DEFAULT_SAMPLE
    sample_seed: int = 0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read settings from the environment (or ``env``), falling back to the defaults."""
        env = os.environ if env is None else env
        return cls(
            db_path=Path(env.get("STREAMBOT_DB") or DEFAULT_DB),
            raw_dir=Path(env.get("STREAMBOT_RAW_DIR") or DEFAULT_RAW),
            sample_dir=Path(env.get("STREAMBOT_SAMPLE_DIR") or DEFAULT_SAMPLE),
            sample_seed=int(env.get("STREAMBOT_SAMPLE_SEED") or 0),
        )
