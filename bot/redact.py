"""Secrets out of every log line and every printed traceback, whatever library formats them.

Why not just quieter loggers: the token is part of every Bot API URL, and python-telegram-bot
writes it into the message of ``InvalidToken`` ("The token `123:AA…` was rejected by the
server"), which its own logger then prints with a traceback, as Python does for an uncaught
exception. A logger's level cannot reach an exception's text. So ``redact_secrets``, called once
at the entry point, installs:

- a log record factory that rewrites each record as it is made, before any handler (ours, a
  library's, pytest's) sees it: the message with its arguments, the exception with its
  traceback (kept as ``exc_text``), and the stack;
- ``sys.excepthook`` and ``threading.excepthook`` wrappers that print an uncaught exception's
  traceback with the secrets replaced.

The secret part of the token (after the colon) is replaced wherever it appears, so the token
in a URL, quoted, or cut at the colon is caught too.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable

MASK = "[REDACTED]"
_secrets: list[str] = []
"""What to replace, longest first; filled by ``redact_secrets``."""


def redact(text: str) -> str:
    """``text`` with every installed secret replaced by ``MASK``."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def _scrub(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep what was given, as text
        message = f"{record.msg!r} {record.args!r}"
    record.msg, record.args = redact(message), None
    if record.exc_info and record.exc_info[0] is not None:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text, record.exc_info = redact(text), None
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


def _factory(previous: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make(*args: object, **kwargs: object) -> logging.LogRecord:
        return _scrub(previous(*args, **kwargs))

    make.redacting = True  # type: ignore[attr-defined]
    return make


def _excepthook(exc_type, exc, tb) -> None:
    sys.stderr.write(redact("".join(traceback.format_exception(exc_type, exc, tb))))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread else "?"
    sys.stderr.write(f"Exception in thread {name}:\n")
    _excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def redact_secrets(*secrets: str) -> None:
    """Keep ``secrets`` (the bot token, the webhook secret) out of every log record and every
    printed traceback from now on. Safe to call again: the hooks are installed once."""
    for secret in secrets:
        if not secret:
            continue
        for part in (secret, secret.partition(":")[2]):
            if len(part) >= 8 and part not in _secrets:
                _secrets.append(part)
    _secrets.sort(key=len, reverse=True)
    current = logging.getLogRecordFactory()
    if not getattr(current, "redacting", False):
        logging.setLogRecordFactory(_factory(current))
        sys.excepthook = _excepthook
        threading.excepthook = _thread_excepthook
