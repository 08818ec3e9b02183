# newsframe: the README's two commands are `make run` and `make test`.
# Each creates .venv on its own (python3 -m venv + pip), installs the pinned versions of
# requirements.lock, installs newsframe editable, registers the python3 kernel inside the
# venv and provisions NLTK's data offline.  A stamp file skips all that when nothing changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-install
PYTEST_WORKERS ?= 2

.PHONY: setup run lint test test-fast lab share bench lock browser clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
	$(BIN)/python -m newsframe setup
	@touch $(STAMP)

setup: $(STAMP)

## Execute every notebook on seeds/ and render reports/ (the main job).
run: setup
	$(BIN)/python -m newsframe run

## Lint and check formatting with the pinned ruff (configured in pyproject.toml).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Run the whole test suite after the lint (installs headless Chromium for the browser test when missing).
test: setup browser lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -q

## The unit tests only (no notebook, runner, CLI, browser or JupyterLab subprocesses): under a minute.
test-fast: setup
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -q -m "not slow"

## Headless Chromium and its driver from Debian's packages, for the report browser test.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	      || echo "warning: could not install chromium; the browser test will be skipped outside CI"; \
	  else echo "note: run 'sudo apt-get install chromium chromium-driver' to enable the browser test"; fi; \
	fi

## Start JupyterLab on the project with the project's kernel.
lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

## Pack reports/ into a dated zip.
share: setup
	$(BIN)/python -m newsframe share

## Benchmarks: throughput, scaling and memory on real news; writes benchmarks/RESULTS.md (BENCH_OPTIONS="--repeats 3" for medians).
BENCH_OPTIONS ?=
bench: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[bench]'
	$(BIN)/python benchmarks/run_all.py $(BENCH_OPTIONS)

## Re-pin requirements.lock from the current venv (after changing pyproject.toml ranges).
lock:
	$(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^newsframe' > requirements.lock

clean:
	rm -rf outputs reports .nltk_data
