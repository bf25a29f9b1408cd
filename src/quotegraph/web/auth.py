"""Who may write through the web UI: the holder of the server's bearer token.

Writes (the ingest page) need ``QUOTEGRAPH_TOKEN`` to be set in the server's environment and the
same token in the request: in the form's token field or an ``Authorization: Bearer`` header,
compared in constant time (:func:`hmac.compare_digest`). Without a configured token the server
takes no writes at all, from anywhere: a loopback-only exception would let any page open in the
analyst's browser post to the store. The token travels in the form body, never in a cookie, so
another site cannot make the browser send it (no CSRF).
"""

from __future__ import annotations

import hmac
import os

TOKEN_ENV = "QUOTEGRAPH_TOKEN"


def configured_token() -> str | None:
    """The server's write token, or None when writes are off."""
    return os.environ.get(TOKEN_ENV) or None


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def may_write(given: str | None) -> bool:
    """Whether ``given`` is the configured token (False when none is configured)."""
    token = configured_token()
    if token is None or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))
