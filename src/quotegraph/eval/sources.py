"""Articles named by the hand-made evaluation sets (tests/data/README.md):
``news-articles:<article_id>`` and ``tass-2024:<file>`` with a 1-based ``record``, rebuilt
from ``../shared`` by quotegraph's own readers."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..article.model import Article
from ..errors import UsageError
from .gold import HELDOUT_SOURCES, heldout_articles


def source_key(ref: Mapping[str, Any]) -> str:
    """``news-articles:123`` or ``tass-2024:<file>#<record>``."""
    source = str(ref["source"])
    return f"{source}#{ref['record']}" if source.startswith("tass-2024:") else source


def _news_lines(shared: Path) -> dict[str, int]:
    """news-articles ``article_id`` -> 1-based line."""
    path = shared / HELDOUT_SOURCES["news-articles"][0]
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {json.loads(line)["article_id"]: i for i, line in enumerate(fh, start=1)}


def load_articles(refs: Iterable[Mapping[str, Any]], shared: Path) -> dict[str, Article]:
    """The article of every reference, by :func:`source_key`."""
    keys = {source_key(ref) for ref in refs}
    out: dict[str, Article] = {}
    try:
        news_ids = {k.partition(":")[2] for k in keys if k.startswith("news-articles:")}
        if news_ids:
            lines = _news_lines(shared)
            wanted = {lines[i]: i for i in news_ids}
            for line, article in heldout_articles(shared, "news-articles", set(wanted)).items():
                out[f"news-articles:{wanted[line]}"] = article
        tass = {k for k in keys if k.startswith("tass-2024:")}
        if tass:
            records = {int(k.rsplit("#", 1)[1]): k for k in tass}
            for record, article in heldout_articles(shared, "tass-2024", set(records)).items():
                out[records[record]] = article
    except (OSError, KeyError, ValueError) as err:
        raise UsageError(
            f"cannot rebuild the evaluation articles from {shared}: {err}",
            hint="--shared names the shared data folder (with datasets/)",
        ) from err
    unknown = keys - out.keys()
    if unknown:
        raise UsageError(f"unknown sources in the evaluation set: {sorted(unknown)[:5]}")
    return out


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as err:
        raise UsageError(f"cannot read {path}: {err}") from err


def occurrence_offset(text: str, surface: str, occurrence: int) -> int | None:
    """Start of the ``occurrence``-th (0-based, non-overlapping) ``surface`` in ``text``."""
    at = text.find(surface)
    for _ in range(occurrence):
        if at < 0:
            return None
        at = text.find(surface, at + len(surface))
    return at if at >= 0 else None
