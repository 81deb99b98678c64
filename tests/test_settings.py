"""Settings from the environment: defaults, and a clear message for an unusable value."""

from __future__ import annotations

import pytest

from core.settings import BadSetting, Settings


def test_the_training_niceness_comes_from_the_environment() -> None:
    assert Settings.from_env({}).training_niceness == 15
    assert Settings.from_env({"TRAINING_NICENESS": "0"}).training_niceness == 0
    assert Settings.from_env({"TRAINING_NICENESS": " "}).training_niceness == 15


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("20", "TRAINING_NICENESS must be 0-19, not 20."),
        ("-1", "TRAINING_NICENESS must not be negative, not '-1'."),
        ("low", "TRAINING_NICENESS must be a whole number, not 'low'."),
    ],
)
def test_an_unusable_niceness_is_named_with_what_it_must_be(raw: str, message: str) -> None:
    with pytest.raises(BadSetting) as err:
        Settings.from_env({"TRAINING_NICENESS": raw})
    assert str(err.value) == message
