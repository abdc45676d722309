# Policing Grant Decisions — the two commands of the README, and their parts.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install run test lint bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# A recipe that fails leaves no target behind (a half-built front end is rebuilt next time).
.DELETE_ON_ERROR:

# GOV.UK Frontend, compiled from npm with the service's settings (Arial, no GOV.UK-only fonts), and the assets the CSS
# and JS refer to copied beside them (frontend/copy-assets.mjs), so that collectstatic's manifest storage finds them.
static/vendor/govuk/govuk.css: package.json package-lock.json $(wildcard frontend/*)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

install: $(VENV)/.installed static/vendor/govuk/govuk.css

## make run: set up, migrate, load the demo, then serve on http://127.0.0.1:8000 with a background worker beside it
## (RUN_PORT=8123 for another port)
RUN_PORT ?= 8000
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py make_signing_certificate --if-missing
	$(PY) manage.py load_demo
	$(VENV)/bin/honcho -f Procfile.dev start --port $(RUN_PORT)

## make test: install and run the whole test suite (PostgreSQL when DATABASE_URL points at it, else SQLite)
test: install
	$(PY) -m pytest -n 2 --dist load

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 media sealed staticfiles .pytest_cache .ruff_cache
