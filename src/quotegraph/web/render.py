"""Templates and error pages: the Jinja2 environment (autoescape on for every template) and
:func:`page`, which renders a template or, when the page's work fails, an error page in plain
words with the right status."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from .. import __version__
from ..api.errors import status_of
from ..api.resources import resources
from ..errors import QuotegraphError, StoreError
from ..store import Span, When

log = logging.getLogger("quotegraph.web")
# Defence in depth behind autoescaping: pages run only the package's own script and style.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class NotFound(QuotegraphError):
    code = "QG501"
    status = 404
    hint = "check the link; ids come from the search and speaker pages"


def when(published: When | None) -> str:
    """A publication date in words: ``2021-11-05``, ``05 Nov, year 2019..2021`` or unknown."""
    if published is None or published.basis == "unknown":
        return "date unknown"
    if published.date:
        return published.date
    if published.month and published.day:
        years = f"{published.year_min or '?'}..{published.year_max or '?'}"
        return f"{published.month:02d}-{published.day:02d}, year {years}"
    return "date unknown"


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None (no ``javascript:`` links)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def plural(count: int, noun: str) -> str:
    """``1 article``, ``2,000 articles``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def pieces(content: Span, quoted: Sequence[Span]) -> list[tuple[str, bool]]:
    """A statement's content cut into (text, is quoted) pieces, for the quoted words to be
    shown apart."""
    out: list[tuple[str, bool]] = []
    at = content.start
    for span in sorted(quoted, key=lambda s: s.start):
        if span.start < at:
            continue
        if span.start > at:
            out.append((content.text[at - content.start : span.start - content.start], False))
        out.append((span.text, True))
        at = span.end
    if at < content.end:
        out.append((content.text[at - content.start :], False))
    return out


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("quotegraph.web", "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(version=__version__)
    env.filters.update(when=when, plural=plural, web_url=web_url)
    env.globals.update(pieces=pieces)
    return env


ENV = _environment()


def html(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    body = ENV.get_template(template).render(request=request, path=request.url.path, **context)
    return HTMLResponse(body, status_code=status, headers=HEADERS)


async def page(
    request: Request,
    template: str,
    work: Awaitable[dict[str, Any]],
    context: dict[str, Any] | None = None,
) -> HTMLResponse:
    """``template`` with ``context`` and what ``work`` returns; an error page when it fails."""
    context = dict(context or {})
    try:
        context.update(await work)
    except QuotegraphError as exc:
        return error_page(request, exc, context)
    return html(request, template, context)


def error_page(
    request: Request, exc: QuotegraphError, context: dict[str, Any] | None = None
) -> HTMLResponse:
    status = status_of(exc)
    if isinstance(exc, StoreError):
        headline = "The store cannot be read"
    elif status == 404:
        headline = "Not found"
    else:
        headline = "That did not work"
    values = {**(context or {}), "headline": headline, "message": exc.message, "hint": exc.hint,
              "code": exc.code}  # fmt: skip
    return html(request, "error.html", values, status)


__all__ = ["ENV", "NotFound", "error_page", "html", "page", "pieces", "resources", "when"]
