"""The matcher rules of issue 17 on hand-made records: evidence weighed where people are missing,
series across years and season casts, one platform's copies, other titles (reordered, spelt
alike, retitled, alternative), country and year tags, alternative titles, and the scoring of
labelled pairs."""

from __future__ import annotations

import pytest

from core.where.alternatives import alternative_titles, described, keys_of, with_alternatives
from core.where.entry import MOVIE, SHOW, Entry, maturity_of, nature_of
from core.where.evaluate import breakdown, score
from core.where.evidence import LENGTH, weigh
from core.where.grouping import group
from core.where.match import judge
from core.where.normalize import title_key

PLATFORM = {"n": "netflix", "d": "disney", "a": "amazon", "h": "hulu"}


def _movie(tid: str, title: str, year: int, minutes: int | None, directors=(), cast=(), **kw):
    return Entry(
        tid, PLATFORM[tid[0]], MOVIE, year, title, title_key(title), directors, cast, minutes, **kw
    )


def _show(tid: str, title: str, year: int, seasons: int, cast=(), **kw):
    return Entry(
        tid, PLATFORM[tid[0]], SHOW, year, title, title_key(title), (), cast, None, seasons, **kw
    )


def _verdict(a: Entry, b: Entry, relation: str | None = None) -> tuple[bool, str]:
    found = judge(a, b, relation)
    return found.same, found.rule


# --- one platform: copies, never sequels or shorts ----------------------------------------------

BUCK_LEE = ("chris buck", "jennifer lee")
FROZEN_CAST = ("kristen bell", "idina menzel", "josh gad")
FROZEN = _movie("ds1", "Frozen", 2013, 105, BUCK_LEE, FROZEN_CAST)
FEVER = _movie("ds2", "Frozen Fever", 2015, 11, BUCK_LEE, FROZEN_CAST)


def test_a_short_and_its_film_on_one_platform_are_two_works():
    assert _verdict(FROZEN, FEVER, "variant") == (False, "platform")
    netflix = _movie("ns1", "Frozen", 2013, 102, BUCK_LEE, FROZEN_CAST)
    assert group([FROZEN, FEVER, netflix]).works == [["ds1", "ns1"], ["ds2"]]


def test_a_short_on_another_platform_is_not_its_film_either():
    """Strong people but lengths 1.5x apart: another title is never the film."""
    other = _movie("ns1", "Frozen Fever", 2015, 11, BUCK_LEE, FROZEN_CAST)
    assert _verdict(FROZEN, other, "variant") == (False, "duration")


def test_a_wrong_merge_inside_one_platform_cannot_block_the_film_elsewhere():
    """Before, "Home Alone" and "Home Alone 2" (one platform, one director) were merged, and
    the merge then blocked Netflix's "Home Alone"."""
    columbus = ("chris columbus",)
    first = _movie("ds1", "Home Alone", 1990, 103, columbus, ("macaulay culkin",))
    second = _movie("ds2", "Home Alone 2", 1991, 104, columbus, ("macaulay culkin",))
    netflix = _movie("ns1", "Home Alone", 1990, 103, columbus, ("macaulay culkin",))
    assert group([first, second, netflix]).works == [["ds1", "ns1"], ["ds2"]]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("(Dub) Akira", "(Sub) Akira"),
        ("Lost en Español", "Lost"),
        ("Saaho (Tamil)", "Saaho (Hindi)"),
        ("Midsommar (4K UHD)", "Midsommar"),
    ],
)
def test_one_platforms_language_versions_and_copies_are_one_work(a, b):
    copy = _movie("hs1", a, 1988, 125, description="A psychic child escapes in Neo-Tokyo.")
    other = _movie("hs2", b, 1988, 125, description="A psychic child escapes in Neo-Tokyo.")
    assert _verdict(copy, other)[0] is True


