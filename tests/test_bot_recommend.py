"""/recommend, /similar and the admin commands, on a small trained model.

The router tests check what a person reads; the end-to-end ones go through PTB's HTTP path.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from bot.app import build_router
from bot.router import Request
from bot.services import Services
from core.recommend.serving import ServedModel
from core.settings import Settings
from harness.fakebotapi import DEFAULT_USER_ID, GROUP_CHAT_ID, FakeBotAPI
from tests.recommend_data import build_trained
from tests.test_bot_e2e import ADMIN_ID, running_bot


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    return build_trained(tmp_path_factory.mktemp("botrec"), versions=1)


@pytest.fixture(scope="module")
def router(trained):
    db_path, models, _ = trained
    settings = Settings(db_path=db_path, models_dir=models)
    services = Services(
        settings, admin_ids=frozenset({ADMIN_ID}), served=ServedModel(db_path, models)
    )
    yield build_router(services)
    services.close()


def _ask(router, text, **kw):
    name, *args = text.lstrip("/").split()
    return router.dispatch(Request(command=name, args=tuple(args), **kw))


def _netflix_ids(trained, n):
    with closing(sqlite3.connect(trained[0])) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT title_id FROM title_scores WHERE title_id LIKE 'ns%' "
                "ORDER BY rating_count DESC LIMIT ?",
                (n,),
            )
        ]


def _uniquely_named(trained, ids):
    """The first of ``ids`` whose name no other title has (the generated catalog repeats some
    names across platforms; a name then finds the first listing, which may be another)."""
    with closing(sqlite3.connect(trained[0])) as conn:
        for title_id in ids:
            (same,) = conn.execute(
                "SELECT count(*) FROM titles WHERE lower(display_title) = "
                "(SELECT lower(display_title) FROM titles WHERE id = ?)",
                (title_id,),
            ).fetchone()
            if same == 1:
                return title_id
    raise AssertionError("no uniquely named title among the candidates")


def test_should_user_watch_it_answers_with_stars_and_a_reason(router, trained):
    with closing(sqlite3.connect(trained[0])) as conn:
        user = conn.execute("SELECT user_id FROM ratings LIMIT 1").fetchone()[0]
        seen = {
            r[0] for r in conn.execute("SELECT title_id FROM ratings WHERE user_id = ?", (user,))
        }
    other = next(t for t in reversed(_netflix_ids(trained, 50)) if t not in seen)
    reply = _ask(router, f"/recommend {user} {other}")
    assert ("👍 Yes" in reply.text or "👎 Probably not" in reply.text) and "⭐" in reply.text
    assert "(the bar is 3.5)" in reply.text
    spanish = _ask(router, f"/recomendar {user} {other}", lang="es")
    assert "umbral" in spanish.text


def test_a_new_person_gets_popular_picks_then_personal_ones_after_rating(router, trained):
    me = {"user_id": 31337, "chat_id": 31337}
    first = _ask(router, "/recommend", **me)
    assert "Picked for you" in first.text and "popular picks" in first.text
    for title in _netflix_ids(trained, 5):
        assert "Saved" in _ask(router, f"/rate {title} 5", **me).text
    second = _ask(router, "/recommend", **me)
    assert "popular picks" not in second.text  # folded in at once, no retraining
    assert second.text != first.text
    # Each reason names a title the person rated, and speaks to them.
    assert "you did, liked this" in second.text or "which you liked" in second.text
    assert "user 1" not in second.text


def test_should_i_watch_it_needs_no_user_id_by_id_or_by_name(router, trained):
    me = {"user_id": 4242, "chat_id": 4242}
    for title in _netflix_ids(trained, 5):
        _ask(router, f"/rate {title} 5", **me)
    other = _uniquely_named(trained, _netflix_ids(trained, 40)[20:])
    by_id = _ask(router, f"/recommend {other}", **me)
    assert "I need" not in by_id.text and "user id" not in by_id.text
    assert "for you" in by_id.text and (
        "👍 Yes — you should watch" in by_id.text or "👎" in by_id.text
    )
    with closing(sqlite3.connect(trained[0])) as conn:
        name = conn.execute("SELECT display_title FROM titles WHERE id = ?", (other,)).fetchone()[0]
    by_name = _ask(router, f"/recommend {name}", **me)
    assert by_name.text == by_id.text
    spanish = _ask(router, f"/recomendar {other}", lang="es", **me)
    assert "para ti" in spanish.text
    unknown = _ask(router, "/recommend zzqx wwvy", **me)
    assert "found no title called" in unknown.text and "/search" in unknown.text


def test_a_name_ending_in_a_number_or_a_platform_is_a_title_not_a_bad_argument(router, trained):
    me = {"user_id": 4343, "chat_id": 4343}
    for title in _netflix_ids(trained, 5):
        _ask(router, f"/rate {title} 5", **me)
    with closing(sqlite3.connect(trained[0])) as conn:
        title_id, name = conn.execute(
            "SELECT id, display_title FROM titles WHERE id LIKE 'ns%' AND display_title GLOB "
            "'* [0-9]' AND display_title NOT GLOB '*[0-9][0-9]' AND (SELECT count(*) FROM "
            "titles t WHERE lower(t.display_title) = lower(titles.display_title)) = 1 "
            "ORDER BY id LIMIT 1"
        ).fetchone()
    by_id = _ask(router, f"/recommend {title_id}", **me)
    assert "for you" in by_id.text
    assert _ask(router, f"/recommend {name}", **me).text == by_id.text
    assert _ask(router, f"/recommend {name} netflix", **me).text == by_id.text
    elsewhere = _ask(router, f"/recommend {name} hulu", **me)
    assert "is on Netflix" in elsewhere.text and "Leave “hulu” out" in elsewhere.text
    # After a user id, a name asks about that user; a mistyped filter is named, not searched.
    for_5 = _ask(router, f"/recommend 5 {title_id}", **me)
    assert "user 5" in for_5.text.lower()
    assert _ask(router, f"/recommend 5 {name}", **me).text == for_5.text
    assert "Did you mean <b>netflix</b>" in _ask(router, "/recommend 5 netflx", **me).text
    assert "“2015”" in _ask(router, "/recommend 5 2015", **me).text
    choices = _ask(router, f"/recommend 5 {name.split()[0]}", **me)
    assert "<code>/recommend 5 " in choices.text or "user 5" in choices.text


def test_a_title_already_rated_is_answered_with_the_rating_not_a_prediction(router, trained):
    me = {"user_id": 4444, "chat_id": 4444}
    title = _netflix_ids(trained, 3)[-1]
    assert "Saved" in _ask(router, f"/rate {title} 4.5", **me).text
    reply = _ask(router, f"/recommend {title}", **me)
    assert reply.text.startswith("⭐ You rated") and "4.5★ already" in reply.text
    assert f"<code>/similar {title}</code>" in reply.text and "predicted" not in reply.text
    assert "Ya valoraste" in _ask(router, f"/recomendar {title}", lang="es", **me).text
    with closing(sqlite3.connect(trained[0])) as conn:
        user, rated, stars = conn.execute(
            "SELECT user_id, title_id, rating FROM ratings WHERE user_id < 1000000000 LIMIT 1"
        ).fetchone()
    about = _ask(router, f"/recommend {user} {rated}")
    assert about.text.startswith(f"⭐ User {user} rated") and f"{stars:.1f}★" in about.text
    assert "predicted" not in about.text


def test_rate_takes_a_title_by_name(router, trained):
    me = {"user_id": 4545, "chat_id": 4545}
    title_id = _uniquely_named(trained, _netflix_ids(trained, 30)[10:])
    with closing(sqlite3.connect(trained[0])) as conn:
        (name,) = conn.execute(
            "SELECT display_title FROM titles WHERE id = ?", (title_id,)
        ).fetchone()
    saved = _ask(router, f"/rate {name.lower()} 3,5", **me)
    assert saved.text.startswith("⭐ Saved: <b>3.5</b> for") and name in saved.text
    assert "3.5★ already" in _ask(router, f"/recommend {title_id}", **me).text
    assert "is not a rating" in _ask(router, f"/rate {name} 6", **me).text
    assert "found no title called" in _ask(router, "/rate zzqx wwvy 4", **me).text
    choices = _ask(router, f"/rate {name.split()[0]} 4", **me)
    assert "Saved" in choices.text or (
        "<code>/rate " in choices.text and " 4</code>" in choices.text
    )
    assert "I need the rating" in _ask(router, f"/rate {title_id}", **me).text


def test_a_dataset_user_with_no_ratings_gets_popular_picks_that_say_so(router):
    reply = _ask(router, "/recommend 99999999")
    assert "Top picks for user 99999999" in reply.text
    assert "user 99999999 has no ratings in the data the model learned from" in reply.text
    assert "Rate a few titles you've watched" not in reply.text


def test_a_dataset_users_reasons_name_that_user_not_you(router, trained):
    with closing(sqlite3.connect(trained[0])) as conn:
        user = conn.execute(
            "SELECT user_id FROM ratings GROUP BY user_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    reply = _ask(router, f"/recommend {user}")
    assert f"user {user}" in reply.text and "you liked" not in reply.text
    assert "as you did" not in reply.text and "like yours" not in reply.text


def test_a_title_with_a_filter_it_matches_is_answered_and_one_it_does_not_is_explained(
    router, trained
):
    with closing(sqlite3.connect(trained[0])) as conn:
        seen = {r[0] for r in conn.execute("SELECT title_id FROM ratings WHERE user_id = 5")}
    title = next(t for t in _netflix_ids(trained, 50) if t not in seen)
    ok = _ask(router, f"/recommend 5 {title} netflix")
    assert "⭐" in ok.text and "(the bar is 3.5)" in ok.text
    wrong = _ask(router, f"/recommend 5 {title} hulu")
    assert "is on Netflix" in wrong.text and "Leave “hulu” out" in wrong.text


def test_filters_and_paging(router):
    reply = _ask(router, "/recommend 5 netflix movie")
    assert reply.text.count("(") >= 10 and "Prime Video" not in reply.text
    next_button = reply.buttons[-1][-1]
    assert next_button.data.startswith("rec:5:netflix:movie:")
    page2 = router.press(Request(command="button"), next_button.data)
    assert page2.text.splitlines()[1].startswith("11. ")


def test_similar_lists_titles_with_buttons(router, trained):
    title = _netflix_ids(trained, 1)[0]
    reply = _ask(router, f"/similar {title}")
    assert reply.text.startswith("🔁") and len(reply.buttons) == 5
    assert "No title has the id" in _ask(router, "/similar ns999999").text
    named = _uniquely_named(trained, _netflix_ids(trained, 30))
    with closing(sqlite3.connect(trained[0])) as conn:
        (name,) = conn.execute("SELECT display_title FROM titles WHERE id = ?", (named,)).fetchone()
    assert _ask(router, f"/similar {name}").text == _ask(router, f"/similar {named}").text
    unknown = _ask(router, "/parecidos zzqx wwvy", lang="es")
    assert "<code>/parecidos ns1</code>" in unknown.text


def test_admin_commands_refuse_everyone_else(router):
    refused = _ask(router, "/modelinfo", user_id=1)
    assert "only the bot's admins" in refused.text
    assert "only the bot's admins" in _ask(router, "/retrain", user_id=1).text
    info = _ask(router, "/modelinfo", user_id=ADMIN_ID, is_admin=True)
    assert "Live model" in info.text and "hybrid" in info.text
    # The holdout figures, the weights the blend learned, and the training runs.
    assert "Holdout" in info.text and "precision@10" in info.text and "popularity" in info.text
    assert "Source weights" in info.text and "real taste (item-item)" in info.text
    assert "No training has run yet" in info.text  # this model was fitted outside the Trainer
    spanish = _ask(router, "/modelinfo", user_id=ADMIN_ID, is_admin=True, lang="es")
    assert "Peso de cada fuente" in spanish.text and "Aún no se ha entrenado" in spanish.text


@pytest.mark.asyncio
async def test_group_watch_party_gets_one_list_without_anyones_ratings(trained):
    db_path, models, _ = trained
    async with (
        FakeBotAPI(privacy_mode=False) as server,
        running_bot(server, db_path, models_dir=models),
    ):
        group = {"chat_type": "group", "chat_id": GROUP_CHAT_ID}
        server.send_text("/recommend", **group)
        assert "Nobody has joined" in (await server.next_reply(GROUP_CHAT_ID)).text
        for user in (DEFAULT_USER_ID, 2002):
            server.send_text("/join", user_id=user, **group)
            assert "joined the watch party" in (await server.next_reply(GROUP_CHAT_ID)).text
        server.send_text("/rate ns1 5", user_id=2002)
        await server.next_reply(2002)
        server.send_text("/recommend", **group)
        reply = await server.next_reply(GROUP_CHAT_ID)
        assert "For the watch party" in reply.text and "everyone ≥ ⭐" in reply.text
        assert "(2 people;" in reply.text
        assert "you liked" not in reply.text and "as you did" not in reply.text  # no one named
        assert "someone here" in reply.text or "group" in reply.text  # why, for the group
        # The group's filters hold, and the reasons are the group's.
        server.send_text("/recommend hulu", **group)
        hulu = await server.next_reply(GROUP_CHAT_ID)
        lines = [x for x in hulu.text.splitlines() if x[:1].isdigit()]
        assert lines and all("Hulu" in x for x in lines)
        server.send_text("/recommend netflix movie", **group)
        movies = await server.next_reply(GROUP_CHAT_ID)
        lines = [x for x in movies.text.splitlines() if x[:1].isdigit()]
        assert lines and all("Netflix · movie" in x for x in lines)
        server.send_text("/recommend ns1", **group)
        verdict = await server.next_reply(GROUP_CHAT_ID)
        assert "watch party" in verdict.text and "⭐" in verdict.text
