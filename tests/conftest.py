"""Shared fixtures: the real data the product ships, and tiny inputs with known answers."""

from __future__ import annotations

import csv
import fcntl
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pytest

from core.platforms import CATALOG_COLUMNS, PLATFORMS, RATINGS_COLUMNS

REPO = Path(__file__).resolve().parents[1]
SLOW_MODULES = frozenset(
    {
        "test_backup.py",  # real `streambot jobs` and `worker` processes, a writer throughout
        "test_deploy.py",  # the Procfile's processes and a first run, as subprocesses
        "test_hardening_db.py",  # a full disk, a locked database, through the real bot
        "test_hardening_fuzz.py",  # property-based: hostile input through the real bot
        "test_hardening_kill.py",  # SIGKILLs of the bot, the ETL and trainings, then restarts
        "test_hardening_load.py",  # 2,000 updates at 100/s with a training
        "test_hardening_privacy.py",  # trainings killed in child processes, then /forget
        "test_hardening_security.py",  # privacy and forgetting, through the real bot
        "test_hardening_startup.py",  # real bot processes; getMe's retry pauses waited out
        "test_hardening_telegram.py",  # waits out real retry pauses and timeouts
        "test_lifecycle.py",  # trainings in child processes
        "test_recommend_registry.py",  # trains and prunes several model versions
        "test_recommend_guard.py",  # trains candidates on random, real and tiny data
        "test_scrub.py",  # trains versions, then rewrites them without a person
    }
)
"""The modules `make test-fast` leaves out (marked ``slow``): each spawns processes, trains
models or waits out retries. `make test` and CI run everything."""


SERIAL_MODULES = frozenset(
    {
        "test_hardening_flood.py",  # rate-limit budgets that refill per second
        "test_hardening_groups.py",  # "no reply within 0.5 s"
        "test_hardening_load.py",  # 100 updates/s, p99 under 1 s
    }
)
"""The modules whose assertions are about time windows (marked ``serial``): `make test` runs
the rest on both cores (pytest-xdist), then these alone, so the other worker's load never
decides them."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if item.path.name in SERIAL_MODULES:
            item.add_marker(pytest.mark.serial)
    # The slow modules first (each keeps its order): `make test` hands whole modules to its two
    # workers in this order, and a slow one handed out last ran alone at the end, a minute of
    # one idle core.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def _built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder ``build`` fills once per run, shared by the test workers (``make test`` runs
    two): each worker used to build the real catalogs' database and trained model for itself,
    ~60 s of the suite's CPU. The first worker builds under a lock, the other waits and reads.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:  # one process: its own temporary folder
        folder = factory.mktemp(name)
        build(folder)
        return folder
    root = factory.getbasetemp().parent  # this run's, shared by its workers
    folder = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


@pytest.fixture(scope="session")
def real_titles_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four real Kaggle catalogs, unpacked from the copies shipped in ``data/titles``."""
    from core.shipped import TITLES, unpack

    folder = _built_once(tmp_path_factory, "titles", lambda f: unpack(TITLES, f))
    assert all((folder / p.file_name).is_file() for p in PLATFORMS)
    return folder


