"""Per-platform vocabularies and frequencies measured on the real Kaggle catalogs.

Why hard-coded: the generator must run where the real files are absent (CI, a fresh
clone), yet produce the same genre names, maturity labels and shares as the real
data, so ETL code and bot text written against the sample also work on the real
catalogs. The numbers are raw counts from /work/shared/data/titles (Nov 2023 copy);
the generator only uses them as relative weights.
"""

from __future__ import annotations

from dataclasses import dataclass

REAL_COUNTS: dict[str, int] = {"amazon": 9668, "disney": 1450, "hulu": 3073, "netflix": 8807}


@dataclass(frozen=True)
class PlatformStats:
    """What one real catalog looks like; every field is a count or a share from it."""

    movies: int  # number of Movie rows (the rest are TV shows)
    genres: dict[str, tuple[int, int]]  # genre -> (movie rows, TV rows)
    n_genres: tuple[int, ...]  # rows with 1, 2, 3 genres
    maturity: dict[str, int]  # label -> rows; "" means empty
    countries: dict[str, int]
    n_countries: tuple[int, ...]  # rows with 1, 2, ... countries
    null_share: dict[str, tuple[float, float]]  # column -> (movie, TV) share of empty
    n_directors: tuple[int, ...]
    n_cast: tuple[int, ...]  # rows with 1..20 cast members (the last bin is 20+)
    decades: dict[int, int]  # release decade -> rows
    added_years: dict[int, int]  # date_added year -> rows
    added_window: tuple[str, str]  # first and last date_added in the real file
    date_null: float
    minutes: tuple[int, ...]  # movie minutes at the _MINUTE_QUANTILES below
    seasons: dict[int, int]  # number of seasons -> TV rows
    sentences: tuple[int, int]  # description length in sentences (min, max)


MINUTE_QUANTILES: tuple[float, ...] = (0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1)
# Amazon's "sleep sound" / ambience videos: 27 of 7814 movies run 8-10 hours.
AMAZON_LONG_VIDEOS: tuple[int, ...] = (479, 480, 480, 481, 485, 540, 541, 541, 550, 601)
AMAZON_LONG_SHARE = 27 / 7814

