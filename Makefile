# consentgate: `make demo` and `make test` work on a fresh machine (Python 3.11+, pip).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
DEMO_HOME ?= demo-home
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PORT ?= 8000

.PHONY: demo test install lint browser bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[web,train,dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/mypy src/consentgate

test: $(STAMP) browser
	$(VENV)/bin/ruff check src tests benchmarks scripts
	CONSENTGATE_TEST_POSTGRES_URL=$${CONSENTGATE_TEST_POSTGRES_URL-$(PG_URL)} \
		$(PY) -m pytest -q -p no:cacheprovider -m "not benchmark"

demo: $(STAMP)
	$(VENV)/bin/consentgate --home $(DEMO_HOME) demo --port $(PORT)

bench: $(STAMP)
	$(PIP) install --quiet -e '.[bench,ray]'
	$(PY) -m pytest -q -m benchmark tests benchmarks

clean:
	rm -rf $(VENV) $(DEMO_HOME) build dist src/*.egg-info
