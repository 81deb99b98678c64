"""The matcher's rules on hand-made records: title keys, names, and one decision per rule."""

from __future__ import annotations

import pytest

from core.where.describe import Descriptions
from core.where.grouping import group
from core.where.match import MOVIE, SHOW, Entry, judge
from core.where.normalize import title_key
from core.where.people import compare_people, crew


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pokémon", "POKEMON"),  # case and accents
        ("Æon Flux", "Aeon Flux"),  # letters Unicode does not decompose
        ("Spider-Man", "Spiderman"),  # punctuation and spacing
        ("WALL·E", "Wall-E"),
        ("The Lion King", "Lion King"),  # a leading article
        ("A Quiet Place", "Quiet Place"),
        ("Blood & Water", "Blood and Water"),  # "&" / "and"
        ("Tarzan II", "Tarzan 2"),  # Roman sequel numbers
        ("Patriot Games (4K UHD)", "Patriot Games"),  # edition tags
        ("Saaho (Kannada)", "Saaho"),
        ("Master (Telugu) [4K UHD]", "Master"),
        ("In Order of Disappearance [English Subtitled]", "In Order of Disappearance"),
        ("The Parent Trap (1961)", "The Parent Trap"),
        ("Marvel Studios' Black Panther", "Black Panther"),
    ],
)
def test_title_keys_ignore_what_catalogs_spell_differently(a, b):
    assert title_key(a).key == title_key(b).key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Cars", "Cars 2"),
        ("Lola & Virginia (volume 2)", "Lola & Virginia (volume 4)"),  # not an edition tag
        ("PJ Masks", "PJ Masks (Shorts)"),  # a tag that names another work
        ("A", "The"),
    ],
)
def test_title_keys_keep_different_titles_apart(a, b):
    assert title_key(a).key != title_key(b).key


def test_country_and_year_tags_leave_the_key_and_are_kept_beside_it():
    uk, us, plain = title_key("The Office (U.K.)"), title_key("Shameless (U.S.)"), title_key("X")
    assert (uk.key, uk.region, us.region, plain.region) == ("office", "uk", "us", None)
    kingdom = title_key("Kingdom (2012)")
    assert (kingdom.key, kingdom.year) == ("kingdom", 2012)


def test_the_dropped_article_is_remembered():
    assert title_key("The Soul").article == "the" and title_key("Soul").article is None
    assert title_key("The").key == "the"  # a one-word title keeps its only word


@pytest.mark.parametrize(
    ("a", "b", "state"),
    [
        ("francis ford coppola", "francis coppola", "match"),
        ("feng xiaogang", "xiaogang feng", "match"),
        ("rob dipple", "robb dipple", "match"),
        ("pierce brosnan (james bond)", "pierce brosnan", "match"),
        ("a.l. vijay", "a. l. vijay", "match"),
        ("hoyt yeatman iv", "hoyt yeatman", "match"),
        ("john smith", "john smithers", "conflict"),
        ("anna taylor", "anna wilson", "conflict"),
    ],
)
def test_names_match_across_spellings_but_not_across_people(a, b, state):
    assert compare_people(crew((a,)), crew((b,)))["state"] == state


def test_people_unknown_when_one_side_lists_nobody():
    assert compare_people(crew(("jon favreau",)), crew(()))["state"] == "unknown"


def _movie(tid: str, title: str, year: int, minutes: int | None, directors=(), cast=(), **kw):
    platform = {"n": "netflix", "d": "disney", "a": "amazon", "h": "hulu"}[tid[0]]
    return Entry(
        tid, platform, MOVIE, year, title, title_key(title), directors, cast, minutes, None, **kw
    )


def _show(tid: str, title: str, year: int, seasons: int, cast=(), **kw):
    platform = {"n": "netflix", "d": "disney", "a": "amazon", "h": "hulu"}[tid[0]]
    return Entry(tid, platform, SHOW, year, title, title_key(title), (), cast, None, seasons, **kw)


