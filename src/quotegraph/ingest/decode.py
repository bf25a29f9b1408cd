"""Bytes to text: BOMs, UTF-8 first, then charset detection; binary refused with a clear error."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..errors import BinaryInputError, DecodeInputError, EmptyInputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 8192


def decode_bytes(data: bytes) -> str:
    """Decode ``data``; raise :class:`EmptyInputError`, :class:`BinaryInputError` or
    :class:`DecodeInputError` when it holds no usable text."""
    if not data.strip():
        raise EmptyInputError("the input is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if _looks_binary(data[:_SNIFF]):
        raise BinaryInputError("the input contains binary data (NUL or control bytes)")
    best = from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise DecodeInputError("the character set cannot be determined")
    return _checked(data.decode(best.encoding, errors="replace"))


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > max(8, len(head) // 100)


def _checked(text: str) -> str:
    if not text.strip():
        raise EmptyInputError("the input holds only whitespace")
    if "\x00" in text[:_SNIFF]:
        raise BinaryInputError("the input contains NUL characters")
    return text
