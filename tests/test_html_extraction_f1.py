"""Article-body token F1 of the HTML reader vs plain trafilatura on the shared benchmark pages."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "html_f1.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_html_f1", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_token_f1_basics() -> None:
    bench = _bench()
    assert bench.token_f1("a b c", "a b c") == 1.0
    assert bench.token_f1(None, "a b") == 0.0
    assert bench.token_f1("", "") == 1.0
    assert bench.token_f1("a b", "a c") == pytest.approx(0.5)


@pytest.mark.shared
@pytest.mark.slow
def test_reader_body_f1_not_worse_than_trafilatura(shared_dir: Path) -> None:
    bench = _bench()
    results = bench.evaluate(shared_dir)
    ours, _, n_pages = results["quotegraph extract_body"]
    theirs, _, _ = results["trafilatura.extract"]
    print(f"\nhtml-extraction, {n_pages} pages: quotegraph F1 {ours:.4f}")
    print(f"html-extraction, {n_pages} pages: trafilatura F1 {theirs:.4f}")
    print(bench.table(results))
    assert n_pages > 0
    assert ours >= theirs - 0.01, f"quotegraph {ours:.4f} vs trafilatura {theirs:.4f}"
