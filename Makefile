# evidencekit: `make help` lists the targets. Everything runs in .venv, created on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KIT := $(VENV)/.stamp-kit
DEV := $(VENV)/.stamp-dev
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.DEFAULT_GOAL := help
.PHONY: help report test check lab lint notebooks figures clean system-deps

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps make a second install instant; they are redone when pyproject.toml changes.
$(KIT): pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(DEV): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[dev]'
	@touch $@ $(KIT)

# System packages by what needs them: the CJK font for charts, Chromium only for the tests.
FONTS := $(VENV)/.stamp-fonts
BROWSER := $(VENV)/.stamp-browser
$(FONTS): scripts/system-deps.sh | $(BIN)/python
	sh scripts/system-deps.sh fonts
	@touch $@
$(BROWSER): scripts/system-deps.sh | $(BIN)/python
	sh scripts/system-deps.sh browser
	@touch $@

system-deps: ## install the Debian packages the kit needs outside Python (CJK font; Chromium for the tests)
	sh scripts/system-deps.sh fonts browser

report: $(KIT) $(FONTS) ## build reports/ (HTML, offline) from seeds/; prints the path of reports/index.html
	$(BIN)/evidencekit build --corpus seeds --out reports --figures figures

test: $(DEV) $(FONTS) $(BROWSER) ## lint and types, every test, then nbval (strict) on the committed notebooks (what CI runs)
	$(BIN)/ruff check lib tests
	$(BIN)/mypy lib
	$(BIN)/pytest
	$(BIN)/pytest --nbval --nbval-current-env notebooks/

check: $(DEV) $(FONTS) ## the quick loop: lint, format check, types and every test not marked slow (under 2 minutes)
	$(BIN)/ruff check lib tests
	$(BIN)/ruff format --check lib tests
	$(BIN)/mypy lib
	$(BIN)/pytest -m "not slow" -q -n 2

# JupyterLab's own settings for this project: no news prompt, no update check (nothing fetched)
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): scripts/lab-overrides.json | $(BIN)/python
	mkdir -p $(dir $@) && cp scripts/lab-overrides.json $@

lab: $(KIT) $(LAB_SETTINGS) ## JupyterLab on notebooks/ with the kit importable (as root too, e.g. in a container)
	$(BIN)/jupyter lab --notebook-dir=notebooks --allow-root --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

lint: $(DEV) ## ruff lint and format check, mypy
	$(BIN)/ruff check lib tests
	$(BIN)/ruff format --check lib tests
	$(BIN)/mypy lib

notebooks: $(KIT) $(FONTS) ## re-execute the committed notebooks and strip volatile metadata
	$(BIN)/evidencekit notebooks --notebooks notebooks

figures: $(KIT) $(FONTS) ## regenerate figures/ (chart specs and SVGs) from seeds/
	$(BIN)/evidencekit figures --corpus seeds --figures figures

clean: ## remove reports/ (the venv stays)
	rm -rf reports
