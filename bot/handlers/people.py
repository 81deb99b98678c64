"""What a person does with their own data: /rate, /myratings, /forget, and the group watch party.

A rating is acknowledged only after core has committed it durably, so "saved" is a promise.

Each of these acts for the sender as a person (``for_a_person``): a message sent on behalf of a
chat (an anonymous admin, a channel) is no one, and is told so. In a group, everyone sees the
same buttons: the ones under /myratings and /forget carry the Telegram id of the person they were
made for (``owned``), and act only for them; a rating button under a shared title card rates for
whoever presses it, and answers them alone (a notice), leaving the card as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import render
from bot.args import missing, surplus
from bot.i18n import fmt_float, fmt_int, t
from bot.router import Button, Command, Reply, Request, for_a_person, owned, owner_only
from bot.services import Services
from core import ratings

_TITLE_ID = re.compile(r"^[adhn]s\d+$", re.IGNORECASE)
PAGE = 10


def _saved(s: Services, r: Request, title_id: str, value: str) -> Reply:
    receipt = ratings.record_rating(s.conn(), r.user_id, title_id, value)
    previous = (
        t(r.lang, "p.rate_was", value=fmt_float(receipt.previous, r.lang, 1))
        if receipt.previous is not None
        else ""
    )
    text = t(
        r.lang,
        "p.rate_saved",
        value=fmt_float(receipt.value, r.lang, 1),
        title=render.esc(receipt.display_title),
        previous=previous,
    )
    buttons = (
        (
            Button(t(r.lang, "p.btn_similar"), f"similar:{receipt.title_id}"),
            Button(t(r.lang, "p.btn_for_me"), "recme:"),
        ),
    )
    return Reply(text, buttons)


@for_a_person
def rate(s: Services, r: Request) -> Reply:
    ids = [a for a in r.args if _TITLE_ID.match(a)]
    values = [a for a in r.args if not _TITLE_ID.match(a)]
    if not ids:
        raise missing("title id", "/rate ns1 4.5")
    if not values:
        raise missing("rating", "/rate ns1 4.5")
    if len(ids) > 1 or len(values) > 1:
        raise surplus((ids[1:] + values[1:])[0])
    return _saved(s, r, ids[0], values[0])


@for_a_person
def rate_button(s: Services, r: Request, payload: str) -> Reply:
    title_id, _, value = payload.partition(":")
    if not r.in_group:
        return _saved(s, r, title_id, value)
    receipt = ratings.record_rating(s.conn(), r.user_id, title_id, value)
    text = t(
        r.lang,
        "p.rate_saved_toast",
        value=fmt_float(receipt.value, r.lang, 1),
        title=receipt.display_title[:100],
    )
    return Reply(text, toast=True)


def _owned_by(rows: tuple[tuple[Button, ...], ...], owner: int) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(replace(b, data=owned(b.data, owner)) for b in row) for row in rows)


def _ratings_page(s: Services, r: Request, page: int) -> Reply:
    mine = ratings.my_ratings(s.conn(), r.user_id)
    if not mine:
        return Reply(t(r.lang, "p.myratings_none"))
    pages = (len(mine) + PAGE - 1) // PAGE
    page = min(max(page, 1), pages)
    lines = [t(r.lang, "p.myratings_header", n=fmt_int(len(mine), r.lang))]
    for item in mine[(page - 1) * PAGE : page * PAGE]:
        lines.append(
            t(
                r.lang,
                "p.myratings_line",
                title=render.esc(item.display_title),
                value=fmt_float(item.value, r.lang, 1),
                platform=render.platform_name(item.platform, r.lang),
                id=render.esc(item.title_id),
            )
        )
    if pages > 1:
        lines.append(t(r.lang, "gen.page", page=page, pages=pages))
    return Reply("\n".join(lines), _owned_by(render.pager("myr", page, pages, r.lang), r.user_id))


@for_a_person
def my_ratings(s: Services, r: Request) -> Reply:
    if r.args:
        raise surplus(r.args[0])
    return _ratings_page(s, r, 1)


@for_a_person
@owner_only
def my_ratings_page(s: Services, r: Request, payload: str) -> Reply:
    return _ratings_page(s, r, int(payload) if payload.isdigit() else 1)


@for_a_person
def forget(s: Services, r: Request) -> Reply:
    buttons = (
        (
            Button(t(r.lang, "p.forget_yes"), owned("forget:yes", r.user_id)),
            Button(t(r.lang, "p.forget_no"), owned("forget:no", r.user_id)),
        ),
    )
    return Reply(t(r.lang, "p.forget_confirm"), buttons)


@for_a_person
@owner_only
def forget_button(s: Services, r: Request, payload: str) -> Reply:
    if payload != "yes":
        return Reply(t(r.lang, "p.forget_cancelled"))
    gone = s.forget(r.user_id)
    return Reply(
        t(
            r.lang,
            "p.forget_done",
            ratings=fmt_int(gone.ratings, r.lang),
            parties=fmt_int(gone.party_memberships, r.lang),
        )
    )


@for_a_person
def join(s: Services, r: Request) -> Reply:
    added = ratings.join_party(s.conn(), r.chat_id, r.user_id)
    n = len(ratings.party_users(s.conn(), r.chat_id))
    key = "p.join_done" if added else "p.join_already"
    return Reply(t(r.lang, key, name=render.esc(r.first_name or "🙂"), n=fmt_int(n, r.lang)))


@for_a_person
def leave(s: Services, r: Request) -> Reply:
    left = ratings.leave_party(s.conn(), r.chat_id, r.user_id)
    n = len(ratings.party_users(s.conn(), r.chat_id))
    key = "p.leave_done" if left else "p.leave_not_member"
    return Reply(t(r.lang, key, name=render.esc(r.first_name or "🙂"), n=fmt_int(n, r.lang)))


COMMANDS: tuple[Command, ...] = (
    Command("rate", rate, ("valorar",), example="/rate ns1 4.5"),
    Command("myratings", my_ratings, ("misvaloraciones",), example="/myratings"),
    Command("forget", forget, ("olvidar",), example="/forget"),
    Command("join", join, ("unirme",), group_only=True, example="/join"),
    Command("leave", leave, ("salir",), group_only=True, example="/leave"),
)
CALLBACKS = {"rate": rate_button, "myr": my_ratings_page, "forget": forget_button}
