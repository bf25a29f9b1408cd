"""The work behind ``quotegraph entities``: list global entities, or rebuild them."""

from __future__ import annotations

import json

import typer

from .errors import UsageError
from .store import open_store
from .store.knowledge import EntityRecord
from .store.sql import SQLStore


def entities(
    db: str | None, name: str | None, type_: str | None, rebuild: bool, limit: int, output: str
) -> int:
    store = open_store(db)
    try:
        if not isinstance(store, SQLStore):
            raise UsageError("this store keeps no entities")
        if rebuild:
            counts = store.resolve_entities()
            typer.echo(
                f"quotegraph: {counts['entities']} entities from "
                f"{counts['article_entities']} article entities",
                err=True,
            )
        total, page = store.entities(name=name, type_=type_, limit=limit)
    finally:
        store.close()
    if output in {"json", "jsonl"}:
        items = [_as_dict(e) for e in page]
        lines = items if output == "jsonl" else [{"total": total, "entities": items}]
        for item in lines:
            typer.echo(json.dumps(item, ensure_ascii=False, indent=2 if output == "json" else None))
    else:
        for e in page:
            typer.echo(_line(e))
        typer.echo(f"{len(page)} of {total} entities", err=True)
    return 0


def _as_dict(e: EntityRecord) -> dict[str, object]:
    return {
        "id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases),
        "roles": [r.model_dump() for r in e.roles], "articles": e.articles,
    }  # fmt: skip


def _line(e: EntityRecord) -> str:
    roles = "; ".join(f"{r.title}" + (f" (seen {r.seen})" if r.seen else "") for r in e.roles)
    also = f" [also {', '.join(e.aliases)}]" if e.aliases else ""
    return (
        f"{e.id}  {e.type:<12} {e.name}{also}"
        + (f" — {roles}" if roles else "")
        + (f"  ({e.articles} articles)")
    )
