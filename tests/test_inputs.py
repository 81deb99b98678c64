"""Argument parsing shared by the queries and the bot: accepted spellings and typed errors."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput, StreambotError, UnknownPlatform, UnknownTitle
from core.inputs import (
    parse_duration_type,
    parse_limit,
    parse_min_count,
    parse_platform,
    parse_score,
    parse_search_text,
    parse_title_type,
    parse_word,
    parse_year,
)
from core.text import fold, normalize, words

BOUNDS = (1920, 2021)


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("amazon", "amazon"),
        ("Prime", "amazon"),
        ("prime video", "amazon"),
        ("Amazon Prime", "amazon"),
        ("amazon prime video", "amazon"),
        ("PrimeVideo", "amazon"),
        ("amazon_prime", "amazon"),
        ("disney", "disney"),
        ("Disney+", "disney"),
        ("disney +", "disney"),
        ("disney plus", "disney"),
        ("DisneyPlus", "disney"),
        ("disney-plus", "disney"),
        ("HULU", "hulu"),
        (" netflix ", "netflix"),
    ],
)
def test_platform_aliases_are_case_insensitive(given: str, key: str) -> None:
    assert parse_platform(given) == key


@pytest.mark.parametrize(
    ("given", "suggestion"),
    [("netflx", "netflix"), ("Netfix", "netflix"), ("disny", "disney"), ("hullu", "hulu"),
     ("amazn prime", "amazon"), ("primevidoe", "amazon")],
)  # fmt: skip
def test_unknown_platform_suggests_closest(given: str, suggestion: str) -> None:
    with pytest.raises(UnknownPlatform) as caught:
        parse_platform(given)
    err = caught.value
    assert err.code == "unknown_platform"
    assert err.params == {
        "given": given,
        "suggestion": suggestion,
        "valid": ["amazon", "disney", "hulu", "netflix"],
    }
    assert f"Did you mean '{suggestion}'?" in str(err)
    assert "amazon" in str(err) and "netflix" in str(err)


def test_unknown_platform_without_close_name_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownPlatform) as caught:
        parse_platform("hbo max")
    assert caught.value.params["suggestion"] is None
    assert "Did you mean" not in str(caught.value)
    assert "Use one of: amazon" in str(caught.value)


def test_input_errors_are_one_family() -> None:
    assert issubclass(UnknownPlatform, InvalidInput)
    assert issubclass(UnknownTitle, InvalidInput)
    assert issubclass(InvalidInput, StreambotError)


@pytest.mark.parametrize("parse", [parse_platform, parse_word, parse_search_text])
def test_missing_argument_names_it_and_gives_an_example(parse) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(None)
    assert caught.value.code == "missing_argument"
    assert set(caught.value.params) == {"name", "example"}
    assert "e.g." in str(caught.value)


@pytest.mark.parametrize(("given", "year"), [(2018, 2018), ("2018", 2018), (" 1920 ", 1920)])
def test_year_accepts_four_digits_in_range(given: object, year: int) -> None:
    assert parse_year(given, BOUNDS) == year


@pytest.mark.parametrize("given", ["18", "20188", "two thousand", "2018.0", 2018.0, True, "-201"])
def test_year_that_is_not_four_digits_is_bad_year(given: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_year(given, BOUNDS)
    assert caught.value.code == "bad_year"
    assert caught.value.params["min"] == 1920 and caught.value.params["max"] == 2021
    assert "e.g. 2018" in str(caught.value)


@pytest.mark.parametrize("given", [1919, "2022", 3000])
def test_year_outside_the_data_is_out_of_range(given: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_year(given, BOUNDS)
    assert caught.value.code == "year_out_of_range"
    assert caught.value.params == {"given": str(given), "min": 1920, "max": 2021}
    assert "1920 to 2021" in str(caught.value)


def test_year_missing_is_a_missing_argument() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_year(None, BOUNDS)
    assert caught.value.code == "missing_argument"


@pytest.mark.parametrize(
    ("given", "score"),
    [(0, 0.0), (5, 5.0), ("3.5", 3.5), ("3,5", 3.5), (" 4 ", 4.0), (2.25, 2.25)],
)
def test_score_accepts_numbers_from_zero_to_five(given: object, score: float) -> None:
    assert parse_score(given) == score


@pytest.mark.parametrize("given", ["abc", "nan", "", True, "3..5"])
def test_score_that_is_not_a_number_is_bad_score(given: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_score(given)
    assert caught.value.code in {"bad_score", "missing_argument"}
    assert "e.g." in str(caught.value)


@pytest.mark.parametrize("given", [-0.1, "5.5", 10, "inf"])
def test_score_outside_zero_to_five_is_out_of_range(given: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_score(given)
    assert caught.value.code == "score_out_of_range"
    assert caught.value.params["min"] == 0.0 and caught.value.params["max"] == 5.0


@pytest.mark.parametrize(
    ("given", "unit"),
    [(None, "min"), ("min", "min"), ("MINUTES", "min"), ("mins", "min"), ("movie", "min"),
     ("season", "season"), ("Seasons", "season"), ("show", "season"), ("tv show", "season"),
     ("temporadas", "season")],
)  # fmt: skip
def test_duration_type_accepts_units_plurals_and_kinds(given: str | None, unit: str) -> None:
    assert parse_duration_type(given) == unit


@pytest.mark.parametrize("given", ["hours", "episodes", ""])
def test_unknown_duration_type_lists_min_and_season(given: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_duration_type(given)
    assert caught.value.code == "bad_duration_type"
    assert caught.value.params["valid"] == ["min", "season"]


@pytest.mark.parametrize(
    ("given", "kind"),
    [(None, None), ("Movie", "movie"), ("films", "movie"), ("TV Show", "tv show"),
     ("tv-show", "tv show"), ("series", "tv show")],
)  # fmt: skip
def test_title_type_accepts_common_spellings(given: str | None, kind: str | None) -> None:
    assert parse_title_type(given) == kind


def test_unknown_title_type_is_bad_title_type() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_title_type("documentary")
    assert caught.value.code == "bad_title_type"


@pytest.mark.parametrize("given", ["", "   ", "!!!", "'", "x" * 101])
def test_word_without_letters_or_too_long_is_bad_word(given: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_word(given)
    assert caught.value.code == "bad_word"


@pytest.mark.parametrize("given", ["", "?!", "y" * 101])
def test_search_text_without_letters_or_too_long_is_bad_search_text(given: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_search_text(given)
    assert caught.value.code == "bad_search_text"


@pytest.mark.parametrize("given", [0, 51, "ten", "-1", True, "2.5"])
def test_limit_must_be_a_whole_number_from_one_to_fifty(given: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_limit(given)
    assert caught.value.code == "bad_limit"
    assert caught.value.params["max"] == 50


@pytest.mark.parametrize("given", [0, "-5", "many", 1.5])
def test_min_count_must_be_a_positive_whole_number(given: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_min_count(given)
    assert caught.value.code == "bad_min_count"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Love, Actually", ("love", "actually")),
        ("Love's Labour's Lost", ("love", "s", "labour", "s", "lost")),
        ("Spider-Man: No Way Home", ("spider", "man", "no", "way", "home")),
        ("Pokémon ÉCLAIR", ("pokemon", "eclair")),
        ("ﬁve²", ("five2",)),
        ("Lovely", ("lovely",)),
        ("a_b", ("a", "b")),
        ("东京 Story", ("东京", "story")),
    ],
)
def test_words_split_on_anything_but_letters_and_digits(text: str, expected: tuple) -> None:
    assert words(text) == expected
    assert normalize(text) == " ".join(expected)


def test_fold_removes_case_and_accents() -> None:
    assert fold("Amélie ÇA") == "amelie ca"
