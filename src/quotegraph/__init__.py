"""quotegraph: who said what, to whom, when and where, from news-wire articles.

Public surface::

    quotegraph.extract(text_or_path, options=None) -> Document
    quotegraph.read(paths, options=None) -> Iterator[Article | Reject]
    quotegraph.open(url_or_path=None) -> Store   # store.ingest(paths), store.search(...)
    quotegraph.Options, Article, Document, Statement, Speaker, Reject
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import _spacy_env  # noqa: F401  # first: keeps torch out of spaCy (see the module)
from .article.build import from_text
from .article.model import Article, Dateline, Published, Reject, TextSpan
from .errors import InputError, QuotegraphError
from .ingest.batch import read_all
from .nlp.model import Document, Speaker, Statement, StatementKind
from .nlp.pipeline import Pipeline
from .options import Options

if TYPE_CHECKING:
    from .store import Store

__version__ = "0.1.0"


def read(paths: str | Iterable[str], options: Options | None = None) -> Iterator[Article | Reject]:
    """Articles (and rejects) from files, directories, globs or ``-``."""
    yield from read_all([paths] if isinstance(paths, str) else paths, options or Options())


def extract(source: str | Path, options: Options | None = None) -> Document:
    """Statements of one article, given as text or as a path to a file holding one article."""
    options = options or Options()
    if isinstance(source, Path) or _is_file(source):
        results = list(read(str(source), options))
        first = results[0] if results else None
        if isinstance(first, Reject) or first is None:
            raise InputError(str(first) if first else f"nothing read from {source}")
        article = first
    else:
        article = from_text(source, source="<text>", format="text", options=options)
    return Pipeline(options)(article)


def open(url_or_path: str | Path | None = None, *, create: bool = True) -> Store:
    """The store at ``url_or_path`` (a SQLite path, ``sqlite:///path`` or ``postgresql://...``;
    default ``$QUOTEGRAPH_DB``, else ``~/.local/share/quotegraph/quotegraph.db``), migrated.

    Use it as a context manager: ``with quotegraph.open(url) as store:
    store.ingest(paths); store.search("doctrine", speaker="Mezentsev").to_pandas()``.
    """
    from .store import open_store

    return open_store(url_or_path, create=create)


def _is_file(source: str) -> bool:
    if "\n" in source or len(source) > 4096:
        return False
    try:
        return Path(source).is_file()
    except OSError:
        return False


__all__ = [
    "Article", "Dateline", "Document", "Options", "Pipeline", "Published", "QuotegraphError",
    "Reject", "Speaker", "Statement", "StatementKind", "TextSpan", "extract", "open", "read",
]  # fmt: skip
