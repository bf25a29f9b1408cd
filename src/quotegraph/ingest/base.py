"""The reader contract: one :class:`RawInput` in, a stream of ``Article`` or ``Reject`` out.

A reader never raises for a bad *document*: it yields a :class:`Reject` and goes on with the next
record. It may raise :class:`~quotegraph.errors.InputError` when the whole input is unusable
(the caller turns that into one reject for the input).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..article.model import Article, Reject
from ..errors import QuotegraphError
from ..options import Options


@dataclass(frozen=True, slots=True)
class RawInput:
    """One input's bytes, already decompressed and size-checked."""

    source: str  # path, URL or "<stdin>"
    data: bytes
    format: str = "auto"  # the reader chosen by sniffing or --format


Result = Article | Reject
ReadFn = Callable[[RawInput, Options], Iterator[Result]]


def reject(source: str, err: QuotegraphError | Exception) -> Reject:
    """A reject for ``source`` from an error; unexpected exceptions keep their type name."""
    if isinstance(err, QuotegraphError):
        return Reject(source=source, code=err.code, message=str(err)[len(err.code) + 1 :])
    return Reject(source=source, code="QG199", message=f"unexpected {type(err).__name__}: {err}")


def record_source(source: str, index: int) -> str:
    """Locator of the ``index``-th (1-based) record inside an input: ``feed.xml#3``."""
    return f"{source}#{index}"