ORIGINAL = _movie(
    "ds1", "The Lion King", 1994, 89, ("roger allers", "rob minkoff"), ("james earl jones",)
)
REMAKE = _movie("ds2", "The Lion King", 2019, 118, ("jon favreau",), ("james earl jones",))


@pytest.mark.parametrize(
    ("a", "b", "same", "rule"),
    [
        (ORIGINAL, REMAKE, False, "year"),  # a remake: 25 years and another director
        (REMAKE, _movie("ns1", "The Lion King", 2019, 118, ("jon favreau",)), True, "people"),
        # The same film a year off, by the same director and cast: a catalog's wrong year.
        (
            _movie("as1", "Cloudburst", 2013, 93, ("thom fitzgerald",), ("olympia dukakis",)),
            _movie("ns1", "Cloudburst", 2011, 93, ("thom fitzgerald",), ("olympia dukakis",)),
            True,
            "people_not_year",
        ),
        # Hulu lists no people: the rest of the rows is weighed (year and length here).
        (REMAKE, _movie("hs1", "Lion King", 2019, 118), True, "evidence"),
        (REMAKE, _movie("hs1", "The Lion King", 2019, 60), False, "duration"),
        (
            _movie("as1", "Stalker", 2020, 61),
            _movie("hs1", "The Stalker", 2020, None),
            False,
            "article",
        ),
        (REMAKE, _show("hs1", "The Lion King", 2019, 1), False, "type"),
        (
            _movie("as1", "Monster", 2019, 99, ("nelson venkatesan",), ("sj surya",)),
            _movie("ns1", "Monster", 2019, 99, ("anthony mandler",), ("jennifer hudson",)),
            False,
            "people",
        ),
        # Shows are listed under their first or latest season's year.
        (_show("as1", "Vikings", 2020, 9), _show("hs1", "Vikings", 2013, 6), True, "show_years"),
        (_show("as1", "The Tick", 2019, 2), _show("hs1", "The Tick", 1994, 3), False, "show_year"),
        # Dubbed animation: the voice casts differ, the work is one.
        (
            _show("as1", "Sonic X", 2005, 3, ("jason griffith",), audience="animated"),
            _show("ns1", "Sonic X", 2003, 2, ("junichi kanemaru",), audience="animated"),
            True,
            "show_years",
        ),
        # A cartoon and a live-action thriller that share a title.
        (
            _show("ds1", "What If...?", 2021, 1, audience="animated"),
            _show("ns1", "What If", 2021, 1, audience="other"),
            False,
            "audience",
        ),
    ],
)
def test_judge_decides_each_rule(a, b, same, rule):
    verdict = judge(a, b)
    assert (verdict.same, verdict.rule) == (same, rule)
    assert verdict.evidence["titles"] == [a.title, b.title]


def test_title_variants_need_strong_people_evidence():
    ralph = ("rich moore", "phil johnston")
    cast = ("john c. reilly", "sarah silverman")
    a = _movie("ds1", "Ralph Breaks the Internet", 2018, 116, ralph, cast)
    b = _movie("ns1", "Ralph Breaks the Internet: Wreck-It Ralph 2", 2018, 113, ralph, cast)
    assert [w for w in group([a, b]).works] == [["ds1", "ns1"]]
    featurette = _movie("as1", "Ralph Breaks the Internet: Premiere", 2018, 5, ralph)
    sequel = _movie("as2", "Ralph Breaks the Internet 2", 2018, 116, ralph, cast)
    assert ["as1"] in group([a, featurette]).works
    assert ["as2"] in group([a, sequel]).works  # a sequel number is not a variant


