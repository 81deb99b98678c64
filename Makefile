# Two commands matter on a fresh machine: `make run` and `make test`.
# Both create .venv when it is missing and (re)install from requirements.lock when it changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lock lint fuzz bench bench-etl clean-data

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

## Re-resolve the whole dependency tree from pyproject.toml's pins into requirements.lock (needs uv).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --index-url https://pypi.org/simple \
		--no-header --quiet -o requirements.lock

## Build the database (real files in data/raw/, else the shipped catalogs with generated ratings),
## then the Telegram bot (TELEGRAM_BOT_TOKEN set, in the environment or .env) or the console.
run: $(STAMP)
	$(BIN)/streambot run

## Run the whole test suite (and ruff): on both cores, file by file, then the tests of time
## windows alone (tests/conftest.py SERIAL_MODULES). About 9-10 minutes here on a slow day (2026-12-07, fresh
## clones: 8:16-9:05 + 0:45; 12:42 the day before, until the trainings it runs got lighter).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 --dist loadfile -m "not serial"
	$(BIN)/python -m pytest -q -m serial

## The tests for daily work: all but those marked slow (tests/conftest.py SLOW_MODULES), on both
## cores, then the time-window tests alone; about 90 s here. `make test` runs everything.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist worksteal -m "not slow and not serial"
	$(BIN)/python -m pytest -q -m "serial and not slow"

## Property-based tests with many more examples than CI runs.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=3000 FUZZ_E2E_EXAMPLES=1000 $(BIN)/python -m pytest -q tests/test_fuzz_router.py tests/test_hardening_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench-etl: $(STAMP)
	$(BIN)/python bench/etl.py

## Every benchmark, in the order they build on each other (tens of minutes on 2 cores).
bench: $(STAMP)
	$(BIN)/python bench/etl.py
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/recommender.py
	$(BIN)/python bench/recommender_full.py
	$(BIN)/python bench/retrain.py
	$(BIN)/python bench/replies.py
	$(BIN)/python bench/charts.py
	$(BIN)/python bench/startup.py

clean-data:
	rm -rf data/sample data/streambot.db data/streambot.db-wal data/streambot.db-shm
