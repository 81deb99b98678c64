"""A local fake of the Telegram Bot API, for end-to-end tests of a python-telegram-bot bot.

The real `Application` talks HTTP to this aiohttp server on 127.0.0.1, by long polling or by
a webhook that the fake POSTs updates to. Tests inject what a user does (`send_text`,
`press_button`, `inline_query`) and read what the bot did (`next_reply`, `calls`, `messages`).

    async with FakeBotAPI() as server:
        app = (ApplicationBuilder().token(server.token).base_url(server.base_url)
               .base_file_url(server.base_file_url).build())
        ...
        server.send_text("/start")
        reply = await server.next_reply(chat_id=DEFAULT_USER_ID)

See docs/fake-bot-api.md for what is implemented and how faithful it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import re
import socket
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from harness.fakebotapi_methods import API, BotApiMethods
from harness.fakebotapi_text import format_text
from harness.fakebotapi_wire import ApiError, Call, Reply, decode_params, quoted

__all__ = [
    "ANONYMOUS_ADMIN_ID",
    "DEFAULT_USER_ID",
    "GROUP_CHAT_ID",
    "SUPERGROUP_CHAT_ID",
    "Call",
    "FakeBotAPI",
    "Reply",
]

DEFAULT_TOKEN = "123456789:AAHfakeTokenForTests_streambot-0123456"
DEFAULT_USER_ID = 1001
GROUP_CHAT_ID = -4000000001
SUPERGROUP_CHAT_ID = -1001000000001
ANONYMOUS_ADMIN_ID = 1087968824
"""``GroupAnonymousBot``: Telegram's ``from`` of every message an anonymous admin sends."""
_STAND_INS = {
    "group": {"id": ANONYMOUS_ADMIN_ID, "first_name": "Group", "username": "GroupAnonymousBot"},
    "channel": {"id": 136817688, "first_name": "Channel", "username": "Channel_Bot"},
}
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_ERROR_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class _Fault:
    status: int | None
    retry_after: int | None
    description: str | None
    delay: float
    drop: bool


