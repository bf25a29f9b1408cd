"""atheris fuzz target: the Parquet reader (see bench/fuzz_common.py)."""

from fuzz_common import reader_target, run

if __name__ == "__main__":
    run(reader_target("parquet"))