def test_a_language_tag_does_not_join_another_film_of_that_name():
    """Netflix's "Seven (Tamil)" and Nigeria's "Seven": same year, close lengths, but nothing
    else in common."""
    tamil = _movie(
        "ns1", "Seven (Tamil)", 2019, 111, countries=frozenset({"india"}), description="A cop."
    )
    nigerian = _movie(
        "ns2", "Seven", 2019, 113, countries=frozenset({"nigeria"}), description="An heir."
    )
    assert _verdict(tamil, nigerian)[0] is False


# --- country and year tags ---------------------------------------------------------------------


def test_country_tags_tell_the_british_office_from_the_american():
    prime = _show("as1", "The Office", 2003, 2)
    uk = _show("hs1", "The Office (U.K.)", 2001, 3, countries=frozenset({"united kingdom"}))
    us = _show("ns1", "The Office (U.S.)", 2012, 9, ("steve carell",))
    assert _verdict(prime, uk) == (True, "show_years")
    assert _verdict(uk, us) == (False, "region")
    uk_listed = _show("ns2", "The Office", 2001, 3, countries=frozenset({"united states"}))
    assert _verdict(uk, uk_listed) == (False, "region")


def test_a_year_tag_names_one_of_several_works():
    """ "The Parent Trap (1961)", listed under 1962, is not a film of 1963, whatever else."""
    tagged = _movie("ds1", "The Parent Trap (1961)", 1962, 129, description="Twins swap.")
    other = _movie("hs1", "The Parent Trap", 1963, 129, description="Twins swap.")
    assert _verdict(tagged, other) == (False, "year")
    assert _verdict(tagged, other._replace(year=1961))[0] is True
    kingdom = _show("hs2", "Kingdom (2012)", 2012, 1)
    assert _verdict(kingdom, _show("ns1", "Kingdom", 2010, 2)) == (False, "year")


# --- films where nobody is known: evidence weighed ---------------------------------------------


def test_two_films_of_one_name_a_year_apart_stay_apart_when_nothing_else_agrees():
    """ "Then Came You": one length, but a year apart, synopses sharing nothing, and ratings of
    other levels (PG-13, TV-MA). Before, title, year ±1 and length were enough."""
    hulu = _movie(
        "hs1", "Then Came You", 2020, 98, maturity=2, description="A widow travels the world."
    )
    netflix = _movie(
        "ns1",
        "Then Came You",
        2019,
        97,
        ("peter hutchings",),
        ("asa butterfield",),
        maturity=3,
        description="A hypochondriac helps a dying teen with her bucket list.",
    )
    verdict = judge(hulu, netflix)
    assert (verdict.same, verdict.rule) == (False, "evidence")
    assert verdict.evidence["weighed"]["description"] < 0 < verdict.evidence["weighed"]["length"]


@pytest.mark.parametrize(
    ("extra_a", "extra_b", "why"),
    [
        ({"nature": "factual"}, {"nature": "fiction"}, "nature"),
        ({"countries": frozenset({"japan"})}, {"countries": frozenset({"peru"})}, "country"),
        ({"audience": "animated"}, {"audience": "other"}, "audience"),
    ],
)
def test_a_documentary_another_country_or_a_cartoon_weighs_against_one_work(extra_a, extra_b, why):
    a = _movie("hs1", "The Flood", 2018, 93, description="The delta floods.", **extra_a)
    b = _movie("ds1", "The Flood", 2018, 99, description="An officer questions.", **extra_b)
    verdict = judge(a, b)
    assert (verdict.same, verdict.rule) == (False, "evidence")
    assert verdict.evidence["weighed"][why] < 0


def test_one_film_with_nobody_listed_joins_on_what_agrees():
    hulu = _movie("hs1", "Odd Thomas", 2014, 97, maturity=2, description="A cook sees ghosts.")
    prime = _movie("as1", "Odd Thomas", 2014, 97, maturity=2, description="A clairvoyant cook.")
    verdict = judge(hulu, prime)
    assert (verdict.same, verdict.rule) == (True, "evidence")
    assert verdict.evidence["weighed"]["length"] == LENGTH["same"]


def test_weigh_counts_only_what_is_known():
    a, b = _movie("hs1", "X", 2020, None), _movie("ns1", "X", 2020, None)
    assert weigh(a, b, "same", "unknown", None).terms == {"prior": 2.0, "year": 0.7}


