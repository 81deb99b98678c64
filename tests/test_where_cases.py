"""The mistakes issue 17 names, each on the real catalogs (shipped in data/titles): through the
router where a person would see them (/where, /donde), and as works where only the grouping
shows them. Every test here failed on the matcher before issue 17."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_asyncio

from bot.app import build_router
from bot.router import Request
from bot.services import Services
from core import db as dbmod
from core.etl import run_etl
from core.settings import Settings
from harness.fakebotapi import DEFAULT_USER_ID, FakeBotAPI
from tests.test_bot_e2e import running_bot

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def real_db(real_titles_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("where_cases") / "real.db"
    run_etl(real_titles_dir, db)
    return db


@pytest.fixture(scope="module")
def router(real_db: Path):
    services = Services(Settings(db_path=real_db, models_dir=real_db.parent / "models"))
    yield build_router(services)
    services.close()


@pytest.fixture(scope="module")
def work_of(real_db: Path) -> dict[str, int]:
    conn = dbmod.connect(real_db, readonly=True)
    try:
        return dict(conn.execute("SELECT title_id, work_id FROM w_members"))
    finally:
        conn.close()


def _where(router, *words: str, command: str = "where", lang: str = "en"):
    reply = router.dispatch(Request(command, words, lang=lang))
    assert not reply.error, reply.text
    return reply.text.split("\n")[1:], [b for row in reply.buttons for b in row]


def test_a_short_is_never_folded_into_its_film(router):
    """/where frozen listed "Frozen (2013)" and "Frozen Fever" (2015, 11 min) as one work, and
    its button "1. Disney+" opened Frozen Fever."""
    lines, buttons = _where(router, "frozen")
    frozen = next(line for line in lines if "<b>Frozen</b> (2013)" in line)
    fever = next(line for line in lines if "<b>Frozen Fever</b> (2015)" in line)
    assert frozen != fever and "105 min" in frozen and "11 min" in fever
    opens = {b.text.split(" · ", 1)[1]: b.data for b in buttons}
    assert opens["Disney+: Frozen"] == "card:ds904"
    assert opens["Disney+: Frozen Fever"] == "card:ds22"


def test_one_film_listed_with_its_words_in_another_order_is_one_work(router):
    """ "Star Wars: Episode VIII: The Last Jedi" (Netflix) and "Star Wars: The Last Jedi
    (Episode VIII)" (Disney+) were each "only on" their platform."""
    lines, buttons = _where(router, "the", "last", "jedi")
    assert lines[0].startswith("1. <b>Star Wars") and lines[0].endswith("— Disney+, Netflix")
    disney, netflix = (b for b in buttons if b.text.startswith("1 · "))
    assert disney.text.startswith("1 · Disney+: Star Wars: The Last Jedi")
    assert netflix.text.startswith("1 · Netflix: Star Wars: Episode VIII")
    assert (disney.data, netflix.data) == ("card:ds676", "card:ns8083")


def test_the_british_office_is_one_work_and_the_american_another(router):
    """Prime's "The Office" (2003, Gervais, Freeman) and Hulu's "The Office (U.K.)" (2001)
    were each "only on …"; Netflix's "The Office (U.S.)" is the American remake."""
    lines, _ = _where(router, "the", "office")
    british = [line for line in lines if "Prime Video, Hulu" in line]
    american = [line for line in lines if "The Office (U.S.)" in line]
    assert len(british) == 1 and "<b>The Office</b>" in british[0]
    assert len(american) == 1 and "only on Netflix" in american[0]


def test_money_heist_finds_la_casa_de_papel(router):
    lines, buttons = _where(router, "money", "heist")
    assert lines[0].startswith("1. <b>La casa de papel</b> (2021)")
    assert lines[0].endswith("also known as “Money Heist”")
    assert buttons[0].data == "card:ns110"


def test_el_rey_leon_finds_the_lion_king_in_spanish(router):
    """/donde el rey leon answered "El Clon"."""
    lines, buttons = _where(router, "el", "rey", "leon", command="donde", lang="es")
    assert lines[0].startswith("1. <b>The Lion King</b> (2019)")
    assert lines[0].endswith("también llamada «El rey león»")
    assert buttons[0].data == "card:ds632"
    assert not any("El Clon" in line for line in lines)