# fmt: off
STATS: dict[str, PlatformStats] = {
    "amazon": PlatformStats(
        movies=7814,
        genres={
            "Drama": (3206, 481), "Comedy": (1821, 278), "Action": (1502, 155),
            "Suspense": (1381, 120), "Kids": (679, 406), "Documentary": (679, 314),
            "Special Interest": (707, 273), "Horror": (845, 30), "Romance": (592, 82),
            "Animation": (279, 268), "Arts, Entertainment, and Culture": (444, 39),
            "Science Fiction": (399, 58), "International": (284, 71), "TV Shows": (0, 263),
            "Adventure": (230, 29), "Western": (224, 10), "Sports": (106, 54),
            "Music Videos and Concerts": (149, 6), "Unscripted": (1, 151), "Arthouse": (140, 1),
            "LGBTQ": (91, 22), "Young Adult Audience": (75, 12), "Fitness": (72, 11),
            "Anime": (29, 51), "Fantasy": (51, 17), "Faith and Spirituality": (57, 9),
            "Military and War": (36, 8), "Historical": (12, 19), "Talk Show and Variety": (1, 13),
        },
        n_genres=(3889, 3883, 1896),
        maturity={
            "13+": 2117, "16+": 1547, "ALL": 1268, "18+": 1243, "R": 1010, "PG-13": 393,
            "7+": 385, "": 337, "PG": 253, "NR": 223, "TV-14": 208, "TV-PG": 169, "TV-NR": 105,
            "G": 93, "TV-G": 81, "TV-MA": 77, "TV-Y": 74, "TV-Y7": 39, "UNRATED": 33,
            "NC-17": 3, "AGES_18_": 3, "NOT_RATE": 3, "AGES_16_": 2, "16": 1, "ALL_AGES": 1,
        },
        countries={
            "United States": 334, "India": 246, "United Kingdom": 67, "Canada": 35,
            "France": 20, "Germany": 17, "Italy": 14, "Spain": 11, "Japan": 6, "China": 6,
            "Denmark": 6, "Australia": 6, "Brazil": 5, "Belgium": 5, "Switzerland": 4,
        },
        n_countries=(568, 72, 21, 6, 5),
        null_share={"director": (0.029, 1.0), "cast": (0.098, 0.253), "country": (0.927, 0.944)},
        n_directors=(7082, 438, 42, 7, 7),
        n_cast=(1023, 831, 1583, 1242, 1127, 697, 490, 333, 239, 217,
                130, 68, 61, 59, 59, 27, 27, 29, 22, 171),
        decades={1920: 22, 1930: 137, 1940: 173, 1950: 155, 1960: 139, 1970: 194,
                 1980: 299, 1990: 577, 2000: 1185, 2010: 4383, 2020: 2404},
        added_years={2021: 155},
        added_window=("2021-03-30", "2021-10-10"),
        date_null=9513 / 9668,
        minutes=(1, 10, 30, 49, 75, 91, 106, 130, 145, 171, 269),
        seasons={1: 1342, 2: 229, 3: 110, 4: 62, 5: 39, 6: 23, 7: 15, 8: 10, 9: 6, 10: 5,
                 11: 3, 12: 3, 14: 3, 15: 1, 19: 1, 21: 1, 29: 1},
        sentences=(2, 4),
    ),
    "disney": PlatformStats(
        movies=1052,
        genres={
            "Family": (533, 99), "Animation": (381, 161), "Comedy": (407, 119),
            "Action-Adventure": (314, 138), "Animals & Nature": (130, 78),
            "Coming of Age": (153, 52), "Fantasy": (158, 34), "Documentary": (174, 0),
            "Kids": (39, 102), "Drama": (121, 13), "Docuseries": (0, 122),
            "Science Fiction": (76, 15), "Historical": (38, 15), "Music": (38, 10),
            "Musical": (40, 4), "Sports": (38, 5), "Biographical": (41, 0), "Buddy": (24, 16),
            "Anthology": (7, 21), "Reality": (4, 22), "Romance": (19, 1), "Superhero": (16, 3),
            "Crime": (16, 0), "Variety": (7, 5), "Mystery": (8, 4),
            "Game Show / Competition": (0, 10), "Survival": (3, 6), "Parody": (7, 2),
            "Lifestyle": (3, 5), "Concert Film": (7, 0), "Western": (5, 2), "Medical": (2, 4),
            "Dance": (6, 0), "Thriller": (5, 0), "Anime": (0, 4), "Movies": (3, 0),
            "Spy/Espionage": (2, 1), "Series": (0, 3), "Romantic Comedy": (2, 0),
            "Soap Opera / Melodrama": (0, 2), "Disaster": (2, 0), "Police/Cop": (0, 1),
            "Talk Show": (0, 1), "Travel": (0, 1),
        },
        n_genres=(64, 312, 1074),
        maturity={
            "TV-G": 318, "TV-PG": 301, "G": 253, "PG": 236, "TV-Y7": 131, "TV-14": 79,
            "PG-13": 66, "TV-Y": 50, "TV-Y7-FV": 13, "": 3,
        },
        countries={
            "United States": 1184, "United Kingdom": 101, "Canada": 77, "Australia": 23,
            "France": 22, "South Korea": 13, "Japan": 10, "China": 10, "Germany": 9,
            "Ireland": 8, "Taiwan": 6, "India": 5, "Spain": 4, "Hong Kong": 4, "Mexico": 4,
        },
        n_countries=(1043, 131, 37, 9, 6, 2),
        null_share={"director": (0.071, 1.0), "cast": (0.113, 0.178), "country": (0.101, 0.284)},
        n_directors=(855, 100, 22),
        n_cast=(226, 57, 45, 49, 71, 811, 1),
        decades={1920: 1, 1930: 36, 1940: 41, 1950: 50, 1960: 29, 1970: 36,
                 1980: 49, 1990: 138, 2000: 277, 2010: 554, 2020: 239},
        added_years={2019: 765, 2020: 352, 2021: 330},
        added_window=("2019-10-01", "2021-11-26"),
        date_null=3 / 1450,
        minutes=(1, 2, 6, 8, 44, 85, 98, 116, 131, 152, 183),
        seasons={1: 219, 2: 82, 3: 45, 4: 24, 5: 11, 6: 3, 7: 5, 8: 2, 9: 2, 10: 2, 16: 1,
                 19: 1, 32: 1},
        sentences=(1, 1),
    ),
    "hulu": PlatformStats(
        movies=1484,
        genres={
            "Drama": (489, 418), "Comedy": (337, 330), "Adventure": (260, 296),
            "Action": (273, 282), "Documentaries": (278, 246), "Anime": (35, 294),
            "Horror": (258, 46), "Reality": (10, 237), "Thriller": (208, 23), "Crime": (74, 143),
            "International": (55, 161), "Family": (79, 126), "Romance": (134, 52),
            "Kids": (67, 95), "Lifestyle & Culture": (10, 145), "Sports": (80, 59),
            "Science Fiction": (72, 50), "Sitcom": (4, 114), "Black Stories": (58, 55),
            "News": (50, 56), "Latino": (14, 78), "Mystery": (38, 43), "Cooking & Food": (7, 73),
            "Music": (56, 23), "History": (33, 37), "LGBTQ+": (52, 15),
            "Science & Technology": (25, 23), "Adult Animation": (5, 32), "Classics": (15, 20),
            "Teen": (6, 28), "Cartoons": (5, 29), "Game Shows": (0, 18), "Stand Up": (10, 2),
            "Health & Wellness": (1, 7), "Late Night": (0, 4), "Sketch Comedy": (0, 3),
        },
        n_genres=(706, 1046, 1321),
        # Rows whose duration is missing are left out; the quirk step re-creates them.
        maturity={
            "TV-14": 664, "": 414, "TV-MA": 379, "R": 345, "TV-PG": 299, "PG-13": 163,
            "TV-G": 128, "PG": 105, "TV-Y7": 46, "TV-Y": 31, "G": 18, "NOT RATED": 1, "NR": 1,
        },
        countries={
            "United States": 1097, "Japan": 281, "United Kingdom": 200, "Canada": 88,
            "Germany": 41, "France": 40, "Australia": 36, "Sweden": 20, "Denmark": 17,
            "South Korea": 15, "Ireland": 14, "Belgium": 13, "Italy": 12, "Spain": 11,
            "Mexico": 9,
        },
        n_countries=(1397, 146, 36, 26, 10, 3, 1),
        null_share={"director": (1.0, 1.0), "cast": (1.0, 1.0), "country": (0.555, 0.396)},
        n_directors=(1,),
        n_cast=(1,),
        decades={1920: 1, 1930: 1, 1950: 20, 1960: 23, 1970: 29, 1980: 59, 1990: 151,
                 2000: 414, 2010: 1772, 2020: 603},
        added_years={2006: 1, 2008: 2, 2009: 7, 2010: 12, 2011: 16, 2012: 16, 2013: 34,
                     2014: 49, 2015: 69, 2016: 66, 2017: 197, 2018: 270, 2019: 406,
                     2020: 815, 2021: 1085},
        added_window=("2006-07-14", "2021-10-24"),
        date_null=28 / 3073,
        minutes=(1, 6, 72, 81, 89, 97, 109, 121, 130, 150, 192),
        seasons={1: 829, 2: 265, 3: 121, 4: 99, 5: 80, 6: 56, 7: 46, 8: 20, 9: 17, 10: 10,
                 11: 13, 12: 8, 13: 3, 14: 3, 15: 2, 16: 3, 17: 2, 22: 2, 29: 2, 34: 1},
        sentences=(1, 4),
    ),
    "netflix": PlatformStats(
        movies=6131,
        genres={
            "International Movies": (2752, 0), "Dramas": (2427, 0), "Comedies": (1674, 0),
            "International TV Shows": (0, 1351), "Documentaries": (869, 0),
            "Action & Adventure": (859, 0), "TV Dramas": (0, 763), "Independent Movies": (756, 0),
            "Children & Family Movies": (641, 0), "Romantic Movies": (616, 0),
            "TV Comedies": (0, 581), "Thrillers": (577, 0), "Crime TV Shows": (0, 470),
            "Kids' TV": (0, 451), "Docuseries": (0, 395), "Music & Musicals": (375, 0),
            "Romantic TV Shows": (0, 370), "Horror Movies": (357, 0), "Stand-Up Comedy": (343, 0),
            "Reality TV": (0, 255), "British TV Shows": (0, 253), "Sci-Fi & Fantasy": (243, 0),
            "Sports Movies": (219, 0), "Anime Series": (0, 176),
            "Spanish-Language TV Shows": (0, 174), "TV Action & Adventure": (0, 168),
            "Korean TV Shows": (0, 151), "Classic Movies": (116, 0), "LGBTQ Movies": (102, 0),
            "TV Mysteries": (0, 98), "Science & Nature TV": (0, 92),
            "TV Sci-Fi & Fantasy": (0, 84), "TV Horror": (0, 75), "Anime Features": (71, 0),
            "Cult Movies": (71, 0), "Teen TV Shows": (0, 69), "Faith & Spirituality": (65, 0),
            "TV Thrillers": (0, 57), "Movies": (57, 0), "Stand-Up Comedy & Talk Shows": (0, 56),
            "Classic & Cult TV": (0, 28), "TV Shows": (0, 16),
        },
        n_genres=(2020, 3058, 3729),
        maturity={
            "TV-MA": 3207, "TV-14": 2160, "TV-PG": 863, "R": 799, "PG-13": 490, "TV-Y7": 334,
            "TV-Y": 307, "PG": 287, "TV-G": 220, "NR": 80, "G": 41, "TV-Y7-FV": 6, "": 4,
            "NC-17": 3, "UR": 3,
        },
        countries={
            "United States": 3690, "India": 1046, "United Kingdom": 806, "Canada": 445,
            "France": 393, "Japan": 318, "Spain": 232, "South Korea": 231, "Germany": 226,
            "Mexico": 169, "China": 162, "Australia": 160, "Egypt": 117, "Turkey": 113,
            "Hong Kong": 105, "Nigeria": 103, "Italy": 100, "Brazil": 97, "Argentina": 91,
        },
        n_countries=(6661, 869, 272, 115, 36, 14, 5, 2),
        null_share={"director": (0.031, 0.914), "cast": (0.077, 0.131), "country": (0.072, 0.146)},
        n_directors=(5559, 542, 37, 15, 7),
        n_cast=(881, 201, 193, 272, 370, 620, 617, 1179, 688, 1442,
                474, 307, 186, 125, 120, 72, 47, 37, 28, 123),
        decades={1920: 1, 1940: 15, 1950: 11, 1960: 25, 1970: 70, 1980: 129, 1990: 274,
                 2000: 810, 2010: 5927, 2020: 1545},
        added_years={2008: 2, 2009: 2, 2010: 1, 2011: 13, 2012: 3, 2013: 11, 2014: 24,
                     2015: 82, 2016: 429, 2017: 1188, 2018: 1649, 2019: 2016, 2020: 1879,
                     2021: 1498},
        added_window=("2008-01-01", "2021-09-25"),
        date_null=10 / 8807,
        minutes=(3, 24, 52, 65, 87, 98, 114, 133, 147, 175, 312),
        seasons={1: 1793, 2: 425, 3: 199, 4: 95, 5: 65, 6: 33, 7: 23, 8: 17, 9: 9, 10: 7,
                 11: 2, 12: 2, 13: 3, 15: 2, 17: 1},
        sentences=(2, 2),
    ),
}
# fmt: on

# Quirks of the real files, as shares of rows (see /work/shared/data/titles/SOURCE.md).
NETFLIX_RATING_HOLDS_DURATION = 3 / 8807
NETFLIX_DATE_LEADING_SPACE = 88 / 8797
HULU_DURATION_MISSING = 479 / 3073
HULU_RATING_HOLDS_DURATION = 292 / 479  # of the rows with missing duration
KID_MATURITY: frozenset[str] = frozenset(
    {"ALL", "ALL_AGES", "7+", "G", "PG", "TV-G", "TV-PG", "TV-Y", "TV-Y7", "TV-Y7-FV"}
)