@pytest.fixture(scope="session")
def real_catalog_db(real_titles_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalogs loaded by the ETL (no ratings), once per run: copy it before
    writing to it."""
    from core.etl import run_etl

    folder = _built_once(
        tmp_path_factory, "real_catalog", lambda f: run_etl(real_titles_dir, f / "real.db")
    )
    return folder / "real.db"


@pytest.fixture
def real_db_copy(real_catalog_db: Path, tmp_path: Path) -> Path:
    """A copy of ``real_catalog_db`` to write to."""
    import shutil

    return Path(shutil.copy(real_catalog_db, tmp_path / "streambot.db"))


@pytest.fixture(scope="session")
def real_trained(real_titles_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The product's default data with one small model live, once per run: the shipped
    catalogs, generated demo ratings, the shipped real taste, trained with the tests' small
    config. The folder holds ``streambot.db`` and ``models/``: copy it before writing."""

    def build(root: Path) -> None:
        from core.etl import run_etl
        from core.recommend.train import train
        from core.sample import write_sample
        from tests.recommend_data import REAL_FAST

        write_sample(root / "src", scale="demo", seed=0, titles_dir=real_titles_dir)
        run_etl(root / "src", root / "streambot.db")
        train(root / "streambot.db", root / "models", REAL_FAST, promote=True)

    return _built_once(tmp_path_factory, "real_trained", build)


@pytest.fixture(scope="session")
def movielens_release(movielens_small_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ml-latest-small as GroupLens publishes it: a folder named after the release, holding
    ``movies.csv`` and ``ratings.csv``."""
    import shutil

    folder = tmp_path_factory.mktemp("releases") / "ml-latest-small"
    folder.mkdir()
    for name in ("movies.csv", "ratings.csv"):
        shutil.copy(movielens_small_dir / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def movielens_small_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """MovieLens ml-latest-small, unpacked from ``data/movielens-small``."""
    from core.shipped import MOVIELENS_SMALL, unpack

    return unpack(MOVIELENS_SMALL, tmp_path_factory.mktemp("movielens"))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], **kw) -> Path:
    """Write a CSV the way the real files are written (csv module quoting)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=kw.pop("encoding", "utf-8")) as fh:
        writer = csv.writer(fh, lineterminator=kw.pop("lineterminator", "\n"))
        writer.writerow(header)
        writer.writerows(rows)
    return path


def catalog_row(show_id: str, title: str, **fields: object) -> list[object]:
    """One raw catalog row; unspecified columns get plausible values."""
    values: dict[str, object] = {
        "show_id": show_id,
        "type": "Movie",
        "title": title,
        "director": "Jane Doe",
        "cast": "Ann Lee, Bob Stone",
        "country": "United States",
        "date_added": "March 30, 2021",
        "release_year": 2019,
        "rating": "PG-13",
        "duration": "100 min",
        "listed_in": "Drama, Comedy",
        "description": "A Story.",
    }
    values.update(fields)
    return [values[c] for c in CATALOG_COLUMNS]


def write_tiny_catalogs(folder: Path) -> Path:
    """Four small catalogs, two titles each, with ids like as1, ds1, hs1, ns1."""
    for p in PLATFORMS:
        rows = [
            catalog_row("s1", f"{p.display} One"),
            catalog_row("s2", f"{p.display} Two", type="TV Show", duration="2 Seasons"),
        ]
        write_csv(folder / p.file_name, CATALOG_COLUMNS, rows)
    return folder


def write_ratings(folder: Path, name: str, rows: Iterable[Sequence[object]], **kw) -> Path:
    return write_csv(folder / "ratings" / name, RATINGS_COLUMNS, rows, **kw)


@pytest.fixture
def tiny_source(tmp_path: Path) -> Path:
    """A source folder with tiny catalogs and one clean ratings file (6 ratings)."""
    src = write_tiny_catalogs(tmp_path / "src")
    write_ratings(
        src,
        "ratings_1.csv",
        [
            (1, 4.0, 1600000000, "ns1"),
            (1, 3.5, 1600000001, "as1"),
            (2, 5.0, 1600000002, "ns1"),
            (2, 0.5, 1600000003, "ds2"),
            (3, 2.0, 1600000004, "hs1"),
            (3, 4.0, 1600000005, "ns1"),
        ],
    )
    return src


def _module_copy(built: Path, factory: pytest.TempPathFactory, name: str) -> Path:
    """A copy of a session-built database for one test module, beside a link to the files it
    was loaded from (``<folder>/src``). Why: routers and bots in some modules write to their
    database (ratings, watch parties), and a module that asserts exact chat ratings must not
    see them; in one process the alphabetical order hid this, on two workers it did not."""
    from harness.db import copy_db

    folder = factory.mktemp(name)
    (folder / "src").symlink_to(built.parent / "src", target_is_directory=True)
    return copy_db(built, folder / built.name)


@pytest.fixture(scope="session")
def _demo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from core.etl import run_etl
    from core.sample import write_sample

    folder = tmp_path_factory.mktemp("demo")
    write_sample(folder / "src", scale="demo", seed=0)
    db_path = folder / "demo.db"
    run_etl(folder / "src", db_path)
    return db_path


@pytest.fixture(scope="module")
def demo_db(_demo_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated demo dataset (seed 0), loaded once per test session; each module gets its
    own copy (``_module_copy``)."""
    return _module_copy(_demo_build, tmp_path_factory, "demo_copy")


@pytest.fixture(scope="session")
def _real_demo_build(real_titles_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from core.etl import run_etl
    from core.sample import write_sample

    folder = tmp_path_factory.mktemp("real_demo")
    write_sample(folder / "src", scale="demo", seed=0, titles_dir=real_titles_dir)
    run_etl(folder / "src", folder / "real.db")
    return folder / "real.db"


@pytest.fixture(scope="module")
def real_demo_db(_real_demo_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real catalogs with demo-scale generated ratings (seed 0), loaded once per session
    by the ETL alone: nothing else (no report, no refresh by hand) has touched it, and each
    module gets its own copy (``_module_copy``)."""
    return _module_copy(_real_demo_build, tmp_path_factory, "real_demo_copy")
