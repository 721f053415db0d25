# Reisgids zorg en welzijn. `make run`: the platform with demo data; `make test`: every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Where `make run` serves; e.g. `make run RUN_ADDR=0.0.0.0:8080`.
RUN_ADDR ?= 127.0.0.1:8000
# `install` runs pip once per content of pyproject.toml in this virtualenv (a marker file inside it).
INSTALLED := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-16)

# Tests: PostgreSQL and Redis on this machine unless told otherwise.
TEST_ENV := SECRET_KEY=test-only-secret DEBUG=false \
	DATABASE_URL=$${TEST_DATABASE_URL:-$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/reisgids}} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} CACHE_KEY_PREFIX=$${CACHE_KEY_PREFIX:-reisgids-test} \
	ALLOWED_HOSTS=127.0.0.1,localhost,testserver
# pytest runs on PYTEST_WORKERS processes (pytest-xdist), each with its own test database and cache
# prefix (conftest.py); `make test PYTEST_WORKERS=0` runs in one process. PYTEST_ARGS adds options.
PYTEST_WORKERS ?= 2

.PHONY: run test install lint check-i18n smoke bench bench-digest rps messages css

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(INSTALLED)

$(INSTALLED): | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

## The platform with demo data at http://$(RUN_ADDR) (SQLite under var/ when DATABASE_URL is unset).
run: install
	DEBUG=$${DEBUG:-true} $(MANAGE) migrate --noinput
	DEBUG=$${DEBUG:-true} $(MANAGE) createcachetable
	DEBUG=$${DEBUG:-true} $(MANAGE) seed_demo
	DEBUG=$${DEBUG:-true} $(MANAGE) runserver $(RUN_ADDR)

## Every check: lint, Django checks, migrations, translations, then all tests, with the SQLite smoke
## test running beside them (its output is printed after theirs; either failing fails `make test`).
## The migrated template of the workers' test databases (tests/db_template.py) is built beside the
## checks; the workers wait for it.
test: install lint
	@if [ "$(PYTEST_WORKERS)" != 0 ]; then \
	  echo "test database template: built beside the checks"; \
	  $(TEST_ENV) $(BIN)/python -m tests.db_template & fi; \
	set -e; \
	echo "check, makemigrations --check, check-i18n"; \
	$(TEST_ENV) $(MANAGE) check --fail-level WARNING; \
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run; \
	$(MAKE) --no-print-directory check-i18n; \
	set +e; \
	log=$$(mktemp); echo "smoke: runs beside the tests; its output follows theirs"; \
	$(MAKE) --no-print-directory smoke > $$log 2>&1 & smoke=$$!; \
	status=0; $(TEST_ENV) REISGIDS_TEST_TEMPLATE_BUILT_AHEAD=1 \
	  $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=15 $(PYTEST_ARGS) || status=$$?; \
	wait $$smoke || { status=1; echo "smoke: FAILED"; }; cat $$log; rm -f $$log; exit $$status

## Ruff, and the layers of docs/architecture.md (import-linter's contract in pyproject.toml).
lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## Fails when makemessages would change the Dutch catalogue, or the compiled catalogue is stale.
check-i18n:
	$(BIN)/python scripts/messages.py check

## Regenerate the Dutch catalogue (after adding or changing English message ids).
messages:
	$(BIN)/python scripts/messages.py update

## `make run` in a fresh clone of this checkout (in a temporary folder, no settings in the environment),
## then fetch the main pages.
smoke:
	$(BIN)/python scripts/smoke.py

## Timings of the main pages at two data scales, as one JSON document.
## Options: make bench BENCH_ARGS="--large 2000 --requests 50" (see manage.py bench --help).
bench: install
	$(TEST_ENV) $(MANAGE) bench $(BENCH_ARGS)

## The digest benchmark (issue 14): a daily digest round to BENCH_DIGEST_MEMBERS members through one real
## Celery worker on Redis and a counting SMTP server, run twice; fails when a member gets no mail or two,
## or when the round takes longer than BENCH_DIGEST_MAX_SECONDS. Its own database: BENCH_DIGEST_DB.
BENCH_DIGEST_DB ?= reisgids_digest_bench
BENCH_DIGEST_MEMBERS ?= 50000
BENCH_DIGEST_MAX_SECONDS ?= 600
BENCH_DIGEST_ENV := $(TEST_ENV) DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DIGEST_DB)
bench-digest: install
	createdb -h 127.0.0.1 -U postgres $(BENCH_DIGEST_DB) 2>/dev/null || true
	$(BENCH_DIGEST_ENV) $(MANAGE) migrate --noinput
	$(BENCH_DIGEST_ENV) $(MANAGE) bench_digest --members $(BENCH_DIGEST_MEMBERS) --max-seconds $(BENCH_DIGEST_MAX_SECONDS)

## Requests per second under gunicorn (two workers) for anonymous and signed-in visitors: a report, not a
## test. Options: make rps RPS_ARGS="--scale 2000 --duration 10" (see scripts/rps.py --help).
rps: install
	$(TEST_ENV) $(BIN)/python scripts/rps.py $(RPS_ARGS)

## Rebuild static/css/reisgids.css from the NL Design System packages (needs Node; the result is committed).
css:
	npm ci && npm run build
