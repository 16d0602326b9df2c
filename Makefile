# consentgate: `make demo` and `make test` work on a fresh machine (Python 3.11+, pip).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
DEMO_HOME ?= demo-home
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PORT ?= 8000

.PHONY: demo test install lint browser bench clean compiled

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[web,train,dev]'
	touch $(STAMP)

install: $(STAMP)

# The Ray extra, for the one Ray test of `make test` (tests/pipeline/test_pipe_ray.py).
RAY_STAMP := $(VENV)/.installed-ray
$(RAY_STAMP): $(STAMP)
	$(PIP) install --quiet -e '.[ray]'
	touch $(RAY_STAMP)

# The redactor's rule modules compiled with mypyc (setup.py), installed apart in
# build/compiled: PYTHONPATH=build/compiled runs them. The wheel holds the whole package,
# so it is rebuilt when any file of it changes, not only a compiled one.
COMPILED := build/compiled
PACKAGE_FILES := $(shell find src/consentgate -type f -not -path '*/__pycache__/*')
$(COMPILED)/.built: $(STAMP) setup.py pyproject.toml $(PACKAGE_FILES)
	rm -rf build/lib.* build/temp.* build/bdist.* $(COMPILED) dist/compiled
	$(PIP) install --quiet 'setuptools>=77' wheel 'mypy>=1.10'  # the build requirements, for --no-build-isolation
	CONSENTGATE_COMPILE=1 $(PIP) wheel --quiet --no-deps --no-build-isolation -w dist/compiled .
	$(PIP) install --quiet --no-deps --target $(COMPILED) dist/compiled/consentgate-*.whl
	touch $@

compiled: $(COMPILED)/.built

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks setup.py scripts
	$(VENV)/bin/mypy src/consentgate
	$(VENV)/bin/lint-imports

test: $(STAMP) $(RAY_STAMP) browser $(COMPILED)/.built
	$(VENV)/bin/ruff check src tests benchmarks setup.py scripts
	$(VENV)/bin/lint-imports
	CONSENTGATE_TEST_POSTGRES_URL=$${CONSENTGATE_TEST_POSTGRES_URL-$(PG_URL)} \
		$(PY) -m pytest -q -p no:cacheprovider -m "not benchmark"
	# The redaction tests again, on the compiled build.
	CONSENTGATE_EXPECT_COMPILED=1 PYTHONPATH=$(COMPILED) \
		$(PY) -m pytest -q -p no:cacheprovider -m "not benchmark" tests/redact

demo: $(STAMP)
	$(VENV)/bin/consentgate --home $(DEMO_HOME) demo --port $(PORT)

bench: $(STAMP) $(COMPILED)/.built
	$(PIP) install --quiet -e '.[bench,ray]'
	$(PY) -m pytest -q -m benchmark tests benchmarks

clean:
	rm -rf $(VENV) $(DEMO_HOME) build dist src/*.egg-info
