"""``streambot train``, ``streambot models`` and ``streambot recommend``: the recommender in the
shell.

An edge like the Telegram handlers: parse arguments, call one ``core.recommend`` function, and
render plain text. ``register(subparsers)`` adds the commands to ``bot.cli``'s parser; each
command's ``func(args, settings)`` returns the exit code, and core's named errors are turned
into one line and exit code 2 by ``bot.cli.main``.
"""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

from bot.cli_help import DATABASE, MODELS
from bot.cli_help import add_command as command
from bot.render_recommend import metrics_lines, reason_text
from core.settings import Settings


def _paths(args: argparse.Namespace, settings: Settings) -> tuple[Path, Path]:
    models = getattr(args, "models", None)
    return Path(args.db or settings.db_path), Path(models or settings.models_dir)


def _cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    from core.recommend.train import train

    db_path, models_dir = _paths(args, settings)
    # Training reads through ADBC: no sqlite3 connection to the database is open here.
    result = train(db_path, models_dir, promote=not args.no_promote)
    print(render_train(result))
    return 0


def render_train(result) -> str:
    """What one training did, in a few lines (``result``: a ``TrainResult``, whose holdout
    figures are a ``Metrics`` already)."""
    c, t = result.counts, result.timings
    lines = [
        f"Trained model {result.version} in {t['total']:.1f} s "
        f"({'live now' if result.promoted else 'not promoted'}); files in {result.path}",
        f"Data: {c['ratings']:,} ratings up to id {result.watermark:,}, {c['users']:,} users, "
        f"{c['titles']:,} titles",
    ]
    lines += [_plain(x) for x in metrics_lines(result.metrics, "en")]
    return "\n".join(lines)


def _plain(html_text: str) -> str:
    """A reply line for the terminal: tags out, entities back to characters."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def _cmd_models(args: argparse.Namespace, settings: Settings) -> int:
    from core import db as dbmod
    from core.recommend import list_models, promote

    db_path, _ = _paths(args, settings)
    conn = dbmod.connect(db_path)
    try:
        if args.promote:
            promote(conn, args.promote)
        print(render_models(list_models(conn)))
    finally:
        conn.close()
    return 0


def render_models(records) -> str:
    """The registry as a table, newest first; ``*`` marks the live version. Columns: the
    holdout's precision@10 of the model, of popularity and of content alone, the paired NDCG
    gain over the better baseline (± its standard error), star RMSE, training time."""
    from core.recommend.metrics import Metrics

    if not records:
        return "No model trained yet: run `streambot train`."
    lines = [
        f"  {'version':20} {'kind':10} {'watermark':>11} {'P@10':>6} {'pop':>6} "
        f"{'content':>7} {'gain ± SE':>14} {'RMSE':>6} {'train s':>7}  promoted"
    ]
    nan = float("nan")
    for r in records:
        m, t = Metrics.from_dict(r.metrics), r.summary.get("timings") or {}
        gain = (
            f"{m.gain_over_baselines:+.3f} ± {m.gain_error or 0:.3f}"
            if m.gain_over_baselines is not None
            else "-"
        )
        lines.append(
            f"{'*' if r.live else ' '} {r.version:20} {r.kind:10} {r.watermark:>11,} "
            f"{_num(m.precision_at_10):>6} {_num(m.popularity_precision_at_10):>6} "
            f"{_num(m.content_precision_at_10):>7} {gain:>14} {_num(m.rmse):>6} "
            f"{t.get('total', nan):7.1f}  {r.promoted_at or '-'}"
        )
    live = next((r for r in records if r.live), None)
    if live is not None:
        weights = Metrics.from_dict(live.metrics).weights
        if weights:
            shown = ", ".join(
                f"{k} {v:.2f}" for k, v in sorted(weights.items(), key=lambda x: -x[1])
            )
            lines.append(f"Live model's source weights: {shown}")
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _cmd_recommend(args: argparse.Namespace, settings: Settings) -> int:
    from core import db as dbmod
    from core.recommend import audience, load_live

    db_path, models_dir = _paths(args, settings)
    conn = dbmod.connect(db_path)
    try:
        rec = load_live(conn, models_dir)
        who = audience.for_user(conn, args.user)
        if args.title:
            answer = audience.should_watch(conn, rec, who, args.title, args.platform, args.type)
        else:
            answer = audience.recommend(conn, rec, who, args.n, args.platform, args.type)
    finally:
        conn.close()
    if rec.info.fallback:
        print(f"(note: {rec.info.fallback})")
    if args.title:
        print(render_prediction(answer, who))
    else:
        print(render_recommendations(answer, who))
    return 0


def render_prediction(p, who) -> str:
    verdict = "watch it" if p.recommend else "probably skip it"
    lines = [
        f"User {p.user_id}, {p.title} ({p.title_id}): predicted {p.rating:.1f}/5 "
        f"-> {verdict} (bar {p.threshold:g})",
        f"  {_plain(reason_text(p.reason, 'en', who))}",
    ]
    if not p.personalised:
        lines.append("  (not personal yet: this user has no ratings the model can use)")
    return "\n".join(lines)


def render_recommendations(recs, who) -> str:
    lines = []
    for k, s in enumerate(recs.items, 1):
        lines.append(
            f"{k:2}. {s.title} ({s.title_id}, {s.platform}, {s.type}, {s.year or '?'})"
            f"  {s.rating:.1f}/5  {_plain(reason_text(s.reason, 'en', who))}"
        )
    if not lines:
        lines.append("No title matches these filters.")
    if recs.hint is not None:
        lines.append(recs.hint.text)
    return "\n".join(lines)


def register(subparsers) -> None:
    """Add ``train``, ``models`` and ``recommend`` to the ``streambot`` command tree."""
    db_help = "database path (default: $STREAMBOT_DB, else data/streambot.db)"
    models_help = "model folder (default: $STREAMBOT_MODELS_DIR)"

    env = (*DATABASE, *MODELS)
    p = command(subparsers, "train", "train a recommender model and make it live", env=env)
    p.add_argument("--db", help=db_help)
    p.add_argument("--models", help=models_help)
    p.add_argument("--no-promote", action="store_true", help="record it but keep the live one")
    p.set_defaults(func=_cmd_train)

    p = command(subparsers, "models", "list trained model versions and their metrics", env=env)
    p.add_argument("--db", help=db_help)
    p.add_argument("--promote", metavar="VERSION", help="make VERSION the live model first")
    p.set_defaults(func=_cmd_models)

    p = command(subparsers, "recommend", "print what the bot would recommend", env=env)
    p.add_argument("user", type=int, help="user id (unknown users get popular titles)")
    p.add_argument("title", nargs="?", help="title id: 'should this user watch it?'")
    p.add_argument("-n", type=int, default=10, help="how many titles (default 10)")
    p.add_argument("--platform", help="only this platform (netflix, prime video, ...)")
    p.add_argument("--type", help="movie or tv show")
    p.add_argument("--db", help=db_help)
    p.add_argument("--models", help=models_help)
    p.set_defaults(func=_cmd_recommend)
