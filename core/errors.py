"""Named errors raised by core.

Each carries a message a person can act on. The bot and the CLI translate them once, at the
edge; core never formats replies for a particular front end.
"""

from __future__ import annotations


class StreambotError(Exception):
    """Base of every error core raises on purpose; ``str(err)`` is safe to show a user."""


class EtlInputError(StreambotError):
    """An input file is missing, unreadable, or lacks a required column.

    Raised before anything is written, so a bad input never leaves a half-loaded database.
    """
