"""Security and privacy through the real bot: admin-only commands, the webhook's secret token,
/forget, and what one person can learn about another.

Covered elsewhere and not repeated here: a webhook request without the secret gets 403 and the
logs never hold the token or a message's text (tests/test_bot_e2e.py); /forget deletes every
row at the core level (tests/test_ratings.py); a group's watch-party list shows no member's
ratings (tests/test_bot_recommend.py). The fuzz, fault and kill tests check the logs too.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import httpx
import numpy as np
import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_router
from bot.i18n import LANGS, t
from bot.router import Request
from core import db as dbmod
from core.db import CHAT_USER_BASE
from core.etl import run_etl
from core.ratings import internal_user, record_rating
from core.recommend.artifact import read_artifact
from harness.db import copy_db, title_ids
from harness.fakebotapi import FakeBotAPI
from tests.hardening_bot import (
    ADMIN_ID,
    SECRET,
    BotThread,
    cells_about,
    serve,
    services_for,
)
from tests.recommend_data import FAST, speaks_of_your_taste, write_source

ADMIN_COMMANDS = sorted(
    name for name, c in build_router(None).commands.items() if c.admin
)  # modelinfo, retrain


class SpyTrainer:
    """Stands in for the Trainer: records whether anyone managed to start a training."""

    def __init__(self) -> None:
        self.ticks: list[bool] = []

    def tick(self, *, force: bool = False):
        self.ticks.append(force)


@pytest.fixture(scope="module")
def admin_bot(demo_db, tmp_path_factory):
    db = copy_db(demo_db, tmp_path_factory.mktemp("admin") / "bot.db")
    services = services_for(db)
    services.trainer = SpyTrainer()
    with BotThread(services) as harness:
        yield harness
    services.close()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(ADMIN_COMMANDS),
    args=st.lists(st.sampled_from(["--force", "admin", str(ADMIN_ID), "all", "1"]), max_size=3),
    user=st.one_of(
        st.integers(1, 2**40).filter(lambda u: u != ADMIN_ID),
        st.sampled_from([ADMIN_ID - 1, ADMIN_ID + 1, 1, 777000]),  # near misses; Telegram's own
    ),
    username=st.sampled_from([None, "admin", "streambot_admin", str(ADMIN_ID)]),
    group=st.booleans(),
    lang=st.sampled_from(["en", "es", "pt-br"]),  # (None would keep the user's last one)
)
def test_admin_commands_refuse_everyone_else(admin_bot, name, args, user, username, group, lang):
    chat_id = -5_000_000_000 - user if group else user
    text = f"/{name}" + "".join(" " + a for a in args)
    reply = admin_bot.ask(
        text,
        chat_id,
        user_id=user,
        username=username,
        first_name="Admin",
        chat_type="group" if group else "private",
        chat_id=chat_id,
        language_code=lang,
    )
    # The refusal, in a language of ours (a repeated user id may keep an earlier language).
    assert reply.text in {t(code, "gen.admin_only", command=f"/{name}") for code in LANGS}
    assert admin_bot.services.trainer.ticks == []


def test_the_admin_is_served(admin_bot):
    reply = admin_bot.ask("/retrain", ADMIN_ID, user_id=ADMIN_ID)
    assert "only the bot's admins" not in reply.text
    deadline = time.monotonic() + 5
    while not admin_bot.services.trainer.ticks and time.monotonic() < deadline:
        time.sleep(0.01)
    assert admin_bot.services.trainer.ticks == [True]
    assert "Live model" in admin_bot.ask("/modelinfo", ADMIN_ID, user_id=ADMIN_ID).text


@pytest_asyncio.fixture
async def server():
    async with FakeBotAPI(privacy_mode=False) as fake:
        yield fake


@pytest.mark.asyncio
async def test_a_forged_webhook_update_is_refused_and_never_handled(server, demo_db, tmp_path):
    """Someone who found the webhook URL posts an update as a made-up user: 403, and the bot
    does nothing with it (it never even tries to answer that chat)."""
    services = services_for(copy_db(demo_db, tmp_path / "bot.db"))
    forged = {
        "update_id": 999_999_999,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": 666, "type": "private", "first_name": "Eve"},
            "from": {"id": 666, "is_bot": False, "first_name": "Eve"},
            "text": "/retrain",
            "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
        },
    }
    async with serve(server, services, "webhook") as running:
        async with httpx.AsyncClient() as client:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": SECRET[:-1] + "X"}):
                response = await client.post(running.url, json=forged, headers=headers)
                assert response.status_code == 403
        server.send_text("/count hulu", user_id=667)  # the real Telegram, with the secret
        assert (await server.next_reply(667)).text.startswith("📺 Hulu")
    services.close()
    assert not [c for c in server.calls if c.params.get("chat_id") in (666, "666")]


@pytest.mark.asyncio
async def test_forget_through_telegram_leaves_no_cell_about_the_person(server, demo_db, tmp_path):
    db = copy_db(demo_db, tmp_path / "bot.db")
    titles = title_ids(db, n=3)
    services = services_for(db)
    me, group = 4_321_987, -4_000_000_777
    async with serve(server, services):
        for title in titles:
            server.send_text(f"/rate {title} 4", user_id=me)
            assert "Saved" in (await server.next_reply(me)).text
        server.send_text("/join", user_id=me, chat_type="group", chat_id=group)
        assert "joined" in (await server.next_reply(group)).text
        with closing(sqlite3.connect(db)) as conn:
            internal = internal_user(conn, me, create=False)
        assert cells_about(db, {me, internal})  # the scan does see the person before
        server.send_text("/forget", user_id=me)
        confirm = await server.next_reply(me)
        server.press_button(confirm, f"forget:yes~{me}", user_id=me)
        done = await server.next_reply(me)
    services.close()
    assert "3 ratings, 1 watch-party membership." in done.text
    assert cells_about(db, {me, internal}) == []


@pytest.fixture(scope="module")
def rated_and_trained(tmp_path_factory):
    """Generated data where chat user 555 rated eight titles five stars before a training."""
    from core.recommend.train import train

    root = tmp_path_factory.mktemp("privacy")
    db, models = root / "t.db", root / "models"
    run_etl(write_source(root / "src"), db)
    loved = title_ids(db, n=8)
    with closing(dbmod.connect(db)) as conn:
        for title in loved:
            record_rating(conn, 555, title, 5)
    train(db, models, FAST, promote=True)
    return db, models, loved


def _router(db, models):
    services = services_for(db, models)
    return services, build_router(services)


def _liked_titles(db, ids: list[str]) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [
            conn.execute("SELECT display_title FROM titles WHERE id = ?", (i,)).fetchone()[0]
            for i in ids
        ]


def _reasons_naming(text: str, titles: list[str]) -> list[str]:
    """The explanation lines (in italics) of a list that name one of ``titles``."""
    return [line for line in text.splitlines() if "<i>" in line and any(t in line for t in titles)]


def test_after_forget_a_newcomer_never_inherits_the_forgotten_persons_history(
    rated_and_trained, tmp_path
):
    """Internal ids are never given twice: the live model still knows the forgotten id's
    ratings, and a newcomer given that id was shown them as "because you liked ..."."""
    db_src, models_src, loved = rated_and_trained
    db = copy_db(db_src, tmp_path / "t.db")
    models = Path(shutil.copytree(models_src, tmp_path / "models"))  # /forget rewrites them
    services, router = _router(db, models)
    forgotten = internal_user(services.conn(), 555, create=False)
    assert forgotten == CHAT_USER_BASE
    router.press(Request("button", user_id=555, chat_id=555), "forget:yes")
    reply = router.dispatch(Request("recommend", user_id=556, chat_id=556))
    assert not speaks_of_your_taste(reply.text)
    assert _reasons_naming(reply.text, _liked_titles(db, loved)) == []
    assert internal_user(services.conn(), 556, create=False) != forgotten
    services.close()


def _person_in_models(models: Path, internal_id: int) -> list[tuple[str, int, float]]:
    """Per stored version: (version, how many ratings it keeps of the person, the sum of the
    absolute values of their learned numbers). Every artifact must still pass its checksum."""
    found = []
    for path in sorted(p for p in models.iterdir() if (p / "model.npz").is_file()):
        arrays = read_artifact(path).arrays
        row = int(np.searchsorted(arrays["idmap_users"], internal_id))
        assert arrays["idmap_users"][row] == internal_id
        indptr = arrays["rated_indptr"]
        numbers = sum(
            float(np.abs(values[row]).sum())
            for name, values in arrays.items()
            if "user" in name and name != "idmap_users"
        )
        found.append((path.name, int(indptr[row + 1] - indptr[row]), numbers))
    return found


def test_forget_also_takes_the_person_out_of_every_stored_model(rated_and_trained, tmp_path):
    """A model keeps each person's stars (to leave seen titles out) and learned vectors: after
    /forget, no stored version has either, every version still loads, others are untouched,
    and the bot still recommends."""
    from core.recommend.train import train

    db_src, models_src, loved = rated_and_trained
    db = copy_db(db_src, tmp_path / "t.db")
    models = Path(shutil.copytree(models_src, tmp_path / "models"))
    train(db, models, FAST)  # a second, not promoted version knows the person too
    services, router = _router(db, models)
    me = internal_user(services.conn(), 555, create=False)
    before = _person_in_models(models, me)
    assert len(before) == 2 and all(n == len(loved) and numbers > 0 for _, n, numbers in before)
    other = int(read_artifact(next(models.iterdir())).arrays["idmap_users"][0])
    others_before = _person_in_models(models, other)
    assert not router.dispatch(Request("recommend", user_id=557, chat_id=557)).error
    served = services.recommender()

    router.press(Request("button", user_id=555, chat_id=555), "forget:yes")

    assert [(n, numbers) for _, n, numbers in _person_in_models(models, me)] == [(0, 0.0)] * 2
    assert _person_in_models(models, other) == others_before
    assert services.recommender() is not served  # the served model was reloaded without them
    reply = router.dispatch(Request("recommend", user_id=557, chat_id=557))
    assert not reply.error and "1." in reply.text
    services.close()


def test_nobody_can_read_another_persons_recommendations_by_their_internal_id(
    rated_and_trained, tmp_path
):
    """Chat users' internal ids are sequential from 1,000,000,000: ``/recommend <id>`` (and
    its page buttons) must not show anyone else's picks and the "because you liked" under them.
    """
    db_src, models, loved = rated_and_trained
    db = copy_db(db_src, tmp_path / "t.db")
    services, router = _router(db, models)
    stranger = {"user_id": 9_999, "chat_id": 9_999}
    replies = [
        router.dispatch(Request("recommend", tuple(text.split()), **stranger))
        for text in (f"{CHAT_USER_BASE}", f"{CHAT_USER_BASE} {loved[0]}")
    ]
    replies.append(router.press(Request("button", **stranger), f"rec:{CHAT_USER_BASE}:-:-:2"))
    liked = _liked_titles(db, loved)
    for reply in replies:
        assert reply.error and not speaks_of_your_taste(reply.text), reply.text
        assert not any(title in reply.text for title in liked)
    mine = router.dispatch(Request("recommend", (f"{CHAT_USER_BASE}",), user_id=555, chat_id=555))
    assert speaks_of_your_taste(mine.text)  # the person themself may ask
    services.close()


def test_a_group_party_list_and_its_buttons_show_no_members_ratings(rated_and_trained, tmp_path):
    db_src, models, loved = rated_and_trained
    db = copy_db(db_src, tmp_path / "t.db")
    services, router = _router(db, models)
    group = {"chat_id": -4_000_000_555, "chat_type": "group"}
    for user in (555, 556):
        router.dispatch(Request("join", user_id=user, first_name="A", **group))
    listing = router.dispatch(Request("recommend", user_id=556, **group))
    pages = [b.data for row in listing.buttons for b in row if b.data.startswith("rec")]
    replies = [listing] + [router.press(Request("button", user_id=556, **group), d) for d in pages]
    liked = _liked_titles(db, loved)
    for reply in replies:
        assert not speaks_of_your_taste(reply.text)
        assert _reasons_naming(reply.text, liked) == []
    services.close()
