"""atheris fuzz target: statement extraction from text (see bench/fuzz_common.py)."""

from fuzz_common import extractor_target, run

if __name__ == "__main__":
    run(extractor_target())
