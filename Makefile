# The template's own commands. `make demo` runs the default project; `make test` checks the template.
BOOTSTRAP_PYTHON ?= python3
VENV ?= .venv
PYTHON ?= $(VENV)/bin/python
# Three workers on two cores (the generated suites wait on npm, Chromium and PostgreSQL), each
# given one test at a time, so that the slow tests, collected first, spread over all three.
PYTEST_ARGS ?= -n 3 --maxschedchunk 1
DEMO_DIR := build/demo
# The template's own Python; the generated project is linted by the tests, with its own config.
LINTED := hooks scripts tests

# Targets that need the pinned tooling depend on the venv, unless PYTHON points elsewhere.
ifeq ($(PYTHON),$(VENV)/bin/python)
TOOLING := $(VENV)/.installed
endif

.PHONY: venv test test-fast lint demo copier-yml pg-start pg-stop clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(BOOTSTRAP_PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# The database=postgres suites run on the server of TEST_POSTGRES_URL: yours when you set it,
# otherwise the one scripts/pg_start.sh reuses or starts on 127.0.0.1. If none can be had, the
# rest still runs and those tests fail, saying why.
test: $(TOOLING)
	@url="$${TEST_POSTGRES_URL:-}"; \
	if [ -z "$$url" ]; then \
		url=$$(scripts/pg_start.sh) || { url=; echo "make test: no PostgreSQL server (see above);" \
			"the tests that need one will fail. Set TEST_POSTGRES_URL to use a server of yours." >&2; }; \
	fi; \
	echo "$(PYTHON) -m pytest $(PYTEST_ARGS)"; \
	TEST_POSTGRES_URL="$$url" $(PYTHON) -m pytest $(PYTEST_ARGS)

# No generated suites and no PostgreSQL.
test-fast: $(TOOLING)
	$(PYTHON) -m pytest -m "not slow and not postgres" $(PYTEST_ARGS)

lint: $(TOOLING)
	$(PYTHON) -m ruff check $(LINTED)
	$(PYTHON) -m ruff format --check $(LINTED)
	$(PYTHON) scripts/gen_copier.py --check

copier-yml: $(TOOLING)
	$(PYTHON) scripts/gen_copier.py --write

# Render the default answers with cookiecutter and run the project's dev server: backend on
# http://127.0.0.1:8000 with SQLite and the offline model, no API key needed.
demo: $(TOOLING)
	rm -rf $(DEMO_DIR)
	$(PYTHON) -m cookiecutter --no-input --output-dir $(DEMO_DIR) .
	$(MAKE) -C $$(ls -d $(DEMO_DIR)/*/) dev PYTHON="$$($(PYTHON) -c 'import sys; print(sys.executable)')"

# The throwaway PostgreSQL cluster of the tests (127.0.0.1:54329); `make test` starts it itself.
pg-start:
	@scripts/pg_start.sh

pg-stop:
	@scripts/pg_start.sh --stop

clean:
	rm -rf build .pytest_cache .ruff_cache
