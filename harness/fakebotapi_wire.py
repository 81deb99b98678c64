"""The wire side of the fake Bot API: request decoding, error answers, call records, and the
checks that do not need server state (reply markup, image headers)."""

from __future__ import annotations

import copy
import json
import re
import struct
from dataclasses import dataclass, field
from typing import Any

from harness.fakebotapi_text import checked_link

_JSON = {"reply_markup", "entities", "caption_entities", "reply_parameters", "button"}
_JSON |= {"link_preview_options", "commands", "scope", "results", "allowed_updates"}
_INT = {"offset", "limit", "timeout", "message_id", "reply_to_message_id", "cache_time"}
_INT |= {"max_connections", "message_thread_id"}
_BOOL = {"show_alert", "is_personal", "drop_pending_updates", "disable_web_page_preview"}
_BOOL |= {"disable_notification", "protect_content", "allow_sending_without_reply"}
_ACTIONS = ("callback_data", "url", "switch_inline_query", "switch_inline_query_current_chat")
_ACTIONS += ("switch_inline_query_chosen_chat", "web_app", "login_url", "callback_game", "pay")
_ACTIONS += ("copy_text",)


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


@dataclass
class Call:
    """One request the bot made: decoded params, uploaded files, and how it was answered."""

    method: str
    params: dict
    files: dict[str, bytes] = field(default_factory=dict)
    status: int | None = None  # None while the request is still being answered
    result: Any = None
    error: str | None = None


@dataclass(frozen=True)
class Reply:
    """A message the bot sent or edited (sendMessage, sendPhoto, editMessageText)."""

    method: str
    chat_id: int
    message_id: int
    text: str | None  # what the user sees: HTML parsed, entities separate
    raw: str | None  # text or caption exactly as the bot sent it
    parse_mode: str | None
    entities: list[dict]
    reply_markup: dict | None
    photo: bytes | None
    caption: str | None
    message: dict  # the Telegram Message object returned to the bot

    @classmethod
    def of(cls, method: str, msg: dict, p: dict, photo: bytes | None = None) -> Reply:
        raw = p.get("caption") if method == "sendPhoto" else p.get("text")
        return cls(
            method=method,
            chat_id=msg["chat"]["id"],
            message_id=msg["message_id"],
            text=msg.get("text"),
            raw=None if raw is None else str(raw),
            parse_mode=p.get("parse_mode"),
            entities=msg.get("entities") or msg.get("caption_entities") or [],
            reply_markup=msg.get("reply_markup"),
            photo=photo,
            caption=msg.get("caption"),
            message=copy.deepcopy(msg),
        )

    @property
    def buttons(self) -> list[list[dict]]:
        return (self.reply_markup or {}).get("inline_keyboard", [])


def quoted(message: dict | None) -> dict | None:
    """A copy of `message` as Telegram nests it in reply_to_message (one level deep)."""
    if message is None:
        return None
    quoted = copy.deepcopy(message)
    quoted.pop("reply_to_message", None)
    return quoted


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Turn form values (PTB JSON-encodes every non-string value) into Python values."""
    params: dict[str, Any] = {}
    for name, value in raw.items():
        if name in _JSON and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None
        elif name in _INT or (name == "chat_id" and re.fullmatch(r"-?\d+", str(value))):
            try:
                value = int(value) if name != "timeout" else float(value)
                value = int(value) if float(value).is_integer() else value
            except (TypeError, ValueError):
                raise ApiError(400, f"Bad Request: invalid {name} specified") from None
        elif name in _BOOL and isinstance(value, str):
            value = value.lower() in ("true", "1")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        params[name] = value
    return params


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF or JPEG; None for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    i = 2 if data[:2] == b"\xff\xd8" else len(data)
    while i + 9 < len(data) and data[i] == 0xFF:
        marker, size = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + size
    return None


def check_markup(markup: Any) -> dict | None:
    """Validate reply_markup; return what Telegram echoes (inline keyboards only)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: object expected as reply markup")
    if "inline_keyboard" not in markup:
        if not {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
            raise ApiError(400, "Bad Request: can't find reply markup")
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays')
    if sum(len(r) for r in rows) > 100:
        raise ApiError(400, "Bad Request: REPLY_MARKUP_TOO_LONG")
    echoed = []
    for row in rows:
        echoed.append([])
        for button in row:
            where = "Bad Request: can't parse inline keyboard button"
            if not isinstance(button, dict) or "text" not in button:
                raise ApiError(400, f'{where}: Can\'t find field "text"')
            if not isinstance(button["text"], str) or not button["text"].strip():
                raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
            kept = {k: v for k, v in button.items() if k == "text" or v not in ("", None)}
            if not set(_ACTIONS) & kept.keys():
                raise ApiError(400, f"{where}: Text buttons are unallowed in the inline keyboard")
            if len(str(kept.get("callback_data", "")).encode()) > 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if "url" in kept and not checked_link(str(kept["url"])):
                raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
            echoed[-1].append(kept)
    return {"inline_keyboard": echoed}
