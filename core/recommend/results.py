"""What the serving API returns: frozen dataclasses of plain values, and the reasons' wording.

Why reasons carry ``code`` and ``params`` as well as English ``text``: the bot is bilingual, so
it words a reason from the code and params (like ``InvalidInput``); ``text`` is the English
wording, used by the CLI and as the fallback. Reason codes:

Each reason names what drove the pick (``core.recommend.explain``); the person it is about
("you", "user 42") is the renderer's to say, so the same reason serves both.

====================== ==========================================================
code                   params
====================== ==========================================================
same_franchise         title, id (a title the person rated), franchise
same_director          title, id, name
shares_cast            title, id, names (one or two)
like_title             title, id: alike in genres, story and era
liked_by_fans          title, id: people who liked that title liked this one
went_on_to             title, id (a title the person rated lately): people who rated it
                       went on to rate this one
taste_match            (none): people with tastes like the person's liked it
popular_on             platform: popular with people, on that platform
popular                (none): shown to someone the model does not know yet
predicted_low          rating, threshold, why (the reason the title still resembles
                       the person's taste, as a nested reason dict, or none)
group_fit              lowest (lowest predicted stars among the members), members,
                       why (the strongest member's reason, as a nested dict, or none)
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
    rated: float | None = None
    """The user's own rating of this work (any of its listings), when they rated it: the answer
    to "should I watch it?" is then that they did. Never set for a watch party."""


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
    metrics: dict = field(default_factory=dict)
    """The version's holdout figures (``core.recommend.metrics.Metrics.to_dict``)."""


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def same_franchise(title: str, title_id: str, franchise: str) -> Reason:
    return Reason(
        "same_franchise",
        {"title": title, "id": title_id, "franchise": franchise},
        f"{franchise}, like {title}, which you liked.",
    )


def same_director(title: str, title_id: str, name: str) -> Reason:
    return Reason(
        "same_director",
        {"title": title, "id": title_id, "name": name},
        f"Same director as {title} ({name}), which you liked.",
    )


def shares_cast(title: str, title_id: str, names: list[str]) -> Reason:
    return Reason(
        "shares_cast",
        {"title": title, "id": title_id, "names": names},
        f"Shares cast with {title} ({_and(names)}), which you liked.",
    )


def like_title(title: str, title_id: str) -> Reason:
    return Reason("like_title", {"title": title, "id": title_id}, f"Like {title}, which you liked.")


def liked_by_fans(title: str, title_id: str) -> Reason:
    return Reason(
        "liked_by_fans",
        {"title": title, "id": title_id},
        f"People who liked {title} liked this.",
    )


def went_on_to(title: str, title_id: str) -> Reason:
    return Reason(
        "went_on_to",
        {"title": title, "id": title_id},
        f"People who rated {title} went on to rate this.",
    )


TASTE_MATCH = Reason("taste_match", {}, "People with tastes like yours liked it.")


def popular_on(platform: str) -> Reason:
    return Reason("popular_on", {"platform": platform}, f"Popular on {platform}.")


def predicted_low(rating: float, threshold: float, why: Reason | None) -> Reason:
    # Two decimals, rounded down: one could round a 3.46 up to "3.5 ... below the 3.5 bar".
    text = f"Predicted {int(rating * 100) / 100:.2f}/5, below the {threshold:g} bar."
    params: dict[str, object] = {"rating": round(rating, 4), "threshold": threshold}
    if why is not None:
        params["why"] = {"code": why.code, "params": why.params}
        text += f" It does resemble your taste: {why.text}"
    return Reason("predicted_low", params, text)


def nested(params: dict[str, object]) -> Reason | None:
    """The reason stored inside another's ``why`` parameter, if any."""
    why = params.get("why")
    if isinstance(why, dict):
        return Reason(str(why.get("code")), dict(why.get("params") or {}))
    return None


POPULAR = Reason("popular", {}, "Popular and well rated here.")
RATE_TO_PERSONALISE = Reason(
    "rate_to_personalise",
    {},
    "These are popular picks. Rate a few titles you have watched and your picks become "
    "personal at once.",
)


def group_fit(lowest: float, members: int, why: Reason | None) -> Reason:
    params: dict[str, object] = {"lowest": round(lowest, 2), "members": members}
    text = f"All {members} of you are predicted to rate it at least {lowest:.1f}/5."
    if why is not None:
        params["why"] = {"code": why.code, "params": why.params}
        text += f" {why.text}"
    return Reason("group_fit", params, text)


def similar_to(title: str, title_id: str, similarity: float) -> Reason:
    return Reason(
        "similar_to",
        {"title": title, "id": title_id, "similarity": round(similarity, 3)},
        f"Like {title} (similarity {similarity:.2f}).",
    )
