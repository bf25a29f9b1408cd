"""``quotegraph serve``: the API over a store, with uvicorn, on loopback by default."""

from __future__ import annotations

from rich.console import Console

from ..options import Options
from ..store import open_store
from .app import PREFIX, create_app
from .resources import ApiSettings


def serve(
    db: str | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    options: Options | None = None,
    settings: ApiSettings | None = None,
) -> int:
    """Serve until interrupted; a store that cannot be opened fails here, before listening."""
    import uvicorn

    with open_store(db, create=False) as store:
        url = store.url
    console = Console(stderr=True, highlight=False)
    console.print(f"quotegraph: serving {_safe(url)}")
    if (settings or ApiSettings()).ui:
        console.print(f"quotegraph: web UI at http://{host}:{port}/")
    console.print(f"quotegraph: API at http://{host}:{port}{PREFIX}/ (docs at {PREFIX}/docs)")
    uvicorn.run(create_app(db, options, settings), host=host, port=port, log_level="info")
    return 0


def _safe(url: str) -> str:
    """A store URL without its password (``postgresql://user:secret@host`` -> ``user:***``)."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}"
