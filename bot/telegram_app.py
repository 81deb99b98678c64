"""The Telegram adapter: one function builds the ``Application``; handlers only translate.

Each update becomes a ``Request`` for the shared router, which runs in a worker thread (core is
synchronous SQLite and numpy, and must not block the event loop); the ``Reply`` becomes a
message, an in-place edit, or a photo. A reply Telegram fails to take (5xx, a dropped connection,
a timeout) is sent again a few times with growing pauses; 429 is left to the rate limiter,
which waits the ``retry_after`` Telegram asks for. Updates are confirmed to Telegram only once
handled, when polling (``bot/transport.py``) and by webhook (``bot/webhook.py``), so a crash
loses none. Logs carry the command name and ids, never message text or the token
(``bot/redact.py`` takes the token out of whatever a library logs).

Every update that costs work (a command, a plain message read as a search, a button press, an
inline query) first spends from its sender's flood budget (``bot/flood.py``); a message sent on
behalf of a chat is no person, and its ``Request`` says so (``anonymous``). At start-up,
``getMe`` is retried after a 5xx or a dropped connection, as polling is; a token Telegram
rejects stops the bot with one line.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import time
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

import uvloop
from telegram import (
    BotCommand,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.config import BotSettings
from bot.flood import (
    BUTTON_COST,
    COMMAND_COST,
    INLINE_COST,
    PHOTO_COST,
    FloodGuard,
    Turns,
    sender_chat_id,
    sender_key,
)
from bot.i18n import LANGS, lang_for, t
from bot.inline import inline_results
from bot.retries import initialize, with_retries
from bot.router import CAPTION_LIMIT, Reply, Request, Router, split_command
from bot.transport import AiohttpRequest, AtLeastOncePolling, ReportHandled
from bot.webhook import WebhookServer
from core.jobs import Jobs

log = logging.getLogger("streambot.telegram")
POOL_SIZE = 16
"""Keep-alive HTTP connections to the Bot API for sending replies (bench/replies.py: more buys
no throughput on two cores)."""


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in reply.buttons]
    )


def addressed_text(message, bot_username: str | None, bot_id: int) -> str | None:
    """The text of a plain message meant for the bot, without the mention; None when it is
    not for the bot. Everything in a private chat is; in a group, a message that starts by
    naming the bot (``@StreambotBot stranger things``) or answers one of its messages."""
    text = (message.text or "").strip()
    if message.chat.type == "private":
        return text or None
    mention = f"@{bot_username}".lower() if bot_username else None
    if mention and text.lower().startswith(mention):
        return text[len(mention) :].strip() or None
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text or None
    return None


def _request(
    update: Update, command: str, args: tuple[str, ...], admins: frozenset[int]
) -> Request:
    """The transport-free request. A message sent on behalf of a chat has as ``from_user`` a
    stand-in shared by every such sender (``GroupAnonymousBot``): it is no one's, so it gets
    ``user_id`` 0 and ``anonymous``, never the stand-in's id."""
    user, chat = update.effective_user, update.effective_chat
    anonymous = sender_chat_id(update) is not None
    person = None if anonymous else user
    return Request(
        command=command,
        args=args,
        user_id=person.id if person else 0,
        chat_id=chat.id if chat else 0,
        chat_type=chat.type if chat else "private",
        lang=lang_for(user.language_code if user else None),
        is_admin=bool(person and person.id in admins),
        first_name=person.first_name if person else "",
        anonymous=anonymous,
    )


async def send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply) -> None:
    """Deliver a reply as a new message (or photo with caption)."""
    if reply.photo is not None:
        await with_retries(
            "sendPhoto",
            lambda: context.bot.send_photo(
                chat_id,
                reply.photo,
                caption=reply.text[:CAPTION_LIMIT] or None,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(reply),
            ),
        )
        return
    await with_retries(
        "sendMessage",
        lambda: context.bot.send_message(
            chat_id,
            reply.text,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(reply),
            disable_web_page_preview=True,
        ),
    )