def _error(status: int, description: str, parameters: dict | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


async def _read_body(request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Query string plus a JSON, form-encoded or multipart body, as the Bot API accepts."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, bytes] = {}
    if request.content_type == "application/json" and request.can_read_body:
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: can't parse JSON object in the request body")
        raw.update(body)
    elif request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[key] = value.file.read()
            else:
                raw[key] = value
    return raw, files


class FakeBotAPI(BotApiMethods):
    """The fake server. Use as `async with FakeBotAPI() as server:` inside the test's loop.

    `strict_html` (default) also rejects a bare "&" or ">" in HTML text, as the Bot API docs
    require; real Telegram only rejects "<". `privacy_mode` (default, like a new bot) delivers
    only commands and replies to the bot from groups. `webhook_retry_delay` is how long the
    fake waits before re-POSTing an update the webhook refused.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "streambot_test_bot",
        *,
        strict_html: bool = True,
        privacy_mode: bool = True,
        webhook_retry_delay: float = 0.2,
    ) -> None:
        self._init_state(token, bot_username, strict_html=strict_html, privacy_mode=privacy_mode)
        self.webhook_retry_delay = webhook_retry_delay
        self.port = 0
        self._faults: dict[str, list[_Fault]] = {}
        self._seen: dict[int, int] = {}
        self._changed = asyncio.Event()
        self._counter = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._delivery: asyncio.Task | None = None

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def __aenter__(self) -> FakeBotAPI:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._delivery = asyncio.create_task(self._deliver_webhook_updates())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing = True
        self._notify()
        if self._delivery:
            self._delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, timeout: float | None) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), timeout)

    # -- HTTP ----------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        token, name = request.match_info["token"], request.match_info["method"]
        method, handler = API.get(name.lower(), (name, None))
        call = Call(method, {})
        self.calls.append(call)
        if token != self.token:
            call.status = 401 if _TOKEN_SHAPE.fullmatch(token) else 404
            call.error = _ERROR_TEXT[call.status]
            self._notify()
            return _error(call.status, call.error)
        try:
            return await self._answer(request, call, handler)
        except asyncio.CancelledError:  # the client went away (e.g. PTB stopping a long poll)
            call.status, call.error = 499, "client closed the request"
            raise
        except Exception as exc:
            call.status, call.error = 500, f"bug in the fake Bot API: {exc!r}"
            raise
        finally:
            self._notify()

    async def _answer(self, request: web.Request, call: Call, handler) -> web.StreamResponse:
        try:
            call.params, call.files = await _read_body(request)
            call.params = decode_params(call.params)
            faults = self._faults.get(call.method)
            if faults:
                fault = faults.pop(0)
                await asyncio.sleep(fault.delay)
                if fault.drop and request.transport is not None:
                    request.transport.abort()
                    call.status, call.error = 0, "connection dropped (fail_next)"
                    return web.Response()
                if fault.status:
                    extra = {"retry_after": fault.retry_after} if fault.retry_after else None
                    text = fault.description or _ERROR_TEXT.get(fault.status, "Error")
                    if fault.status == 429 and not fault.description:
                        text = f"Too Many Requests: retry after {fault.retry_after or 1}"
                    raise ApiError(fault.status, text, extra)
            if handler is None:
                self.unknown_calls.append(call)
                raise ApiError(404, "Not Found: method not found")
            call.result = copy.deepcopy(await handler(self, call.params, call.files))
        except ApiError as err:
            call.status, call.error = err.status, err.description
            return _error(err.status, err.description, err.parameters)
        call.status = 200
        return web.json_response({"ok": True, "result": call.result})

    async def _deliver_webhook_updates(self) -> None:
        """POST pending updates, in order, to the webhook; retry the head until it is taken."""
        assert self._session is not None
        while not self._closing:
            url, secret = self.webhook["url"], self.webhook["secret_token"]
            if not url or not self._pending:
                await self._wait_change(None)
                continue
            update = self._pending[0]
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
            try:
                async with self._session.post(url, json=update, headers=headers) as resp:
                    error = None if resp.status < 300 else f"{resp.status} {resp.reason}"
                    error = error and f"Wrong response from the webhook: {error}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"Connection failed: {exc.__class__.__name__}"
            if error is None:
                if self._pending and self._pending[0] is update:
                    self._pending.pop(0)
                self._notify()
            else:
                self.webhook.update(last_error_date=int(time.time()), last_error_message=error)
                await asyncio.sleep(self.webhook_retry_delay)

    # -- fault injection -----------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        retry_after: int | None = None,
        description: str | None = None,
        delay: float = 0.0,
        drop: bool = False,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail: an error status (429 gets
        `retry_after`), a `delay` before answering (alone: a slow but successful call), or
        `drop` the connection without an answer."""
        if retry_after is not None and status is None:
            status = 429
        fault = _Fault(status, retry_after, description, delay, drop)
        self._faults.setdefault(method, []).extend(fault for _ in range(times))

    # -- what users do -------------------------------------------------------------------

    def _user(self, user_id: int, **fields: Any) -> dict:
        user = self.users.setdefault(user_id, {"id": user_id, "is_bot": False, "first_name": "Ana"})
        user.update({k: v for k, v in fields.items() if v is not None})
        return copy.deepcopy(user)

    def _next_id(self) -> str:
        self._counter += 1
        return str(4_611_686_000_000_000_000 + self._counter)

    def send_text(
        self,
        text: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "en",
        first_name: str | None = None,
        username: str | None = None,
        reply_to: Reply | int | None = None,
        sender_chat: int | None = None,
    ) -> int | None:
        """A user sends `text`; returns the update_id, or None when Telegram would not deliver
        it (privacy mode in groups, or the bot's allowed_updates).

        `sender_chat` sends it on behalf of a chat, as Telegram does: the group's own id is an
        anonymous admin (`from` is GroupAnonymousBot), another id a channel (`from` is
        Channel_Bot); the message carries `sender_chat`."""
        if chat_type not in ("private", "group", "supergroup"):
            raise ValueError(f"chat_type must be private, group or supergroup, not {chat_type!r}")
        user = self._user(
            user_id, first_name=first_name, language_code=language_code, username=username
        )
        default_chat = {"private": user_id, "group": GROUP_CHAT_ID}
        chat_id = (
            chat_id if chat_id is not None else default_chat.get(chat_type, SUPERGROUP_CHAT_ID)
        )
        if chat_type == "private":
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            chat.update({"username": username} if username else {})
        else:
            chat = {"id": chat_id, "type": chat_type, "title": f"Test {chat_type}"}
        self.chats[chat_id] = chat
        on_behalf = None
        if sender_chat is not None:
            kind = "group" if sender_chat == chat_id else "channel"
            user = {"is_bot": True, **_STAND_INS[kind]}
            on_behalf = (
                {"id": chat_id, "type": chat_type, "title": chat.get("title", "")}
                if kind == "group"
                else {"id": sender_chat, "type": "channel", "title": f"Channel {sender_chat}"}
            )
        plain, entities = format_text(text, None, None)
        if not plain:
            raise ValueError("Telegram clients cannot send an empty message")
        target = reply_to.message_id if isinstance(reply_to, Reply) else reply_to
        replied = self._find_message(chat_id, target) if target is not None else None
        msg = self._new_message(
            chat,
            user,
            reply_to_message=quoted(replied),
            text=plain,
            entities=entities,
            sender_chat=on_behalf,
        )
        if chat_type != "private" and self.privacy_mode:
            command = next((e for e in entities if e["type"] == "bot_command"), None)
            to_us = command is not None and command["offset"] == 0
            if to_us and "@" in plain[: command["length"]]:
                to_us = (
                    plain[: command["length"]].split("@")[1].lower() == self.bot_username.lower()
                )
            if not to_us and (replied or {}).get("from", {}).get("id") != self.bot_id:
                return None
        return self._queue_update("message", copy.deepcopy(msg))

    def press_button(
        self,
        message: Reply | dict,
        callback_data: str,
        *,
        user_id: int | None = None,
        forge: bool = False,
    ) -> int | None:
        """A user presses the inline button carrying `callback_data` under a bot message;
        `forge` sends data no button there carries (a modified client)."""
        chat_id = message.chat_id if isinstance(message, Reply) else message["chat"]["id"]
        message_id = message.message_id if isinstance(message, Reply) else message["message_id"]
        current = self._find_message(chat_id, message_id)
        rows = (current or {}).get("reply_markup", {}).get("inline_keyboard", [])
        offered = any(b.get("callback_data") == callback_data for row in rows for b in row)
        if not (offered or forge):
            offered = [b.get("callback_data") for row in rows for b in row]
            raise ValueError(f"message {message_id} has no button {callback_data!r}: {offered}")
        user_id = user_id if user_id is not None else (chat_id if chat_id > 0 else DEFAULT_USER_ID)
        query_id = self._next_id()
        self._callbacks[query_id] = {"answered": False, "data": callback_data}
        query = {
            "id": query_id,
            "from": self._user(user_id),
            "message": copy.deepcopy(current),
            "chat_instance": str((chat_id * 2654435761) % 2**63),
            "data": callback_data,
        }
        return self._queue_update("callback_query", query)

    def inline_query(
        self, query: str, *, user_id: int = DEFAULT_USER_ID, offset: str = "", chat_type="sender"
    ) -> int | None:
        """A user types `@bot query` in some chat; the bot should answerInlineQuery."""
        if len(query) > 256:
            raise ValueError("Telegram caps inline queries at 256 characters")
        query_id = self._next_id()
        self._inline_queries[query_id] = {"answered": False, "query": query}
        payload = {"id": query_id, "from": self._user(user_id), "query": query, "offset": offset}
        return self._queue_update("inline_query", payload | {"chat_type": chat_type})

    # -- what the bot did ----------------------------------------------------------------

    async def _wait_for(self, found, timeout: float, what: str):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := found()):
            if loop.time() >= deadline:
                recent = [(c.method, c.status, c.error) for c in self.calls[-8:]]
                raise AssertionError(f"timed out after {timeout}s waiting for {what}; {recent=}")
            await self._wait_change(deadline - loop.time())
        return result

    async def wait_for_calls(self, method: str, count: int = 1, timeout: float = 5) -> list[Call]:
        """Wait until `method` has been answered `count` times; return all those calls."""

        def done() -> list[Call]:
            calls = [c for c in self.calls if c.method == method and c.status is not None]
            return calls if len(calls) >= count else []

        return await self._wait_for(done, timeout, f"{count} x {method}")

    def _unseen(self, chat_id: int) -> list[Reply]:
        return self._replies_by_chat.get(chat_id, [])[self._seen.get(chat_id, 0) :]

    async def next_reply(self, chat_id: int = DEFAULT_USER_ID, timeout: float = 5) -> Reply:
        """The bot's next sendMessage, sendPhoto or editMessageText to `chat_id`.

        Waits on that chat's own event, so a load test with hundreds of chats waiting does not
        wake every waiter on every call the bot makes.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (unseen := self._unseen(chat_id)):
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [(c.method, c.status, c.error) for c in self.calls[-8:]]
                raise AssertionError(
                    f"timed out after {timeout}s waiting for a reply to {chat_id}; {recent=}"
                )
            event = self._chat_events.setdefault(chat_id, asyncio.Event())
            event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
        self._seen[chat_id] = self._seen.get(chat_id, 0) + 1
        return unseen[0]

    async def assert_no_reply(self, chat_id: int = DEFAULT_USER_ID, within: float = 0.3) -> None:
        """Fail if `chat_id` has a reply not yet read by next_reply, or gets one `within` s."""
        try:
            reply = await self.next_reply(chat_id, timeout=within)
        except AssertionError:
            return
        raise AssertionError(f"unexpected {reply.method} to {chat_id}: {reply.text!r}")

    async def wait_for_delivery(self, timeout: float = 5) -> None:
        """Wait until the bot has taken every update (confirmed by getUpdates or webhook)."""
        await self._wait_for(lambda: not self._pending, timeout, "the bot to take all updates")

    def pending_updates(self) -> list[dict]:
        """Updates Telegram still holds (not yet confirmed by getUpdates or the webhook)."""
        return copy.deepcopy(self._pending)
