"""Who is asking, and for whom: the person behind a recommendation request, and the rule on
whose data they may see.

Why one module: the bot, the console and the command line each used to work this out (a chat
person's internal id, a group's watch party, a dataset user id), each read the chat ratings
newer than the model's cut-off its own way, and the privacy rule lived in a handler. Here:

- ``me``: the person asking; their chat ratings are folded in at once;
- ``party``: a group's watch party, one list for all of its members;
- ``user``: a dataset user id (``/recommend 42``), public data from the original product.

**Privacy.** Ids from ``CHAT_USER_BASE`` up are people using the bot: only they may ask about
themselves (``/recommend`` alone, or by their own id). Nobody's ratings are shown to anyone
else; a group sees one list for its watch party, whose reasons name neither a member nor a
title a member rated (the renderer words them for the group).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from core import ratings as chat
from core.db import CHAT_USER_BASE
from core.errors import InvalidInput
from core.recommend.results import Prediction, Recommendations, group_fit, nested
from core.recommend.service import Recommender

MAX_USER_ID = 10**12
"""Beyond any dataset or Telegram id: a bigger number is a typo, said so."""


class PartyEmpty(InvalidInput):
    """A group asked for its list before anyone joined the watch party."""

    def __init__(self) -> None:
        super().__init__(
            "Nobody has joined this group's watch party yet: send /join first.",
            code="party_empty",
            params={},
        )


class PrivateUser(InvalidInput):
    """Someone asked about a person who uses the bot (an id from ``CHAT_USER_BASE`` up)."""

    def __init__(self, given: int) -> None:
        super().__init__(
            f"{given} is the id of someone using this bot, or no one: you can only ask for "
            "yourself (/recommend alone).",
            code="private_user",
            params={"given": str(given)},
        )


class NotAPerson(InvalidInput):
    """A message sent on behalf of a chat (an anonymous admin, a channel) asked for "my" picks:
    there is no person behind it, so nobody's taste to use."""

    def __init__(self) -> None:
        super().__init__(
            "This was sent on behalf of a chat, so there is no one to recommend for: send it "
            "from your own account.",
            code="not_a_person",
            params={},
        )


@dataclass(frozen=True, slots=True)
class Audience:
    """Whom a list or a verdict is for."""

    kind: str
    """``me``, ``party`` or ``user``."""
    user_ids: tuple[int, ...]
    """Internal ids (people in chat) or the dataset user id."""


def for_me(conn: sqlite3.Connection, telegram_id: int) -> Audience:
    """The person asking (an internal id is given to them on first need)."""
    user = chat.internal_user(conn, telegram_id, create=True)
    if conn.in_transaction:
        conn.commit()
    return Audience("me", (int(user),))


def for_party(conn: sqlite3.Connection, chat_id: int) -> Audience:
    """A group's watch party; ``PartyEmpty`` before anyone joined."""
    users = chat.party_users(conn, chat_id)
    if not users:
        raise PartyEmpty()
    return Audience("party", tuple(users))


def for_user(conn: sqlite3.Connection, user_id: int, telegram_id: int | None = None) -> Audience:
    """A dataset user id, as the original product answered ``/recommend 42``.

    The privacy rule: an id of a person using the bot (from ``CHAT_USER_BASE`` up) is theirs
    alone. The person asking (``telegram_id``) may use their own; anyone else gets the same
    refusal whether or not someone has that id, so the answer never tells.
    """
    if not 0 < int(user_id) < MAX_USER_ID:
        raise InvalidInput(
            f"'{user_id}' is not a user id: give a positive whole number, e.g. 42.",
            code="bad_user_id",
            params={"given": str(user_id)},
        )
    if int(user_id) < CHAT_USER_BASE:
        return Audience("user", (int(user_id),))
    own = chat.internal_user(conn, telegram_id, create=False) if telegram_id else None
    if own is not None and int(own) == int(user_id):
        return Audience("me", (int(user_id),))
    raise PrivateUser(int(user_id))


