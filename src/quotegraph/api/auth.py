"""Who may write: the holder of the server's bearer token.

A server takes writes (``POST /api/v1/ingest``, the UI's ingest page) only when it has a token:
``QUOTEGRAPH_TOKEN`` in its environment or ``ApiSettings.token``. A request gives it in an
``Authorization: Bearer <token>`` header (or, on the UI's form, a token field: never a cookie, so
another site cannot make the browser send it). Tokens are compared in constant time
(:func:`hmac.compare_digest`). Without a configured token the server takes no writes at all.
"""

from __future__ import annotations

import hmac

TOKEN_ENV = "QUOTEGRAPH_TOKEN"


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    scheme, _, token = (header or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def token_matches(expected: str | None, given: str | None) -> bool:
    """Whether ``given`` is the server's token (always False when the server has none)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
