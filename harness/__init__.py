"""Test and benchmark harness: what ``tests/`` and ``bench/`` both run the bot on.

- ``harness.fakebotapi``: a local fake of the Telegram Bot API (docs/fake-bot-api.md);
- ``harness.running``: start and stop a python-telegram-bot ``Application`` on it, by long
  polling or webhook;
- ``harness.load``: the load test's engine (``tests/test_hardening_load.py`` at CI size,
  ``bench/load.py`` at full size);
- ``harness.db``: a consistent database copy, an integrity check, title ids to ask about.

It is installed with the project (``pip install -e .``), so both import it by name, with no
``sys.path`` edits. The product itself (``core``, ``bot``) never imports it.
"""
