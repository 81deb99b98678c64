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


class InvalidInput(StreambotError):
    """A user-supplied argument is wrong; the message says what was wrong, the right form, and
    gives an example.

    ``code`` (e.g. ``"bad_year"``) and ``params`` (plain JSON-ready values, e.g.
    ``{"given": "20x8", "min": 1920, "max": 2021}``) let a front end write the message in
    another language; ``str(err)`` is the English one. Codes are listed in ``core.inputs``.
    """

    def __init__(self, message: str, *, code: str, params: dict[str, object] | None = None):
        super().__init__(message)
        self.code = code
        self.params: dict[str, object] = dict(params or {})


class UnknownPlatform(InvalidInput):
    """A platform name matches no platform or alias; ``params["suggestion"]`` is the closest."""


class UnknownTitle(InvalidInput):
    """No title has this id; ``params["suggestions"]`` lists the closest ids and titles."""

    @classmethod
    def of(cls, given: str, suggestions: list[dict[str, str]]) -> UnknownTitle:
        """The error for id ``given``, naming ``suggestions`` (each with ``id`` and ``title``)."""
        close = (
            "; closest: " + ", ".join(f"{s['id']} ({s['title']})" for s in suggestions)
            if suggestions
            else ""
        )
        return cls(
            f"No title has the id '{given}'{close}. An id is the platform's letter, 's' and a "
            "number, e.g. 'ns8807'; search by name to find one.",
            code="unknown_title",
            params={"given": given, "suggestions": suggestions},
        )


class QuerySupportMissing(StreambotError):
    """The database lacks the derived query tables: run the ETL, which builds them."""


class UnknownModelVersion(InvalidInput):
    """No trained model has this version (code ``unknown_model_version``); ``params["versions"]``
    lists the newest known ones. ``streambot models`` lists them all."""
