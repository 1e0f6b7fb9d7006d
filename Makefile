# The commands of the README. `make run` and `make test` do all the set-up a fresh clone needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Local development and the tests run with DEBUG on; production sets DEBUG=0 and real secrets.
export DEBUG ?= 1
# Use DATABASE_URL when it is set, otherwise the project-local PostgreSQL cluster.
DB := DATABASE_URL="$${DATABASE_URL:-$$(scripts/devdb.sh url)}"
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install db db-stop migrate messages compile-messages setup run worker scheduler test lint format lock system-packages bench resilience cluster cluster-bench

help:
	@echo "make run       set everything up and serve the site on http://$(HOST):$(PORT)"
	@echo "make test      set everything up and run the whole test suite (browser tests included)"
	@echo "make lint      ruff check, ruff format --check and the app graph (lint-imports)"
	@echo "make bench     benchmark and soak test on the scale data (docs/performance.md)"
	@echo "make resilience  stop PostgreSQL under load and check the site copes"
	@echo "make worker    run the background worker (e-mail delivery) in the foreground"
	@echo "make scheduler run the periodic commands at their times"
	@echo "make cluster   two web nodes behind nginx with Redis and S3: check they act as one site"
	@echo "make cluster-bench  throughput through nginx with one web node against two"
	@echo "make db-stop   stop the project-local PostgreSQL cluster"

$(VENV)/.installed: requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.x)")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

db:
	@if [ -z "$$DATABASE_URL" ]; then scripts/devdb.sh start; fi

db-stop:
	scripts/devdb.sh stop

compile-messages: install
	$(PY) scripts/compile_messages.py

migrate: install db
	$(DB) $(MANAGE) migrate --noinput

setup: install db compile-messages migrate
	$(DB) $(MANAGE) load_reference_data
	$(DB) $(MANAGE) seed_demo

# The site queues every e-mail; a worker started alongside delivers it at once to the console
# (EMAIL_URL's backend), in the same terminal, and stops with the server.
run: setup
	$(DB) $(MANAGE) db_worker --no-reload --interval 1 & worker=$$!; \
	trap "kill $$worker" EXIT; \
	$(DB) $(MANAGE) runserver $(HOST):$(PORT)

# The background worker: sends the queued e-mails (and any other task).
worker: migrate
	$(DB) $(MANAGE) db_worker

# The periodic commands, at their times (SCHEDULER_JOBS in the settings).
scheduler: migrate
	$(DB) $(MANAGE) scheduler

system-packages:
	@scripts/system-packages.sh

test: install db compile-messages system-packages
	$(DB) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Load test of the main pages against Django's own ceiling on this machine (with visitors
# registering meanwhile, with the page cache off, and logged in with Redis as the shared cache),
# then two minutes of mixed load, on the scale data (added when missing; see docs/performance.md).
bench: setup
	@scripts/system-packages.sh wrk redis-server
	$(DB) $(MANAGE) seed_scale
	$(DB) $(MANAGE) benchmark $(BENCH_ARGS)
	$(DB) $(MANAGE) soak $(SOAK_ARGS)

# Stop the project-local PostgreSQL under load and check the 503 pages, the registrations in
# flight and the recovery, on the scale data.
resilience: setup
	@if [ -n "$$DATABASE_URL" ]; then echo "make resilience stops the project-local database; unset DATABASE_URL"; exit 2; fi
	$(DB) $(MANAGE) seed_scale
	$(DB) $(MANAGE) resilience

# Two gunicorn nodes behind nginx, with Redis, a local S3 server, the worker and the scheduler, all
# on the loopback on free ports, on the demo data: shows that they act as one site, then stops
# everything. CLUSTER_ARGS=--duration=4 is the short run CI uses.
cluster: setup system-packages
	$(DB) $(MANAGE) cluster $(CLUSTER_ARGS)

# Throughput of the benchmark's public pages through nginx, one node against two (docs/performance.md).
cluster-bench: setup system-packages
	@command -v wrk >/dev/null || scripts/system-packages.sh wrk
	$(DB) $(MANAGE) cluster --bench $(BENCH_ARGS)

# The app graph's contracts are in pyproject.toml ([tool.importlinter]).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract UI strings; Dutch is the source language, so its catalogue copies the source strings.
messages: install
	$(MANAGE) makemessages -l nl -l fr --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests
	$(PY) scripts/dutch_catalogue.py

# Re-pin every dependency (with hashes) after changing pyproject.toml. Universal: the lock holds
# every package any Python 3.11+ may need, with its marker (e.g. redis needs async-timeout before
# 3.11.3, which Debian's 3.11.2 is), not only what the Python running `make lock` needs.
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet
lock: install
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_FLAGS) --extra dev -o requirements-dev.lock
