# The two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint format bench clean

$(BIN)/parley: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev: pyproject.toml $(BIN)/parley
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

run: $(BIN)/parley
	$(BIN)/parley serve

# Browser tests need Debian's Chromium; install it when we may (root), otherwise they skip.
$(CHROMIUM):
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  || echo "could not install chromium: browser tests will be skipped"; \
	else echo "chromium is missing (apt-get install chromium): browser tests will be skipped"; fi

test: $(VENV)/.dev $(CHROMIUM)
	@bash scripts/services.sh
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/pytest -n 2 --dist loadfile --durations=15

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: $(VENV)/.dev
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

bench: $(BIN)/parley
	$(BIN)/parley bench pipeline --posts 1000000

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
