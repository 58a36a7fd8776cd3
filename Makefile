# thidua: the two commands are `make run` and `make test`; the rest are their parts.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/thidua

.PHONY: run install serve setup test lint typecheck imports check pytest pytest-pg e2e-browser bench messages clean

run: install  ## install, prepare the demo database on first start, serve on http://127.0.0.1:8000
	$(BIN)/thidua setup
	$(BIN)/thidua serve

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@PY=$$(scripts/find-python) || exit 1; \
	  echo "Using $$PY ($$($$PY --version))"; \
	  [ -x $(BIN)/python ] || $$PY -m venv $(VENV) || { echo "Could not create $(VENV): install python3-venv"; exit 1; }
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python scripts/compile_messages.py
	@touch $@

lock:  ## re-pin requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --group dev --universal --python-version 3.11 -o requirements.lock

test: install lint typecheck imports check pytest pytest-pg  ## everything CI runs

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

imports:
	$(BIN)/lint-imports

check:
	$(BIN)/python scripts/compile_messages.py --check
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/python manage.py makemigrations --check --dry-run

e2e-browser:  ## make sure a chromium is there for the browser tests (installs Debian's package when it can)
	@scripts/install-chromium || true

pytest: e2e-browser
	@echo "== test suite on SQLite =="
	$(BIN)/pytest

pytest-pg: e2e-browser
	@if $(BIN)/python scripts/pg_reachable.py "$(PG_URL)"; then \
	  echo "== test suite on PostgreSQL ($(PG_URL)) =="; \
	  DATABASE_URL="$(PG_URL)" $(BIN)/pytest; \
	else \
	  echo "== PostgreSQL not reachable at $(PG_URL): PostgreSQL pass SKIPPED =="; \
	fi

bench: install  ## speed and memory goals, printed as ratios (SCALE=small for a quick run)
	$(BIN)/python -m bench $(if $(SCALE),--scale $(SCALE),)

messages:  ## extract translatable strings into the .po files (needs GNU gettext)
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore '*/tests/*'
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var/ .pytest_cache .mypy_cache .ruff_cache
