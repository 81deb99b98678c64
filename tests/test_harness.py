"""bench/ stands on its own: it runs as plain scripts from any folder, imports no test module
and edits no ``sys.path``; what tests and benchmarks share lives in the installed ``harness``
package, which the product never imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = sorted((REPO / "bench").glob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("script", BENCH, ids=lambda p: p.name)
def test_a_benchmark_imports_no_test_module_and_edits_no_sys_path(script: Path) -> None:
    assert not {n for n in _imports(script) if n == "tests" or n.startswith("tests.")}
    assert "sys.path" not in script.read_text()


@pytest.mark.parametrize(
    "script",
    [
        "replies.py",
        "load.py",
        "queries.py",
        "taste_bridge.py",
        "taste_sample.py",
        "where_sample.py",
        "recommender_full.py",
    ],
)
def test_a_benchmark_starts_as_a_plain_script_from_another_folder(script: str, tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout


def test_the_product_never_imports_the_harness() -> None:
    for path in [*(REPO / "core").rglob("*.py"), *(REPO / "bot").rglob("*.py")]:
        assert not {n for n in _imports(path) if n.split(".")[0] == "harness"}, path
