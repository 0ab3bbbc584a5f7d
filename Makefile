# Quartierskompass: `make run` serves the app with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
export FLASK_APP := wsgi

.PHONY: run test install translations extract-messages postgres poppler browser nginx wrk node js-test lint format bench bench-answers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

translations: install
	$(BIN)/pybabel -q compile -d translations

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k Nn_:1,2 --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i translations/messages.pot -d translations
	$(BIN)/python tools/i18n.py

run: install translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	@echo "Quartierskompass: http://127.0.0.1:$(PORT)  (stop with Ctrl+C)"
	$(BIN)/python serve.py --host=127.0.0.1 --port=$(PORT)

# PostgreSQL server binaries for the tests' own throw-away server.
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql)

# nginx for the deployment test (tests/deploy/): TLS proxy in front of two app processes.
nginx:
	@(command -v nginx || ls /usr/sbin/nginx) >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx openssl)

# wrk, the load generator of bench/answers.py.
wrk:
	@command -v wrk >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk)

# Poppler's pdftotext and pdftoppm: the tests read and render WeasyPrint's PDFs (report, posters,
# paper questionnaire) as a reader's viewer does.
poppler:
	@command -v pdftotext >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils)

# Chromium for the browser tests (Playwright drives Debian's Chromium; nothing is downloaded).
browser:
	@command -v /usr/bin/chromium >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

# axe-core for the accessibility tests, from the npm registry (a test tool, never served).
node_modules/.installed: package.json $(wildcard package-lock.json)
	@command -v npm >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm)
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	touch $@

node: node_modules/.installed

# Unit tests of the survey's offline queue (app/static/js/survey.js), with node's own runner.
js-test:
	@command -v node >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs)
	node --test tests/js/

test: install translations postgres poppler browser nginx node js-test
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/analysis.py

# Answers per second against a bare Flask insert, serving stacks, live view (bench/README.md).
bench-answers: install postgres wrk
	$(BIN)/python bench/answers.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
