# Lontar developer commands. On a fresh Debian/Ubuntu machine only python3, pip and apt are
# needed: `make run` starts the app with demo data, `make test` runs every check.

SHELL := /bin/sh

# uv from $PATH, else the copy that `make uv` installs with pip (usable as `python3 -m uv`).
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
# apt-get needs root; use sudo when we are not root and it exists.
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo 2>/dev/null)

HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test test-sqlite test-postgres lint format bench uv system-deps

help:
	@echo "make run     migrate, load demo data, start worker + timers + http://$(HOST):$(PORT)"
	@echo "make test    ruff, then the test suite on SQLite and on PostgreSQL"
	@echo "make lint    ruff check and ruff format --check"
	@echo "make format  ruff format + ruff check --fix"
	@echo "make bench   worklist benchmark"

# Debian's python3 refuses plain `pip install` (PEP 668), hence the second attempt.
uv:
	@$(UV) --version >/dev/null 2>&1 || { \
	  echo "Installing uv with pip"; \
	  python3 -m pip install --quiet uv 2>/dev/null \
	  || python3 -m pip install --quiet --break-system-packages uv; \
	}

run: uv
	$(UV) sync
	$(UV) run python manage.py migrate --noinput
	$(UV) run python manage.py seed_demo --if-empty
	UV="$(UV)" HOST="$(HOST)" PORT="$(PORT)" scripts/dev_server.sh

# Debian packages the tests need: a PostgreSQL server (the tests start their own
# throw-away cluster), Chromium (browser tests drive it through Playwright), and
# Tesseract with its Indonesian model plus Ghostscript for reading scanned letters.
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	ls /usr/share/tesseract-ocr/*/tessdata/ind.traineddata >/dev/null 2>&1 \
	  || missing="$$missing tesseract-ocr-ind"; \
	command -v gs >/dev/null 2>&1 || missing="$$missing ghostscript"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update \
	  && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
	     apt-get install -y --no-install-recommends $$missing; \
	fi

# Both runs always execute; make test fails if either fails.
test: uv system-deps
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

test-postgres: uv system-deps
	LONTAR_TEST_DB=postgres $(UV) run pytest

lint: uv
	$(UV) run ruff check .
	$(UV) run ruff format --check .

format: uv
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

bench: uv
	$(UV) run python bench/bench_worklists.py --start-postgres
