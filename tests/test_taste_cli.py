"""``streambot taste`` on the shipped small set: an import reports its progress on stderr and
its result on stdout, a second import changes nothing, ``list`` shows the figures, and bad input
is one line and exit code 2, never a traceback."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.cli import main
from tests.taste_data import serving

pytestmark = pytest.mark.real_data


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["taste", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_reports_progress_then_the_result_and_a_second_import_changes_nothing(
    real_db_copy: Path, movielens_release: Path, capsys
) -> None:
    code, out, err = run(
        capsys, "import-movielens", str(movielens_release), "--db", str(real_db_copy)
    )
    assert code == 0
    assert out == (
        "Imported ml-latest-small from ml-latest-small: 2,069 of 9,742 movies matched to the "
        "catalog (21.2%), 33,980 of 100,836 ratings kept.\n"
    )
    progress = err.splitlines()
    assert "streambot taste: read 9,742 movies" in progress
    assert "streambot taste: matched 2,069 of 9,742 movies" in progress
    assert progress[-1] == "streambot taste: read 100,836 ratings, wrote 33,980 rows"
    with closing(sqlite3.connect(real_db_copy)) as conn:
        before = conn.execute("SELECT count(*), max(imported_at) FROM taste_sources").fetchone()
    code, out, err = run(
        capsys, "import-movielens", str(movielens_release), "--db", str(real_db_copy)
    )
    assert code == 0
    assert out == f"{movielens_release} is already imported as ml-latest-small: nothing changed.\n"
    with closing(sqlite3.connect(real_db_copy)) as conn:
        assert (
            conn.execute("SELECT count(*), max(imported_at) FROM taste_sources").fetchone()
            == before
        )
    code, out, _ = run(capsys, "list", "--db", str(real_db_copy))
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split()[:7] == [
        "movielens-small",
        "no",
        "9,742",
        "2,069",
        "100,836",
        "33,980",
        "movielens-small.csv.xz",
    ]
    assert lines[2].split()[:6] == ["ml-latest-small", "yes", "9,742", "2,069", "100,836", "33,980"]
    assert lines[3] == "movielens-small: not used, the same release is imported as ml-latest-small."


def test_the_database_comes_from_streambot_db_when_no_db_is_given(
    real_db_copy: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("STREAMBOT_DB", str(real_db_copy))
    code, out, _ = run(capsys, "list")
    assert code == 0 and out.splitlines()[1].split()[:2] == ["movielens-small", "yes"]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("{tmp}/ml-25m.zip", "ml-25m.zip does not exist: give the folder or the .zip"),
        ("{tmp}", "is not a MovieLens release with movies.csv and ratings.csv"),
        ("{url}/ml-32m.zip", "ml-32m.zip cannot be downloaded (HTTP 404 File not found)"),
    ],
    ids=["missing file", "wrong layout", "unreachable url"],
)
def test_bad_input_is_one_line_and_exit_code_2(
    real_db_copy: Path, tmp_path: Path, capsys, given: str, message: str
) -> None:
    with serving(tmp_path) as url:
        code, out, err = run(
            capsys,
            "import-movielens",
            given.format(tmp=tmp_path, url=url),
            "--db",
            str(real_db_copy),
        )
    assert code == 2 and out == ""
    last = err.splitlines()[-1]
    assert last.startswith("streambot: ") and message in last
    assert "Traceback" not in err


def test_a_missing_database_is_named_not_created(tmp_path: Path, movielens_release, capsys) -> None:
    code, _, err = run(
        capsys, "import-movielens", str(movielens_release), "--db", str(tmp_path / "x.db")
    )
    assert code == 2 and "no database at" in err and "load the catalogs first" in err
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("command", [[], ["import-movielens"], ["list"]])
def test_help_says_what_each_command_does_and_which_environment_it_reads(command, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["taste", *command, "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "STREAMBOT_DB" in text
    if command == ["import-movielens"]:
        assert "ml-25m" in text and "Progress goes to stderr" in text and "non-commercial" in text
    if not command:
        assert "import-movielens" in text and "list" in text
