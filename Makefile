# Two commands matter: `make run` (demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST_PORT ?= 127.0.0.1:8000

.PHONY: run test setup lint pytest bench bench-web bench-reports bench-dedup bench-imports lock clean

# Installs exactly the lock files' versions, each checked against its recorded hash.
$(STAMP): requirements-dev.lock requirements-data.txt package.json package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit("Hòa Nhập needs Python 3.11 or newer.") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-data.txt
	npm ci --no-audit --no-fund --silent
	touch $@

setup: $(STAMP)
	$(BIN)/python manage.py compiletranslations

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_admin_units
	$(BIN)/python manage.py load_regimes
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST_PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/bandit -q -c pyproject.toml -r . --severity-level medium
	$(BIN)/python manage.py makemigrations --check --dry-run

pytest: setup
	$(BIN)/pytest

test: lint pytest

bench: setup
	$(BIN)/python -m bench.run

# The web pages under gunicorn with 100,000 cases on PostgreSQL (BENCH_POSTGRES_URL, default local).
bench-web: setup
	$(BIN)/python -m bench.web

# The standard report of a province for a year with 1,000,000 support deliveries on PostgreSQL
# (BENCH_POSTGRES_URL, default local), against the same aggregations as hand-written SQL.
bench-reports: setup
	$(BIN)/python -m bench.reports

# Duplicate detection: our matcher, exact matching and Splink on synthetic lists (no database).
bench-dedup: setup
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-bench.lock
	$(BIN)/python -m bench.dedup

# Importing a 10,000-row list on PostgreSQL (BENCH_POSTGRES_URL, default local): each step, against a plain INSERT.
bench-imports: setup
	$(BIN)/python -m bench.imports

# After changing requirements*.txt: pin every package, with hashes, for production
# (requirements.lock) and development (requirements-dev.lock). Needs the package index.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --output-file requirements.lock requirements.txt
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --output-file requirements-dev.lock requirements-dev.txt
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --output-file requirements-bench.lock requirements-bench.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) node_modules hoanhap.sqlite3 hoanhap.sqlite3-* .test-media staticfiles