def test_group_never_joins_two_titles_judged_different():
    """Hulu's "Lion King" matches either film on its own evidence; it joins the best match, and
    the two films stay apart."""
    hulu = _movie("hs1", "Lion King", 2019, 118)
    twin = _movie("ns1", "The Lion King", 2019, 118, ("someone else",), ("nobody",))
    result = group([REMAKE, hulu, twin])
    assert not any({"ds2", "ns1"} <= set(w) for w in result.works)
    decisions = {(p.a, p.b): p.decision for p in result.pairs}
    assert decisions[("ds2", "ns1")] == "apart"
    assert sorted(decisions.values()).count("blocked") == 1


def test_a_hand_override_beats_the_rules():
    result = group([ORIGINAL, REMAKE], {("ds1", "ds2"): (True, "merge them")})
    assert result.works == [["ds1", "ds2"]]
    assert result.pairs[0].verdict.rule == "override"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("chris bell", "christopher bell"),  # a short form that begins the full name
        ("matt smith", "matthew smith"),
        ("bob saget", "robert saget"),  # a common short form that does not
        ("mike leigh", "michael leigh"),
    ],
)
def test_names_match_across_short_and_full_first_names(a, b):
    assert compare_people(crew((a,)), crew((b,)))["state"] == "match"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("chris bell", "christopher hall"),  # the surname must be the same
        ("al bell", "alan bell"),  # two letters are too short to stand for a name
        ("bob saget", "richard saget"),
    ],
)
def test_short_first_names_do_not_match_other_people(a, b):
    assert compare_people(crew((a,)), crew((b,)))["state"] == "conflict"


def test_a_short_first_name_joins_one_documentary_listed_twice():
    a = _movie("as1", "Prescription Thugs", 2015, 86, ("christopher bell",), ("christopher bell",))
    b = _movie(
        "ns1", "Prescription Thugs", 2015, 86, ("chris bell", "josh alexander"), ("chris bell",)
    )
    assert (judge(a, b).same, judge(a, b).rule) == (True, "people")


def test_a_brand_credited_as_director_is_not_compared():
    """Prime credits the brand in the title as director; Netflix the person."""
    a = _movie("as1", "Pinkfong and Baby Shark's Space Adventure", 2019, 65, ("pinkfong",))
    b = _movie(
        "ns1",
        "Pinkfong & Baby Shark's Space Adventure",
        2019,
        65,
        ("byeon hee-sun",),
        ("jo kyoung-i",),
    )
    verdict = judge(a, b)
    assert (verdict.same, verdict.rule) == (True, "evidence")
    assert verdict.evidence["directors"]["state"] == "unknown"


def test_a_one_word_director_not_in_the_title_is_still_compared():
    a = _movie("as1", "Baby Shark Live", 2019, 65, ("pinkfong",))
    b = _movie("ns1", "Baby Shark Live", 2019, 65, ("byeon hee-sun",))
    assert (judge(a, b).same, judge(a, b).rule) == (False, "people")


def test_a_remake_sharing_its_title_with_the_brand_director_stays_apart():
    """Dropping an in-title credit leaves the other evidence in charge: a remake 25 years on,
    with another cast, is still another film."""
    a = _movie("ds1", "Pinkfong Adventure", 1994, 89, ("pinkfong",), ("anna lee",))
    b = _movie("ns1", "Pinkfong Adventure", 2019, 118, ("pinkfong",), ("tom hardy",))
    assert (judge(a, b).same, judge(a, b).rule) == (False, "people")


THE_GAME_2021 = _movie("as1", "The Game", 2021, 80, ("felipe bretas",), ("lipy adler",))
HULU_GAME = _movie("hs1", "The Game", 2021, None)


def test_title_and_year_alone_do_not_match_a_title_that_names_several_films():
    """Hulu lists no people and here no length: the title is all there is, and two other films
    carry it (1997, 2011)."""
    fincher = _movie("ns1", "The Game", 1997, 129, ("david fincher",), ("michael douglas",))
    bollywood = _movie("ns2", "Game", 2011, 135, ("abhinay deo",), ("abhishek bachchan",))
    verdict = judge(THE_GAME_2021, HULU_GAME, namesakes=True)
    assert (verdict.same, verdict.rule) == (False, "namesake")
    assert verdict.evidence["namesakes"] is True
    works = group([THE_GAME_2021, HULU_GAME, fincher, bollywood]).works
    assert ["as1"] in works and ["hs1"] in works


