"""Choose a reader from the file name and the first bytes of the content."""

from __future__ import annotations

import re

from ..errors import UnknownFormatError
from ..options import FORMATS

_BY_EXTENSION = {
    ".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv", ".sgm": "sgml", ".sgml": "sgml", ".warc": "warc",
    ".parquet": "parquet",
}  # fmt: skip
_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|article)\b", re.IGNORECASE)
_SGML = re.compile(rb"<(?:REUTERS|!DOCTYPE\s+lewis)\b")


def sniff(head: bytes, name: str | None = None, requested: str = "auto") -> str:
    """Format name for an input whose content starts with ``head``."""
    if requested != "auto":
        if requested not in FORMATS:
            raise UnknownFormatError(f"unknown format {requested!r}")
        return requested
    if head.startswith(b"PAR1"):
        return "parquet"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _SGML.search(stripped[:2048]):
        return "sgml"
    by_name = _BY_EXTENSION.get(_extension(name))
    if by_name in {"csv", "json", "jsonl"}:
        return by_name
    if stripped[:1] in (b"{", b"["):
        return "json" if stripped[:1] == b"[" else "jsonl"
    if stripped.startswith(b"<"):
        if _FEED.search(stripped[:4096]) and not _HTML.search(stripped[:512]):
            return "feed"
        if _HTML.search(stripped[:8192]):
            return "html"
    return by_name or "text"


def _extension(name: str | None) -> str:
    if not name:
        return ""
    base = name.lower().removesuffix(".gz").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1] if "." in base else ""