def test_a_cast_member_named_in_the_other_description_counts_as_shared():
    hulu = _movie("hs1", "Afro Samurai", 2009, 101, description="Starring Samuel L. Jackson.")
    netflix = _movie("ns1", "Afro Samurai", 2009, 101, ("fuminori kizaki",), ("samuel l. jackson",))
    verdict = judge(hulu, netflix)
    assert verdict.same and verdict.evidence["cast"]["described"] is True


def test_a_description_that_names_another_star_is_another_production():
    """Hulu's "Catherine the Great" says "Helen Mirren stars as…"; Prime's of 2015 lists a
    Russian cast: two series."""
    prime = _show("as1", "Catherine The Great", 2015, 1, ("yuliya snigir", "natalya surkova"))
    hulu = _show(
        "hs1", "Catherine the Great", 2019, 1, description="Helen Mirren stars as the monarch."
    )
    verdict = judge(prime, hulu)
    assert (verdict.same, verdict.rule) == (False, "people")
    assert verdict.evidence["cast"] == {"state": "conflict", "shared": [], "described": True}
    named = hulu._replace(description="Yuliya Snigir stars as the young empress.")
    assert _verdict(prime, named)[0] is True


def test_a_subtitle_one_listing_adds_joins_on_the_same_year_length_and_story():
    hulu = _movie(
        "hs1",
        "Chasing Trane: The John Coltrane Documentary",
        2016,
        99,
        description="A portrait of an artist whose music transforms lives.",
    )
    netflix = _movie(
        "ns1",
        "Chasing Trane",
        2016,
        99,
        ("john scheinfeld",),
        ("denzel washington",),
        description="Interviews and archival footage reveal the music of an artist.",
    )
    assert group([hulu, netflix]).works == [["hs1", "ns1"]]
    sequel = hulu._replace(id="hs2", year=2017, description=netflix.description)
    assert group([sequel, netflix]).works == [["hs2"], ["ns1"]]
    longer = hulu._replace(id="hs3", minutes=110)
    assert group([longer, netflix]).works == [["hs3"], ["ns1"]]


def test_a_complete_collection_listing_is_its_series():
    whole = _show(
        "as1",
        "HobbyKids Adventures by pocket.watch: The Complete Collection",
        2019,
        2,
        audience="animated",
        description="HobbyKids turn into superheroes to save the day.",
    )
    hulu = _show(
        "hs1",
        "HobbyKids Adventures by pocket.watch",
        2019,
        1,
        audience="other",
        description="HobbyKids turn into superheroes to save the day!",
    )
    assert whole.key.key == hulu.key.key and whole.key.edition
    assert _verdict(whole, hulu) == (True, "title_year")  # the labels disagree, the story not
    assert _verdict(whole, hulu._replace(description="A thriller.")) == (False, "audience")


# --- series -------------------------------------------------------------------------------------


def test_a_series_years_apart_joins_when_its_descriptions_agree():
    """Prime lists "Ghost Hunters" under 2011, Hulu under 2019 (the series' return)."""
    prime = _show("as1", "Ghost Hunters", 2011, 3, description="Plumbers hunt paranormal ghosts.")
    hulu = _show("hs1", "Ghost Hunters", 2019, 1, description="Paranormal plumbers return.")
    assert _verdict(prime, hulu) == (True, "show_years_described")
    reboot = prime._replace(title="Ghost Hunters (2011)", key=title_key("Ghost Hunters (2011)"))
    assert _verdict(reboot, hulu) == (False, "show_year")


def test_two_listings_of_a_long_show_may_cover_different_seasons():
    """ "Forensic Files": Hulu lists 7 seasons under 1996, Netflix 9 under 2011 (one run of
    1996-2011); a reboot with a few seasons that far apart stays apart."""
    hulu = _show("hs1", "Forensic Files", 1996, 7)
    netflix = _show("ns1", "Forensic Files", 2011, 9)
    assert _verdict(hulu, netflix) == (True, "show_years")
    assert _verdict(hulu._replace(seasons=2), netflix._replace(seasons=2))[0] is False


