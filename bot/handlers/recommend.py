"""/recommend, /similar and the admin's /modelinfo and /retrain.

Who is asking decides the question: ``/recommend 42 ns1`` is "should user 42 watch ns1?",
``/recommend 42`` is user 42's top 10, ``/recommend`` alone is the asker's own top 10 (their
chat ratings folded in at once), and in a group it is one list for the watch party.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from typing import TYPE_CHECKING

from bot import render
from bot.args import classify, missing, surplus
from bot.i18n import fmt_float, fmt_int, join_words, t
from bot.router import Command, Reply, Request
from bot.services import Services
from core import ratings as chat
from core.errors import InvalidInput
from core.inputs import parse_platform, parse_title_type
from core.platforms import TITLE_ID

if TYPE_CHECKING:  # core.recommend (numpy, numba, polars) loads on the first /recommend
    from core.recommend.results import Prediction, Reason, Recommendations, Suggestion

_TITLE_ID = TITLE_ID
_USER_ID = re.compile(r"^\d{1,12}$")
_NUMBERISH = re.compile(r"^[+-]?(?=[.,]*\d)[\d.,]+(?:e[+-]?\d+)?$", re.IGNORECASE)
"""What was meant as a user id but is not one (``-1``, ``4.5``, ``1e3``): said so, rather than
blaming the argument after it."""
PAGE = 10
MAX_PAGES = 5


def _and(names: list[str], lang: str) -> str:
    return join_words([f"<b>{render.esc(n)}</b>" for n in names], lang)


def reason_text(reason: Reason, lang: str) -> str:
    """A reason from the recommender, worded in ``lang`` from its code and params."""
    p = reason.params
    if reason.code in ("liked_similar", "predicted_low") and p.get("titles"):
        titles = _and([str(x) for x in p["titles"]], lang)
        if reason.code == "liked_similar":
            return t(lang, "r.why_liked", titles=titles)
        return t(
            lang,
            "r.why_low",
            rating=fmt_float(float(p["rating"]), lang, 1),
            titles=titles,
            threshold=fmt_float(float(p["threshold"]), lang, 1),
        )
    if reason.code == "predicted_low":
        return t(
            lang,
            "r.why_low_plain",
            rating=fmt_float(float(p["rating"]), lang, 1),
            threshold=fmt_float(float(p["threshold"]), lang, 1),
        )
    if reason.code == "group_safe":
        return t(
            lang, "r.why_group", lowest=fmt_float(float(p["lowest"]), lang, 1), members=p["members"]
        )
    if reason.code == "similar_to":
        return t(
            lang,
            "r.why_similar",
            title=render.esc(p["title"]),
            similarity=fmt_float(float(p["similarity"]), lang, 2),
        )
    key = f"r.why_{reason.code}"
    return t(lang, key) if key in _known() else render.esc(reason.text)


def _known() -> set[str]:
    from bot.i18n import MESSAGES

    return set(MESSAGES)


def _fresh(s: Services, user_id: int, watermark: int) -> list[tuple[str, float]]:
    return chat.fresh_ratings(s.conn(), user_id, watermark)


def _line(n: int, item: Suggestion, lang: str, *, group: bool = False) -> str:
    return render.title_line(
        "r.line_group" if group else "r.line",
        lang,
        n=n,
        title=item.title,
        year=item.year or "?",
        platform=item.platform,
        kind=item.type,
        stars=fmt_float(item.rating, lang, 1),
        why=reason_text(item.reason, lang),
    )


def render_list(
    recs: Recommendations, lang: str, header: str, page: int, data: str, group: bool = False
) -> Reply:
    items = recs.items[(page - 1) * PAGE : page * PAGE]
    if not items:
        return Reply(t(lang, "r.none"))
    lines = [header]
    lines += [
        _line((page - 1) * PAGE + i, item, lang, group=group) for i, item in enumerate(items, 1)
    ]
    if recs.hint is not None:
        lines.append("\n" + t(lang, "r.hint"))
    pages = min(MAX_PAGES, max(page, (len(recs.items) + PAGE - 1) // PAGE))
    buttons = [
        render.title_button((page - 1) * PAGE + i, item.title, item.title_id)
        for i, item in enumerate(items[:5], 1)
    ]
    buttons += list(
        render.pager(data, page, pages if len(recs.items) >= page * PAGE else page, lang)
    )
    return Reply("\n".join(lines), tuple(buttons))


def render_prediction(pred: Prediction, lang: str) -> Reply:
    key = "r.verdict_yes" if pred.recommend else "r.verdict_no"
    text = t(
        lang,
        key,
        user=pred.user_id,
        title=render.esc(pred.title),
        stars=fmt_float(pred.rating, lang, 1),
        threshold=fmt_float(pred.threshold, lang, 1),
        why=reason_text(pred.reason, lang),
    )
    if not pred.personalised:
        text += "\n" + t(lang, "r.not_personal")
    return Reply(text, render.card_buttons(pred.title_id, lang))


def _filters(args: tuple[str, ...]) -> tuple[str | None, str | None]:
    p = classify(args, title_types=True)
    if p.years or p.numbers:
        raise surplus((p.years + p.numbers)[0])
    platform = parse_platform(p.rest) if p.rest else None
    kinds = p.title_types
    if len(kinds) > 1:
        raise surplus(kinds[1])
    return platform, parse_title_type(kinds[0]) if kinds else None


def _page(
    s: Services, r: Request, target: str, page: int, platform: str | None, kind: str | None
) -> Reply:
    model = s.model()
    n = min(PAGE * page + 1, PAGE * MAX_PAGES)
    data = f"rec:{target}:{platform or '-'}:{kind or '-'}"
    if target == "party":
        users = chat.party_users(s.conn(), r.chat_id)
        if not users:
            return Reply(t(r.lang, "r.party_empty"))
        fresh = {u: _fresh(s, u, model.info.watermark) for u in users}
        recs = model.for_group(users, n, fresh=fresh)
        header = t(r.lang, "r.header_group", n=fmt_int(len(users), r.lang))
        return render_list(recs, r.lang, header, page, data, group=True)
    if target == "me":
        if r.anonymous:  # sent on behalf of a chat: there is no "me"
            return Reply(t(r.lang, "p.not_a_person"), error=True)
        user_id = chat.internal_user(s.conn(), r.user_id, create=True)
        s.conn().commit()
        fresh = _fresh(s, user_id, model.info.watermark)
        recs = model.top_n(user_id, n, platform, kind, fresh=fresh)
        header = t(r.lang, "r.header_me")
    else:
        recs = model.top_n(int(target), n, platform, kind)
        header = t(r.lang, "r.header_user", user=target)
    return render_list(recs, r.lang, header, page, data)


def _check_not_someone_else(s: Services, r: Request, user: str) -> None:
    """Ids from ``CHAT_USER_BASE`` up are people in chat: only they may ask about themselves.

    Dataset ids are public (the original product's ``/recommend 42``); a person's picks and
    the reasons under them would reveal what they liked.
    """
    if int(user) >= chat.CHAT_USER_BASE and (
        r.anonymous or int(user) != chat.internal_user(s.conn(), r.user_id, create=False)
    ):
        raise InvalidInput(  # the same words whether or not anyone has that id: no oracle
            f"User ids from {chat.CHAT_USER_BASE:,} up are kept for people using this bot; "
            "you can only ask for yourself (/recommend alone).",
            code="private_user",
            params={"given": user},
        )


def recommend(s: Services, r: Request) -> Reply:
    args = list(r.args)
    if args and _NUMBERISH.match(args[0]) and not _USER_ID.match(args[0]):
        raise InvalidInput(
            f"'{args[0][:20]}' is not a user id: give a whole number from 1 up, e.g. 42.",
            code="bad_user_id",
            params={"given": args[0][:20]},
        )
    user = args.pop(0) if args and _USER_ID.match(args[0]) else None
    title = args.pop(0) if args and _TITLE_ID.match(args[0]) else None
    if user is not None:
        _check_not_someone_else(s, r, user)
    if title is not None and user is not None:
        if args:
            raise surplus(args[0])
        return render_prediction(s.model().predict(int(user), title), r.lang)
    if title is not None:
        raise missing("user id", "/recommend 42 ns1")
    platform, kind = _filters(tuple(args))
    target = user if user is not None else "party" if r.in_group else "me"
    return _first_training_note(s, r, _page(s, r, target, 1, platform, kind))


def _first_training_note(s: Services, r: Request, reply: Reply) -> Reply:
    """Popular picks while the first model trains say so, once per chat."""
    if s.model().info.version is None and s.tell_first_training(r.chat_id):
        return dataclasses.replace(reply, text=f"{reply.text}\n\n{t(r.lang, 'r.first_training')}")
    return reply


def recommend_page(s: Services, r: Request, payload: str) -> Reply:
    target, platform, kind, page = ([*payload.split(":"), "", "", "", ""])[:4]
    if not (target in ("me", "party") or _USER_ID.match(target)) or not page.isdigit():
        return Reply(t(r.lang, "gen.expired"), error=True)
    if _USER_ID.match(target):
        _check_not_someone_else(s, r, target)
    return _page(
        s,
        r,
        target,
        max(1, min(int(page), MAX_PAGES)),
        None if platform in ("", "-") else parse_platform(platform),
        None if kind in ("", "-") else parse_title_type(kind),
    )


def recommend_me(s: Services, r: Request, payload: str) -> Reply:
    return _first_training_note(s, r, _page(s, r, "party" if r.in_group else "me", 1, None, None))


def similar(s: Services, r: Request) -> Reply:
    if not r.args:
        raise missing("title id", "/similar ns1")
    if len(r.args) > 1:
        raise surplus(r.args[1])
    return _similar(s, r, r.args[0])


def _similar(s: Services, r: Request, title_id: str) -> Reply:
    items = s.model().similar(title_id, PAGE)
    header = t(
        r.lang,
        "r.header_similar",
        title=render.esc(items[0].reason.params["title"]) if items else render.esc(title_id),
    )
    lines = [header] + [
        render.title_line(
            "r.line_similar",
            r.lang,
            n=i,
            title=x.title,
            year=x.year or "?",
            platform=x.platform,
            kind=x.type,
        )
        for i, x in enumerate(items, 1)
    ]
    buttons = tuple(render.title_button(i, x.title, x.title_id) for i, x in enumerate(items[:5], 1))
    return Reply("\n".join(lines), buttons)


def similar_button(s: Services, r: Request, payload: str) -> Reply:
    return _similar(s, r, payload)


def model_info(s: Services, r: Request) -> Reply:
    info = s.model().info
    lines = [
        t(
            r.lang,
            "r.modelinfo",
            version=render.esc(info.version or "—"),
            kind=render.esc(info.kind),
            watermark=fmt_int(info.watermark, r.lang),
            trained=render.esc(info.trained_at or "—"),
        )
    ]
    if info.fallback:
        lines.append(t(r.lang, "r.modelinfo_fallback", why=render.esc(info.fallback)))
    for run in s.training_runs(5):
        lines.append(
            t(
                r.lang,
                "r.modelinfo_run",
                id=run[0],
                started=render.esc(run[1]),
                status=render.esc(run[2]),
                trigger=render.esc(run[3]),
                reason=render.esc((run[4] or "")[:120]),
            )
        )
    return Reply("\n".join(lines))


def retrain(s: Services, r: Request) -> Reply:
    trainer = s.trainer
    if trainer is None:
        return Reply(t(r.lang, "r.retrain_unavailable"), error=True)
    threading.Thread(
        target=trainer.tick, kwargs={"force": True}, daemon=True, name="manual-retrain"
    ).start()
    return Reply(t(r.lang, "r.retrain_started"))


COMMANDS: tuple[Command, ...] = (
    Command("recommend", recommend, ("recomendar",), example="/recommend 42 ns1"),
    Command("similar", similar, ("parecidos",), example="/similar ns1"),
    Command("modelinfo", model_info, admin=True, menu=False, example="/modelinfo"),
    Command("retrain", retrain, admin=True, menu=False, example="/retrain"),
)
CALLBACKS = {"rec": recommend_page, "recme": recommend_me, "similar": similar_button}
