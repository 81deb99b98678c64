"""The fake Bot API, driven by a real python-telegram-bot Application over HTTP.

The tiny bot below is defined here, not imported from `bot/`, so these tests pin the fake
itself: Telegram's request and answer shapes, its validation errors, and both update paths
(long polling and the webhook).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dtm
import html
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
)

from harness.fakebotapi import DEFAULT_USER_ID, GROUP_CHAT_ID, FakeBotAPI
from harness.fakebotapi_text import ParseError, format_text, parse_html
from harness.running import running

USER = DEFAULT_USER_ID
SECRET = "s3cret"
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


# -- the tiny bot under test ---------------------------------------------------------------


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_html(f"<b>echo:</b> {html.escape(' '.join(context.args))}")


async def _menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = [[InlineKeyboardButton("Netflix", callback_data="pick:netflix")]]
    keyboard.append([InlineKeyboardButton("Hulu", callback_data="pick:hulu")])
    await update.effective_message.reply_text(
        "Pick one", reply_markup=InlineKeyboardMarkup(keyboard)
    )


async def _picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("Saved")
    await query.edit_message_text(f"You picked <b>{query.data[5:]}</b>", parse_mode="HTML")


async def _poster(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_photo(PNG_1X1, caption="<i>Poster</i>", parse_mode="HTML")


async def _inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = update.inline_query.query
    content = InputTextMessageContent(f"<b>{html.escape(text)}</b>", parse_mode="HTML")
    await update.inline_query.answer(
        [InlineQueryResultArticle(id="r1", title=text.title(), input_message_content=content)]
    )


def _build_app(server: FakeBotAPI) -> Application:
    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    app.add_handlers(
        [
            CommandHandler("echo", _echo),
            CommandHandler("menu", _menu),
            CommandHandler("poster", _poster),
            CallbackQueryHandler(_picked, pattern=r"^pick:"),
            InlineQueryHandler(_inline),
        ]
    )
    return app


@contextlib.asynccontextmanager
async def _running(server: FakeBotAPI, mode: str) -> AsyncIterator[str | None]:
    """Run the tiny bot by polling or webhook; yield the webhook URL (None when polling)."""
    async with running(_build_app(server), mode, secret=SECRET, poll_timeout=10) as url:
        yield url


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        yield fake


@pytest_asyncio.fixture
async def bot(server: FakeBotAPI) -> AsyncIterator[Bot]:
    """A bare Bot on the fake, with user 1001's private chat already open."""
    server.send_text("hi")
    async with Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url) as b:
        yield b


# -- end to end, both update paths ---------------------------------------------------------


@pytest.mark.parametrize("mode", ["polling", "webhook"])
@pytest.mark.asyncio
async def test_command_addressed_to_the_bot_gets_an_escaped_html_reply(server, mode):
    async with _running(server, mode):
        server.send_text("/echo@streambot_test_bot Tom & <Jerry>")
        reply = await server.next_reply(USER)
    assert reply.method == "sendMessage"
    assert reply.raw == "<b>echo:</b> Tom &amp; &lt;Jerry&gt;"
    assert reply.text == "echo: Tom & <Jerry>"
    assert reply.entities == [{"type": "bold", "offset": 0, "length": 5}]
    command = server.messages[USER][0]["entities"][0]
    assert command == {"type": "bot_command", "offset": 0, "length": 24}
    assert server.unknown_calls == []
    assert server.pending_updates() == []


@pytest.mark.parametrize("mode", ["polling", "webhook"])
@pytest.mark.asyncio
async def test_button_press_edits_the_menu_in_place_and_answers_the_query(server, mode):
    async with _running(server, mode):
        server.send_text("/menu", language_code="es")
        menu = await server.next_reply(USER)
        assert [[b["text"] for b in row] for row in menu.buttons] == [["Netflix"], ["Hulu"]]
        server.press_button(menu, "pick:hulu")
        edit = await server.next_reply(USER)
        await server.wait_for_calls("answerCallbackQuery")
    assert (edit.method, edit.message_id, edit.text) == (
        "editMessageText",
        menu.message_id,
        "You picked hulu",
    )
    assert edit.reply_markup is None  # an edit without reply_markup drops the keyboard
    assert "edit_date" in server.messages[USER][-1]
    assert [m["message_id"] for m in server.messages[USER]] == [1, 2]
    assert server.answered_callbacks[0]["text"] == "Saved"
    assert server.answered_callbacks[0]["data"] == "pick:hulu"


