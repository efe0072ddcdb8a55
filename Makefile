# Two commands: `make demo` (set up, score the example township) and `make test`
# (set up, lint, type-check, run every test). Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.civcheck-installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/civcheck score examples/chengjiao --round 2026-08 --sites examples/chengjiao/sites.yaml --group-by grid
	$(BIN)/civcheck report examples/chengjiao/2026-08/chengjiao-market--farmers-market.yaml

lint: $(STAMP)
	$(BIN)/ruff check civcheck tests bench
	$(BIN)/ruff format --check civcheck tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/civcheck lint checklists
	$(BIN)/civcheck regress examples
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_startup.py
	$(BIN)/python bench/bench_score.py
	$(BIN)/python bench/bench_ledger.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
