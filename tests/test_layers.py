"""The shape of the house: core is a library that never imports Telegram or the bot."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import core


def test_core_never_imports_telegram_or_bot():
    modules = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
    assert len(modules) > 20
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('telegram', 'bot'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_importing_core_loads_no_data_and_no_model():
    code = "import time, sys; t=time.time(); import core; print(round(time.time()-t, 3))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) < 0.5