@pytest.mark.asyncio
async def test_webhook_mode_pushes_updates_with_the_secret_and_blocks_get_updates(server, bot):
    async with _running(server, "webhook") as url:
        assert server.webhook["url"] == url
        assert server.webhook["secret_token"] == SECRET
        async with httpx.AsyncClient() as client:
            response = await client.post(url, json={"update_id": 1})
        assert response.status_code == 403
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        await server.wait_for_delivery()  # the bot fixture's "hi", pushed to the webhook
        info = await bot.get_webhook_info()
        assert (info.url, info.pending_update_count) == (url, 0)


@pytest.mark.asyncio
async def test_inline_query_gets_an_article_answer(server):
    async with _running(server, "polling"):
        server.inline_query("dark")
        await server.wait_for_calls("answerInlineQuery")
    answer = server.inline_answers[0]
    assert answer["query"] == "dark"
    assert answer["results"][0]["title"] == "Dark"
    assert answer["results"][0]["input_message_content"]["message_text"] == "<b>dark</b>"


@pytest.mark.asyncio
async def test_photo_upload_keeps_the_bytes_and_parses_the_caption(server):
    async with _running(server, "polling"):
        server.send_text("/poster")
        reply = await server.next_reply(USER)
    assert reply.method == "sendPhoto"
    assert reply.photo == PNG_1X1
    assert (reply.caption, reply.entities) == (
        "Poster",
        [{"type": "italic", "offset": 0, "length": 6}],
    )
    assert reply.message["photo"][0]["width"] == 1


@pytest.mark.asyncio
async def test_group_privacy_mode_only_delivers_commands_meant_for_this_bot(server):
    assert server.send_text("just chatting", chat_type="group") is None
    assert server.send_text("/echo@other_bot hi", chat_type="group") is None
    async with _running(server, "polling"):
        assert server.send_text("/echo@StreamBot_Test_Bot hi", chat_type="group") is not None
        assert (await server.next_reply(GROUP_CHAT_ID)).text == "echo: hi"
        await server.assert_no_reply(USER, within=0.1)


# -- validation, as Telegram answers it ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        ("<b>x<i>y</b></i>", 'Unmatched end tag at byte offset 8, expected "</i>", found "</b>"'),
        ("<b>bold", "Can't find end tag corresponding to start tag b"),
        ("</b>", "Unexpected end tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Tom & Jerry", 'Unescaped "&" at byte offset 4; use "&amp;"'),
    ],
)
def test_bad_html_is_refused_with_telegrams_message(text, error):
    with pytest.raises(ParseError) as excinfo:
        parse_html(text)
    assert str(excinfo.value) == error


def test_html_entities_use_utf16_offsets_and_nest():
    text, entities = format_text(
        '  😀 <b>a<i>b</i></b> <pre><code class="language-py">x</code></pre> &#33;&quot;\n',
        "HTML",
        None,
    )
    assert text == '😀 ab x !"'
    assert entities == [
        {"type": "bold", "offset": 3, "length": 2},
        {"type": "italic", "offset": 4, "length": 1},
        {"type": "pre", "offset": 6, "length": 1, "language": "py"},
    ]
    assert format_text("Tom & Jerry > x", "HTML", None, strict=False) == ("Tom & Jerry > x", [])


@pytest.mark.asyncio
async def test_bad_html_from_the_bot_raises_bad_request(server, bot):
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag"):
        await bot.send_message(USER, "<p>hello</p>", parse_mode="HTML")
    assert server.calls[-1].error == (
        'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0'
    )
    await server.assert_no_reply(USER, within=0.05)


@pytest.mark.asyncio
async def test_length_limit_counts_text_after_parsing(server, bot):
    await bot.send_message(USER, f"<b>{'x' * 4096}</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "x" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(USER, " <b> </b> ", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hi")


