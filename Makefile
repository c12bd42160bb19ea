# Two commands do everything on a fresh machine with Python 3.11:
#   make run   - install, migrate, create a demo administration, serve on http://127.0.0.1:8000
#                (make run HOST=0.0.0.0 PORT=8123: another address; same as INVOICER_HOST/_PORT)
#   make test  - install with the dev extras, lint, and run the whole suite
#                (SQLite always; PostgreSQL too when one answers on 127.0.0.1:5432
#                 or INVOICER_TEST_POSTGRES_URL is set; the TypeScript client's tests when
#                 Node.js 20+ and npm are installed, else skipped with one line)
#   make sdk   - regenerate the committed clients (clients/python, clients/typescript)

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
TS := clients/typescript
# The TypeScript client's tools (pinned in its package-lock.json) when node and npm are here.
ifneq ($(and $(shell command -v node 2>/dev/null),$(shell command -v npm 2>/dev/null)),)
NODE_DEPS := $(TS)/node_modules/.package-lock.json
endif
# HOST and PORT count only when given on the make command line: a HOST or PORT in the
# environment is often something else (tcsh sets HOST to the machine's name). In the
# environment, INVOICER_HOST and INVOICER_PORT do the same.
SERVE_ENV = $(if $(filter command line,$(origin HOST)),INVOICER_HOST=$(HOST)) \
	$(if $(filter command line,$(origin PORT)),INVOICER_PORT=$(PORT))

.PHONY: run test lint format openapi sdk bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(SERVE_ENV) $(BIN)/invoicer demo --if-none
	$(SERVE_ENV) $(BIN)/invoicer serve

test: lint $(NODE_DEPS)
ifeq ($(NODE_DEPS),)
	@echo "Node.js/npm not found: the TypeScript client tests are skipped"
endif
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# `npm ci` once, and again only when the lockfile changes (from npm's cache when it has them).
$(TS)/node_modules/.package-lock.json: $(TS)/package-lock.json
	@command -v npm >/dev/null || { echo "clients/typescript needs Node.js 20+ and npm"; exit 1; }
	cd $(TS) && npm ci --prefer-offline --no-audit --no-fund

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

openapi: $(VENV)/.installed-dev  ## regenerate the committed openapi.json (review the diff!)
	$(BIN)/invoicer openapi > openapi.json

sdk: $(VENV)/.installed-dev $(TS)/node_modules/.package-lock.json  ## regenerate clients/ from openapi.json (review the diff!)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/openapi-python-client generate --path openapi.json \
	  --config clients/openapi-python-client.yaml --output-path clients/python \
	  --overwrite --fail-on-warning
	rm -rf clients/python/.ruff_cache
	cd $(TS) && npm run --silent generate

bench: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python bench/pdf_render.py
	$(BIN)/python bench/finalize.py
	$(BIN)/python bench/recurrences.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis $(TS)/node_modules $(TS)/dist
