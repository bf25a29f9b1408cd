# quotegraph: two commands do all set-up.  `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := src/quotegraph/data/examples

.PHONY: run test install lint typecheck bench bench-memory clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/quotegraph ingest $(SAMPLE)
	$(BIN)/quotegraph search doctrine
	$(BIN)/quotegraph serve

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/scale.py --json bench/results/scale.json
	$(BIN)/python bench/extract_speed.py --json bench/results/extract_speed.json
	$(BIN)/python bench/html_f1.py

# 100k articles through `quotegraph ingest --workers 2`, RSS sampled (about 2 h on 2 cores)
bench-memory: $(STAMP)
	$(BIN)/python bench/memory_ingest.py --articles 100000 --json bench/results/memory_ingest.json

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