def test_title_and_year_alone_match_a_title_no_other_film_carries():
    assert group([THE_GAME_2021, HULU_GAME]).works == [["as1", "hs1"]]


def test_namesakes_do_not_stop_a_match_the_lengths_confirm():
    hulu = _movie("hs1", "The Game", 2021, 82)
    fincher = _movie("ns1", "The Game", 1997, 129, ("david fincher",), ("michael douglas",))
    assert ["as1", "hs1"] in group([THE_GAME_2021, hulu, fincher]).works


def test_a_show_listed_under_several_years_is_not_its_own_namesake():
    """One long-running show is often listed under the years of different seasons."""
    shows = [
        _show("as1", "Hoarders", 2012, 5, ("matt paxton",)),
        _show("hs1", "Hoarders", 2009, 7),
        _show("ns1", "Hoarders", 2020, 1),
    ]
    assert group(shows).works == [["as1", "hs1", "ns1"]]


def test_a_remake_stays_apart_though_its_people_share_short_forms_of_names():
    """Years apart only names written alike count: "Tom" / "Thomas" is loose evidence, so the
    people disagree."""
    a = _movie("as1", "The Nutty Doctor", 1990, 95, ("tom shadyac",), ("chris evans", "ann lee"))
    b = _movie(
        "ns1", "The Nutty Doctor", 2015, 96, ("thomas shadyac",), ("christopher evans", "anna lee")
    )
    assert (judge(a, b).same, judge(a, b).rule) == (False, "people")
    assert ["as1"] in group([a, b]).works


# --- descriptions ------------------------------------------------------------------------------

GYMNAST = (
    "A young gymnast and her devoted coach overcome injury to reach the national championship."
)
GYMNAST_AGAIN = (
    "With her coach beside her, a shy gymnast fights injury for a place at the national "
    "championship."
)
CUB = "A young lion prince flees his kingdom after his father's murder, then returns to claim it."
CUB_AGAIN = "After the murder of his father, a young lion prince flees, and returns to claim it."
HEIST = "Three retired thieves plan one last bank robbery in a snowbound mountain town."


def test_alike_descriptions_confirm_a_film_a_catalog_misdates():
    """Hulu lists no people; the other catalog dates the film three years earlier. Same length,
    and synopses about the same story."""
    hulu = _movie("hs1", "A Second Chance", 2014, 90, description=GYMNAST)
    other = _movie("ns1", "A Second Chance", 2011, 95, ("clay glen",), description=GYMNAST_AGAIN)
    verdict = judge(hulu, other)
    assert (verdict.same, verdict.rule) == (True, "description")
    assert verdict.evidence["description"]["similarity"] >= 0.3
    assert "gymnas" in verdict.evidence["description"]["shared"]
    assert group([hulu, other]).works == [["hs1", "ns1"]]


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        # A remake is described as its original: the year keeps them apart.
        (
            _movie("ds1", "The Lion King", 1994, 118, description=CUB),
            _movie("hs1", "The Lion King", 2019, 118, description=CUB_AGAIN),
            "year",
        ),
        (  # four years apart is beyond a catalog's wrong year
            _movie("as1", "A Second Chance", 2015, 90, description=GYMNAST),
            _movie("hs1", "A Second Chance", 2011, 90, description=GYMNAST_AGAIN),
            "year",
        ),
        (  # years apart, the lengths must agree too
            _movie("as1", "A Second Chance", 2013, 90, description=GYMNAST),
            _movie("hs1", "A Second Chance", 2011, 110, description=GYMNAST_AGAIN),
            "year",
        ),
        (
            _movie("as1", "A Second Chance", 2013, None, description=GYMNAST),
            _movie("hs1", "A Second Chance", 2011, 90, description=GYMNAST_AGAIN),
            "year",
        ),
        # People who disagree are decided first ("The Parent Trap" 1961 / 1998).
        (
            _movie("ds1", "The Lion King", 2019, 118, ("jon favreau",), description=CUB),
            _movie("ns1", "The Lion King", 2018, 118, ("roger allers",), description=CUB_AGAIN),
            "people",
        ),
        (  # lengths 1.5x apart are another film whatever the synopsis
            _movie("ds1", "The Lion King", 2019, 118, description=CUB),
            _movie("hs1", "The Lion King", 2019, 60, description=CUB_AGAIN),
            "duration",
        ),
        (  # synopses of another story
            _movie("as1", "A Second Chance", 2013, 90, description=GYMNAST),
            _movie("hs1", "A Second Chance", 2011, 90, description=HEIST),
            "year",
        ),
        # Never for shows: a revival is described as its original.
        (
            _show("as1", "Press Your Luck", 1984, 1, description=GYMNAST),
            _show("hs1", "Press Your Luck", 2019, 2, description=GYMNAST_AGAIN),
            "show_year",
        ),
    ],
)
def test_alike_descriptions_never_decide_alone(a, b, rule):
    verdict = judge(a, b)
    assert (verdict.same, verdict.rule) == (False, rule)