def schedule_jobs(app: Application, jobs: Jobs) -> None:
    """Ingest, retrain and backup on PTB's JobQueue (APScheduler in the bot's event loop).

    Each job runs in a worker thread (``asyncio.to_thread``): training itself runs in a child
    process, so the event loop keeps answering. APScheduler coalesces missed runs and never
    starts a job while its previous run is still going.
    """
    for name, seconds in jobs.intervals():
        work = getattr(jobs, name)

        async def run_job(context: ContextTypes.DEFAULT_TYPE, work=work, name=name) -> None:
            log.info("job %s started", name)
            await asyncio.to_thread(work)

        app.job_queue.run_repeating(
            run_job,
            interval=seconds,
            first=5,
            name=name,
            job_kwargs={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )


def build_application(
    settings: BotSettings, router: Router, jobs: Jobs | None = None
) -> Application:
    """The whole bot: transport settings, every handler, the error handler, the menu and the
    scheduled jobs."""
    quiet_http_logs()
    guard = FloodGuard(settings.flood_limit, settings.flood_window)
    turns = Turns()
    admins = settings.admin_ids

    def flooded(update: Update, cost: float) -> str:
        """The guard's verdict for this update's sender, logged unless ``ok``."""
        verdict = guard.check(sender_key(update), cost)
        if verdict != "ok":
            log.info("flood sender=%s verdict=%s", sender_key(update), verdict)
        return verdict

    def charge_photo(update: Update, reply: Reply) -> None:
        if reply.photo is not None:
            guard.charge(sender_key(update), PHOTO_COST - COMMAND_COST)

    async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        parsed = split_command(message.text or "") if message else None
        if parsed is None or update.effective_chat is None:
            return
        request = _request(update, parsed[0], parsed[1], admins)
        await answer(update, context, request, lambda: router.dispatch(request))

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A message that is not a command: a title search in a private chat; in a group only
        when it is meant for the bot (it names the bot, or answers one of its messages)."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or not message.text:
            return
        text = addressed_text(message, context.bot.username, context.bot.id)
        if text is None:
            return
        request = _request(update, "search", (), admins)
        await answer(update, context, request, lambda: router.text(request, text))

    async def answer(
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        request: Request,
        call: Callable[[], Reply],
    ) -> None:
        """A command, or plain text (a search): in its sender's turn, spent from their flood
        budget like everything else that costs work."""
        async with turns.of(sender_key(update)):
            verdict = flooded(update, COMMAND_COST)
            if verdict != "ok":
                if verdict == "warn":
                    await send(context, request.chat_id, Reply(t(request.lang, "gen.slow_down")))
                return
            started = time.perf_counter()
            reply = await asyncio.to_thread(call)
            charge_photo(update, reply)
            await send(context, request.chat_id, reply)
        log.info(
            "command=%s chat_type=%s ms=%.1f error=%s",
            request.command,
            request.chat_type,
            (time.perf_counter() - started) * 1000,
            reply.error,
        )

    async def on_unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An unknown command in a private chat gets pointed at /help; in groups it may be
        meant for another bot, so silence."""
        message = update.effective_message
        if message is None or update.effective_chat.type != "private":
            return
        parsed = split_command(message.text or "")
        if parsed is None:
            return
        await on_command(update, context)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        async with turns.of(sender_key(update)):
            await button(update, context)

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        request = _request(update, "button", (), admins)
        verdict = flooded(update, BUTTON_COST)  # made-up callback data costs the same
        if verdict != "ok":
            if verdict == "warn":
                text = t(request.lang, "gen.slow_down")
                await with_retries("answerCallbackQuery", lambda: query.answer(text))
            return
        reply = await asyncio.to_thread(router.press, request, query.data or "")
        charge_photo(update, reply)
        # The toast is for the presser alone; ``placement`` says what becomes of the message.
        await with_retries("answerCallbackQuery", lambda: query.answer(reply.toast or None))
        try:
            if reply.photo is not None or reply.placement == "new":
                await send(context, request.chat_id, reply)
            elif reply.placement == "edit":
                await with_retries(
                    "editMessageText",
                    lambda: query.edit_message_text(
                        reply.text,
                        parse_mode=ParseMode.HTML,
                        reply_markup=keyboard(reply),
                        disable_web_page_preview=True,
                    ),
                )
        except BadRequest as err:
            if "not modified" not in str(err).lower():
                raise

    async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        async with turns.of(sender_key(update)):
            await inline(update, context)

    async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if flooded(update, INLINE_COST) != "ok":
            return  # the client shows nothing, and asks again as the person types on
        lang = lang_for(query.from_user.language_code if query.from_user else None)
        results = await asyncio.to_thread(inline_results, router.services, query.query, lang)
        await with_retries(
            "answerInlineQuery",
            lambda: query.answer(results, cache_time=60, is_personal=False),
        )

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error_id = uuid.uuid4().hex[:8]
        log.error("update error id=%s", error_id, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            lang = lang_for(update.effective_user.language_code if update.effective_user else None)
            try:
                await context.bot.send_message(
                    update.effective_chat.id,
                    t(lang, "gen.error_id", id=error_id),
                    parse_mode=ParseMode.HTML,
                )
            except Exception:  # the apology itself failed: the log already has the id
                log.warning("could not send the apology for error id=%s", error_id)

    async def post_init(app: Application) -> None:
        await publish_menu(app, router)
        # Everything loaded so far (libraries, settings, the app) lives as long as the process:
        # move it out of the garbage collector's sight, or each full collection walks it all
        # and stalls every chat for ~130 ms (the p99 of the load test, bench/load.py).
        gc.freeze()

    poller = AtLeastOncePolling()
    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{settings.api_base_url}/bot")
        .base_file_url(f"{settings.api_base_url}/file/bot")
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.send_rate, max_retries=3))
        .concurrent_updates(ReportHandled(poller))
        .request(AiohttpRequest(POOL_SIZE, pool_timeout=30))
        .get_updates_request(poller)
        .post_init(post_init)
        .build()
    )
    names = sorted(router.commands)
    app.add_handler(CommandHandler(names, on_command))
    app.add_handler(MessageHandler(filters.COMMAND, on_unknown))
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT,
            on_text,
        )
    )
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(InlineQueryHandler(on_inline))
    app.add_error_handler(on_error)
    if jobs is not None:
        schedule_jobs(app, jobs)
    return app


async def publish_menu(app: Application, router: Router) -> None:
    """The command menu, in English (default) and Spanish; admin commands stay out of it."""
    for lang in LANGS:
        commands = [
            BotCommand(c.name, t(lang, f"cmd.{c.name}.summary")[:256])
            for c in router.unique_commands()
            if c.menu and not c.admin
        ]
        await app.bot.set_my_commands(
            commands, scope=BotCommandScopeDefault(), language_code=None if lang == "en" else lang
        )


def quiet_http_logs() -> None:
    """Keep the token and message texts out of the logs, whatever the root level.

    httpx logs every request URL at INFO, and PTB's URLs contain the token; PTB's DEBUG lines
    print whole API payloads, message texts included.
    """
    for name in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(logging.INFO)


def run(settings: BotSettings, router: Router, jobs: Jobs | None = None) -> None:
    """Run until stopped: a webhook when ``WEBHOOK_URL`` is set, else long polling.

    On uvloop: its event loop spends less CPU per update than asyncio's, and the event-loop
    thread is what limits throughput (docs/benchmarks.md).
    """
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    app = build_application(settings, router, jobs)
    if settings.webhook_url:
        asyncio.run(_run_webhook(app, settings))
    else:
        loop = asyncio.new_event_loop()  # run_polling goes on with this loop, initialized
        asyncio.set_event_loop(loop)
        loop.run_until_complete(initialize(app, settings.api_base_url))
        app.run_polling(allowed_updates=Update.ALL_TYPES)


async def _run_webhook(app: Application, settings: BotSettings) -> None:
    """Serve the webhook (``bot/webhook.py``) on ``WEBHOOK_LISTEN:PORT`` until SIGTERM/SIGINT,
    at the path of ``WEBHOOK_URL``, then stop cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    server = WebhookServer(app, settings.webhook_secret, urlsplit(settings.webhook_url).path)
    await initialize(app, settings.api_base_url)
    try:
        if app.post_init:
            await app.post_init(app)
        await app.start()
        await server.start(settings.listen, settings.port, settings.webhook_url)
        await stop.wait()
        log.info("stopping")
    finally:
        await server.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
