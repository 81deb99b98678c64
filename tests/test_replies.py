"""Every reply right (issue 15), through the router, on the real catalogs.

Each test is one item of the issue, asserting what a careful user reads: names as the catalogs
write them, one definition per number, no finding that chance or a naming difference explains,
the obvious titles first, every word of a command understood (or the one that was not named),
plurals, Spanish, buttons, and how recent the data is. The fake Bot API checks of the same
items (toasts, groups, plain text) are in ``tests/test_replies_bot.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import build_router
from bot.console import ask
from bot.i18n import join_words
from bot.router import Request
from bot.services import Services
from core import eda, where
from core.db import connect
from core.etl import run_etl
from core.platforms import CATALOG_COLUMNS, PLATFORMS
from core.settings import Settings
from tests.conftest import catalog_row, write_csv, write_ratings

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def services(real_demo_db: Path):
    services = Services(Settings(db_path=real_demo_db, models_dir=real_demo_db.parent / "m"))
    yield services
    services.close()


@pytest.fixture(scope="module")
def router(services):
    return build_router(services)


def _ask(router, text: str, lang: str = "en", **request):
    name, *args = text.lstrip("/").split()
    return router.dispatch(Request(command=name, args=tuple(args), lang=lang, **request))


def _buttons(reply) -> list:
    return [b for row in reply.buttons for b in row]


# --- 1. casing ---------------------------------------------------------------------------------


def test_cards_and_actors_show_names_and_descriptions_as_the_catalogs_write_them(router):
    frozen = _ask(router, "/title ds904").text
    assert "Anna and Kristoff brave the elements, racing to save Elsa" in frozen
    assert "Lin-Manuel Miranda" in _ask(router, "/title ds476").text  # not "Lin-manuel"
    assert "<b>Barton MacLane</b>" in _ask(router, "/actor amazon 1943").text


# --- 2. placeholders ---------------------------------------------------------------------------


def test_placeholder_rows_never_answer_but_still_count(router):
    actor = _ask(router, "/get_actor amazon 2021").text
    assert "<b>1</b>" not in actor and "Om Nom" in actor
    found = _ask(router, "/search title before 1c onboarding").text.splitlines()[1:]
    assert found and not any("onboarding" in line.lower() for line in found)
    assert "9,668" in _ask(router, "/count amazon").text  # the seed's count keeps them
    card = _ask(router, "/title as6417").text
    assert "placeholder in the catalog" in card


# --- 3. one definition per number, named ---------------------------------------------------------


def test_count_and_worth_name_what_they_count(router):
    count = _ask(router, "/count disney").text
    worth = _ask(router, "/worth disney").text
    assert "Disney+'s catalog lists 1,450 titles" in count and "count a film once" in count
    works = int(re.search(r"Disney\+ carries ([\d,]+) works", worth)[1].replace(",", ""))
    assert works < 1450 and "a film or show once" in worth


def test_compare_and_the_report_count_shared_works_the_same_way(router, services):
    reply = _ask(router, "/compare netflix hulu").text
    both = int(re.search(r"On both: <b>([\d,]+)</b>", reply)[1].replace(",", ""))
    overlap = eda.findings(services.conn(), "overlap")
    data = eda.registry.CHARTS["overlap"].load(services.conn())
    assert data.pair("netflix", "hulu") == both
    assert "as /compare counts it" in next(f.text for f in overlap if f.code == "overlap_total")


# --- 4. derived tables after every load --------------------------------------------------------


def test_rating_charts_work_on_a_database_only_the_etl_has_loaded(router):
    for name in ("users", "activity"):
        reply = _ask(router, f"/chart {name}")
        assert not reply.error and reply.photo is not None, reply.text
        assert "empty" not in reply.text


# --- 5. findings that are noise -------------------------------------------------------------


def _tied_db(folder: Path) -> Path:
    """Four platforms whose every title has the same ten ratings: no platform and no genre
    scores higher than another."""
    source = folder / "src"
    ratings, titles = [], []
    for p in PLATFORMS:
        rows = []
        for i in range(1, 61):
            genre = "Dramas" if i % 2 else "Comedies"
            rows.append(catalog_row(f"s{i}", f"{p.display} Film {i}", listed_in=genre))
            titles.append(f"{p.prefix}s{i}")
        write_csv(source / p.file_name, CATALOG_COLUMNS, rows)
    for user, value in enumerate((2.0, 2.5, 3.0, 3.5, 3.5, 4.0, 4.0, 4.5, 5.0, 3.0), 1):
        ratings += [(user, value, 1_600_000_000, t) for t in titles]
    write_ratings(source, "ratings_1.csv", ratings)
    run_etl(source, folder / "tied.db")
    return folder / "tied.db"


def test_a_tie_is_reported_as_a_tie_in_the_bot_and_the_report(tmp_path):
    db = _tied_db(tmp_path)
    services = Services(Settings(db_path=db, models_dir=tmp_path / "m"))
    try:
        router = build_router(services)
        scores = _ask(router, "/chart scores").text
        genres = _ask(router, "/chart score_genre").text
    finally:
        services.close()
    assert "scores highest" not in scores and "No platform scores higher" in scores
    assert "scores highest" not in genres and "No genre scores apart" in genres
    from bot.cli_report import build_report

    with connect(db) as conn:
        page = build_report(conn, tmp_path / "report").page.read_text(encoding="utf-8")
    assert "scores highest" not in page and "No platform scores higher" in page
    assert "beyond chance" in page  # the rule is stated


def test_real_findings_state_how_a_difference_was_judged(router):
    caption = _ask(router, "/chart scores").text
    assert "95% intervals" in caption
    genres = _ask(router, "/chart genres").text
    assert "is only on" not in genres  # a label one platform alone uses is no finding


# --- 6. newlines inside titles -------------------------------------------------------------


def test_a_title_with_a_line_break_stays_on_one_line(router):
    reply = _ask(router, "/search memphis belle flying fortress")
    assert "A Story of a Flying Fortress" in reply.text
    assert all("\n" not in b.text for b in _buttons(reply))


def test_a_title_that_carries_its_year_shows_the_year_once(router):
    """Disney+ lists "Aladdin (1992)" beside "Aladdin (2019)"; lines say "title (year)"."""
    replies = [
        _ask(router, "/search aladdin").text,
        _ask(router, "/title ds719").text,
        _ask(router, "/where aladdin").text,
    ]
    for text in replies:
        plain = re.sub(r"<[^>]+>", "", text)
        assert "(1992) (1992)" not in plain and "(2019) (2019)" not in plain, text
    assert "<b>Aladdin</b> (1992)" in replies[1], replies[1]
    assert "Aladdin</b> (1992" in replies[0] and "Aladdin</b> (2019" in replies[0], replies[0]


# --- 7. ranking ----------------------------------------------------------------------------


def test_search_puts_the_obvious_titles_first(router):
    lines = _ask(router, "/search star wars").text.splitlines()[1:]
    assert sum("(Episode" in line or "Episode V" in line for line in lines) >= 5, lines
    matrix = _ask(router, "/search <b>matrix</b>").text.splitlines()
    assert matrix[1].startswith("1. <b>The Matrix</b>")


def test_a_title_on_none_of_the_four_is_said_to_be_on_none(router):
    where_text = _ask(router, "/where game of thrones").text
    assert where_text.startswith("📍 No title called “game of thrones” is on Netflix")
    search_text = _ask(router, "/search game of thrones").text
    assert search_text.startswith("🔎 No title is called “game of thrones”")
    assert _ask(router, "/where stranger things").text.startswith("📍 Where to watch")


# --- 8. ties are counted, and the rest said --------------------------------------------------


def test_a_long_tie_says_how_many_more_it_did_not_list(router):
    text = _ask(router, "/maxduration 2021 disney season").text
    assert "(55 titles tied)" in text and text.count("• ") == 20
    assert text.endswith("… and 35 more")


# --- 9. parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # /top's filters, as its reply states them (in the list's header, or in "No titles
        # · movies on Netflix have at least 12 ratings yet" when nothing qualifies).
        ("/top netflix película", "· movies on Netflix"),
        ("/maxduration 2018 netflix tv", "⏱ The show with the most seasons from 2018 on Netflix"),
        ("/title stranger things", "🎬 <b>Stranger Things</b>"),
        ("/top película 2019", "· movies from 2019"),
    ],
)
def test_every_word_is_tried_as_every_kind_of_argument(router, text, expected):
    reply = _ask(router, text)
    assert not reply.error and expected in reply.text.split("\n")[0], reply.text


@pytest.mark.parametrize(
    ("text", "named", "not_named"),
    [
        ("/count netflix hulu", "“hulu”", "“netflix hulu”"),
        ("/scorecount netflix abc 2018", "“abc” is not a score", "I need the score"),
        ("/actor netflix 2019 abc", "“abc”", "netflix 2019 abc"),
        ("/top netflix película extra", "“extra”", "“netflix película"),
    ],
)
def test_the_one_word_that_did_not_fit_is_named(router, text, named, not_named):
    reply = _ask(router, text)
    assert reply.error and named in reply.text and not_named not in reply.text, reply.text
    assert "Usage:" in reply.text


def test_a_mention_of_the_bot_among_the_arguments_is_ignored(router):
    text = ask(router, "/count @StreambotBot disney")
    assert text.startswith("📺 Disney+") and "@StreambotBot" not in text


# --- 11. plurals and grammar ------------------------------------------------------------------


def test_counts_agree_with_their_nouns(router):
    me = {"user_id": 91_501, "chat_id": 91_501}
    _ask(router, "/rate ns1 4", **me)
    assert "Your rating</b>" in _ask(router, "/myratings", **me).text
    assert "Tu valoración</b>" in _ask(router, "/misvaloraciones", "es", **me).text
    done = router.press(Request(command="button", **me), "forget:yes").text
    assert "1 rating, 0 watch-party memberships" in done
    word = _ask(router, "/word disney frozen").text
    assert re.search(r"\(\d+ movies?, \d+ shows?\)", word) and "1 movies" not in word


@pytest.mark.parametrize(
    ("items", "lang", "kind", "expected"),
    [
        (["Frozen", "Inside Out"], "es", "and", "Frozen e Inside Out"),
        (["padre", "hijo"], "es", "and", "padre e hijo"),
        (["agua", "hielo"], "es", "and", "agua y hielo"),
        (["siete", "ocho"], "es", "or", "siete u ocho"),
        (["<b>A</b>", "<b>Ícaro</b>"], "es", "and", "<b>A</b> e <b>Ícaro</b>"),
        (["A", "B", "C"], "en", "and", "A, B and C"),
    ],
)
def test_lists_are_joined_as_each_language_writes_them(items, lang, kind, expected):
    assert join_words(items, lang, kind) == expected


# --- 12. Spanish ---------------------------------------------------------------------------


def test_spanish_help_names_commands_in_spanish(router):
    text = _ask(router, "/ayuda", "es").text
    assert "/buscar &lt;texto&gt;" in text and "/search &lt;texto&gt;" not in text
    assert "/duracion [año] [plataforma] [min|temporada]" in text
    assert "/mejores [plataforma] [año] [película|serie]" in text
    detail = _ask(router, "/ayuda buscar", "es").text
    assert "<b>/buscar &lt;texto&gt;</b>" in detail and "También: /search" in detail
    assert "Ejemplo: <code>/buscar stranger things</code>" in detail
    error = _ask(router, "/buscar", "es").text
    assert "Uso: <code>/buscar &lt;texto&gt;</code>" in error


def test_spanish_names_the_watch_party_and_genres_in_spanish(router):
    group = {"chat_id": -91_600, "chat_type": "group", "user_id": 91_601}
    joined = _ask(router, "/unirme", "es", **group).text
    assert "sesión de cine" in joined and "grupo de película" not in joined
    card = _ask(router, "/titulo ds904", "es").text
    assert "Géneros: Animación, Infantil y familiar" in card and "Animation" not in card


# --- 13. buttons ---------------------------------------------------------------------------


def test_card_buttons_offer_half_stars_and_a_pressed_rating_is_a_toast(router):
    card = _ask(router, "/title ds904", user_id=91_701)
    data = [b.data for b in _buttons(card)]
    assert "rate:ds904:4.5" in data and "rate:ds904:0.5" in data and "rate:ds904:5" in data
    pressed = router.press(Request(command="button", user_id=91_701), "rate:ds904:4.5")
    assert pressed.toast == "Saved 4½★ for Frozen" and pressed.placement == "none"


def test_button_labels_are_cut_at_a_word(router):
    reply = _ask(router, "/maxduration 2018 amazon")
    label = _buttons(reply)[0].text
    assert label == "Soothing Surf at Del Norte for Sleep…"
    for button in _buttons(_ask(router, "/search frozen planet the epic journey")):
        words = button.text.rstrip("…").split()
        assert all(w in button.text for w in words) and len(button.text) <= 40


def test_chart_buttons_show_the_name_to_type(router):
    reply = _ask(router, "/chart")
    labels = [b.text for b in _buttons(reply)]
    assert labels[0] == "📅 Titles added per year · added"
    assert all(
        label.endswith(" · " + b.data.split(":")[1])
        for label, b in zip(labels, _buttons(reply), strict=True)
    )
    assert "<code>durations</code>" in reply.text


def test_a_card_opened_from_a_group_list_is_a_new_message(router):
    group = {"chat_id": -91_800, "chat_type": "group", "user_id": 91_801}
    pressed = router.press(Request(command="button", **group), "card:ds904")
    assert pressed.placement == "new" and pressed.text.startswith("🎬")
    private = router.press(Request(command="button", user_id=91_801), "card:ds904")
    assert private.placement == "edit"


# --- 14. /worth --------------------------------------------------------------------------------


def test_worth_rests_on_what_the_person_rated_and_names_best_known_titles(router):
    alone = _ask(router, "/worth disney", user_id=91_901).text
    assert "Most of it would be new to you" not in alone
    assert "nothing is rated by you" in alone
    assert "best-known titles it adds" in alone
    lines = [line for line in alone.splitlines() if re.match(r"\d\. ", line)]
    assert lines and all(" · movie" in line or " · show" in line for line in lines)
    me = {"user_id": 91_902, "chat_id": 91_902}
    _ask(router, "/rate ds904 5", **me)  # Frozen: only on Disney+
    _ask(router, "/rate ds605 4.5", **me)  # Frozen 2
    rated = _ask(router, "/worth disney have netflix", **me).text
    assert "Of the 2 titles rated 4★ or more by you, <b>2</b> are on Disney+" in rated
    assert "In the genres you like most" in rated
    spanish = _ask(router, "/vale disney tengo netflix", "es", **me).text
    assert "En los géneros que más te gustan" in spanish and "por ti (" not in spanish


def test_worth_names_the_titles_most_real_people_know(services, router):
    """Issue 15.14: for Disney+, the films people would name (Star Wars, Pixar), counted from
    the real taste (``t_fans``), not the ones with the busiest lead actors."""
    result = where.what_adds(services.conn(), ["netflix", "amazon", "hulu"], "disney")
    assert result.best_by == "people"
    names = [t.display_title for t in result.best]
    assert names[0] == "Star Wars: A New Hope (Episode IV)" and "Toy Story" in names
    assert [t.reach for t in result.best] == sorted((t.reach for t in result.best), reverse=True)
    text = _ask(router, "/worth disney", user_id=91_903).text
    assert "the ones most real people rated, on MovieLens" in text and "Toy Story" in text
    assert "en MovieLens" in _ask(router, "/worth disney", "es", user_id=91_903).text


def test_worth_best_known_titles_are_films_and_series_not_shorts(services):
    result = where.what_adds(services.conn(), ["netflix", "amazon", "hulu"], "disney")
    assert len(result.best) == 5
    minutes = dict(
        services.conn()
        .execute(
            f"SELECT id, duration_int FROM q_titles WHERE duration_type = 'min' AND id IN "
            f"({','.join('?' * len(result.best))})",
            [t.id for t in result.best],
        )
        .fetchall()
    )
    assert all(m >= 60 for m in minutes.values()), minutes


# --- 16. how recent the data is ---------------------------------------------------------------


def test_start_help_and_report_say_once_how_recent_the_data_is(router, real_demo_db, tmp_path):
    start = _ask(router, "/start").text
    assert "the catalogs as published up to November 2021" in start
    assert "The dataset's ratings run to" in start
    assert "published up to November 2021" in _ask(router, "/help").text
    assert "publicados hasta noviembre de 2021" in _ask(router, "/ayuda", "es").text
    from bot.cli_report import build_report

    with connect(real_demo_db) as conn:
        page = build_report(conn, tmp_path / "r").page.read_text(encoding="utf-8")
    assert page.count("published up to November 2021") == 1


# --- 17. the console ---------------------------------------------------------------------------


def test_the_console_prints_replies_and_never_a_log_line(real_demo_db, tmp_path):
    db = tmp_path / "console.db"
    db.write_bytes(real_demo_db.read_bytes())
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "console"],
        input="/recommend\n/count hulu\n/quit\n",
        env={"STREAMBOT_DB": str(db), "STREAMBOT_MODELS_DIR": str(tmp_path / "m"), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "📺 Hulu" in out.stdout  # the replies are there
    logged = "answering with popularity"  # what /recommend logs without a trained model
    assert logged not in out.stdout and logged not in out.stderr
    assert "answering with popularity" in (tmp_path / "streambot.log").read_text()


def test_the_grammar_table_in_the_docs_names_every_kind_of_word():
    from bot.args import KINDS

    docs = (Path(__file__).resolve().parents[1] / "docs" / "commands.md").read_text()
    for kind in KINDS:
        assert f"\n| {kind.replace('_', ' ')} |" in docs, kind
