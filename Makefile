# planwatch — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(shell scripts/find-python.sh)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test venv lint serve clean

$(BIN)/planwatch: pyproject.toml uv.lock
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install -q uv==0.13.8; }
	$(BIN)/uv sync --frozen --python $(BIN)/python -q
	@touch $@

venv: $(BIN)/planwatch

## make demo: install, create the SQLite database, import the five seed plans, start the web server
demo: venv
	@scripts/system-deps.sh
	$(BIN)/planwatch demo --host $(HOST) --port $(PORT)

## make test: install (system packages included) and run the whole test suite: SQLite, then PostgreSQL
test: venv
	@scripts/system-deps.sh test
	$(BIN)/ruff check planwatch tests
	$(BIN)/ruff format --check planwatch tests
	scripts/pytest.sh -n 2 -p no:cacheprovider
	scripts/with-postgres.sh scripts/pytest.sh -n 2 -p no:cacheprovider -m "not browser"

lint: venv
	$(BIN)/ruff check planwatch tests
	$(BIN)/ruff format --check planwatch tests

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
