# Set-up and everyday commands. Needs only Python 3.11+ and make on the machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install bw-venv db app pact test test-fast bench lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# The project's own bytecode, written as pip writes it for an installed package: an editable install
# leaves the packages as sources, and with PYTHONDONTWRITEBYTECODE set (as on the CI machines) every
# `pcf` command would compile ~60 modules again (≈50 ms of its start). Cheap when nothing changed.
PACKAGES := factors footprint products workflow webapp pcf_cli pact_api
install: $(STAMP)
	@$(BIN)/python -m compileall -q $(PACKAGES) > /dev/null

# A second environment with bw2data (the classic Brightway store). Kept apart because bw2calc imports
# bw2data whenever it is installed, which adds ~2 s to every calculation (../shared/research/brightway.md §8).
# Used by the benchmarks' classic path and by the Brightway exporter's read-back test.
BWVENV := .venv-bw
$(BWVENV)/.installed-stamp: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(BWVENV)
	$(BWVENV)/bin/python -m pip install --quiet --upgrade pip
	$(BWVENV)/bin/python -m pip install --quiet -c constraints.txt -e . 'bw2data==4.8'
	touch $@

bw-venv: $(BWVENV)/.installed-stamp

# Build (or upgrade) the embedded database from the bundled factor data; idempotent.
db: install
	$(BIN)/pcf db init

# The Streamlit app on http://localhost:8501 with the demo content (fictional enterprise, certification body,
# standards body and the example products; `pcf demo` is idempotent). `db` runs `pcf db init`.
app: db
	$(BIN)/pcf demo
	$(BIN)/streamlit run app.py --server.headless true --server.port 8501 --browser.gatherUsageStats false --client.toolbarMode viewer

# The PACT v3 host (Pathfinder API) on the same database, with the demo customer's grant (`pcf demo`):
# token at http://127.0.0.1:$(PACT_PORT)/auth/token, footprints at /3/footprints. PACT_PORT=… to change it.
PACT_PORT ?= 8700
pact: db
	$(BIN)/pcf demo
	$(BIN)/pcf serve-pact --port $(PACT_PORT)

test: db bw-venv
	$(BIN)/python -m pytest

bench: install bw-venv
	$(BIN)/python -m bench

# Fails on any finding: ruff (lint and format) over the tree, mypy over the packages and faces.
LINTED := $(PACKAGES)
lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy $(LINTED)

# The developer's loop: core, factors and products without the browser, the app's pages, the notebooks,
# PostgreSQL, the subprocess CLI tests and the tests marked slow (the whole suite is `make test`), on
# FAST_JOBS pytest-xdist workers (~21 s on an idle 2-core machine; FAST_JOBS=0: one process, ~33 s). It
# writes bytecode even where PYTHONDONTWRITEBYTECODE is set, so the next run does not compile again.
FAST_JOBS ?= 2
test-fast: install
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -p no:nbmake -n $(FAST_JOBS) tests/footprint tests/factors tests/products \
		-m "not browser and not postgres and not slow" --ignore=tests/products/test_notebooks.py \
		--ignore=tests/factors/test_cli_factors.py --ignore=tests/footprint/test_cli_calc.py \
		--ignore=tests/factors/test_library_page.py

clean:
	rm -rf $(VENV) $(BWVENV) *.egg-info .pytest_cache .hypothesis
