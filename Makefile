# Quick Win — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

BACKUP_DIR ?= backups

.PHONY: backup restore run test lint check-migrations pytest browser-tests messages worker beat bench bench-smoke screenshots clean help

help:
	@echo "make run    - set up (venv, install, migrate, seed) and serve on http://$(HOST):$(PORT)"
	@echo "make test   - ruff, the layers contract, migrations check and pytest (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)"
	@echo "make bench  - performance at national scale on PostgreSQL (DATABASE_URL): writes docs/performance.md"
	@echo "make bench-smoke - the same benchmark code at a tiny size (< 1 min)"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: export DEBUG ?= on
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Quick Win runs at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check-migrations: $(STAMP)
	DEBUG=on $(PY) manage.py makemigrations --check --dry-run

pytest: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadgroup

test: lint check-migrations pytest

# Each app keeps its own catalogue, and the project templates theirs (templates/locale, the one
# LOCALE_PATHS entry): without a <folder>/locale makemessages would write into that one instead.
messages: $(STAMP)
	for app in templates core accounts initiatives evaluations monitoring reminders dashboard quickwin; do \
	  mkdir -p $$app/locale && \
	  (cd $$app && DEBUG=on ../$(PY) ../manage.py makemessages -l id -l en --no-obsolete) || exit 1; \
	done
	DEBUG=on $(PY) manage.py compilemessages --ignore=.venv

worker: $(STAMP)
	$(BIN)/celery -A quickwin worker --loglevel=info

beat: $(STAMP)
	$(BIN)/celery -A quickwin beat --loglevel=info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Both need DATABASE_URL=postgres://...; they create and drop their own <name>_bench_<size> databases.
bench: $(STAMP)
	$(PY) scripts/bench.py

bench-smoke: $(STAMP)
	$(PY) scripts/bench.py --smoke

screenshots: $(STAMP)
	$(PY) scripts/screenshots.py

# Database (dumpdata) + MEDIA_ROOT files in one archive with SHA-256 checksums (docs/security.md).
backup: $(STAMP)
	mkdir -p $(BACKUP_DIR)
	$(PY) manage.py backup $(BACKUP_DIR)/quickwin-$$(date +%Y%m%d-%H%M%S).tar.gz

# Onto an empty database: make restore FILE=backups/quickwin-....tar.gz
restore: $(STAMP)
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/quickwin-....tar.gz" && exit 1)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py restore $(FILE)
