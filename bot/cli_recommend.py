"""``streambot train``, ``streambot models`` and ``streambot recommend``: the recommender in the
shell.

An edge like the Telegram handlers: parse arguments, call one ``core.recommend`` function, and
render plain text. ``register(subparsers)`` adds the commands to ``bot.cli``'s parser; each
command's ``func(args, settings)`` returns the exit code, and core's named errors are turned
into one line and exit code 2 by ``bot.cli.main``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli_help import DATABASE, MODELS
from bot.cli_help import add_command as command
from core.settings import Settings


def _paths(args: argparse.Namespace, settings: Settings) -> tuple[Path, Path]:
    models = getattr(args, "models", None)
    return Path(args.db or settings.db_path), Path(models or settings.models_dir)


def _cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    from core.recommend import train

    db_path, models_dir = _paths(args, settings)
    # Training reads through ADBC: no sqlite3 connection to the database is open here.
    result = train(db_path, models_dir, promote=not args.no_promote)
    print(render_train(result))
    return 0


def render_train(result) -> str:
    """What one training did, in a few lines."""
    m, c, t = result.metrics, result.counts, result.timings
    lines = [
        f"Trained model {result.version} in {t['total']:.1f} s "
        f"({'live now' if result.promoted else 'not promoted'}); files in {result.path}",
        f"Data: {c['ratings']:,} ratings up to id {result.watermark:,}, {c['users']:,} users, "
        f"{c['titles']:,} titles; {c['holdout_ratings']:,} newest ratings of sampled users held "
        "out",
    ]
    if m:
        lines.append(
            f"Holdout: RMSE {m['rmse']:.3f}, precision@10 {m['precision_at_10']:.3f} "
            f"(popularity {m['popularity_precision_at_10']:.3f}), NDCG@10 {m['ndcg_at_10']:.3f}"
        )
    return "\n".join(lines)


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
    """The registry as a table, newest first; ``*`` marks the live version."""
    if not records:
        return "No model trained yet: run `streambot train`."
    lines = [
        f"  {'version':20} {'kind':10} {'watermark':>11} {'RMSE':>6} {'P@10':>6} "
        f"{'pop P@10':>8} {'train s':>7}  promoted"
    ]
    for r in records:
        m, t = r.metrics, r.summary.get("timings") or {}
        lines.append(
            f"{'*' if r.live else ' '} {r.version:20} {r.kind:10} {r.watermark:>11,} "
            f"{m.get('rmse', float('nan')):6.3f} {m.get('precision_at_10', float('nan')):6.3f} "
            f"{m.get('popularity_precision_at_10', float('nan')):8.3f} "
            f"{t.get('total', float('nan')):7.1f}  {r.promoted_at or '-'}"
        )
    return "\n".join(lines)


def _cmd_recommend(args: argparse.Namespace, settings: Settings) -> int:
    from core import db as dbmod
    from core.recommend import load_live

    db_path, models_dir = _paths(args, settings)
    conn = dbmod.connect(db_path)
    try:
        rec = load_live(conn, models_dir)
        fresh = rec.fresh_ratings(conn, args.user)
    finally:
        conn.close()
    if rec.info.fallback:
        print(f"(note: {rec.info.fallback})")
    if args.title:
        print(render_prediction(rec.predict(args.user, args.title, fresh=fresh)))
    else:
        recs = rec.top_n(args.user, args.n, args.platform, args.type, fresh=fresh)
        print(render_recommendations(recs))
    return 0


def render_prediction(p) -> str:
    verdict = "watch it" if p.recommend else "probably skip it"
    lines = [
        f"User {p.user_id}, {p.title} ({p.title_id}): predicted {p.rating:.1f}/5 "
        f"-> {verdict} (bar {p.threshold:g})",
        f"  {p.reason.text}",
    ]
    if not p.personalised:
        lines.append("  (not personal yet: rate a few titles first)")
    return "\n".join(lines)


def render_recommendations(recs) -> str:
    lines = []
    for k, s in enumerate(recs.items, 1):
        lines.append(
            f"{k:2}. {s.title} ({s.title_id}, {s.platform}, {s.type}, {s.year or '?'})"
            f"  {s.rating:.1f}/5  {s.reason.text}"
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
