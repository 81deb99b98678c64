"""A verdict's stars read the way the verdict goes: a "no" never shows a star at the bar."""

from __future__ import annotations

import pytest

from bot.render_recommend import prediction, reason_text
from core.recommend import results as r
from core.recommend.audience import Audience
from core.recommend.results import Prediction

ME = Audience("me", (1,))


def _verdict(rating: float, recommend: bool) -> Prediction:
    return Prediction(
        user_id=1,
        title_id="ds1049",
        title="Marvel Studios' Iron Man 2",
        rating=rating,
        recommend=recommend,
        threshold=3.5,
        reason=r.predicted_low(rating, 3.5, None) if not recommend else r.POPULAR,
        personalised=True,
    )


@pytest.mark.parametrize(("rating", "shown"), [(3.46, "3.46"), (3.4999, "3.49"), (3.44, "3.4")])
def test_a_no_under_the_bar_never_shows_the_bar_itself(rating, shown):
    text = prediction(_verdict(rating, False), ME, "en").text
    assert f"predicted ⭐ {shown} for you" in text
    assert f"Predicted {shown}/5, below the 3.5 bar." in text
    assert "⭐ 3.5 " not in text and "Predicted 3.5/5" not in text


def test_the_spanish_verdict_writes_the_decimals_its_way():
    text = prediction(_verdict(3.46, False), ME, "es").text
    assert "3,46" in text and "3,5" in text


def test_a_yes_keeps_one_decimal():
    assert "predicted ⭐ 3.5 for you" in prediction(_verdict(3.5, True), ME, "en").text
    assert reason_text(r.predicted_low(3.46, 3.5, None), "en", ME).startswith("Predicted 3.46/5")


@pytest.mark.parametrize(
    ("audience", "lang", "expected"),
    [
        (ME, "en", "People who rated <b>Alien</b>, which you rated lately, went on to rate this."),
        (
            Audience("user", (42,)),
            "en",
            "People who rated <b>Alien</b>, which user 42 rated lately, went on to rate this.",
        ),
        (
            ME,
            "es",
            "Quienes valoraron <b>Alien</b>, que valoraste hace poco, valoraron esta después.",
        ),
    ],
)
def test_what_people_rated_next_names_the_title_and_whose_it_is(audience, lang, expected):
    assert reason_text(r.went_on_to("Alien", "ns1"), lang, audience) == expected


def test_in_a_group_what_people_rated_next_names_no_members_title():
    text = reason_text(r.went_on_to("Alien", "ns1"), "en", Audience("party", (1, 2)))
    assert "Alien" not in text and "someone here" in text