def test_a_reality_series_changes_its_cast_with_the_season():
    prime = _show("as1", "Married at First Sight", 2016, 3, ("neil bowlus",), nature="factual")
    netflix = _show("ns1", "Married at First Sight", 2019, 1, ("viviana coles",), nature="factual")
    assert _verdict(prime, netflix) == (True, "show_years")
    drama = prime._replace(nature="fiction")
    assert _verdict(drama, netflix._replace(nature="fiction")) == (False, "people")


def test_a_docuseries_is_not_a_scripted_drama_of_the_same_name():
    docs = _show("hs1", "Unsolved", 2019, 2, nature="factual", description="News reports.")
    drama = _show("ns1", "Unsolved", 2018, 1, ("josh duhamel",), nature="fiction")
    assert _verdict(docs, drama) == (False, "nature")


# --- other titles -------------------------------------------------------------------------------


def test_one_film_listed_with_its_words_in_another_order_is_one_work():
    rian = ("rian johnson",)
    cast = ("mark hamill", "carrie fisher", "adam driver")
    disney = _movie("ds1", "Star Wars: The Last Jedi (Episode VIII)", 2017, 152, rian, cast)
    netflix = _movie("ns1", "Star Wars: Episode VIII: The Last Jedi", 2017, 152, rian, cast)
    assert group([disney, netflix]).works == [["ds1", "ns1"]]


def test_a_special_spelt_one_letter_apart_joins_when_its_descriptions_share_something():
    a = _movie("as1", "Blippi's Spooky Spells Halloween", 2021, 41, description="A costume party.")
    b = _movie("hs1", "Blippi's Spooky Spell Halloween", 2021, 41, description="Costumes, candy.")
    assert group([a, b]).works == [["as1", "hs1"]]
    unrelated = b._replace(description="A nurse recovers from a war.")
    assert group([a, unrelated]).works == [["as1"], ["hs1"]]


def test_a_number_before_a_shared_subtitle_is_decoration():
    title = "Alpha and Omega 4: The Legend of the Saw Toothed Cave"
    a = _movie("hs1", title, 2014, 45, description="Wolf.")
    b = _movie(
        "ns1", "Alpha and Omega: The Legend of the Saw Tooth Cave", 2014, 45, description="Wolf."
    )
    assert group([a, b]).works == [["hs1", "ns1"]]
    sequel = _movie("ns2", "Alpha and Omega 5", 2014, 45, description="Wolf.")
    assert ["ns2"] in group([a._replace(title="Alpha and Omega"), sequel]).works


def test_a_stand_up_special_under_two_titles_is_one_work():
    a = _movie("as1", "Todd Glass: Talks About Stuff", 2012, 46, ("jay chapman",), ("todd glass",))
    b = _movie("ns1", "Todd Glass: Stand-Up Special", 2012, 46, ("jay chapman",), ("todd glass",))
    assert group([a, b]).works == [["as1", "ns1"]]
    other = _movie("ns2", "Todd Glass: Act Two", 2012, 46, ("jay chapman",), ("todd glass",))
    assert group([a, other]).works == [["as1"], ["ns2"]]


def test_a_translated_title_needs_the_people_the_year_the_length_and_the_story():
    moland = ("hans petter moland",)
    cast = ("stellan skarsgard", "bruno ganz", "pal sverre hagen")
    prime = _movie(
        "as1",
        "In Order of Disappearance [English Subtitled]",
        2014,
        117,
        moland,
        cast,
        description="A snowplough driver avenges his son's murder.",
    )
    netflix = _movie(
        "ns1", "Kraftidioten", 2014, 117, moland, cast, description="Nils hunts his son's killers."
    )
    assert group([prime, netflix]).works == [["as1", "ns1"]]
    rodriguez = ("robert rodriguez",)
    trio = ("antonio banderas", "danny trejo", "cheech marin")
    mexico = _movie("as2", "Once Upon a Time in Mexico", 2003, 102, rodriguez, trio)
    spy_kids = _movie("ns2", "Spy Kids 2: The Island of Lost Dreams", 2002, 100, rodriguez, trio)
    assert group([mexico, spy_kids]).works == [["as2"], ["ns2"]]


