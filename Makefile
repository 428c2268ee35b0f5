# NEC Society site. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
LOCALSTRIPE_PORT ?= 8420

.DEFAULT_GOAL := help
.PHONY: help run test lint format check install clean two-servers bench drill

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	sh scripts/system_packages.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# The W3C HTML checker's jar (npm's vnu-jar, pinned in package-lock.json), for tests/home/test_valid_html.py.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed ## Create .venv and install the pinned requirements

run: export SITE_URL = http://$(HOST):$(PORT)
run: install ## Set up from nothing and serve the demo site on http://127.0.0.1:8000 (SQLite, localstripe, console email)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py load_demo_gifts
	$(BIN)/python manage.py ensure_demo_admin
	HOST=$(HOST) PORT=$(PORT) LOCALSTRIPE_PORT=$(LOCALSTRIPE_PORT) BIN=$(BIN) sh scripts/serve_with_localstripe.sh

test: install node_modules/.installed ## Run the whole suite against a throwaway PostgreSQL cluster (installs Chromium and Java if root)
	BIN=$(BIN) sh scripts/run_with_postgres.sh $(BIN)/python scripts/run_suite.py $(PYTEST_ARGS)

two-servers: install ## Two app servers (gunicorn, production settings) sharing one PostgreSQL and one Redis: a gift and a publish seen on both at once
	BIN=$(BIN) sh scripts/run_with_postgres.sh $(BIN)/python scripts/two_servers.py

bench: install ## By hand: the campaign x10 under gunicorn (production settings) against a bare `wagtail start` site, with wrk (prints a table)
	BIN=$(BIN) sh scripts/run_with_postgres.sh $(BIN)/python scripts/bench.py $(BENCH_ARGS)

drill: install ## A bad night on loopback: kill the email worker, stop PostgreSQL, stall SMTP while gifts flow; prints what was lost or doubled (a few minutes)
	BIN=$(BIN) sh scripts/run_with_postgres.sh $(BIN)/python scripts/drill.py

check: install ## Django system checks and the missing-migrations check
	DJANGO_SETTINGS_MODULE=necsociety.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=necsociety.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

lint: install ## ruff check, ruff format --check, and the layers contract (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv, the SQLite database and generated files
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles tests/artifacts
