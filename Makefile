# quotegraph: two commands do all set-up.  `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := src/quotegraph/data/examples
# Articles of the NewsArticles demo corpus `make run` ingests: all 3,824 by default (a few minutes
# on 2 cores; `make run SAMPLE_LIMIT=300` for a quicker start).
SAMPLE_LIMIT ?= all
SAMPLE_FLAGS := $(if $(filter all,$(SAMPLE_LIMIT)),,--limit $(SAMPLE_LIMIT))

.PHONY: run test install lint typecheck bench bench-memory clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/quotegraph ingest $(SAMPLE)
	-$(BIN)/quotegraph sample news-articles $(SAMPLE_FLAGS)
	$(BIN)/quotegraph search doctrine --limit 3
	$(BIN)/quotegraph serve

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# Debian's chromium for the UI tests (driven by Playwright through executable_path; never
# `playwright install`). Installed only when missing; needs root (CI runs as root). Without it
# the browser tests skip with the reason, and fail under CI=true.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian chromium for the UI tests"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null; } \
		|| echo "warning: could not install chromium; the UI tests will skip (and fail under CI=true)"; \
	else echo "warning: /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get)"; fi

bench: $(STAMP)
	$(BIN)/python bench/scale.py --json bench/results/scale.json
	$(BIN)/python bench/extract_speed.py --json bench/results/extract_speed.json
	$(BIN)/python bench/html_f1.py

# 100k articles through `quotegraph ingest --workers 2`, RSS sampled (about 2 h on 2 cores)
bench-memory: $(STAMP)
	$(BIN)/python bench/memory_ingest.py --articles 100000 --json bench/results/memory_ingest.json

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
