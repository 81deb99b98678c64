"""The Bot API methods of the fake server, with Telegram's validation and error texts.

`BotApiMethods` is a mixin: it holds the Telegram-side state (chats, messages, updates,
commands, webhook) and one coroutine per Bot API method. `harness/fakebotapi.py` adds the HTTP
server and the test-side API on top of it.
"""

from __future__ import annotations

import asyncio
import copy
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from harness.fakebotapi_text import ParseError, format_text
from harness.fakebotapi_wire import ApiError, Call, Reply, check_markup, image_size, quoted

_DEFAULT_UPDATES = {"message", "edited_message", "callback_query", "inline_query"}
_BAD_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are"
    " exactly the same as a current content and reply markup of the message"
)
API: dict[str, tuple[str, Callable[..., Awaitable[Any]]]] = {}


def api(name: str):
    def register(fn):
        API[name.lower()] = (name, fn)
        return fn

    return register


class BotApiMethods:
    """Telegram's side of the conversation. Subclasses provide `_notify()` and `_wait_change()`."""

    def _add_reply(self, reply: Reply) -> None:
        self._replies.append(reply)
        self._replies_by_chat.setdefault(reply.chat_id, []).append(reply)
        if (event := self._chat_events.get(reply.chat_id)) is not None:
            event.set()

    def _init_state(
        self, token: str, bot_username: str, *, strict_html: bool, privacy_mode: bool
    ) -> None:
        self.token, self.bot_username, self.strict_html = token, bot_username, strict_html
        self.privacy_mode = privacy_mode
        self.bot_id = int(token.split(":")[0])
        self.calls: list[Call] = []
        self.unknown_calls: list[Call] = []
        self.messages: dict[int, list[dict]] = {}
        self.chats: dict[int, dict] = {}
        self.users: dict[int, dict] = {}
        self.files: dict[str, bytes] = {}
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.answered_callbacks: list[dict] = []
        self.inline_answers: list[dict] = []
        self.dropped_updates: list[dict] = []
        self.webhook: dict[str, Any] = {"url": "", "secret_token": None, "allowed_updates": None}
        self._callbacks: dict[str, dict] = {}
        self._inline_queries: dict[str, dict] = {}
        self._pending: list[dict] = []
        self._next_update_id = 100_000_001
        self._allowed_updates: list[str] | None = None
        self._replies: list[Reply] = []
        self._replies_by_chat: dict[int, list[Reply]] = {}
        self._chat_events: dict[int, asyncio.Event] = {}
        # Indexed by chat too: a load test waits on hundreds of chats at once, and scanning
        # every reply for every waiter on every change would make the fake itself the bottleneck.
        self._poll_generation = 0
        self._closing = False

    # -- state helpers -------------------------------------------------------------------

    def bot_user(self, full: bool = False) -> dict:
        user = {"id": self.bot_id, "is_bot": True, "first_name": "Streambot Test"}
        user["username"] = self.bot_username
        if full:
            user.update(can_join_groups=True, can_read_all_group_messages=not self.privacy_mode)
            user.update(supports_inline_queries=True, can_connect_to_business=False)
            user.update(has_main_web_app=False)
        return user

    def _queue_update(self, kind: str, payload: dict) -> int | None:
        """Create an update, unless the bot's allowed_updates excludes its kind (as Telegram)."""
        allowed = set(self._allowed_updates or _DEFAULT_UPDATES)
        update = {"update_id": self._next_update_id, kind: payload}
        if kind not in allowed:
            self.dropped_updates.append(update)
            return None
        self._next_update_id += 1
        self._pending.append(update)
        self._notify()
        return update["update_id"]

    def _new_message(self, chat: dict, sender: dict, **fields: Any) -> dict:
        history = self.messages.setdefault(chat["id"], [])
        message_id = max((m["message_id"] for m in history), default=0) + 1
        msg = {"message_id": message_id, "from": sender, "chat": chat, "date": int(time.time())}
        msg.update({k: v for k, v in fields.items() if v not in (None, [])})
        history.append(msg)
        return msg

    def _find_message(self, chat_id: int, message_id: Any) -> dict | None:
        return next(
            (m for m in self.messages.get(chat_id, []) if m["message_id"] == message_id), None
        )

    def _chat(self, p: dict) -> dict:
        if p.get("chat_id") in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        if p["chat_id"] not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        return self.chats[p["chat_id"]]

    def _format(self, raw: Any, p: dict, kind: str = "text") -> tuple[str, list[dict]]:
        entities = p.get("caption_entities" if kind == "caption" else "entities")
        try:
            return format_text(
                str(raw or ""), p.get("parse_mode"), entities, strict=self.strict_html
            )
        except ParseError as err:
            raise ApiError(400, f"Bad Request: {err}") from None

    def _message_text(self, p: dict) -> tuple[str, list[dict]]:
        text, entities = self._format(p.get("text"), p)
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return text, entities

    def _reply_target(self, chat_id: int, p: dict) -> dict | None:
        params = p.get("reply_parameters") or {}
        if not params and "reply_to_message_id" in p:
            params = {"message_id": p["reply_to_message_id"]}
        if not params:
            return None
        target = self._find_message(params.get("chat_id", chat_id), params.get("message_id"))
        if target is None and not params.get("allow_sending_without_reply"):
            raise ApiError(400, "Bad Request: message to be replied not found")
        return quoted(target)

    # -- Bot API methods -----------------------------------------------------------------

    @api("getMe")
    async def _get_me(self, p: dict, files: dict) -> dict:
        return self.bot_user(full=True)

    @api("getUpdates")
    async def _get_updates(self, p: dict, files: dict) -> list[dict]:
        if self.webhook["url"]:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset, limit = p.get("offset", 0), min(max(p.get("limit", 100), 1), 100)
        if "allowed_updates" in p:
            self._allowed_updates = p["allowed_updates"] or None
        if offset < 0:
            self._pending = self._pending[offset:]
        elif offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(p.get("timeout", 0), 0)
        while not self._pending and not self._closing and loop.time() < deadline:
            await self._wait_change(deadline - loop.time())
            if self._poll_generation != generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
        return copy.deepcopy(self._pending[:limit])

    @api("sendMessage")
    async def _send_message(self, p: dict, files: dict) -> dict:
        chat = self._chat(p)
        text, entities = self._message_text(p)
        markup = check_markup(p.get("reply_markup"))
        preview = p.get("link_preview_options")
        if preview is None and p.get("disable_web_page_preview"):
            preview = {"is_disabled": True}
        msg = self._new_message(
            chat,
            self.bot_user(),
            reply_to_message=self._reply_target(chat["id"], p),
            text=text,
            entities=entities,
            link_preview_options=preview,
            reply_markup=markup,
        )
        self._add_reply(Reply.of("sendMessage", msg, p))
        return msg

    @api("editMessageText")
    async def _edit_message_text(self, p: dict, files: dict) -> dict:
        if "inline_message_id" in p:
            raise ApiError(400, "Bad Request: the fake Bot API has no inline messages to edit")
        chat = self._chat(p)
        if p.get("message_id") is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        msg = self._find_message(chat["id"], p["message_id"])
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if msg["from"]["id"] != self.bot_id:
            raise ApiError(400, "Bad Request: message can't be edited")
        if "text" not in msg:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text, entities = self._message_text(p)
        markup = check_markup(p.get("reply_markup"))
        if (text, entities, markup) == (
            msg["text"],
            msg.get("entities", []),
            msg.get("reply_markup"),
        ):
            raise ApiError(400, _NOT_MODIFIED)
        for key, value in (("entities", entities), ("reply_markup", markup)):
            msg.pop(key, None)
            if value:
                msg[key] = value
        msg.update(text=text, edit_date=int(time.time()))
        self._add_reply(Reply.of("editMessageText", msg, p))
        return copy.deepcopy(msg)

    @api("sendPhoto")
    async def _send_photo(self, p: dict, files: dict) -> dict:
        chat = self._chat(p)
        photo = p.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            photo = files.get(photo[9:])
        elif "photo" in files:
            photo = files["photo"]
        elif isinstance(photo, str) and photo in self.files:
            photo = self.files[photo]
        elif photo:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if not photo:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        size = image_size(photo)
        if size is None:
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        caption, entities = self._format(p.get("caption"), p, kind="caption")
        if len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        scale = min(1.0, 1280 / max(size))
        file_id = f"AgACAgIAAxkDAAI{len(self.files) + 1:06d}"
        self.files[file_id] = photo
        sizes = [
            {
                "file_id": file_id,
                "file_unique_id": f"AQAD{len(self.files):06d}",
                "file_size": len(photo),
                "width": round(size[0] * scale),
                "height": round(size[1] * scale),
            }
        ]
        msg = self._new_message(
            chat,
            self.bot_user(),
            reply_to_message=self._reply_target(chat["id"], p),
            photo=sizes,
            caption=caption or None,
            caption_entities=entities,
            reply_markup=check_markup(p.get("reply_markup")),
        )
        self._add_reply(Reply.of("sendPhoto", msg, p, photo=photo))
        return msg

    @api("answerCallbackQuery")
    async def _answer_callback_query(self, p: dict, files: dict) -> bool:
        query = self._callbacks.get(str(p.get("callback_query_id")))
        if query is None or query["answered"]:
            raise ApiError(400, _BAD_QUERY)
        if len(p.get("text") or "") > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query["answered"] = True
        keys = ("callback_query_id", "text", "show_alert", "url", "cache_time")
        self.answered_callbacks.append({k: p.get(k) for k in keys} | {"data": query["data"]})
        return True

    @api("answerInlineQuery")
    async def _answer_inline_query(self, p: dict, files: dict) -> bool:
        query = self._inline_queries.get(str(p.get("inline_query_id")))
        if query is None or query["answered"]:
            raise ApiError(400, _BAD_QUERY)
        results = p.get("results")
        if not isinstance(results, list):
            raise ApiError(400, "Bad Request: can't parse inline query results JSON object")
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        where = "Bad Request: can't parse inline query result"
        for result in results:
            required = ["type", "id"]
            if isinstance(result, dict) and result.get("type") == "article":
                required += ["title", "input_message_content"]
            for name in required:
                if not isinstance(result, dict) or name not in result:
                    raise ApiError(400, f'{where}: Can\'t find field "{name}"')
            if not 1 <= len(str(result["id"]).encode()) <= 64:
                raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                try:
                    self._message_text({**content, "text": content["message_text"]})
                except ApiError as err:
                    detail = err.description.removeprefix("Bad Request: ")
                    raise ApiError(400, f"{where}: {detail[0].upper()}{detail[1:]}") from None
            check_markup(result.get("reply_markup"))
        if len({str(r["id"]) for r in results}) < len(results):
            raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        query["answered"] = True
        keys = ("inline_query_id", "results", "cache_time", "is_personal", "next_offset", "button")
        self.inline_answers.append({k: p.get(k) for k in keys} | {"query": query["query"]})
        return True

    def _commands_key(self, p: dict) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        kinds = ("default", "all_private_chats", "all_group_chats", "all_chat_administrators")
        if not isinstance(scope, dict) or scope.get("type") not in (
            *kinds,
            "chat",
            "chat_administrators",
            "chat_member",
        ):
            raise ApiError(400, "Bad Request: unsupported bot command scope type")
        key = ":".join(str(scope[k]) for k in ("type", "chat_id", "user_id") if k in scope)
        language = p.get("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise ApiError(400, "Bad Request: invalid language code specified")
        return key, language

    @api("setMyCommands")
    async def _set_my_commands(self, p: dict, files: dict) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, 'Bad Request: parameter "commands" is required')
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str((c or {}).get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", "")).strip()) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(p)
        stored = [{"command": c["command"], "description": c["description"]} for c in commands]
        self.commands.pop(key, None)
        if stored:
            self.commands[key] = stored
        return True

    @api("getMyCommands")
    async def _get_my_commands(self, p: dict, files: dict) -> list[dict]:
        return copy.deepcopy(self.commands.get(self._commands_key(p), []))

    @api("deleteMyCommands")
    async def _delete_my_commands(self, p: dict, files: dict) -> bool:
        self.commands.pop(self._commands_key(p), None)
        return True

    @api("setWebhook")
    async def _set_webhook(self, p: dict, files: dict) -> bool:
        url = p.get("url") or ""
        if url and urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ApiError(400, "Bad Request: bad webhook: the fake delivers to loopback only")
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if p.get("drop_pending_updates"):
            self._pending.clear()
        if "allowed_updates" in p:
            self._allowed_updates = p["allowed_updates"] or None
        self.webhook.update(url=url, secret_token=secret, allowed_updates=self._allowed_updates)
        self.webhook.update(max_connections=p.get("max_connections", 40))
        self._notify()
        return True

    @api("deleteWebhook")
    async def _delete_webhook(self, p: dict, files: dict) -> bool:
        return await self._set_webhook({"drop_pending_updates": p.get("drop_pending_updates")}, {})

    @api("getWebhookInfo")
    async def _get_webhook_info(self, p: dict, files: dict) -> dict:
        info = {"url": self.webhook["url"], "has_custom_certificate": False}
        info["pending_update_count"] = len(self._pending)
        if self.webhook["url"]:
            info["max_connections"] = self.webhook.get("max_connections", 40)
            for key in ("allowed_updates", "last_error_date", "last_error_message"):
                if self.webhook.get(key):
                    info[key] = self.webhook[key]
        return info

    @api("close")
    async def _close(self, p: dict, files: dict) -> bool:
        return True

    @api("logOut")
    async def _log_out(self, p: dict, files: dict) -> bool:
        return True
