"""What a person does with their own data: /rate, /myratings, /forget, and the group watch party.

A rating is acknowledged only after core has committed it durably, so "saved" is a promise.

Each of these acts for the sender as a person (``for_a_person``): a message sent on behalf of a
chat (an anonymous admin, a channel) is no one, and is told so. In a group, everyone sees the
same buttons: the ones under /myratings and /forget carry the Telegram id of the person they were
made for (``owned``), and act only for them; a rating button under a shared title card rates for
whoever presses it, and answers them alone (a toast), leaving the card as it is.
"""

from __future__ import annotations

from bot import render_people as render
from bot import render_recommend as view
from bot.args import Grammar, is_number, parse
from bot.handlers.naming import named
from bot.router import Command, Reply, Request, for_a_person, owner_only
from bot.services import Services
from core import ratings
from core.platforms import TITLE_ID

_RATE = Grammar(("title_id", "rating"), ("title_id", "rating"), "/rate ns1 4.5")


@for_a_person
def rate(s: Services, r: Request) -> Reply:
    """``/rate ns1 4.5``, or by name: ``/rate the matrix 4.5``."""
    if len(r.args) >= 2 and not _an_id_or_number(r.args[0]):
        value = r.args[-1]
        ratings.parse_value(value)  # a bad rating is said before the name is looked up
        words = " ".join(r.args[:-1])
        found = named(s, words)
        if isinstance(found, tuple):
            return view.which_title(words, found, r.lang, "rate", after=value)
        receipt = ratings.record_rating(s.conn(), r.user_id, found, value)
        return render.rating_saved(receipt, r.lang, pending=s.first_model_pending())
    found = parse(r.args, _RATE)
    receipt = ratings.record_rating(s.conn(), r.user_id, found["title_id"], found["rating"])
    return render.rating_saved(receipt, r.lang, pending=s.first_model_pending())


def _an_id_or_number(word: str) -> bool:
    """The grammar's words (a title id, a rating): anything else starts a title's name."""
    return bool(TITLE_ID.match(word)) or is_number(word)


@for_a_person
def rate_button(s: Services, r: Request, payload: str) -> Reply:
    title_id, _, value = payload.partition(":")
    receipt = ratings.record_rating(s.conn(), r.user_id, title_id, value)
    return render.rating_saved(receipt, r.lang, pressed=True, pending=s.first_model_pending())


@for_a_person
def my_ratings(s: Services, r: Request) -> Reply:
    parse(r.args, Grammar(()))
    return render.my_ratings(ratings.my_ratings(s.conn(), r.user_id), 1, r.user_id, r.lang)


@for_a_person
@owner_only
def my_ratings_page(s: Services, r: Request, payload: str) -> Reply:
    page = int(payload) if payload.isdigit() else 1
    return render.my_ratings(ratings.my_ratings(s.conn(), r.user_id), page, r.user_id, r.lang)


@for_a_person
def forget(s: Services, r: Request) -> Reply:
    return render.forget_prompt(r.user_id, r.lang)


@for_a_person
@owner_only
def forget_button(s: Services, r: Request, payload: str) -> Reply:
    if payload != "yes":
        return render.forget_cancelled(r.lang)
    return render.forgotten(s.forget(r.user_id), r.lang)


@for_a_person
def join(s: Services, r: Request) -> Reply:
    added = ratings.join_party(s.conn(), r.chat_id, r.user_id)
    members = len(ratings.party_users(s.conn(), r.chat_id))
    key = "p.join_done" if added else "p.join_already"
    return render.party_changed(key, r.first_name, members, r.lang)


@for_a_person
def leave(s: Services, r: Request) -> Reply:
    left = ratings.leave_party(s.conn(), r.chat_id, r.user_id)
    members = len(ratings.party_users(s.conn(), r.chat_id))
    key = "p.leave_done" if left else "p.leave_not_member"
    return render.party_changed(key, r.first_name, members, r.lang)


COMMANDS: tuple[Command, ...] = (
    Command("rate", rate, ("valorar",), example="/rate ns1 4.5"),
    Command("myratings", my_ratings, ("misvaloraciones",), example="/myratings"),
    Command("forget", forget, ("olvidar",), example="/forget"),
    Command("join", join, ("unirme",), group_only=True, example="/join"),
    Command("leave", leave, ("salir",), group_only=True, example="/leave"),
)
CALLBACKS = {"rate": rate_button, "myr": my_ratings_page, "forget": forget_button}
