"""Cursor pagination: every list's ``next`` is an opaque cursor for its next page.

A cursor is the next page's position bound to the request that made it (its path and its
parameters other than ``limit``, ``offset`` and ``cursor``), URL-safe base64. Pass it back as
``?cursor=`` with the same parameters; ``offset`` still works for clients that page by number.
A cursor from another query, or a damaged one, is a 400 (QG221), never a wrong page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from fastapi import Request

from ..errors import UsageError

PAGING = frozenset({"limit", "offset", "cursor"})
MAX_CURSOR = 200  # characters


class InvalidCursor(UsageError):
    code = "QG221"
    hint = "pass back the `next` cursor of the previous page, with the same query parameters"


def query_key(request: Request) -> str:
    """What a cursor is bound to: the path and the non-paging parameters, hashed."""
    items = sorted((k, v) for k, v in request.query_params.multi_items() if k not in PAGING)
    text = request.url.path + "?" + "&".join(f"{k}={v}" for k, v in items)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def encode(offset: int, key: str) -> str:
    return base64.urlsafe_b64encode(f"{offset}.{key}".encode()).decode().rstrip("=")


def start(request: Request, offset: int, cursor: str | None) -> int:
    """Where the requested page starts: ``offset``, or the position ``cursor`` holds."""
    if cursor is None:
        return offset
    if offset:
        raise InvalidCursor("give cursor or offset, not both")
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        position, key = text.split(".")
        found = int(position)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise InvalidCursor(f"cursor {cursor[:40]!r} is not one this API gave") from exc
    if key != query_key(request) or found < 0:
        raise InvalidCursor("the cursor belongs to another query")
    return found


def next_cursor(request: Request, next_offset: int | None) -> str | None:
    """The cursor of the page at ``next_offset`` (None after the last page)."""
    return None if next_offset is None else encode(next_offset, query_key(request))
