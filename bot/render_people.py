"""Pure renderers of what a person does with their own data: ratings, /forget, the watch party.

A rating pressed on a card's buttons is confirmed in a toast over the chat ("Saved 4½★"), and the
card stays where it is: in a group it is everyone's, and in a private chat it still has its
buttons (rate again, similar titles). The buttons under /myratings and /forget act only for the
person they were made for (``owned``): in a group everyone sees them.
"""

from __future__ import annotations

from bot.i18n import fmt_float, fmt_int, plural, t
from bot.render import button_label, esc, pager, platform_name, stars
from bot.router import Button, Reply, owned
from core.ratings import Forgotten, MyRating, RatingReceipt

PAGE = 10
"""Ratings per page of /myratings."""


def rating_saved(
    receipt: RatingReceipt, lang: str, *, pressed: bool = False, pending: bool = False
) -> Reply:
    """The receipt of a rating; under a command, with what to do next. A button press gets the
    same words as a toast, and leaves the card it was pressed under as it is. ``pending``: no
    model exists yet (the first one trains), so the rating counts from the first model on,
    not "already"."""
    if receipt.previous is None:
        previous = ""
    elif receipt.previous == receipt.value:  # "5.0 (was 5.0)" read like a slip
        previous = t(lang, "p.rate_same")
    else:
        previous = t(lang, "p.rate_was", value=fmt_float(receipt.previous, lang, 1))
    text = t(
        lang,
        "p.rate_saved_pending" if pending else "p.rate_saved",
        value=fmt_float(receipt.value, lang, 1),
        title=esc(receipt.display_title),
        previous=previous,
    )
    buttons = (
        (
            Button(t(lang, "p.btn_similar"), f"similar:{receipt.title_id}"),
            Button(t(lang, "p.btn_for_me"), "recme:"),
        ),
    )
    toast = t(
        lang, "p.rate_toast", stars=stars(receipt.value), title=button_label(receipt.display_title)
    )
    if pressed:
        return Reply(text, toast=toast, placement="none")
    return Reply(text, buttons)


def _owned_by(rows: tuple[tuple[Button, ...], ...], owner: int) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(Button(b.text, owned(b.data, owner)) for b in row) for row in rows)


def my_ratings(mine: tuple[MyRating, ...], page: int, owner: int, lang: str) -> Reply:
    """One page of ``owner``'s ratings, newest first, with ◀ / ▶ (theirs alone) when there
    are more."""
    if not mine:
        return Reply(t(lang, "p.myratings_none"))
    pages = (len(mine) + PAGE - 1) // PAGE
    page = min(max(page, 1), pages)
    lines = [plural(lang, "p.myratings_header", len(mine))]
    for item in mine[(page - 1) * PAGE : page * PAGE]:
        lines.append(
            t(
                lang,
                "p.myratings_line",
                title=esc(item.display_title),
                value=fmt_float(item.value, lang, 1),
                platform=platform_name(item.platform, lang),
                id=esc(item.title_id),
            )
        )
    if pages > 1:
        lines.append(t(lang, "gen.page", page=page, pages=pages))
    return Reply("\n".join(lines), _owned_by(pager("myr", page, pages, lang), owner))


def forget_prompt(owner: int, lang: str) -> Reply:
    """Are you sure? Yes and No act only for ``owner``: in a group, another's Yes deleted the
    presser's data and told the owner it was theirs."""
    buttons = (
        (
            Button(t(lang, "p.forget_yes"), owned("forget:yes", owner)),
            Button(t(lang, "p.forget_no"), owned("forget:no", owner)),
        ),
    )
    return Reply(t(lang, "p.forget_confirm"), buttons)


def forget_cancelled(lang: str) -> Reply:
    return Reply(t(lang, "p.forget_cancelled"))


def forgotten(gone: Forgotten, lang: str) -> Reply:
    return Reply(
        t(
            lang,
            "p.forget_done",
            ratings=plural(lang, "n.rating", gone.ratings),
            parties=plural(lang, "n.party", gone.party_memberships),
        )
    )


def party_changed(key: str, name: str, members: int, lang: str) -> Reply:
    """``p.join_done``, ``p.join_already``, ``p.leave_done`` or ``p.leave_not_member``."""
    return Reply(
        t(
            lang,
            key,
            name=esc(name or "🙂"),
            n=fmt_int(members, lang),
            members=plural(lang, "n.member", members),
        )
    )
