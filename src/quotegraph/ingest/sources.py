"""Turn command-line inputs (files, directories, globs, ``.gz``, ``-`` for stdin) into
:class:`RawInput` values, enforcing the size caps. Problems become :class:`Reject` values."""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..article.model import Reject
from ..errors import (
    CompressionBombError,
    DecodeInputError,
    InputError,
    NotFoundError,
    TooLargeError,
)
from ..options import Options
from .base import RawInput, reject
from .sniff import sniff

SINGLE_DOCUMENT_FORMATS = frozenset({"text", "html"})
_HEAD = 64 * 1024
_CHUNK = 1 << 20  # bytes read at a time after the head
_GZIP_MAGIC = b"\x1f\x8b"


def iter_inputs(paths: Iterable[str], options: Options) -> Iterator[RawInput | Reject]:
    """Every input named by ``paths``, in order; directories recurse in sorted order."""
    for spec in paths:
        if spec == "-":
            yield _guarded("<stdin>", _from_stdin, options)
            continue
        for path in _expand(spec):
            yield path if isinstance(path, Reject) else _guarded(str(path), _from_file, options)


def expand(paths: Iterable[str]) -> Iterator[Path | Reject]:
    """The files ``paths`` name (directories recursed, globs matched), in reading order."""
    for spec in paths:
        yield from _expand(spec)


def _expand(spec: str) -> Iterator[Path | Reject]:
    if glob.has_magic(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield reject(spec, NotFoundError("the pattern matches no files"))
        for match in matches:
            yield from _expand_path(Path(match))
        return
    yield from _expand_path(Path(spec))


def _expand_path(path: Path) -> Iterator[Path | Reject]:
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(root) / name
    elif path.is_file():
        yield path
    else:
        yield reject(str(path), NotFoundError("no such file or directory"))


def _guarded(
    source: str, load: Callable[[str, Options], RawInput], options: Options
) -> RawInput | Reject:
    try:
        return load(source, options)
    except InputError as err:
        return reject(source, err)
    except OSError as err:
        return reject(source, NotFoundError(f"cannot read: {err.strerror or err}"))


def from_bytes(source: str, data: bytes, options: Options) -> RawInput | Reject:
    """An input already in memory (an upload), decompressed, sniffed and size-checked as a
    file would be; a reject when it cannot be read."""
    return _guarded(
        source, lambda src, opts: _from_stream(src, io.BufferedReader(io.BytesIO(data)), opts),
        options,
    )  # fmt: skip


def _from_stdin(source: str, options: Options) -> RawInput:
    return _from_stream(source, sys.stdin.buffer, options)


def _from_file(source: str, options: Options) -> RawInput:
    with open(source, "rb") as fh:
        return _from_stream(source, fh, options, size=os.fstat(fh.fileno()).st_size)


def _read_capped(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes, read a chunk at a time: memory follows what the input holds,
    never what the cap would allow (``read(limit)`` allocates all of ``limit`` at once)."""
    chunks: list[bytes] = []
    while limit > 0 and (chunk := stream.read(min(_CHUNK, limit))):
        chunks.append(chunk)
        limit -= len(chunk)
    return b"".join(chunks)


def _from_stream(source: str, fh: BinaryIO, options: Options, size: int | None = None) -> RawInput:
    magic = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
    compressed = magic == _GZIP_MAGIC or source.endswith(".gz")
    stream: BinaryIO = gzip.GzipFile(fileobj=fh) if compressed else fh  # type: ignore[assignment]
    try:
        head = stream.read(_HEAD)
        fmt = sniff(head, source, options.format)
        cap = options.max_bytes if fmt in SINGLE_DOCUMENT_FORMATS else options.max_archive_bytes
        if size is not None and not compressed and size > cap:
            raise TooLargeError(f"{size:,} bytes is over the cap of {cap:,} bytes")
        rest = _read_capped(stream, cap + 1 - len(head)) if len(head) == _HEAD else b""
    except (gzip.BadGzipFile, EOFError, zlib.error) as err:
        raise DecodeInputError(f"corrupt gzip data: {err}") from err
    data = head + rest
    if len(data) > cap:
        if compressed:
            raise CompressionBombError(f"expands past the cap of {cap:,} bytes")
        raise TooLargeError(f"over the cap of {cap:,} bytes")
    return RawInput(source=source, data=data, format=fmt)
