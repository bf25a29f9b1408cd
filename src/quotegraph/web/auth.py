"""Who may write through the web UI: the holder of the server's write token.

The same token as the API's write routes (:mod:`quotegraph.api.ingest`): ``QUOTEGRAPH_TOKEN`` in
the server's environment when the app was made (``ApiSettings.token``). A request carries it in
the form's token field or an ``Authorization: Bearer`` header; it is compared in constant time
(:func:`hmac.compare_digest`). Without a configured token the server takes no writes at all,
from anywhere: a loopback-only exception would let any page open in the analyst's browser post
to the store. The token travels in the form body, never in a cookie, so another site cannot
make the browser send it (no CSRF).
"""

from __future__ import annotations

import hmac

from fastapi import Request

from ..api.resources import TOKEN_ENV, resources

__all__ = ["TOKEN_ENV", "bearer", "configured_token", "may_write"]


def configured_token(request: Request) -> str | None:
    """The server's write token, or None when writes are off."""
    return resources(request).settings.token or None


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def may_write(request: Request, given: str | None) -> bool:
    """Whether ``given`` is the configured token (False when none is configured)."""
    token = configured_token(request)
    if token is None or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))
