# The two set-up commands of the README: `make run` and `make test`. Both work on a fresh clone
# with no standard input; everything installs from PyPI, npm and Debian's packages.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/events.db
PORT ?= 8501
# This machine only; see "Serving a team" in the README before changing it.
ADDRESS ?= 127.0.0.1
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test install assets system-deps load lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Leaflet, markercluster, Leaflet.heat and jQuery from npm (pinned in package-lock.json), served by Streamlit.
static/vendor/.done: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	mkdir -p static/vendor/leaflet static/vendor/markercluster static/vendor/jquery static/vendor/heat
	cp -r node_modules/leaflet/dist/. static/vendor/leaflet/
	cp node_modules/leaflet.markercluster/dist/*.js node_modules/leaflet.markercluster/dist/*.css static/vendor/markercluster/
	cp node_modules/leaflet.heat/dist/leaflet-heat.js static/vendor/heat/
	cp node_modules/jquery/dist/jquery.min.js static/vendor/jquery/
	touch static/vendor/.done

assets: static/vendor/.done

# Debian's Chromium for the browser tests (never a browser download).
# Debian's chromium (the browser tests) and PostgreSQL with PostGIS (the store tests start a throw-away
# server of their own from these packages; nothing is started here).
SYSTEM_PACKAGES = chromium postgresql postgresql-postgis
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 \
	    || ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
		else sudo -n apt-get update -qq && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; fi; \
	fi

load: install
	$(BIN)/eventmap load data/articles --db $(DB)

run: install assets load
	EVENTMAP_DB=$(DB) $(BIN)/streamlit run dashboard.py --server.headless true --server.address $(ADDRESS) --server.port $(PORT)

lint: install
	$(BIN)/ruff check eventmap components dashboard.py tests bench scripts

test: install assets system-deps lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: install assets
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules static/vendor data/events.db data/events.db-wal data/events.db-shm
