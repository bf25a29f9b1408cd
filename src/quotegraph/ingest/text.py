"""Plain-text wire copy: the decoded text is the canonical text, unchanged."""

from __future__ import annotations

from collections.abc import Iterator

from ..article.build import from_text
from ..options import Options
from .base import RawInput, Result
from .decode import decode_bytes


def read(raw: RawInput, options: Options) -> Iterator[Result]:
    yield from_text(decode_bytes(raw.data), source=raw.source, format="text", options=options)
