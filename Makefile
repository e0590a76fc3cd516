# Lontar developer commands. On a fresh Debian/Ubuntu machine only python3, pip and apt are
# needed: `make run` starts the app with demo data, `make test` runs every check.

SHELL := /bin/sh

# uv from $PATH, else the copy that `make uv` installs with pip (usable as `python3 -m uv`).
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)

HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test test-sqlite test-postgres test-deps lint format bench audit uv system-deps runtime-deps

help:
	@echo "make run     migrate, load demo data, start worker + timers + http://$(HOST):$(PORT)"
	@echo "make test    ruff, then the test suite on SQLite and on PostgreSQL"
	@echo "make lint    ruff check and ruff format --check"
	@echo "make format  ruff format + ruff check --fix"
	@echo "make bench   worklist benchmark"
	@echo "make audit   known vulnerabilities in uv.lock (pip-audit; needs the network)"

# Debian's python3 refuses plain `pip install` (PEP 668), hence the second attempt.
uv:
	@$(UV) --version >/dev/null 2>&1 || { \
	  echo "Installing uv with pip"; \
	  python3 -m pip install --quiet uv 2>/dev/null \
	  || python3 -m pip install --quiet --break-system-packages uv; \
	}

run: uv runtime-deps
	$(UV) sync
	$(UV) run python manage.py migrate --noinput
	$(UV) run python manage.py seed_demo --if-empty
	$(UV) run python manage.py seed_demo_requests --if-empty
	$(UV) run python manage.py seed_demo_events --if-empty
	UV="$(UV)" HOST="$(HOST)" PORT="$(PORT)" scripts/dev_server.sh

# Debian packages (scripts/system_deps.sh says which): reading scans for the app, and
# PostgreSQL and Chromium as well for the tests.
runtime-deps:
	@scripts/system_deps.sh run

system-deps:
	@scripts/system_deps.sh test

# The tests' own JavaScript (axe-core, pinned in package-lock.json) into node_modules/.
test-deps: system-deps
	npm ci --no-audit --no-fund

# Both runs always execute; make test fails if either fails.
test: uv test-deps
	$(UV) sync --group dev
	$(UV) run ruff check .
	@sqlite=passed; postgres=passed; \
	echo; echo "==================== pytest on SQLite ===================="; \
	LONTAR_TEST_DB=sqlite $(UV) run pytest || sqlite=FAILED; \
	echo; echo "==================== pytest on PostgreSQL ===================="; \
	LONTAR_TEST_DB=postgres $(UV) run pytest || postgres=FAILED; \
	echo; echo "pytest on SQLite: $$sqlite; pytest on PostgreSQL: $$postgres"; \
	[ "$$sqlite" = passed ] && [ "$$postgres" = passed ]

test-sqlite: uv
	LONTAR_TEST_DB=sqlite $(UV) run pytest

test-postgres: uv test-deps
	LONTAR_TEST_DB=postgres $(UV) run pytest

lint: uv
	$(UV) run ruff check .
	$(UV) run ruff format --check .

format: uv
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

bench: uv
	$(UV) run python bench/bench_worklists.py --start-postgres

# Known vulnerabilities in the locked dependencies (pip-audit on uv.lock, see
# scripts/audit.sh; AUDIT_SERVICE=osv for osv.dev). Needs the network: not in `make test`.
audit: uv
	UV="$(UV)" scripts/audit.sh
