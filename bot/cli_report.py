"""``streambot report``: every chart as a PNG file, and one self-contained HTML page with the
charts embedded and their findings under each.

An edge like ``bot/cli.py``: it calls core (``core.eda``) and renders; the page's words come
from the message catalog, in English or Spanish. The page needs no network and no other file
(images are inlined as data URIs), so it can be mailed or attached to a ticket as is.
"""

from __future__ import annotations

import argparse
import base64
import html
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.cli_help import DATABASE
from bot.cli_help import add_command as command
from core.languages import LANGS
from core.settings import Settings

DEFAULT_OUT = Path("data/report")
PAGE = "index.html"


@dataclass(frozen=True, slots=True)
class ReportSummary:
    page: Path
    images: tuple[Path, ...]
    findings: int
    seconds: float


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;
background:#f6f6f6}
main{max-width:1000px;margin:0 auto;padding:24px}
header p{color:#555}
nav ol{columns:2;padding-left:1.2em}
section{background:#fff;border-radius:8px;padding:16px 20px;margin:20px 0;
box-shadow:0 1px 3px rgba(0,0,0,.08)}
img{width:100%;height:auto;border:1px solid #eee}
h2 a{color:inherit;text-decoration:none}
li{margin:.3em 0}
footer{color:#777;font-size:.9em}
"""


def build_report(conn, out: Path, lang: str = "en") -> ReportSummary:
    """Write ``out/<chart>.png`` for every chart and ``out/index.html``; returns what it wrote."""
    from bot.i18n import fmt_int, t
    from bot.render_charts import finding_text
    from bot.render_help import freshness_text
    from core import eda, queries

    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    fresh = queries.freshness(conn)
    sections, images, count = [], [], 0
    cache = eda.ChartCache()
    for name in eda.CHART_NAMES:
        image = eda.chart(conn, name, None, lang, cache=cache)
        path = out / f"{name}.png"
        path.write_bytes(image.png)
        images.append(path)
        count += len(image.findings)
        items = "\n".join(f"<li>{finding_text(f, lang)}</li>" for f in image.findings)
        data = base64.b64encode(image.png).decode("ascii")
        title = t(lang, f"chart.{name}")
        sections.append(
            f'<section id="{name}"><h2><a href="#{name}">{title}</a></h2>\n'
            f'<img src="data:image/png;base64,{data}" width="{eda.WIDTH_PX}" '
            f'height="{eda.HEIGHT_PX}" alt="{html.escape(title)}">\n'
            f"<ul>\n{items}\n</ul>\n"
            f'<p><small><a href="{name}.png">{name}.png</a></small></p></section>'
        )
    contents = "\n".join(
        f'<li><a href="#{name}">{t(lang, f"chart.{name}")}</a></li>' for name in eda.CHART_NAMES
    )
    intro = t(
        lang,
        "report.intro",
        titles=fmt_int(fresh.titles, lang),
        ratings=fmt_int(fresh.ratings, lang),
        when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    intro += " " + freshness_text(fresh, lang)
    page = out / PAGE
    page.write_text(
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{t(lang, 'report.title')}</title><style>{_CSS}</style></head>\n"
        f"<body><main><header><h1>{t(lang, 'report.title')}</h1>\n"
        f"<p>{intro}</p></header>\n"
        f"<nav><h2>{t(lang, 'report.contents')}</h2><ol>{contents}</ol></nav>\n"
        + "\n".join(sections)
        + f"\n<footer><p>{t(lang, 'report.footer')}</p></footer></main></body></html>\n",
        encoding="utf-8",
    )
    return ReportSummary(page, tuple(images), count, time.perf_counter() - started)


def _cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from core.db import connect
    from core.queries.support import support_token
    from core.refresh import refresh_derived

    db = Path(args.db or settings.db_path)
    if not db.is_file():
        print(f"streambot: no database at {db}: run `streambot etl` (or `make run`) first.")
        return 2
    conn = connect(db)
    try:
        support_token(conn)  # raises QuerySupportMissing (what to run) on an unloaded database
        for done in refresh_derived(conn):  # chat ratings may be newer than the last load
            if done.changed:
                print(f"Updated the {done.prefix}* tables in {done.seconds:.1f} s")
        summary = build_report(conn, Path(args.out), args.lang)
    finally:
        conn.close()
    print(
        f"Wrote {len(summary.images)} charts and {summary.findings} findings in "
        f"{summary.seconds:.1f} s:\n  {summary.page}  (open it in a browser; it is "
        f"self-contained)\n  {Path(args.out)}/*.png"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``streambot report [--out DIR] [--db PATH] [--lang en|es]``."""
    p = command(
        subparsers,
        "report",
        "write every chart and its findings to a self-contained HTML page",
        env=DATABASE,
    )
    p.add_argument(
        "--out", default=str(DEFAULT_OUT), help=f"folder to write to (default {DEFAULT_OUT})"
    )
    p.add_argument("--db", help="database path (default: $STREAMBOT_DB, else data/streambot.db)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the report")
    p.set_defaults(func=_cmd_report)
