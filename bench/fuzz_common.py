"""Shared body of the atheris fuzz targets (``bench/fuzz_<target>.py``): readers and extractor.

Every input must give articles or rejects (never an exception) whose offsets slice the text.
libFuzzer flags bound each input's time and memory: ``-timeout`` (seconds, a hang is a crash)
and ``-rss_limit_mb``. Run e.g. ``python bench/fuzz_html.py -runs=100000 -timeout=10``
(``pip install -e '.[fuzz]'``); bench/fuzz_all.py runs every target and sums the runs.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import sys
from collections.abc import Callable

import atheris

from quotegraph.article.build import from_text
from quotegraph.article.model import Article, Reject
from quotegraph.errors import QuotegraphError
from quotegraph.ingest.base import RawInput
from quotegraph.ingest.batch import read_input
from quotegraph.options import Options

OPTIONS = Options(reference_date=dt.date(2026, 11, 22), max_bytes=1 << 20, time_budget_s=10)
DEFAULTS = ["-timeout=10", "-rss_limit_mb=3072", "-max_len=65536"]


def reader_target(fmt: str) -> Callable[[bytes], None]:
    """A target feeding the bytes to the ``fmt`` reader."""

    def target(data: bytes) -> None:
        for result in read_input(RawInput(source="fuzz", data=data, format=fmt), OPTIONS):
            assert isinstance(result, Article | Reject), result
            if isinstance(result, Article):
                assert result.check_offsets(), result
            else:
                assert result.code.startswith("QG") and result.code != "QG199", result

    return target


def extractor_target() -> Callable[[bytes], None]:
    """A target extracting statements from the bytes as text."""
    from quotegraph.nlp.pipeline import Pipeline

    pipeline = Pipeline(OPTIONS)

    def target(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
        try:
            doc = pipeline(from_text(text, source="fuzz", format="text", options=OPTIONS))
        except QuotegraphError:
            return  # a coded refusal: empty text, a limit
        for statement in doc.statements:
            span = statement.content
            assert doc.text[span.start : span.end] == span.text, statement

    return target


def _instrument(package: str) -> None:
    """Coverage feedback from ``package``'s functions (atheris' import hook misses modules
    an editable install loads, and instrumenting everything imported takes minutes)."""
    for sub in ("article", "ingest", "nlp"):  # readers are imported when first used
        folder = importlib.import_module(f"{package}.{sub}")
        for info in pkgutil.iter_modules(folder.__path__, f"{package}.{sub}."):
            importlib.import_module(info.name)
    seen: set[int] = set()

    def visit(value: object) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if inspect.isfunction(value) and value.__module__.startswith(package):
            atheris.instrument_func(value)
        elif inspect.isclass(value) and value.__module__.startswith(package):
            for member in vars(value).values():
                visit(getattr(member, "__func__", member))

    for name, module in list(sys.modules.items()):
        if name.startswith(package) and module is not None:
            for value in list(vars(module).values()):
                visit(value)


def run(target: Callable[[bytes], None]) -> None:
    """Fuzz ``target`` with the default limits and the command line's flags and corpus
    folders; libFuzzer prints ``Done N runs in S second(s)`` when ``-runs`` is reached."""
    _instrument("quotegraph")
    atheris.Setup([sys.argv[0], *DEFAULTS, *sys.argv[1:]], target)
    atheris.Fuzz()
