# Bipin's everyday commands. Each target creates .venv when it is missing and
# installs what it needs, so a fresh clone needs nothing but Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo serve test test-postgres bench bench-event lint clean guide-shots

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

# One worker per core (pytest-xdist); an idle worker takes tests a busy one has not
# started (worksteal), so a few long tests do not leave a core idle at the end.
# PYTEST_ARGS="-n 0" runs in one process.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-test
	BIPIN_DB=postgres $(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

# Refresh the user guide's pictures (docs/guide/img/) from the browser tour of the
# demo; pypdfium2 renders the ranking PDF's pages and only this target needs it.
guide-shots: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[guide]'
	BIPIN_GUIDE_SHOTS=1 $(BIN)/python -m pytest -n 0 -q -p no:cacheprovider \
	  bipin/tests/test_guide_tour.py bipin/judging/tests/test_browser_never_stuck.py \
	  bipin/exams/tests/test_browser_question_list.py bipin/exams/tests/test_browser_screen.py \
	  bipin/contests/tests/test_browser_edit.py bipin/judging/tests/test_browser_console.py \
	  bipin/judging/tests/test_browser_panel_edit.py bipin/results/tests/test_browser_correct_release.py \
	  bipin/results/tests/test_browser_reports.py

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

bench-event: $(VENV)/.installed-test
	$(BIN)/python -m bench event

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bipin bench tests
	$(BIN)/ruff format --check bipin bench tests

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache
