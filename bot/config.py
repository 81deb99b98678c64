"""The bot's settings: read once from the environment at start-up, typed, and checked.

Core settings (database, data folders) live in ``core.settings.Settings``; this adds what only
the Telegram front end needs. Secrets come only from the environment and are never logged:
``repr`` hides them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.settings import BadSetting, Settings

DEFAULT_API = "https://api.telegram.org"
_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
_PLACEHOLDERS = (
    "changeme",
    "your_token",
    "your-token",
    "yourtoken",
    "example",
    "123456:abc-def1234ghikl-zyx57w2v1u123ew11",  # the example token in the Bot API docs
)


def _ids(text: str) -> frozenset[int]:
    try:
        return frozenset(int(x) for x in re.split(r"[,\s]+", text.strip()) if x)
    except ValueError as err:
        raise BadSetting(
            "ADMIN_USER_IDS must be Telegram user ids separated by commas, e.g. 12345,67890."
        ) from err


@dataclass(frozen=True, slots=True)
class BotSettings:
    """Everything the Telegram front end needs; documented in ``.env.example``."""

    core: Settings
    token: str = field(default="", repr=False)
    api_base_url: str = DEFAULT_API
    webhook_url: str = ""
    webhook_secret: str = field(default="", repr=False)
    listen: str = "0.0.0.0"
    port: int = 8443
    admin_ids: frozenset[int] = frozenset()
    flood_limit: int = 8
    """Commands one user may send per ``flood_window`` seconds before being asked to slow down."""
    flood_window: float = 10.0
    send_rate: float = 30.0
    """Messages per second sent overall (Telegram's documented limit is about 30)."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> BotSettings:
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if token and (not _TOKEN.match(token) or any(p in token.lower() for p in _PLACEHOLDERS)):
            raise BadSetting(
                "TELEGRAM_BOT_TOKEN does not look like a real bot token (digits, a colon, then "
                "35 letters): get one from @BotFather, or unset it to use the console."
            )
        webhook_url = env.get("WEBHOOK_URL", "").strip()
        secret = env.get("WEBHOOK_SECRET", "").strip()
        if webhook_url and not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            raise BadSetting(
                "WEBHOOK_URL is set, so WEBHOOK_SECRET must be 16-256 letters, digits, _ or - "
                "(Telegram sends it back on every update; requests without it get 403)."
            )
        return cls(
            core=Settings.from_env(env),
            token=token,
            api_base_url=(env.get("TELEGRAM_API_BASE_URL") or DEFAULT_API).rstrip("/"),
            webhook_url=webhook_url,
            webhook_secret=secret,
            listen=env.get("WEBHOOK_LISTEN") or "0.0.0.0",
            port=int(env.get("PORT") or 8443),
            admin_ids=_ids(env.get("ADMIN_USER_IDS", "")),
            flood_limit=int(env.get("FLOOD_LIMIT") or 8),
            flood_window=float(env.get("FLOOD_WINDOW_SECONDS") or 10),
            send_rate=float(env.get("SEND_RATE_PER_SECOND") or 30),
        )
