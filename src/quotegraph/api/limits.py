"""Request-size and rate limits: ASGI middleware in front of every route.

* A request whose body is over ``max_body_bytes`` gets a 413 (``QG510``) before a route reads
  it: at once when ``Content-Length`` says so, else as soon as the streamed body passes the cap.
* Each client (its IP address) may make ``rate`` requests a second on average, in bursts of up
  to ``burst`` (a token bucket); beyond that it gets a 429 (``QG511``) with ``Retry-After``.

Both answers have the standard error shape. Settings: :class:`Limits`, by default from the
environment (``QUOTEGRAPH_MAX_BODY`` bytes, ``QUOTEGRAPH_RATE_LIMIT`` requests a second per
client, ``QUOTEGRAPH_RATE_BURST``); a rate of 0 turns the rate limit off.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import UsageError
from .errors import ApiError, error_response

DEFAULT_MAX_BODY = 12 * 1024 * 1024  # the 10 MiB extraction cap (Options.max_bytes) and room
DEFAULT_RATE = 50.0  # requests a second per client, on average
DEFAULT_BURST = 200
MAX_CLIENTS = 10_000  # buckets kept (least recently seen dropped first)


class TooLarge(ApiError):
    code = "QG510"
    status = 413
    hint = "send a smaller body (the server's QUOTEGRAPH_MAX_BODY sets the cap)"


class RateLimited(ApiError):
    code = "QG511"
    status = 429
    hint = "slow down: wait the Retry-After seconds, then try again"


@dataclass(frozen=True, slots=True)
class Limits:
    """``max_body_bytes`` per request; ``rate`` requests a second per client (0: no limit)
    with bursts of ``burst``."""

    max_body_bytes: int = DEFAULT_MAX_BODY
    rate: float = DEFAULT_RATE
    burst: int = DEFAULT_BURST

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by ``QUOTEGRAPH_MAX_BODY``, ``_RATE_LIMIT``, ``_RATE_BURST``."""
        return cls(
            max_body_bytes=int(_env("QUOTEGRAPH_MAX_BODY", DEFAULT_MAX_BODY)),
            rate=_env("QUOTEGRAPH_RATE_LIMIT", DEFAULT_RATE),
            burst=int(_env("QUOTEGRAPH_RATE_BURST", DEFAULT_BURST)),
        )


def _env(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        value = default if raw is None or raw == "" else float(raw)
    except ValueError:
        value = -1.0
    if value < 0 or math.isnan(value):
        raise UsageError(f"${name} wants a number >= 0, got {raw!r}")
    return value


class Buckets:
    """Token buckets per client: :meth:`take` is 0 when a request may go, else the seconds
    until it may."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, max(1, burst)
        self._state: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, seen = self._state.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - seen) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._state[client] = (tokens - 1 if wait == 0 else tokens, now)
            if len(self._state) > MAX_CLIENTS:
                self._state.popitem(last=False)
        return wait


class LimitsMiddleware:
    """Pure ASGI middleware applying :class:`Limits` to HTTP requests."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app, self.limits = app, limits
        self.buckets = Buckets(limits.rate, limits.burst) if limits.rate > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.buckets is not None:
            client = scope.get("client")
            wait = self.buckets.take(client[0] if client else "unknown")
            if wait > 0:
                seconds = str(math.ceil(wait))
                error = RateLimited(f"too many requests from this client: retry in {seconds} s")
                await error_response(error, headers={"Retry-After": seconds})(scope, receive, send)
                return
        cap = self.limits.max_body_bytes
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > cap:
            await error_response(_too_large(cap))(scope, receive, send)
            return
        await self._capped(scope, receive, send, cap)

    async def _capped(self, scope: Scope, receive: Receive, send: Send, cap: int) -> None:
        """Pass the request on, answering 413 if its streamed body passes ``cap``."""
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise _BodyTooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _BodyTooLarge:
            if not started:
                await error_response(_too_large(cap))(scope, receive, send)


class _BodyTooLarge(Exception):
    """Raised into the app when the streamed body passes the cap."""


def _too_large(cap: int) -> TooLarge:
    return TooLarge(f"the request body is over {cap} bytes")
