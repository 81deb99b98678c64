"""Property-based tests: any text, to any command, gets a valid, bounded reply.

Hypothesis throws arbitrary Unicode, control characters, right-to-left marks, huge arguments,
SQL and HTML injection strings and odd numbers at every command parser and every command. The
reply must parse as Telegram HTML (the fake Bot API's parser, a port of Telegram's own), fit in
4,096 characters, and never be an unhandled error. ``make fuzz`` runs many more examples.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_router
from bot.args import classify
from bot.router import Request, split_command
from bot.services import Services
from core.settings import Settings
from harness.db import copy_db
from harness.fakebotapi_text import parse_html

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
NASTY = [
    "'; DROP TABLE ratings; --", "\" OR 1=1 --", "<script>alert(1)</script>", "<b>", "</i>",
    "&amp;", "&", "<", ">", "\u202e2018", "\u200b", "\x00", "\x1b[31m", "NaN", "nan", "inf",
    "-1", "1e309", "9" * 400, "\uff12\uff10\uff11\uff18", "٢٠١٨", "netflix", "prime video",
    "2018", "3.5", "4,5",
    "ns1", "NS1", "min", "season", "%s", "{0}", "{title}", "\\", "\n", " ", "",
]  # fmt: skip
token = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
arguments = st.lists(token, max_size=8).map(tuple)
huge = st.text(min_size=4100, max_size=5000).map(lambda s: (s,))


@pytest.fixture(scope="module")
def router(demo_db, tmp_path_factory):
    # A copy: fuzzed /rate and /forget write to it.
    copy = copy_db(demo_db, tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    services = Services(Settings(db_path=copy), admin_ids=frozenset({1}))
    yield build_router(services)
    services.close()


def _check(reply) -> None:
    assert reply.text.strip(), "empty reply"
    plain, _ = parse_html(reply.text, strict=True)  # raises on unescaped or broken HTML
    assert len(plain) <= 4096
    for row in reply.buttons:
        for button in row:
            assert button.text and 1 <= len(button.data.encode()) <= 64


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(
        [
            "maxduration",
            "scorecount",
            "count",
            "actor",
            "word",
            "search",
            "title",
            "top",
            "rate",
            "myratings",
            "help",
            "start",
            "join",
            "leave",
            "forget",
            "get_max_duration",
            "buscar",
        ]
    ),
    args=st.one_of(arguments, huge),
    lang=st.sampled_from(["en", "es"]),
    chat_type=st.sampled_from(["private", "group"]),
)
def test_every_command_answers_any_input_with_valid_bounded_html(
    router, command, args, lang, chat_type
):
    reply = router.dispatch(
        Request(command=command, args=args, user_id=7, chat_id=7, lang=lang, chat_type=chat_type)
    )
    _check(reply)
    assert "error id" not in reply.text, reply.text  # a crash would show an error id


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                "card:",
                "card:zz",
                "rate:ns1:9",
                "rate::",
                "myr:-1",
                "myr:99999",
                "forget:maybe",
                "similar:",
                ":",
                "x" * 64,
            ]
        ),
    )
)
def test_any_button_data_gets_a_valid_answer(router, data):
    reply = router.press(Request(command="button", user_id=8, chat_id=8), data)
    _check(reply)
    assert "error id" not in reply.text, reply.text


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(args=arguments, durations=st.booleans(), title_types=st.booleans())
def test_argument_classifier_keeps_every_token(args, durations, title_types):
    try:
        parsed = classify(args, durations=durations, title_types=title_types)
    except Exception as err:  # only the "too long" error is allowed
        assert "didn't understand" in str(err)
        return
    kept = len(parsed.years) + len(parsed.numbers) + len(parsed.duration_types)
    assert kept <= len(args)


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(text=st.text(max_size=200))
def test_command_splitter_never_fails(text):
    result = split_command(text)
    if result is not None:
        name, args = result
        assert name and "@" not in name and all(a.strip() for a in args)
