"""/chart, /stats and ``streambot report``: photos through the router and through PTB's real
HTTP path against the fake Bot API, captions in both languages, and the HTML report."""

from __future__ import annotations

import argparse
import re
import string
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot import cli_report, render_charts
from bot.app import build_router
from bot.i18n import MESSAGES
from bot.router import CAPTION_LIMIT, Request
from bot.services import Services
from core import eda
from core.db import connect
from core.settings import Settings
from harness.db import copy_db
from harness.fakebotapi import DEFAULT_USER_ID, FakeBotAPI
from harness.fakebotapi_wire import image_size
from tests.test_bot_e2e import running_bot


@pytest.fixture(scope="module")
def eda_db(demo_db, tmp_path_factory):
    path = copy_db(demo_db, tmp_path_factory.mktemp("eda_bot") / "bot.db")
    conn = connect(path)
    eda.ensure_eda_support(conn)
    conn.close()
    return path


@pytest.fixture(scope="module")
def router(eda_db):
    services = Services(Settings(db_path=eda_db))
    yield build_router(services)
    services.close()


def _reply(router, text: str, lang: str = "en"):
    name, *args = text.lstrip("/").split()
    return router.dispatch(Request(command=name, args=tuple(args), lang=lang))


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_finding_code_has_a_sentence_with_cores_placeholders():
    for code, template in eda.TEMPLATES.items():
        entry = MESSAGES[f"eda.{code}"]
        assert _fields(entry["en"]) == _fields(entry["es"]) == _fields(template), code
    for name in eda.CHART_NAMES:
        assert f"chart.{name}" in MESSAGES


def test_chart_alone_lists_every_chart_as_a_button(router):
    reply = _reply(router, "/chart", "es")
    data = [b.data for row in reply.buttons for b in row]
    assert data == [f"chart:{name}" for name in eda.CHART_NAMES]
    assert reply.photo is None and "Gráficos" in reply.text


def test_a_chart_is_a_photo_captioned_with_its_findings_in_the_users_language(router):
    english = _reply(router, "/chart genres netflix")
    spanish = _reply(router, "/grafico genres netflix", "es")
    assert image_size(english.photo) == (eda.WIDTH_PX, eda.HEIGHT_PX)
    assert english.text.startswith(
        "<b>🎭 Top genres</b> · Netflix · <code>/chart genres</code>\n• Netflix's top genre is"
    )
    assert spanish.text.startswith(
        "<b>🎭 Géneros principales</b> · Netflix · <code>/grafico genres</code>\n• El género"
    )
    assert re.search(r"\d+,\d %", spanish.text)  # decimal comma
    assert all(len(r.text) <= 1024 for r in (english, spanish))
    views = [b.data for b in english.buttons[0]]
    assert views[0] == "chart:genres" and "chart:genres:netflix" not in views


def test_every_chart_caption_fits_a_photo(eda_db):
    with connect(eda_db) as conn:
        for name in eda.CHART_NAMES:
            image = eda.ChartImage(name, None, "es", b"png", eda.findings(conn, name))
            for lang in ("en", "es"):
                reply = render_charts.chart_reply(image, True, lang)
                assert 0 < len(reply.text) <= CAPTION_LIMIT, name
                assert reply.text.count("•") >= 1, name


def test_a_wrong_chart_name_suggests_the_closest(router):
    reply = _reply(router, "/chart scoers")
    assert reply.error and "<code>/chart scores</code>" in reply.text
    assert "Usage: <code>/chart" in reply.text
    reply = _reply(router, "/chart overlap hulu", "es")
    assert reply.error and "compara todas las plataformas" in reply.text


def test_stats_gives_the_key_numbers_and_a_chart(router, eda_db):
    everything = _reply(router, "/stats")
    assert everything.photo and everything.text.startswith("📊 <b>The four catalogs</b>")
    assert all(name in everything.text for name in ("Netflix", "Prime Video", "Disney+", "Hulu"))
    hulu = _reply(router, "/estadisticas hulu", "es")
    with connect(eda_db) as conn:
        (titles,) = conn.execute("SELECT count(*) FROM titles WHERE platform='hulu'").fetchone()
    assert f"🎬 {titles:,}".replace(",", ".") in hulu.text
    assert hulu.buttons[0][0].data == "stats:"


def test_chart_and_stats_are_in_help(router):
    listing = _reply(router, "/help").text
    assert "/chart [name] [platform]" in listing and "/stats [platform]" in listing


def test_the_report_writes_every_chart_and_a_self_contained_page(eda_db, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    cli_report.register(parser.add_subparsers())
    out = tmp_path / "report"
    args = parser.parse_args(["report", "--db", str(eda_db), "--out", str(out)])
    assert args.func(args, Settings()) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert sorted(p.stem for p in out.glob("*.png")) == sorted(eda.CHART_NAMES)
    assert page.count('src="data:image/png;base64,') == len(eda.CHART_NAMES)
    assert 'lang="en"' in page and "<li>" in page and 'src="http' not in page
    assert "index.html" in capsys.readouterr().out


# --- end to end: PTB over HTTP against the fake Bot API -------------------------------------


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(privacy_mode=False) as fake:
        yield fake


@pytest.mark.asyncio
async def test_chart_and_stats_arrive_as_photos_and_chart_buttons_send_photos(server, eda_db):
    async with running_bot(server, eda_db):
        server.send_text("/chart durations amazon")
        photo = await server.next_reply(DEFAULT_USER_ID, timeout=20)
        assert photo.method == "sendPhoto" and photo.parse_mode == "HTML"
        assert image_size(photo.photo) == (eda.WIDTH_PX, eda.HEIGHT_PX)
        assert photo.caption.startswith("⏱ Movie length · Prime Video")

        server.send_text("/chart", language_code="es")
        listing = await server.next_reply(DEFAULT_USER_ID)
        assert listing.method == "sendMessage" and len(listing.buttons) >= 7
        server.press_button(listing, "chart:mix")
        pressed = await server.next_reply(DEFAULT_USER_ID, timeout=20)
        assert pressed.method == "sendPhoto" and pressed.caption.startswith("🎬 Películas y series")

        server.send_text("/stats netflix")
        stats = await server.next_reply(DEFAULT_USER_ID, timeout=20)
        assert stats.method == "sendPhoto" and stats.caption.startswith("📊 Netflix")
        await server.wait_for_calls("answerCallbackQuery")
    assert server.unknown_calls == []
