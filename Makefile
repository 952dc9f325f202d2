# Every target installs what it needs itself: a virtualenv in .venv and,
# when missing, the system libraries WeasyPrint needs (Pango) via apt-get.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: help demo test test-later run lint format bench messages lock sysdeps browser clean

help:
	@echo "make demo   - run a whole dialogue session locally (no Telegram needed)"
	@echo "make test   - run the test suite"
	@echo "make test-later - the suite again with the machine's clock 400 days ahead"
	@echo "make run    - run the bot for real (needs TELEGRAM_BOT_TOKEN, see .env.example)"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - print the benchmarks"
	@echo "make lock   - pin every dependency with its hashes (requirements.lock, for Docker)"

sysdeps:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || \
	    ! ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0' || \
	    ! fc-list 2>/dev/null | grep -q 'Noto Color Emoji'; then \
		echo "Installing Pango, HarfBuzz and the fonts for WeasyPrint (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
			fonts-noto-color-emoji >/dev/null; \
	fi

# The browser tests drive Debian's Chromium (Playwright's own download needs the internet).
browser:
	@command -v chromium >/dev/null || { echo "Installing Chromium for the browser tests (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
		apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

demo: $(STAMP) browser
	$(BIN)/python -m sandbox.demo

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# Tests take time from the test world's clock only: with the machine's clock moved on
# (Debian's faketime), the suite must pass all the same.
test-later: $(STAMP) browser
	@command -v faketime >/dev/null || { echo "Installing faketime (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null; }
	faketime -f '+400d' $(BIN)/python -m pytest -q

run: $(STAMP)
	@set -a; [ ! -f .env ] || . ./.env; set +a; $(BIN)/dialoogbot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m bench

# Re-extract the message catalogue and merge it into the nl and en translations.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NP_:1c,2 -o locale/dialoogbot.pot --no-location --sort-output -w 100 \
		--project dialoogbot --copyright-holder "Dialoogbot" .
	$(BIN)/pybabel update -i locale/dialoogbot.pot -d locale -D dialoogbot --no-fuzzy-matching --ignore-obsolete -w 100

# Pin every dependency of pyproject.toml, with the hashes of its files on PyPI, into
# requirements.lock: the Docker image installs exactly these (pip --require-hashes).
# Run it after changing the dependencies; `--upgrade` moves every pin to the newest.
lock: $(STAMP)
	$(BIN)/python -m pip install -q pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile -q --generate-hashes --allow-unsafe \
		--strip-extras --build-deps-for=wheel --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache out
