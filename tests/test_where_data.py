"""Test data, no tests: a tiny four-platform catalog with a known answer for every ``core.where``
question (tests/test_where.py, tests/test_where_bot.py).

The works, as the matcher must find them:

==== ========================================= ========================== =========
work title                                     titles                     platforms
==== ========================================= ========================== =========
W1   The Lion King (2019)                      ns1, ds2, hs1 ("Lion King") 3
W2   The Lion King (1994): the original        ds1                        1
W3   The Lion King 2: Simba's Pride (sequel)   ds3                        1
W4   Pokémon: Detective Pikachu (accents)      ns2, as1 ("Pokemon")       2
W5   Spider-Man: Into the Spider-Verse         ns3, as2 ("Spiderman - …") 2
W6   Blood & Water / Blood and Water           ns4, as3                   2
W7   Only On Netflix                           ns5                        1
W8   The Office / Office (article, no people)  ns6, hs2                   2
W9   Amazon Alone                              as4                        1
W10  Hulu Only Show                            hs3                        1
==== ========================================= ========================== =========

Hulu lists no directors or cast, as in the real files.
"""

from __future__ import annotations

from pathlib import Path

from core.platforms import CATALOG_COLUMNS, PLATFORMS
from tests.conftest import catalog_row, write_csv, write_ratings


def _movie(sid: str, title: str, year: int, minutes: int, director: str, cast: str, genres: str):
    return catalog_row(
        sid,
        title,
        release_year=year,
        duration=f"{minutes} min",
        director=director,
        cast=cast,
        listed_in=genres,
    )


def _show(sid: str, title: str, year: int, seasons: int, cast: str, genres: str):
    return catalog_row(
        sid,
        title,
        type="TV Show",
        release_year=year,
        duration=f"{seasons} Season{'s' if seasons > 1 else ''}",
        director="",
        cast=cast,
        listed_in=genres,
    )


FAVREAU_CAST = "Donald Glover, Beyoncé, James Earl Jones"
ROWS = {
    "netflix": [
        _movie(
            "s1",
            "The Lion King",
            2019,
            118,
            "Jon Favreau",
            FAVREAU_CAST,
            "Children & Family Movies",
        ),
        _movie(
            "s2",
            "Pokémon: Detective Pikachu",
            2019,
            104,
            "Rob Letterman",
            "Ryan Reynolds, Justice Smith",
            "Children & Family Movies, Comedies",
        ),
        _movie(
            "s3",
            "Spider-Man: Into the Spider-Verse",
            2018,
            117,
            "Peter Ramsey",
            "Shameik Moore, Jake Johnson",
            "Action & Adventure",
        ),
        _show(
            "s4",
            "Blood & Water",
            2020,
            2,
            "Ama Qamata, Khosi Ngema",
            "International TV Shows, TV Dramas",
        ),
        _movie("s5", "Only On Netflix", 2015, 90, "Ann Solo", "Cy One", "Comedies"),
        _show("s6", "The Office", 2013, 9, "Steve Carell, John Krasinski", "TV Comedies"),
    ],
    "disney": [
        _movie(
            "s1",
            "The Lion King",
            1994,
            89,
            "Roger Allers, Rob Minkoff",
            "Matthew Broderick, James Earl Jones",
            "Animation, Family",
        ),
        _movie(
            "s2",
            "The Lion King",
            2019,
            118,
            "Jon Favreau",
            "Donald Glover, Beyoncé Knowles-Carter, James Earl Jones",
            "Action-Adventure, Family",
        ),
        _movie(
            "s3",
            "The Lion King 2: Simba's Pride",
            1998,
            81,
            "Darrell Rooney",
            "Matthew Broderick",
            "Animation, Family",
        ),
    ],
    "amazon": [
        _movie(
            "s1",
            "Pokemon: Detective Pikachu",
            2019,
            104,
            "Rob Letterman",
            "Ryan Reynolds, Justice Smith",
            "Kids, Comedy",
        ),
        _movie(
            "s2",
            "Spiderman - Into the Spider Verse",
            2018,
            117,
            "Peter Ramsey",
            "Shameik Moore, Jake Johnson",
            "Action, Animation",
        ),
        _show("s3", "Blood and Water", 2020, 2, "Ama Qamata, Khosi Ngema", "Drama"),
        _movie("s4", "Amazon Alone", 2017, 95, "Bo Ray", "Di Dee", "Drama"),
    ],
    "hulu": [
        _movie("s1", "Lion King", 2019, 118, "", "", "Family, Kids"),
        _show("s2", "Office", 2013, 9, "", "Comedy, Sitcom"),
        _show("s3", "Hulu Only Show", 2016, 1, "", "Reality"),
    ],
}

WORKS = [
    {"ns1", "ds2", "hs1"},
    {"ds1"},
    {"ds3"},
    {"ns2", "as1"},
    {"ns3", "as2"},
    {"ns4", "as3"},
    {"ns5"},
    {"ns6", "hs2"},
    {"as4"},
    {"hs3"},
]

# Scores: ds1 4.5 (two ratings), ds3 3.0, ds2 5.0, hs3 4.0.
RATINGS = [
    (1, 4.0, 1600000000, "ds1"),
    (2, 5.0, 1600000001, "ds1"),
    (1, 3.0, 1600000002, "ds3"),
    (3, 5.0, 1600000003, "ds2"),
    (3, 4.0, 1600000004, "hs3"),
]


def write_where_source(folder: Path) -> Path:
    """The four catalogs above and one ratings file, as the ETL reads them."""
    for platform in PLATFORMS:
        write_csv(folder / platform.file_name, CATALOG_COLUMNS, ROWS[platform.key])
    write_ratings(folder, "ratings_1.csv", RATINGS)
    return folder