@pytest.mark.parametrize(
    "ids",
    [
        ("as6334", "hs1553"),  # "Ghost Hunters": Prime 2011 (3 seasons), Hulu 2019 (its return)
        ("hs938", "ns1549"),  # "The Challenge": 1998 and 2006, same MTV series
        ("as1731", "hs613", "ns7409"),  # "Married at First Sight": the experts change
        ("as2726", "ns6561"),  # "Dangerous Roads": each season its own presenters
    ],
)
def test_a_series_listed_under_other_years_and_season_casts_is_one_work(work_of, ids):
    assert len({work_of[i] for i in ids}) == 1


@pytest.mark.parametrize(
    "ids",
    [
        ("hs2739", "hs2740"),  # "(Dub) Akira" and "(Sub) Akira"
        ("hs2486", "hs2487"),  # "(Dub) / (Sub) Sword Art Online: The Movie - Ordinal Scale"
        ("hs1850", "ns526"),  # "My Little Pony: Friendship is Magic en Español" / Netflix's
        ("hs2460", "hs2568"),  # "Lost en Español" and "Lost"
        ("ds455", "ns7068", "ns8361"),  # "Incredibles 2", its "(Spanish Version)", "The …"
    ],
)
def test_dubbed_subtitled_and_spanish_listings_join_their_work(work_of, ids):
    assert len({work_of[i] for i in ids}) == 1


def test_a_stand_up_special_under_two_titles_is_one_work(work_of):
    """ "Todd Glass: Talks About Stuff" (Prime) and "Todd Glass: Stand-Up Special" (Netflix):
    same performer, director, year and length."""
    assert work_of["as317"] == work_of["ns4249"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ds1275", "hs1487"),  # "The Flood": a Botswana nature documentary, a UK drama
        ("hs1725", "ns5477"),  # "Blame": a US drama, the Japanese anime "BLAME!"
        ("hs29", "ns4080"),  # "Unsolved": a news docuseries, a scripted crime drama
        ("hs984", "ns824"),  # "Then Came You": a widow's trip, a hypochondriac's bucket list
        ("as2897", "hs1960"),  # "Catherine the Great": Russian 2015, Helen Mirren's 2019
    ],
)
def test_hulu_rows_without_people_stay_apart_when_the_rest_tells_them_apart(work_of, a, b):
    assert work_of[a] != work_of[b]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hs1919", "as1445"),  # "Odd Thomas", same year and length, synopses in other words
        ("hs1705", "ns2139"),  # "Christine" (2016), same length, countries and rating
        ("hs423", "ns6454"),  # "Chasing Trane" and its subtitled Hulu listing, 99 min, 2016
        ("as5991", "hs2022"),  # "HobbyKids Adventures…": "The Complete Collection" listing
    ],
)
def test_hulu_rows_without_people_still_join_their_film(work_of, a, b):
    assert work_of[a] == work_of[b]


@pytest.mark.parametrize(
    ("film", "sequel"),
    [
        ("ds365", "ds366"),  # "Home Alone" / "Home Alone 2: Lost in New York"
        ("as5323", "as4232"),  # "Sharknado" / "Sharknado 2: The Second One"
        ("ns602", "ns603"),  # "The Karate Kid" / "The Karate Kid Part II"
    ],
)
def test_a_film_and_its_sequel_on_one_platform_stay_two_works(work_of, film, sequel):
    assert work_of[film] != work_of[sequel]


@pytest_asyncio.fixture
async def server():
    async with FakeBotAPI(privacy_mode=False) as fake:
        yield fake


@pytest.mark.asyncio
async def test_the_frozen_fever_button_opens_frozen_fever_end_to_end(server, real_db):
    async with running_bot(server, real_db):
        server.send_text("/where frozen")
        listing = await server.next_reply(DEFAULT_USER_ID)
        assert "Frozen Fever (2015)" in listing.text
        server.press_button(listing, "card:ds22")
        card = await server.next_reply(DEFAULT_USER_ID)
        assert "Frozen Fever" in card.text and "11 min" in card.text
    assert server.unknown_calls == []