def test_two_titles_that_each_add_their_own_words_are_two_works():
    riley = ("leo riley",)
    voices = ("adrian pasdar", "fred tatasciore", "david kaye")
    a = _movie("ds1", "Iron Man & Hulk: Heroes United", 2014, 72, riley, voices)
    b = _movie("ns1", "Iron Man & Captain America: Heroes United", 2014, 72, riley, voices)
    assert group([a, b]).works == [["ds1"], ["ns1"]]


# --- alternative titles --------------------------------------------------------------------------


def test_a_title_carries_its_alternatives():
    assert title_key("Uzumaki (Spiral) (English subtitled)").alternatives == ("Uzumaki", "Spiral")
    assert title_key("Rebelion De Los Colgados Aka The Rebelion Of The Hanged").alternatives == (
        "Rebelion De Los Colgados",
        "The Rebelion Of The Hanged",
    )
    assert title_key("PJ Masks (Shorts)").alternatives == ()


def test_a_description_gives_an_alternative_right_after_the_title():
    text = "Amazing Detective Di Renjie 2, also known as Shen Tan Di Renjie 2, is the sequel."
    assert described("Detective Di Renjie 2 (HD)", text) == ("Shen Tan Di Renjie 2",)
    assert described("Ant-Man and the Wasp", "Scott Lang, aka Ant-Man, is drafted.") == ()


def test_the_curated_list_gives_spanish_and_english_titles():
    casa = _show("ns1", "La casa de papel", 2021, 5)
    lion = _movie("ds1", "The Lion King", 2019, 118)
    found = {(a.title_id, a.key) for a in alternative_titles([casa, lion])}
    assert {("ns1", "moneyheist"), ("ds1", "elreyleon"), ("ds1", "reyleon")} <= found
    assert keys_of("El rey león") == ("elreyleon", "reyleon")
    entries = with_alternatives([casa, lion])
    assert "moneyheist" in entries[0].alt_keys and "elreyleon" in entries[1].alt_keys


def test_an_alternative_title_finds_the_film_on_another_platform():
    prime = _movie("as1", "Uzumaki (Spiral)", 2000, 91, ("higuchinsky",), ("eriko hatsune",))
    netflix = _movie("ns1", "Spiral", 2000, 90, ("higuchinsky",), ("eriko hatsune",))
    assert group(with_alternatives([prime, netflix])).works == [["as1", "ns1"]]


# --- facts of one row, and the scoring of labelled pairs ---------------------------------------


def test_ratings_and_genre_labels_are_read_as_levels_and_kinds():
    assert (maturity_of("TV-MA"), maturity_of("R"), maturity_of("13+")) == (3, 3, 2)
    assert maturity_of("NR") is None and maturity_of("g") is None  # "g" fills missing ratings
    assert nature_of("Documentaries, Docuseries") == "factual"
    assert nature_of("Crime TV Shows, TV Dramas") == "fiction"
    assert nature_of("Stand-Up Comedy") == "factual" and nature_of("Comedy") is None


def test_labelled_pairs_are_scored_per_round_and_stratum():
    work_of = {"a": 1, "b": 1, "c": 2, "d": 3}
    labels = [
        {"id_a": "a", "id_b": "b", "same": "1", "round": "5", "stratum": "exact"},
        {"id_a": "a", "id_b": "c", "same": "1", "round": "5", "stratum": "people"},
        {"id_a": "c", "id_b": "d", "same": "0", "round": "6", "stratum": "people"},
    ]
    result = score(labels, work_of)
    assert (result.tp, result.fp, result.fn, result.precision, result.recall) == (1, 0, 1, 1, 0.5)
    rows = dict(breakdown(labels, work_of))
    assert rows["stratum people"].recall == 0.0 and rows["round 6"].precision is None
    assert "round 5, stratum exact" in rows and "round 6, stratum exact" not in rows
