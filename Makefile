# Bipin's everyday commands. Each target creates .venv when it is missing and
# installs what it needs, so a fresh clone needs nothing but Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo serve test test-postgres bench bench-event lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/bipin demo

serve: $(VENV)/.installed
	$(BIN)/bipin serve

# One worker per core (pytest-xdist); PYTEST_ARGS="-n 0" runs in one process.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-test
	BIPIN_DB=postgres $(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

bench-event: $(VENV)/.installed-test
	$(BIN)/python -m bench event

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bipin bench tests
	$(BIN)/ruff format --check bipin bench tests

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache
