# The two commands: `make run` and `make test`. Each sets everything up itself.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The newest python3 >= 3.11 on this machine.
PYTHON ?= $(shell for v in 3.14 3.13 3.12 3.11; do \
	if python$$v -c 'import sys' >/dev/null 2>&1; then echo python$$v; exit; fi; done; \
	echo python3)

.PHONY: run test venv lint format clean bench

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

run: venv
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "Demo accounts (password: demo-password-2026):"
	@echo "  coordinator@example.org  a community coordinator  -> http://127.0.0.1:8000/my/"
	@echo "  taskforce@example.org    a task force member      -> http://127.0.0.1:8000/admin/"
	@echo "  bureau@example.org       a Bureau member          -> http://127.0.0.1:8000/admin/"
	@echo "  secretariat@example.org  the Secretariat          -> http://127.0.0.1:8000/admin/"
	@echo ""
	$(PY) manage.py runmailer & mailer=$$!; \
	$(PY) manage.py housekeeping --loop --no-progress & housekeeping=$$!; \
	trap "kill $$mailer $$housekeeping" EXIT; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: venv
	$(PY) -m pytest

# Seed (or reuse) a database per size and time every public page; see docs/performance.md.
# SQLite files under /tmp/ipbes-bench by default; PostgreSQL with BENCH_DATABASE_URL.
# BENCH_FLAGS=--write-docs puts the report in docs/performance.md.
BENCH_SIZES ?= 1000,10000,50000
BENCH_REPEAT ?= 20
bench: venv
	$(PY) manage.py benchmark --sizes $(BENCH_SIZES) --repeat $(BENCH_REPEAT) --throughput $(BENCH_FLAGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media
