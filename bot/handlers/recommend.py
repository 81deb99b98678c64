"""/recommend, /similar and the admin's /modelinfo and /retrain: parse, one call to core, render.

Who is asking decides the question (``core.recommend.audience``): ``/recommend 42 ns1`` is
"should user 42 watch ns1?", ``/recommend 42`` is user 42's top 10, ``/recommend`` alone is
the asker's own top 10 (their chat ratings folded in at once), ``/recommend ns1`` or
``/recommend the conjuring 2`` is "should I watch it?", and in a group each of these is for the
watch party. A platform, ``movie`` or ``show`` may follow.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from dataclasses import dataclass

from bot import render_recommend as view
from bot.args import classify, missing, surplus
from bot.handlers.naming import named
from bot.i18n import t
from bot.router import Command, Reply, Request
from bot.services import Services
from core.errors import InvalidInput
from core.inputs import parse_platform, parse_title_type, platform_suggestion
from core.platforms import TITLE_ID

_USER_ID = re.compile(r"^\d{1,12}$")
_NUMBERISH = re.compile(r"^[+-]?(?=[.,]*\d)[\d.,]+(?:e[+-]?\d+)?$", re.IGNORECASE)
"""What was meant as a user id but is not one (``-1``, ``4.5``, ``1e3``): said so, rather than
blaming the argument after it."""
PAGE, MAX_PAGES = view.PAGE, view.MAX_PAGES


@dataclass(frozen=True, slots=True)
class _Asked:
    """A /recommend message, parsed."""

    user: int | None = None
    title: str | None = None
    words: str = ""
    """Words that are not filters: a title's name."""
    platform: str | None = None
    kind: str | None = None


def _parse(args: tuple[str, ...]) -> _Asked:
    rest = list(args)
    if rest and _NUMBERISH.match(rest[0]) and not _USER_ID.match(rest[0]):
        raise InvalidInput(
            f"'{rest[0][:20]}' is not a user id: give a whole number from 1 up, e.g. 42.",
            code="bad_user_id",
            params={"given": rest[0][:20]},
        )
    user = int(rest.pop(0)) if rest and _USER_ID.match(rest[0]) else None
    title = rest.pop(0).lower() if rest and TITLE_ID.match(rest[0]) else None
    try:
        platform, kind = _filters(rest)
    except InvalidInput:
        if title is not None or (user is not None and not _a_name(rest)):
            raise  # words that can only be filters: say which one did not fit
        return _by_name(user, rest)  # "/recommend [42] the conjuring 2": a title by name
    return _Asked(user, title, platform=platform, kind=kind)


def _a_name(words: list[str]) -> bool:
    """After a user id, do ``words`` name a title rather than mistype a filter? A name has a
    word with letters that is no title type, and is not a platform's typo ("netflx")."""
    named = [w for w in words if any(c.isalpha() for c in w) and not _is_type(w)]
    return bool(named) and platform_suggestion(" ".join(words)) is None


def _is_type(word: str) -> bool:
    try:
        parse_title_type(word)
    except InvalidInput:
        return False
    return True


def _filters(words: list[str]) -> tuple[str | None, str | None]:
    """(platform, title type) from words that may only be filters; InvalidInput otherwise."""
    p = classify(tuple(words), title_types=True)
    if p.years or p.numbers:
        raise surplus((p.years + p.numbers)[0])
    if len(p.title_types) > 1:
        raise surplus(p.title_types[1])
    kind = parse_title_type(p.title_types[0]) if p.title_types else None
    return (parse_platform(p.rest) if p.rest else None), kind


def _by_name(user: int | None, words: list[str]) -> _Asked:
    """A title's name, then maybe a platform: "the conjuring 2 hulu". Only a platform is peeled
    off the end, not ``movie``/``show``: those end real names ("The Lego Movie")."""
    if len(words) > 1:
        try:
            platform = parse_platform(words[-1])
        except InvalidInput:
            pass
        else:
            return _Asked(user, words=" ".join(words[:-1]), platform=platform)
    return _Asked(user, words=" ".join(words))


def _audience(s: Services, r: Request, user: int | None):
    from core.recommend import audience

    if user is not None:
        return audience.for_user(s.conn(), user, None if r.anonymous else r.user_id)
    if r.in_group:
        return audience.for_party(s.conn(), r.chat_id)
    if r.anonymous:  # sent on behalf of a chat: there is no "me"
        raise audience.NotAPerson()
    return audience.for_me(s.conn(), r.user_id)


def recommend(s: Services, r: Request) -> Reply:
    from core.recommend import audience

    asked = _parse(r.args)
    title = asked.title
    if asked.words:
        found = named(s, asked.words)
        if isinstance(found, tuple):
            return view.which_title(asked.words, found, r.lang, user=asked.user)
        title = found
    if title is not None:
        model = s.recommender()
        who = _audience(s, r, asked.user)
        verdict = audience.should_watch(s.conn(), model, who, title, asked.platform, asked.kind)
        return view.prediction(verdict, who, r.lang)
    target = str(asked.user) if asked.user is not None else "party" if r.in_group else "me"
    return _first_training_note(s, r, _page(s, r, target, 1, asked.platform, asked.kind))


def _page(
    s: Services, r: Request, target: str, page: int, platform: str | None, kind: str | None
) -> Reply:
    from core.recommend import audience

    model = s.recommender()
    who = _audience(s, r, int(target) if target.isdigit() else None)
    n = min(PAGE * page + 1, PAGE * MAX_PAGES)
    recs = audience.recommend(s.conn(), model, who, n, platform, kind)
    data = f"rec:{target}:{platform or '-'}:{kind or '-'}"
    return view.recommendations(recs, who, r.lang, page, data)


def _first_training_note(s: Services, r: Request, reply: Reply) -> Reply:
    """Popular picks while the first model trains say so, once per chat."""
    if s.first_model_pending() and s.tell_first_training(r.chat_id):
        return dataclasses.replace(reply, text=f"{reply.text}\n\n{t(r.lang, 'r.first_training')}")
    return reply


def recommend_page(s: Services, r: Request, payload: str) -> Reply:
    target, platform, kind, page = ([*payload.split(":"), "", "", "", ""])[:4]
    if not (target in ("me", "party") or _USER_ID.match(target)) or not page.isdigit():
        return Reply(t(r.lang, "gen.expired"), error=True)
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
    """``/similar ns1`` or ``/similar the conjuring 2``."""
    if not r.args:
        raise missing("title id", "/similar ns1")
    if len(r.args) == 1 and TITLE_ID.match(r.args[0]):
        return similar_button(s, r, r.args[0].lower())
    found = named(s, " ".join(r.args))
    if isinstance(found, tuple):
        return view.which_title(" ".join(r.args), found, r.lang, "similar")
    return similar_button(s, r, found)


def similar_button(s: Services, r: Request, payload: str) -> Reply:
    return view.similar(s.recommender().similar(payload, PAGE), payload, r.lang)


def model_info(s: Services, r: Request) -> Reply:
    return view.model_info(s.recommender().info, s.training_runs(5), r.lang)


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