@pytest.mark.asyncio
async def test_edits_refuse_unchanged_text_and_unknown_messages(server, bot):
    sent = await bot.send_message(USER, "same")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("same", USER, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("new", USER, 999)
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("new", USER, 1)  # the user's own "hi"


@pytest.mark.asyncio
async def test_keyboards_callbacks_and_inline_answers_are_validated(server, bot):
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER, "menu", reply_markup=too_long)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("12345")
    server.inline_query("x")
    query_id = (await bot.get_updates())[-1].inline_query.id
    article = InlineQueryResultArticle("dup", "t", InputTextMessageContent("m"))
    with pytest.raises(BadRequest, match="Result_id_duplicate"):
        await bot.answer_inline_query(query_id, [article, article])


@pytest.mark.asyncio
async def test_commands_are_stored_per_scope_and_language(server, bot):
    await bot.set_my_commands([BotCommand("top", "Top titles")])
    await bot.set_my_commands([BotCommand("top", "Los mejores")], language_code="es")
    await bot.set_my_commands([BotCommand("me", "Mine")], scope=BotCommandScopeAllPrivateChats())
    assert server.commands[("default", "es")] == [{"command": "top", "description": "Los mejores"}]
    assert [c.description for c in await bot.get_my_commands(language_code="es")] == ["Los mejores"]
    assert set(server.commands) == {("default", ""), ("default", "es"), ("all_private_chats", "")}
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Top-10", "bad name")])


@pytest.mark.asyncio
async def test_long_poll_waits_for_an_update_and_offset_confirms(server, bot):
    first = (await bot.get_updates())[-1].update_id
    asyncio.get_running_loop().call_later(0.1, server.send_text, "later")
    updates = await bot.get_updates(offset=first + 1, timeout=5)
    assert [u.message.text for u in updates] == ["later"]
    assert [u["update_id"] for u in server.pending_updates()] == [first + 1]


@pytest.mark.asyncio
async def test_a_second_poller_terminates_the_first_like_two_bot_instances(server, bot):
    last = (await bot.get_updates())[-1].update_id
    first = asyncio.create_task(bot.get_updates(offset=last + 1, timeout=5))
    while len([c for c in server.calls if c.method == "getUpdates"]) < 2:
        await asyncio.sleep(0.01)
    async with Bot(server.token, base_url=server.base_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


# -- faults and unexpected calls -----------------------------------------------------------


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.asyncio
async def test_injected_429_surfaces_as_retry_after_then_recovers(server, bot):
    server.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as excinfo:
        await bot.send_message(USER, "hi")
    assert excinfo.value.retry_after in (3, dtm.timedelta(seconds=3))
    assert (await bot.send_message(USER, "again")).text == "again"


@pytest.mark.asyncio
async def test_injected_network_faults(server, bot):
    server.fail_next("sendMessage", status=502)
    server.fail_next("getMe", drop=True)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(USER, "hi")
    with pytest.raises(NetworkError, match="disconnected"):
        await bot.get_me()
    server.fail_next("getMe", delay=0.5)
    with pytest.raises(TimedOut):
        await bot.get_me(read_timeout=0.1)


@pytest.mark.filterwarnings("ignore:Please use 'Bot.sendDice'")
@pytest.mark.asyncio
async def test_unknown_method_and_wrong_token(server, bot):
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendDice", api_kwargs={"chat_id": USER})
    assert [c.method for c in server.unknown_calls] == ["sendDice"]
    with pytest.raises(InvalidToken):
        async with Bot("1:wrong", base_url=server.base_url) as stranger:
            await stranger.get_me()


@pytest.mark.asyncio
async def test_json_bodies_and_any_case_method_names_are_accepted(server, bot):
    async with httpx.AsyncClient(base_url=f"{server.base_url}{server.token}/") as client:
        sent = await client.post("SENDMESSAGE", json={"chat_id": USER, "text": 42})
        me = await client.get("getme")
    assert sent.json()["result"]["text"] == "42"
    assert server.calls[-2].method == "sendMessage"
    assert me.json()["result"]["username"] == "streambot_test_bot"
