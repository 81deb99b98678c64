"""Start-up through the real bot processes (``streambot worker`` polling, ``streambot web`` by
webhook) against the fake Bot API: a token Telegram rejects stops the bot with one clean line
and never reaches the output; a ``getMe`` that fails with a 5xx is retried until Telegram
answers. And the redaction itself: whatever
library logs the token (in a message, its arguments, an exception, a traceback), no handler and
no printed traceback shows it.
"""

from __future__ import annotations

import asyncio
import io
import logging
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from telegram.error import InvalidToken

from harness.db import copy_db
from harness.fakebotapi import FakeBotAPI
from tests.hardening_bot import BOT_COMMAND, bot_env

REPO = Path(__file__).resolve().parents[1]
REJECTED = "987654321:ZZrejectedTokenForTests_streambot-99999"
"""A token of the right shape that the fake Bot API does not know (it answers 401)."""


def _start(mode: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", BOT_COMMAND[mode]],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log.open("w"),
        text=True,
    )


@pytest.mark.parametrize("mode", ["polling", "webhook"])
@pytest.mark.asyncio
async def test_a_rejected_token_exits_with_one_clean_line_that_does_not_hold_it(
    demo_db, tmp_path, mode
):
    """Started with a token ``getMe`` answers 401, the bot printed "The token `123456789:AA…`
    was rejected by the server." twice, in telegram.ext's ERROR traceback and in the uncaught
    exception's."""
    db = copy_db(demo_db, tmp_path / "bot.db")
    async with FakeBotAPI() as server:
        bot = _start(mode, bot_env(server, db, tmp_path, mode, REJECTED), tmp_path / "bot.log")
        out, _ = await asyncio.to_thread(bot.communicate, timeout=60)
    err = (tmp_path / "bot.log").read_text()
    assert bot.returncode == 2, err[-2000:]
    for text in (out, err):
        assert REJECTED not in text and REJECTED.split(":")[1] not in text
        assert "Traceback" not in text
    assert err.strip().splitlines()[-1].startswith("streambot: Telegram rejected TELEGRAM_BOT")
    assert " ERROR " not in err
    assert [c.method for c in server.calls] == ["getMe"]  # rejected once: no retry loop


@pytest.mark.parametrize("mode", ["polling", "webhook"])
@pytest.mark.asyncio
async def test_getme_failing_with_a_5xx_at_start_up_is_retried_until_it_answers(
    demo_db, tmp_path, mode
):
    """One 500 from ``getMe`` at start-up used to exit the bot."""
    db = copy_db(demo_db, tmp_path / "bot.db")
    async with FakeBotAPI() as server:
        server.fail_next("getMe", status=500, times=2)
        server.fail_next("getMe", status=502)
        bot = _start(mode, bot_env(server, db, tmp_path, mode), tmp_path / "bot.log")
        try:
            ready = "getUpdates" if mode == "polling" else "setWebhook"
            await server.wait_for_calls(ready, timeout=60)
            server.send_text("/count hulu")
            assert (await server.next_reply(timeout=30)).text.startswith("📺 Hulu")
        finally:
            bot.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(bot.wait, 30)
            except subprocess.TimeoutExpired:
                bot.kill()
    attempts = [c.status for c in server.calls if c.method == "getMe"]
    assert attempts[:4] == [500, 500, 502, 200]
    log = (tmp_path / "bot.log").read_text()
    assert log.count("getMe failed at start-up") == 3 and " ERROR " not in log
    assert server.token.split(":")[1] not in log


@pytest.mark.asyncio
async def test_a_dropped_getme_is_waited_out_but_no_connection_at_all_is_one_line(monkeypatch):
    """Where the two start-up rules meet: a connection Telegram drops mid-call is retried like
    a 5xx (issue 16), while a Bot API that no connection reaches ends start-up with
    ``TelegramUnreachable`` at once (issue 14), its message without the token."""
    from telegram import Bot

    from bot import retries
    from bot.transport import AiohttpRequest
    from harness.running import free_port

    monkeypatch.setattr(retries, "STARTUP_DELAYS", (0.05,))
    async with FakeBotAPI() as server:
        server.fail_next("getMe", drop=True, times=2)
        bot = Bot(server.token, base_url=server.base_url, request=AiohttpRequest(1))
        await retries.initialize(bot, "the fake")
        await bot.shutdown()
    assert [c.status for c in server.calls if c.method == "getMe"] == [0, 0, 200]

    nowhere = f"http://127.0.0.1:{free_port()}"
    bot = Bot(REJECTED, base_url=f"{nowhere}/bot", request=AiohttpRequest(1))
    with pytest.raises(retries.TelegramUnreachable) as caught:
        await retries.initialize(bot, nowhere)
    assert str(caught.value).startswith(f"Telegram cannot be reached at {nowhere}")
    assert REJECTED.split(":")[1] not in str(caught.value)


@pytest.fixture
def redacting():
    """``redact_secrets`` for one test: the process's log record factory and excepthooks are
    put back afterwards."""
    from bot import redact

    saved = (logging.getLogRecordFactory(), sys.excepthook, threading.excepthook)
    secrets = list(redact._secrets)
    yield redact.redact_secrets
    logging.setLogRecordFactory(saved[0])
    sys.excepthook, threading.excepthook = saved[1], saved[2]
    redact._secrets[:] = secrets


def test_no_log_record_or_printed_traceback_shows_the_token(redacting, capsys):
    from bot.redact import MASK

    token = "123456789:AAHredactMePleaseToken_streambot-4242"
    redacting(token, "webhook-secret-value-0123456789")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)  # added after the install: any handler is covered
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        logging.getLogger("httpx").warning(
            "HTTP Request: POST %s", f"https://api.telegram.org/bot{token}/getMe"
        )
        try:
            try:
                raise InvalidToken()
            except InvalidToken as exc:
                raise InvalidToken(f"The token `{token}` was rejected by the server.") from exc
        except InvalidToken:
            logging.getLogger("telegram.ext.Application").exception("Invalid token. Aborting.")
        logging.getLogger("x").error("secret part %s, hook %s", token.split(":")[1], "webhook-")
        logging.getLogger("x").warning("webhook secret %s", "webhook-secret-value-0123456789")
        logging.getLogger("x").warning("stack of %s", token, stack_info=True)

        def fail() -> None:
            raise RuntimeError(f"boom {token}")

        try:
            fail()
        except RuntimeError as err:
            sys.excepthook(type(err), err, err.__traceback__)  # what an uncaught one prints
        thread = threading.Thread(target=fail, name="uncaught")
        thread.start()
        thread.join()
    finally:
        root.removeHandler(handler)
    written = stream.getvalue() + capsys.readouterr().err
    assert "was rejected by the server" in written and "Traceback" in written and MASK in written
    assert "Exception in thread uncaught" in written
    assert written.count(f"RuntimeError: boom {MASK}") == 2  # printed, uncaught, and in a thread
    assert token not in written and token.split(":")[1] not in written
    assert "webhook-secret-value-0123456789" not in written