@pytest.mark.parametrize(
    ("a", "b", "namesakes"),
    [
        # Lengths 14 minutes apart (not 1.5x): a longer cut.
        (
            _movie("as1", "The Eagle", 1950, 104, ("lewis foster",), description=CUB),
            _movie("hs1", "The Eagle", 1950, 90, description=CUB_AGAIN),
            False,
        ),
        # No length, and the title names other films of other years.
        (THE_GAME_2021._replace(description=HEIST), HULU_GAME._replace(description=HEIST), True),
        # "Stalker" / "The Stalker", no length to confirm the article.
        (
            _movie("as1", "Stalker", 2020, 61, description=GYMNAST),
            _movie("hs1", "The Stalker", 2020, None, description=GYMNAST_AGAIN),
            False,
        ),
    ],
)
def test_alike_descriptions_stand_in_for_a_missing_length_or_people(a, b, namesakes):
    refused = judge(a._replace(description=""), b, namesakes=namesakes)
    assert not refused.same and refused.evidence["description"]["similarity"] == 0
    verdict = judge(a, b, namesakes=namesakes)
    assert (verdict.same, verdict.rule) == (True, "description")


def test_descriptions_are_not_compared_when_people_are_known():
    a = _movie(
        "as1", "A Second Chance", 2013, 90, ("clay glen",), ("nina pearce",), description=CUB
    )
    b = _movie("ns1", "A Second Chance", 2011, 90, ("clay glen",), ("nina pearce",))
    verdict = judge(a, b)
    assert verdict.rule == "people_not_year" and "description" not in verdict.evidence


def test_description_similarity_leaves_out_the_title_words():
    texts = ("The lion king roars at dawn.", "A lion king sleeps all day.")
    assert Descriptions(texts).similarity(*texts, ("lion", "king")) == (0.0, [])
    assert Descriptions(texts).similarity(*texts)[1] == ["king", "lion"]


def test_description_words_weigh_by_how_rare_they_are_in_the_catalog():
    """Sharing a word every synopsis uses says less than sharing a rare one."""
    catalog = [f"a family story number {n}, with {word}" for n, word in enumerate("xyzw" * 5)]
    catalog += ["family gymnast", "family juggler", "gymnast juggler"]
    descriptions = Descriptions(catalog)
    common, _ = descriptions.similarity("family gymnast", "family juggler")
    rare, _ = descriptions.similarity("family gymnast", "gymnast juggler")
    assert rare > common > 0
