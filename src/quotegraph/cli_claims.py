"""The work behind ``quotegraph claims``: bring the store's claims up to date (new
statements join their claims; ``--rebuild`` starts over), then list them."""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.text import Text

from .claims.model import BuildReport, ClaimList, ClaimQuery, ClaimSummary
from .cli import err
from .cli_store import check_output
from .errors import StoreError
from .search.semantic import INSTALL, Embedder, semantic_available, shared_embedder
from .store import Store, open_store
from .store.sql import SQLStore

MAX_SHOWN = 300  # characters of a representative wording in the table


def sql_store(store: Store) -> SQLStore:
    if not isinstance(store, SQLStore):
        raise StoreError(f"{type(store).__name__} keeps no claims")
    return store


def build(store: Store, embedder: Embedder, rebuild: bool) -> BuildReport:
    from .claims.build import update_claims

    return update_claims(sql_store(store), embedder, rebuild=rebuild)


def claims(db: str | None, query: ClaimQuery, fmt: str, rebuild: bool, update: bool) -> int:
    """``quotegraph claims``: update (when the semantic extra is installed), then list."""
    check_output(fmt)
    with open_store(db, create=False) as store:
        if rebuild or (update and semantic_available()):
            report = build(store, shared_embedder(), rebuild)
            err.print(
                f"quotegraph: {report.statements} statements assigned ({report.joined} joined "
                f"claims, {report.new_claims} new), {report.claims} claims, "
                f"{report.seconds:.1f} s",
                highlight=False,
            )
        elif update:
            err.print(
                f"quotegraph: new statements are not grouped without the semantic extra: {INSTALL}",
                highlight=False,
            )
        found = sql_store(store).claims(query)
    if fmt == "json":
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for claim in found.claims:
            sys.stdout.write(json.dumps(claim.to_dict(), ensure_ascii=False) + "\n")
    else:
        _table(found)
    return 0


def _table(found: ClaimList) -> None:
    console = Console(highlight=False)
    console.print(Text(f"{len(found.claims)} of {found.total} claims", style="bold"))
    for claim in found.claims:
        console.print()
        console.print(_block(claim))


def _block(claim: ClaimSummary) -> Text:
    first = claim.first_seen
    wording = claim.representative
    if len(wording) > MAX_SHOWN:
        wording = wording[: MAX_SHOWN - 1].rstrip() + "…"
    months = ", ".join(f"{m.value}: {m.count}" for m in claim.months)
    return Text.assemble(
        (f"claim {claim.id}", "bold"),
        f"  {claim.statements} statements, {claim.articles} articles, {claim.speakers} "
        f"speakers, {claim.outlets} outlets\n",
        f"    {wording}\n",
        ("    first seen: ", "dim"),
        f"{first.date or 'undated'}, {first.speaker or 'unnamed speaker'}, "
        f"{first.outlet or 'unknown outlet'} (statement {first.statement_id})\n",
        ("    per month: ", "dim"),
        months,
    )
