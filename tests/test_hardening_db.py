"""A database that cannot take a write — locked, read-only or on a full disk — through the real
bot: the user is asked to try again (never told "saved"), reads keep working, the problem is
logged as a warning rather than an error, nothing acknowledged is lost, and once the database
is writable again the same command succeeds.

The faults are made with test-only hooks on the bot's own connections (``TunedServices``):
a busy timeout of 0.2 s instead of 10 s, ``mode=ro`` connections (the tests run as root, where
``chmod`` would not stop a write), and ``PRAGMA max_page_count`` pinned to the current size,
which makes SQLite answer ``SQLITE_FULL`` exactly as on a full disk.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
import pytest_asyncio

from bot.i18n import t
from core import db as dbmod
from core.ratings import record_rating
from harness.db import copy_db, integrity, title_ids
from harness.fakebotapi import FakeBotAPI
from tests.hardening_bot import (
    APOLOGY,
    LogTrap,
    chat_ratings,
    failed_calls,
    serve,
    services_for,
)

TRY_AGAIN = t("en", "gen.try_again")


@pytest_asyncio.fixture
async def server():
    async with FakeBotAPI(privacy_mode=False) as fake:
        yield fake


@pytest.fixture
def db(demo_db, tmp_path):
    return copy_db(demo_db, tmp_path / "bot.db")


async def _reply(server, text: str, user: int):
    server.send_text(text, user_id=user)
    return await server.next_reply(user, timeout=20)


async def _ask(server, text: str, user: int) -> str:
    return (await _reply(server, text, user)).text


def _acknowledged(db_path, user: int) -> list[tuple[str, float]]:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(
            "SELECT r.title_id, r.rating FROM ratings r JOIN chat_users u ON u.user_id = r.user_id "
            "WHERE u.telegram_id = ? ORDER BY r.title_id",
            (user,),
        ).fetchall()


def _no_errors_and_one_warning(logs: LogTrap) -> None:
    assert logs.errors() == []
    warnings = [r.getMessage() for r in logs.since() if r.levelname == "WARNING"]
    assert any("database" in w for w in warnings), warnings


@pytest.mark.asyncio
async def test_a_locked_database_asks_to_try_again_and_loses_nothing(server, db):
    a, b = title_ids(db, n=2)
    services = services_for(db, hook=lambda c: c.execute("PRAGMA busy_timeout=200"))
    with LogTrap() as logs:
        async with serve(server, services):
            assert "Saved" in await _ask(server, f"/rate {a} 4", 501)
            with closing(dbmod.connect(db)) as locker:
                locker.execute("BEGIN EXCLUSIVE")  # e.g. a long migration or a stuck writer
                assert await _ask(server, f"/rate {b} 5", 501) == TRY_AGAIN
                assert (await _ask(server, "/count netflix", 501)).startswith("📺")  # reads go on
                locker.rollback()
            assert "Saved" in await _ask(server, f"/rate {b} 5", 501)
    services.close()
    assert _acknowledged(db, 501) == sorted([(a, 4.0), (b, 5.0)])
    assert failed_calls(server) == []
    _no_errors_and_one_warning(logs)


@pytest.mark.asyncio
async def test_a_read_only_database_asks_to_try_again_and_keeps_every_rating(server, db):
    a, b = title_ids(db, n=2)
    with closing(dbmod.connect(db)) as conn:
        record_rating(conn, 502, a, 3.5)  # acknowledged before the file became read-only
    services = services_for(db, readonly=True)
    with LogTrap() as logs:
        async with serve(server, services):
            assert await _ask(server, f"/rate {b} 5", 502) == TRY_AGAIN
            assert await _ask(server, f"/rate {a} 1", 502) == TRY_AGAIN
            confirm = await _reply(server, "/forget", 502)
            server.press_button(confirm, "forget:yes~502", user_id=502)
            assert (await server.next_reply(502)).text == TRY_AGAIN
            assert "3.5" in await _ask(server, "/myratings", 502)  # reads still answered
    services.close()
    assert _acknowledged(db, 502) == [(a, 3.5)]
    assert failed_calls(server) == []
    _no_errors_and_one_warning(logs)


@pytest.mark.asyncio
async def test_a_full_disk_asks_to_try_again_and_every_saved_rating_is_kept(server, db):
    """Rate until the disk is full; every "saved" is in the database, the first refusal is
    not, and after space is freed the refused rating goes through."""
    with closing(dbmod.connect(db)) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    limit = {"pages": pages}
    services = services_for(db, hook=lambda c: c.execute(f"PRAGMA max_page_count={limit['pages']}"))
    titles = title_ids(db, n=40)
    saved: list[tuple[int, str]] = []
    refused = None
    with LogTrap() as logs:
        async with serve(server, services):
            for k in range(2000):
                user, title = 600 + k // len(titles), titles[k % len(titles)]
                text = await _ask(server, f"/rate {title} 4.5", user)
                if text == TRY_AGAIN:
                    refused = (user, title)
                    break
                assert "Saved" in text, text
                saved.append((user, title))
            assert refused is not None, "the page limit never filled up"
            limit["pages"] = 1_000_000_000  # space freed
            assert "Saved" in await _ask(server, f"/rate {refused[1]} 4.5", refused[0])
    services.close()
    assert integrity(db) == "ok"
    stored = {(u, t) for u, t, _ in chat_ratings(db).values()}
    with closing(sqlite3.connect(db)) as conn:
        ids = dict(conn.execute("SELECT telegram_id, user_id FROM chat_users"))
    assert {(ids[u], t) for u, t in [*saved, refused]} == stored
    assert len(saved) > 10 and failed_calls(server) == []
    _no_errors_and_one_warning(logs)
    print(f"\n{len(saved)} ratings saved before the disk was full")


def test_transient_database_errors_never_reach_the_user_as_an_apology(demo_db, tmp_path):
    """The router alone, in both languages: a locked or read-only database gives "try again"."""
    from bot.app import build_router
    from bot.router import Request

    db = copy_db(demo_db, tmp_path / "r.db")
    (title,) = title_ids(db, n=1)
    faults = {
        "locked": {"hook": lambda c: c.execute("PRAGMA busy_timeout=0")},
        "readonly": {"readonly": True},
    }
    for name, hook in faults.items():
        services = services_for(db, **hook)
        router = build_router(services)
        services.conn()  # opened (and the schema checked) before the fault
        with closing(dbmod.connect(db)) as locker:
            if name == "locked":
                locker.execute("BEGIN IMMEDIATE")
            for lang in ("en", "es"):
                reply = router.dispatch(Request("rate", (title, "4"), user_id=77, lang=lang))
                assert reply.text == t(lang, "gen.try_again"), (name, reply.text)
                assert not any(a in reply.text for a in APOLOGY)
        services.close()


def test_two_new_people_at_the_same_moment_get_two_ids(demo_db, tmp_path):
    """A newcomer's first /recommend (which creates their internal id) while another newcomer's
    /rate is mid-transaction: both must get an id, not a "UNIQUE constraint failed" apology
    (seen in the load test before the fix)."""
    import threading
    import time

    from core.ratings import internal_user

    db = copy_db(demo_db, tmp_path / "bot.db")
    result: dict[str, object] = {}
    with closing(dbmod.connect(db)) as first, closing(dbmod.connect(db)) as second:

        def newcomer() -> None:
            try:
                result["id"] = internal_user(second, 2002, create=True)
                second.commit()
            except sqlite3.Error as err:
                result["error"] = err

        first.execute("BEGIN IMMEDIATE")  # the /rate of person 2001, not committed yet
        taken = internal_user(first, 2001, create=True)
        racer = threading.Thread(target=newcomer)
        racer.start()
        time.sleep(0.3)
        first.commit()
        racer.join()
    assert result == {"id": taken + 1}
