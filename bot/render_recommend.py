"""Replies of /recommend, /similar and /modelinfo, built from what ``core.recommend`` returns.

Why reasons are worded here and not in core: the recommender says *what* drove a pick (a code,
the title that drove it, the shared director or cast), and whose taste it was is the
audience's (``core.recommend.audience``). The same reason reads "…, which you liked" to the
person asking, "…, which user 42 liked" about a dataset user, and "…, which one of you liked"
in a group, where no member is ever named and no title a member rated either (that would tell
the others what they liked): there the reason says what kind of link drove the pick.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from bot import render
from bot.i18n import MESSAGES, fmt_float, fmt_int, join_words, plural, t
from bot.router import Reply

if TYPE_CHECKING:  # core.recommend (numpy, numba) loads on the first /recommend
    from core.queries import SearchHit
    from core.recommend.audience import Audience
    from core.recommend.lifecycle import TrainingRun
    from core.recommend.metrics import Metrics
    from core.recommend.results import ModelInfo, Prediction, Reason, Recommendations, Suggestion

PAGE = 10
MAX_PAGES = 5


def _bold(title: object) -> str:
    return f"<b>{render.esc(' '.join(str(title).split()))}</b>"


def _whose(kind: str, audience: Audience, lang: str) -> str:
    """The phrase for the person whose taste a reason speaks of (``r.liked.me`` …)."""
    who = audience.kind if audience.kind in ("me", "party") else "user"
    user = audience.user_ids[0] if audience.user_ids else ""
    return t(lang, f"r.{kind}.{who}", user=user)


def reason_text(reason: Reason, lang: str, audience: Audience) -> str:
    """``reason`` worded in ``lang`` for ``audience``, from its code and params."""
    from core.recommend.results import nested

    p, code = reason.params, reason.code
    if audience.kind == "party" and f"r.why_party.{code}" in MESSAGES:
        return t(lang, f"r.why_party.{code}", franchise=render.esc(p.get("franchise", "")))
    if code in ("same_franchise", "same_director", "shares_cast", "like_title"):
        names = [render.esc(n) for n in p.get("names", ())]  # type: ignore[union-attr]
        return t(
            lang,
            f"r.why_{code}",
            title=_bold(p["title"]),
            franchise=render.esc(p.get("franchise", "")),
            name=render.esc(p.get("name", "")),
            names=join_words(names, lang),
            liked=_whose("liked", audience, lang),
        )
    if code == "liked_by_fans":
        as_did = _whose("as", audience, lang)
        return t(lang, "r.why_liked_by_fans", title=_bold(p["title"]), as_did=as_did)
    if code == "went_on_to":
        return t(
            lang, "r.why_went_on_to", title=_bold(p["title"]), rated=_whose("rated", audience, lang)
        )
    if code == "taste_match":
        return t(lang, "r.why_taste_match", tastes=_whose("tastes", audience, lang))
    if code == "popular_on":
        return t(lang, "r.why_popular_on", platform=render.platform_name(str(p["platform"]), lang))
    if code == "predicted_low":
        why = nested(p)
        threshold = float(p["threshold"])
        stars = {
            "rating": stars_below(float(p["rating"]), threshold, lang),
            "threshold": fmt_float(threshold, lang, 1),
        }
        if why is None:
            return t(lang, "r.why_low_plain", **stars)
        return t(lang, "r.why_low", why=reason_text(why, lang, audience), **stars)
    if code == "group_fit":
        members = int(p["members"])  # type: ignore[call-overload]
        text = t(
            lang,
            f"r.why_group.{'one' if members == 1 else 'other'}",
            n=fmt_int(members, lang),
            lowest=fmt_float(float(p["lowest"]), lang, 1),
        )
        why = nested(p)
        return f"{text} {reason_text(why, lang, audience)}" if why is not None else text
    if code == "similar_to":
        return t(
            lang,
            "r.why_similar",
            title=_bold(p["title"]),
            similarity=fmt_float(float(p["similarity"]), lang, 2),
        )
    key = f"r.why_{code}"  # popular, rate_to_personalise
    return t(lang, key) if key in MESSAGES else render.esc(reason.text)


def _line(n: int, item: Suggestion, lang: str, audience: Audience) -> str:
    group = audience.kind == "party"
    return render.title_line(
        "r.line_group" if group else "r.line",
        lang,
        n=n,
        title=item.title,
        year=item.year or "?",
        platform=item.platform,
        kind=item.type,
        stars=fmt_float(item.rating, lang, 1),
        why=reason_text(item.reason, lang, audience),
    )


def _nested(reason: Reason) -> Reason | None:
    from core.recommend.results import nested

    return nested(reason.params)


def header(audience: Audience, lang: str) -> str:
    """Whom the list is for."""
    if audience.kind == "party":
        return plural(lang, "r.header_group", len(audience.user_ids))
    if audience.kind == "me":
        return t(lang, "r.header_me")
    return t(lang, "r.header_user", user=audience.user_ids[0])


def recommendations(
    recs: Recommendations, audience: Audience, lang: str, page: int, data: str
) -> Reply:
    """One page of a list, with buttons for its first five titles and the pager."""
    items = recs.items[(page - 1) * PAGE : page * PAGE]
    if not items:
        return Reply(t(lang, "r.none"))
    first = (page - 1) * PAGE
    lines = [header(audience, lang)]
    lines += [_line(first + i, item, lang, audience) for i, item in enumerate(items, 1)]
    if audience.kind == "party":  # "everyone ≥ ⭐ x" is on the line; what speaks for it, below
        lines = [lines[0]] + [
            f"{line}\n    <i>{reason_text(why, lang, audience)}</i>" if why is not None else line
            for line, why in zip(lines[1:], (_nested(i.reason) for i in items), strict=True)
        ]
    if recs.hint is not None:  # popular picks: nobody's ratings to go on
        hint = "r.hint" if audience.kind != "user" else "r.hint_user"
        lines.append("\n" + t(lang, hint, user=audience.user_ids[0]))
    more = len(recs.items) >= page * PAGE
    pages = min(MAX_PAGES, max(page, (len(recs.items) + PAGE - 1) // PAGE))
    buttons = [
        render.title_button(first + i, item.title, item.title_id)
        for i, item in enumerate(items[:5], 1)
    ]
    buttons += list(render.pager(data, page, pages if more else page, lang))
    return Reply("\n".join(lines), tuple(buttons))


def stars_below(rating: float, threshold: float, lang: str) -> str:
    """A predicted star under the bar, written so that it reads as under it: one decimal, or
    two (rounded down) where one would round it up to the bar ("3.46", never "3.5 ... below
    the 3.5 bar")."""
    if round(rating, 1) < threshold:
        return fmt_float(rating, lang, 1)
    return fmt_float(math.floor(rating * 100) / 100, lang, 2)


def prediction(pred: Prediction, audience: Audience, lang: str) -> Reply:
    """The verdict on one title for the person, the dataset user or the watch party; for a
    title they rated already, that rating instead."""
    who = audience.kind if audience.kind in ("me", "party") else "user"
    named = {"user": pred.user_id, "title": render.esc(" ".join(pred.title.split()))}
    if pred.rated is not None and who != "party":
        text = t(
            lang,
            f"r.rated_already.{who}",
            **named,
            stars=fmt_float(pred.rated, lang, 1),
            id=pred.title_id,
            similar=t(lang, "cmd.similar.name"),
        )
    else:
        text = t(
            lang,
            f"r.verdict_{'yes' if pred.recommend else 'no'}.{who}",
            **named,
            stars=(
                fmt_float(pred.rating, lang, 1)
                if pred.recommend
                else stars_below(pred.rating, pred.threshold, lang)
            ),
            threshold=fmt_float(pred.threshold, lang, 1),
            why=reason_text(pred.reason, lang, audience),
        )
        if not pred.personalised:
            text += "\n" + t(lang, f"r.not_personal.{who}")
    return Reply(text, render.card_buttons(pred.title_id, lang))


def which_title(
    text: str,
    hits: tuple[SearchHit, ...],
    lang: str,
    command: str = "recommend",
    user: int | None = None,
    after: str = "",
) -> Reply:
    """Words that name no one title: the closest, each with the command to send (``command``:
    ``recommend``, ``similar`` or ``rate``, called by its name in ``lang``; ``user``: the
    dataset user asked about, and ``after``: the rating given, kept in each command)."""
    who = "" if user is None else f"{user} "
    then = f" {after}" if after else ""
    name = t(lang, f"cmd.{command}.name")
    if not hits:
        return Reply(t(lang, "r.no_such_title", text=render.esc(text), command=name), error=True)
    lines = [t(lang, "r.which", text=render.esc(text))]
    lines += [
        t(
            lang,
            "r.which_line",
            command=name,
            id=who + h.id + then,
            title=render.esc(render.beside_year(h.display_title, h.release_year)),
            year=h.release_year or "?",
            platform=render.platform_name(h.platform, lang),
            type=render.type_name(h.type, lang),
        )
        for h in hits
    ]
    return Reply("\n".join(lines))


def similar(items: tuple[Suggestion, ...], title_id: str, lang: str) -> Reply:
    """Titles like one title, with buttons that open their cards."""
    name = items[0].reason.params["title"] if items else title_id
    lines = [t(lang, "r.header_similar", title=render.esc(name))]
    lines += [
        render.title_line(
            "r.line_similar",
            lang,
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


def _figure(value: float | None, lang: str, digits: int = 3) -> str:
    return "—" if value is None else fmt_float(value, lang, digits)


def metrics_lines(metrics: Metrics, lang: str) -> list[str]:
    """The holdout figures, the source weights and the calibration of one version."""
    if metrics.precision_at_10 is None:
        return [t(lang, "r.modelinfo_no_metrics")]
    lines = [
        t(
            lang,
            "r.modelinfo_holdout",
            people=fmt_int(metrics.ranked_users, lang),
            ratings=fmt_int(metrics.holdout_ratings, lang),
            p10=_figure(metrics.precision_at_10, lang),
            pop=_figure(metrics.popularity_precision_at_10, lang),
            content=_figure(metrics.content_precision_at_10, lang),
            gain=_figure(metrics.gain_over_baselines, lang),
            error=_figure(metrics.gain_error, lang),
            rmse=_figure(metrics.rmse, lang),
        )
    ]
    weights = [
        f"{t(lang, f'r.source.{name}') if f'r.source.{name}' in MESSAGES else name} "
        f"{fmt_float(w, lang, 2)}"
        for name, w in sorted(metrics.weights.items(), key=lambda x: -x[1])
        if w > 0
    ]
    if weights:
        lines.append(t(lang, "r.modelinfo_weights", weights=", ".join(weights)))
    bins = [
        f"{fmt_float(b.predicted, lang, 2)} → {fmt_float(b.actual, lang, 2)}"
        for b in metrics.calibration
        if b.ratings >= 100
    ]
    if bins:
        lines.append(t(lang, "r.modelinfo_calibration", bins=" · ".join(bins)))
    return lines


def model_info(info: ModelInfo, runs: list[TrainingRun], lang: str) -> Reply:
    """/modelinfo: the live version, its holdout figures and weights, the last training runs."""
    from core.recommend.metrics import Metrics

    lines = [
        t(
            lang,
            "r.modelinfo",
            version=render.esc(info.version or "—"),
            kind=render.esc(info.kind),
            watermark=fmt_int(info.watermark, lang),
            trained=render.esc(info.trained_at or "—"),
        )
    ]
    if info.fallback:
        lines.append(t(lang, "r.modelinfo_fallback", why=render.esc(info.fallback)))
    lines += metrics_lines(Metrics.from_dict(info.metrics), lang)
    lines.append(t(lang, "r.modelinfo_runs") if runs else t(lang, "r.modelinfo_no_runs"))
    for run in runs:
        lines.append(
            t(
                lang,
                "r.modelinfo_run",
                id=run.id,
                started=render.esc(run.started_at),
                status=render.esc(run.status),
                trigger=render.esc(run.trigger),
                reason=render.esc(run.reason[:120]),
            )
        )
    return Reply("\n".join(lines))
