"""/where (/donde), /compare, /worth and the inline mode, on the tiny catalog of
tests/test_where_data.py: through the router, and once end to end over PTB's HTTP path."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_asyncio

from bot.app import build_router
from bot.handlers.where import parse_platforms
from bot.inline import inline_results
from bot.router import Request
from bot.services import Services
from core.errors import UnknownPlatform
from core.etl import run_etl
from core.settings import Settings
from harness.fakebotapi import DEFAULT_USER_ID, FakeBotAPI
from tests.test_bot_e2e import running_bot
from tests.test_where_data import write_where_source


@pytest.fixture(scope="module")
def where_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("where_bot")
    run_etl(write_where_source(folder / "src"), folder / "where.db")
    return folder / "where.db"


@pytest.fixture(scope="module")
def services(where_db: Path):
    services = Services(Settings(db_path=where_db, models_dir=where_db.parent / "models"))
    yield services
    services.close()


@pytest.fixture(scope="module")
def router(services):
    return build_router(services)


def _ask(router, command: str, *args: str, lang: str = "en"):
    return router.dispatch(Request(command, args, lang=lang))


def test_where_lists_one_work_per_line_with_a_button_per_platform(router):
    reply = _ask(router, "where", "lion", "king")
    assert not reply.error
    header, *lines = reply.text.split("\n")
    assert header == "📍 Where to watch “lion king”:"
    assert lines[0] == ("1. <b>The Lion King</b> (2019) · movie · 118 min — Disney+, Hulu, Netflix")
    assert lines[1].startswith("2. <b>The Lion King</b> (1994)") and "only on Disney+" in lines[1]
    assert lines[2].startswith("3. <b>The Lion King 2: Simba's Pride</b> (1998)")
    first_work = [(b.text, b.data) for b in reply.buttons[0] + reply.buttons[1]]
    assert first_work == [
        ("1 · Disney+: The Lion King", "card:ds2"),
        ("1 · Hulu: Lion King", "card:hs1"),  # the title as Hulu lists it
        ("1 · Netflix: The Lion King", "card:ns1"),
    ]
    assert [b.text for b in reply.buttons[2]] == ["2 · Disney+: The Lion King"]


def test_a_long_button_label_is_cut_at_a_word():
    from bot.render_where import short_label

    label = short_label("3 · Disney+: The Lion King 2: Simba's Pride in Sleepy Town")
    assert label == "3 · Disney+: The Lion King 2: Simba's…" and len(label) <= 40
    assert short_label("1 · Hulu: Lion King") == "1 · Hulu: Lion King"


def test_a_where_button_opens_that_platforms_title_card(router):
    reply = router.press(Request("where"), "card:hs1")
    assert reply.text.startswith("🎬") and "Hulu" in reply.text


def test_donde_answers_in_spanish(router):
    reply = _ask(router, "donde", "only", "on", "netflix", lang="es")
    assert "Dónde ver" in reply.text and "solo en Netflix" in reply.text


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        ((), "en", "I need the title."),
        (("the",), "en", "only words like “the”"),
        (("de", "la"), "es", "solo tiene palabras como"),
        (("!!!",), "en", "/where &lt;title&gt;"),
    ],
)
def test_bad_where_queries_get_a_helpful_reply_with_the_usage(router, args, lang, expected):
    reply = _ask(router, "where", *args, lang=lang)
    assert reply.error and expected in reply.text
    assert ("/donde" if lang == "es" else "/where") + " the lion king" in reply.text


def test_where_says_when_nothing_matches(router):
    reply = _ask(router, "where", "zzqxv", "wvvpt")
    assert not reply.error and "No title matches" in reply.text


def test_compare_sends_a_chart_captioned_with_the_counts(router):
    reply = _ask(router, "compare", "netflix", "vs", "disney+")
    assert reply.photo is not None and reply.photo.startswith(b"\x89PNG")
    assert len(reply.text) <= 1024
    assert "On both: <b>1</b> (1 movie, 0 shows)" in reply.text
    assert "Only on Netflix: <b>5</b> (3 movies, 2 shows)" in reply.text
    assert "Only on Disney+: <b>2</b> (2 movies, 0 shows)" in reply.text
    # Disney+ labels no comedy here: a genre one side never uses is not a lead (issue 15.5).
    assert "Comedy" not in reply.text
    assert "Disney+ leads in Kids &amp; family (3 vs 2)" in reply.text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("netflix",), "I need the platform."),
        (("netflx", "hulu"), "Did you mean <b>netflix</b>?"),
        (("hulu", "hulu"), "not hulu twice"),
        (("hulu", "netflix", "disney"), "I didn't understand “disney” here."),
    ],
)
def test_bad_compare_arguments_get_a_helpful_reply(router, args, expected):
    reply = _ask(router, "compare", *args)
    assert reply.error and expected in reply.text and "/compare netflix hulu" in reply.text


def test_worth_answers_with_numbers_and_buttons(router):
    reply = _ask(router, "worth", "disney", "have", "netflix")
    assert "Is Disney+ worth adding</b> to Netflix?" in reply.text
    assert "Disney+ carries 3 works (a film or show once" in reply.text
    assert "<b>2</b> of them (66.7%) are not on Netflix: 2 movies and 0 shows" in reply.text
    assert "Most of it would be new to you." not in reply.text  # issue 15.14
    assert "nothing is rated by you" in reply.text  # no ratings: it says it cannot tell
    assert "best-known titles it adds" in reply.text and "card:ds1" in str(reply.buttons)


def test_worth_alone_compares_with_the_other_three(router):
    reply = _ask(router, "worth", "hulu", lang="es")
    assert "las otras tres plataformas" in reply.text
    assert "no están en Prime Video, Disney+ ni Netflix" in reply.text


def test_worth_refuses_a_platform_you_already_have(router):
    reply = _ask(router, "worth", "hulu", "tengo", "hulu", lang="es")
    assert reply.error and "Ya tienes hulu" in reply.text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("prime", "video", "and", "disney", "plus"), ["amazon", "disney"]),
        (("netflix,hulu",), ["netflix", "hulu"]),
        (("amazon", "prime", "video", "vs", "hulu"), ["amazon", "hulu"]),
    ],
)
def test_platform_lists_accept_multi_word_names_and_separators(args, expected):
    assert parse_platforms(args) == expected


def test_an_unknown_platform_in_a_list_is_named():
    with pytest.raises(UnknownPlatform):
        parse_platforms(("netflix", "hbo"))


def test_help_lists_the_new_commands(router):
    text = _ask(router, "help").text
    assert all(f"/{c} " in text for c in ("where", "compare", "worth"))
    assert "Also: /donde" in _ask(router, "help", "where").text


def test_inline_mode_shows_the_platforms_of_each_work(services):
    results = inline_results(services, "lion king", "en")
    first = results[0].to_dict()
    assert first["title"] == "The Lion King"
    assert first["description"] == "2019 · movie · Disney+, Hulu, Netflix"
    assert first["input_message_content"]["message_text"].startswith("🎬")
    assert inline_results(services, "the", "en")  # typing "the…" is not refused
    assert inline_results(services, "   ", "en") == []


@pytest_asyncio.fixture
async def server():
    async with FakeBotAPI(privacy_mode=False) as fake:
        yield fake


@pytest.mark.asyncio
async def test_where_and_compare_end_to_end(server, where_db):
    async with running_bot(server, where_db):
        server.send_text("/where lion king")
        listing = await server.next_reply(DEFAULT_USER_ID)
        assert "📍" in listing.text and listing.buttons
        server.press_button(listing, "card:hs1")
        card = await server.next_reply(DEFAULT_USER_ID)
        assert card.method == "editMessageText" and card.text.startswith("🎬")
        server.send_text("/compare netflix hulu")
        chart = await server.next_reply(DEFAULT_USER_ID)
        assert chart.method == "sendPhoto" and chart.photo.startswith(b"\x89PNG")
        assert "On both" in chart.caption
    assert server.unknown_calls == []