def fresh_ratings(
    conn: sqlite3.Connection, audience: Audience, watermark: int
) -> dict[int, list[tuple[str, float]]]:
    """Each member's chat ratings newer than the model's cut-off (``watermark``), oldest first:
    what fold-in adds to what the model was trained on."""
    return {u: chat.fresh_ratings(conn, u, watermark) for u in audience.user_ids}


def recommend(
    conn: sqlite3.Connection,
    model: Recommender,
    audience: Audience,
    n: int = 10,
    platform: str | None = None,
    type: str | None = None,
) -> Recommendations:
    """The audience's list: one person's top ``n``, or the party's, filters applied."""
    fresh = fresh_ratings(conn, audience, model.info.watermark)
    if audience.kind == "party":
        return model.for_group(audience.user_ids, n, platform, type, fresh=fresh)
    (user,) = audience.user_ids
    return model.top_n(user, n, platform, type, fresh=fresh.get(user))


class TitleFiltered(InvalidInput):
    """A title asked about with a platform or type it does not have (``/recommend ds1 hulu``)."""

    def __init__(self, title: str, title_id: str, platform: str, given: str) -> None:
        super().__init__(
            f"{title} ({title_id}) is not what '{given}' asks for (it is on {platform}). "
            f"Leave '{given}' out to ask about it.",
            code="title_filtered",
            params={"title": title, "id": title_id, "platform": platform, "given": given},
        )


def should_watch(
    conn: sqlite3.Connection,
    model: Recommender,
    audience: Audience,
    title_id: str,
    platform: str | None = None,
    type: str | None = None,
) -> Prediction:
    """ "Should I (user 42, the watch party) watch it?": calibrated stars, the verdict and why.

    For a party the stars are the lowest any member is predicted to give (the list's rule:
    nobody is likely to dislike it), and the reason is the one of the member who likes it most,
    worded for the group, never naming them.
    """
    item = model.index.require_title(title_id)
    if (platform or type) and not model.index.filter_mask(platform, type, None)[item]:
        from core.platforms import BY_KEY

        on = str(model.index.catalog.platform[item])
        raise TitleFiltered(
            str(model.index.catalog.title[item]),
            str(model.index.idmap.items[item]),
            BY_KEY[on].display if on in BY_KEY else on,
            " ".join(x for x in (platform, type) if x),
        )
    fresh = fresh_ratings(conn, audience, model.info.watermark)
    if audience.kind != "party":
        (user,) = audience.user_ids
        return model.predict(user, title_id, fresh=fresh.get(user))
    each = [model.predict(u, title_id, fresh=fresh.get(u)) for u in audience.user_ids]
    lowest = min(each, key=lambda p: p.rating)
    keen = max((p for p in each if p.personalised), key=lambda p: p.rating, default=None)
    why = None
    if keen is not None:
        why = nested(keen.reason.params) if keen.reason.code == "predicted_low" else keen.reason
    return replace(
        lowest,
        user_id=0,
        reason=group_fit(lowest.rating, len(each), why),
        personalised=keen is not None,
        rated=None,  # a member's own rating is theirs: the group is never told it
    )


@dataclass(frozen=True, slots=True)
class Forgetting:
    """What /forget removed."""

    rows: chat.Forgotten
    """The person's rows in the database."""
    models_changed: bool
    """A stored model held their numbers (the served one must be reloaded)."""
    backups: int
    """Backups rewritten without them."""


def forget(
    conn: sqlite3.Connection, telegram_id: int, models_dir: Path, backup_dir: Path | None
) -> Forgetting:
    """/forget: every row about the person, then their numbers in every stored model, then
    every backup in ``backup_dir``; the caller reloads the served model when it changed."""
    from core.backup import forget_in_backups
    from core.recommend.scrub import scrub_forgotten

    rows = chat.forget_user(conn, telegram_id)
    changed = bool(scrub_forgotten(conn, models_dir))
    return Forgetting(rows, changed, forget_in_backups(backup_dir, telegram_id))
