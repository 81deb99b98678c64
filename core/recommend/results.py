"""What the serving API returns: frozen dataclasses of plain values, and the reasons' wording.

Why reasons carry ``code`` and ``params`` as well as English ``text``: the bot is bilingual, so
it words a reason from the code and params (like ``InvalidInput``); ``text`` is the English
wording, used by the CLI and as the fallback. Reason codes:

====================== ==========================================================
code                   params
====================== ==========================================================
liked_similar          titles, ids (the user's liked titles most like this one)
predicted_low          rating, threshold, titles, ids (may be empty)
popular                (none): shown to someone the model does not know yet
group_safe             lowest (lowest predicted rating among the members), members
rate_to_personalise    (none): the hint for users without ratings
similar_to             title, id, similarity
====================== ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a title is (or is not) suggested; see the module docstring for the codes."""

    code: str
    params: dict[str, object] = field(default_factory=dict)
    text: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested title."""

    title_id: str
    title: str
    platform: str
    type: str
    year: int | None
    score: float
    """The ranking score (only its order means something)."""
    rating: float
    """Predicted stars for this user (for a group: the lowest among the members)."""
    reason: Reason


@dataclass(frozen=True, slots=True)
class Prediction:
    """The answer to "should I watch it?"."""

    user_id: int
    title_id: str
    title: str
    rating: float
    """Predicted stars, 0.5..5."""
    recommend: bool
    """``rating >= threshold``."""
    threshold: float
    reason: Reason
    personalised: bool
    """False when the user has no ratings the model can use: the rating is then the title's
    baseline, not a personal prediction."""


@dataclass(frozen=True, slots=True)
class Recommendations:
    """A ranked list for one user or a group."""

    user_ids: tuple[int, ...]
    items: tuple[Suggestion, ...]
    personalised: bool
    hint: Reason | None = None
    """For users the model knows nothing about: how to get personal picks."""


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Which model answers, and why it is that one."""

    version: str | None
    kind: str
    watermark: int
    trained_at: str | None = None
    fallback: str | None = None
    """None when the live model loaded; otherwise what went wrong and what answers instead."""


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def liked_similar(titles: list[str], ids: list[str]) -> Reason:
    return Reason(
        "liked_similar", {"titles": titles, "ids": ids}, f"Because you liked {_and(titles)}."
    )


def predicted_low(rating: float, threshold: float, titles: list[str], ids: list[str]) -> Reason:
    text = f"Predicted {rating:.1f}/5, below the {threshold:g} bar"
    text += (
        f": it is closest to {_and(titles)} among what you liked, but people with your taste "
        "rate it lower."
        if titles
        else "."
    )
    params = {"rating": round(rating, 2), "threshold": threshold, "titles": titles, "ids": ids}
    return Reason("predicted_low", params, text)


POPULAR = Reason("popular", {}, "Popular and well rated here.")
RATE_TO_PERSONALISE = Reason(
    "rate_to_personalise",
    {},
    "These are popular picks. Rate a few titles you have watched and your picks become "
    "personal at once.",
)


def group_safe(lowest: float, members: int) -> Reason:
    return Reason(
        "group_safe",
        {"lowest": round(lowest, 2), "members": members},
        f"All {members} of you are predicted to rate it at least {lowest:.1f}/5.",
    )


def similar_to(title: str, title_id: str, similarity: float) -> Reason:
    return Reason(
        "similar_to",
        {"title": title, "id": title_id, "similarity": round(similarity, 3)},
        f"Like {title} (similarity {similarity:.2f}).",
    )
