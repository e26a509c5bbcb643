# Your council's performance. `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run worker setup-data test lint format check pytest fuzz bench bench-import bench-scale bench-letters bench-web load load-mix backup-check fixtures mutate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## Create .venv and install the project with its dev tools

setup-data: install ## Migrate and load councils, boundaries, populations, postcodes and sample data (only into an empty database)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_initial_data

# The task worker that runs staff uploads starts beside the web server and stops with it.
run: setup-data ## Set everything up and serve http://127.0.0.1:8000, with the task worker
	@$(MANAGE) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

worker: install ## The task worker alone (runs queued uploads; production runs it as a service)
	$(MANAGE) db_worker

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install ## Django system checks and the missing-migrations check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

pytest: install ## The test suite alone (SQLite unless DATABASE_URL is set)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint check pytest ## Everything CI runs: lint, checks, then the whole test suite

fuzz: install ## Long schemathesis run over every API operation (FUZZ_EXAMPLES per operation)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(VENV)/bin/pytest -q -s -p no:cacheprovider tests/test_api_fuzz.py

bench: install ## National-scale benchmark on PostgreSQL (127.0.0.1:5432); writes bench/results.json
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(PY) -m bench.run

bench-import: install ## The decision-import rows alone: the import against the database floor and COPY of the same rows (a minute); writes bench/import-results.json
	$(PY) -m bench.import_rows

bench-scale: install ## The decision, search and admin rows alone, at 1x and 10x the sample, and their ratios
	$(PY) -m bench.scale

bench-letters: install ## Draft and send every council's 2023-24 letter (317) through a local SMTP server; writes bench/letters-results.json
	$(PY) -m bench.letters

bench-web: install ## The map page in Chromium against a static-file baseline, cold and warm, desktop and slow phone; Lighthouse
	$(PY) -m bench.web

load: install ## 50 clients for 60 s against gunicorn (2 workers) on the sample data; prints req/s, p50, p99, errors
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(PY) -m bench.load

load-mix: install ## As load, on PostgreSQL and Redis with the decisions list; then /healthz during four full CSV downloads
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(PY) -m bench.load --mix

backup-check: install ## pg_dump and pg_restore of a database with data, compared table by table
	bash scripts/backup_restore_check.sh

# Of decisions/querysets.py only the privacy filters (the public() methods) are mutated; the tally
# bookkeeping there is tested by tests/test_tallies.py and test_tally_drift.py, too slow for this.
MUTANTS ?= 'decisions.statistics.formulas.*' 'decisions.statistics.figures.*' \
	'decisions.selectors.*' 'ombudsman.years.*' \
	'decisions.querysets.*public__mutmut_*'
mutate: install ## Mutation testing (mutmut) of the formulas, selectors, years and privacy filters; minutes, not in `make test`
	$(VENV)/bin/mutmut run --max-children $${MUTATE_CHILDREN:-2} $(MUTANTS); status=$$?; $(VENV)/bin/mutmut results; exit $$status

fixtures: install ## Regenerate fixtures/ from ../shared/data (see README, "Regenerating the fixtures")
	$(MANAGE) build_fixtures --source-dir ../shared/data --out-dir fixtures

clean: ## Remove the virtual environment and the local SQLite database
	rm -rf $(VENV) db.sqlite3 staticfiles
