"""The knowledge layer in the store (issue 4), on both backends: entities, mentions, times
and events written at ingest; cross-article entities; search --entity; entities --rebuild;
the API routes /entities, /entities/{id} and /events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from quotegraph.api import create_app
from quotegraph.cli import app
from quotegraph.options import Options
from quotegraph.store import open_store
from quotegraph.store.knowledge import EventQuery
from quotegraph.store.sql import SQLStore

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"


@pytest.fixture(scope="module")
def known(new_store_url: Callable[[Path], str], tmp_path_factory: pytest.TempPathFactory) -> str:
    url = new_store_url(tmp_path_factory.mktemp("knowledge"))
    result = CliRunner().invoke(
        app, ["ingest", str(EXAMPLES), "--db", url, "--today", "2026-11-22"]
    )
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture
def sql(known: str) -> Iterator[SQLStore]:
    with open_store(known) as opened:
        assert isinstance(opened, SQLStore)
        yield opened


def _cli(url: str, *args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--db", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_issue4_one_mezentsev_across_both_dispatches(sql: SQLStore) -> None:
    total, page = sql.entities(name="Mezentsev")
    assert total == 1
    (mezentsev,) = page
    assert (mezentsev.type, mezentsev.articles) == ("person", 2)
    seen = {(r.title, r.seen) for r in mezentsev.roles}
    assert ("State Secretary", "2021-11-05") in seen
    assert sql.entity(mezentsev.id) == mezentsev


def test_issue4_documents_round_trip_their_knowledge(sql: SQLStore) -> None:
    for article_id in sql.article_ids():
        doc = sql.document(article_id)
        assert doc is not None and doc.entities and doc.times and doc.events
        for ent in doc.entities:
            assert all(doc.text[m.start : m.end] == m.text for m in ent.mentions)
        linked = [s.speaker.entity for s in doc.statements if s.speaker.name]
        assert linked and all(e in {x.id for x in doc.entities} for e in linked)


def test_issue4_events_filter_by_type_participant_place_and_date(sql: SQLStore) -> None:
    total, meetings = sql.events(EventQuery(type="meeting", participant="Supreme State Council"))
    assert total >= 2 and all(m.event.type.value == "meeting" for m in meetings)
    dated = sql.events(EventQuery(type="meeting", since="2021-11-04", until="2021-11-04"))[1]
    assert {e.event.date for e in dated} == {"2021-11-04"}
    in_minsk = sql.events(EventQuery(place="Minsk"))[1]
    assert {e.event.trigger.text for e in in_minsk} == {"session", "conference"}
    council = sql.entities(name="Supreme State Council")[1][0]
    by_id = sql.events(EventQuery(participant=council.id))[0]
    assert by_id == sql.events(EventQuery(participant="Supreme State Council"))[0]


def test_issue4_search_by_entity_and_rebuild(known: str, sql: SQLStore) -> None:
    hits = _cli(known, "search", "doctrine", "--entity", "Mezentsev")
    assert hits["total"] == 4
    mezentsev = sql.entities(name="Mezentsev")[1][0]
    assert _cli(known, "search", "doctrine", "--entity", mezentsev.id)["total"] == 4
    assert _cli(known, "search", "doctrine", "--entity", "Lukashenko")["total"] == 0
    before = _cli(known, "entities", "--limit", "100")
    rebuilt = _cli(known, "entities", "--rebuild", "--limit", "100")
    assert rebuilt == before  # re-running resolution over the store is stable


def test_issue6_event_days_count_every_event_in_the_store(sql: SQLStore) -> None:
    """The events timeline counts days in one grouping query, over every matching event."""
    import re
    from collections import Counter

    for query in (EventQuery(limit=1000), EventQuery(type="meeting", limit=1000)):
        total, found = sql.events(query)
        assert len(found) == total
        full = re.compile(r"\d{4}-\d{2}-\d{2}")
        days = Counter(r.event.date[:10] for r in found
                       if r.event.date and full.fullmatch(r.event.date[:10]))  # fmt: skip
        counted = sql.event_days(dataclasses.replace(query, limit=1))  # the page aside
        assert [(c.value, c.count) for c in counted] == sorted(days.items())
        assert counted  # the examples have dated events


@pytest.fixture
async def client(known: str) -> AsyncIterator[httpx.AsyncClient]:
    api = create_app(known, Options())
    transport = httpx.ASGITransport(app=api)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@pytest.mark.anyio
async def test_issue4_api_entities_and_events(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/api/v1/entities", params={"q": "Mezentsev"})).json()
    assert listed["total"] == 1
    ent = listed["entities"][0]
    one = (await client.get(f"/api/v1/entities/{ent['id']}")).json()
    assert one == ent
    missing = await client.get("/api/v1/entities/g0000000000")
    assert missing.status_code == 404
    events = (await client.get("/api/v1/events", params={"type": "signing"})).json()
    names = {p["name"] for e in events["events"] for p in e["participants"]}
    assert {"Lukashenko", "Vladimir Putin"} <= names
    bad = await client.get("/api/v1/events", params={"type": "party"})
    assert bad.status_code in {400, 422}


@pytest.mark.anyio
async def test_issue5_api_search_filters_by_entity(
    client: httpx.AsyncClient, sql: SQLStore
) -> None:
    """GET /api/v1/search takes the CLI's --entity: an entity id or a name it contains."""
    mezentsev = sql.entities(name="Mezentsev")[1][0]
    for entity in ("Mezentsev", mezentsev.id):
        found = await client.get("/api/v1/search", params={"q": "doctrine", "entity": entity})
        assert found.status_code == 200, found.text
        body = found.json()
        assert body["total"] == 4 and len(body["hits"]) == 4
        assert {h["speaker"] for h in body["hits"]} == {"Dmitry Mezentsev"}
    none = await client.get("/api/v1/search", params={"q": "doctrine", "entity": "Lukashenko"})
    assert none.json()["total"] == 0
    broad = {"q": "Russia OR Belarus OR doctrine"}
    every = (await client.get("/api/v1/search", params=broad)).json()
    his = (await client.get("/api/v1/search", params={**broad, "entity": mezentsev.id})).json()
    assert 0 < his["total"] < every["total"]  # the filter is applied, not ignored
    assert {h["speaker"] for h in his["hits"]} == {"Dmitry Mezentsev"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


TIED = (
    "NEW YORK, March 3 - Crude oil futures rose on the New York Mercantile Exchange on "
    'Tuesday, traders said. "Demand is back," said John Smith, an analyst at the New York '
    "Mercantile Exchange.\n"
)


def test_issue8_entities_that_start_at_one_character_read_back_in_order(
    new_store_url: Callable[[Path], str], tmp_path: Path
) -> None:
    """The PostgreSQL crash test's mismatch: "New York" inside "New York Mercantile Exchange"
    starts where the exchange does, and the store and the pipeline ordered the two apart."""
    from quotegraph.article.build import from_text
    from quotegraph.nlp.pipeline import Pipeline

    options = Options()
    source = tmp_path / "tied.txt"
    source.write_text(TIED, encoding="utf-8")
    extracted = Pipeline(options)(
        from_text(TIED, source=str(source), format="text", options=options)
    )
    starts = [e.mentions[0].start for e in extracted.entities]
    assert len(starts) != len(set(starts)), "the text no longer gives two entities one start"
    with open_store(new_store_url(tmp_path)) as store:
        assert store.ingest(str(source), options).counts.ok == 1
        (article_id,) = store.article_ids()
        assert store.document(article_id) == extracted


def test_issue7_store_wide_resolution_pages_through_articles(
    known: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resolution reads the store a page of articles at a time; the pages change nothing."""
    from quotegraph.store import knowledge

    def table(store: SQLStore) -> list[tuple[Any, ...]]:
        knowledge.resolve(store)
        return _links(store)

    with open_store(known) as opened:
        assert isinstance(opened, SQLStore)
        whole = table(opened)
        monkeypatch.setattr(knowledge, "RESOLVE_PAGE", 1)
        assert table(opened) == whole and len(whole) > 10


def _links(store: SQLStore) -> list[tuple[Any, ...]]:
    """Every article entity with its global entity's row."""
    return [tuple(r[k] for k in ("article_id", "local_id", "id", "name", "aliases", "roles",
                                 "articles")) for r in store._execute(
        "SELECT ae.article_id, ae.local_id, e.* FROM article_entities AS ae "
        "JOIN entities AS e ON e.id = ae.entity_id ORDER BY ae.article_id, ae.local_id"
    ).fetchall()]  # fmt: skip


def test_issue4_resolution_is_incremental_and_equals_a_full_one(
    new_store_url: Callable[[Path], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run adds only its own articles to the saved resolver, and ends where a
    resolution of the whole store from scratch ends; a delete makes the next one start over."""
    from quotegraph.store import knowledge

    first, second = sorted(EXAMPLES.iterdir())
    options = Options(reference_date=dt.date(2026, 11, 22))
    full_runs: list[int] = []
    real_full = knowledge._resolve_all
    monkeypatch.setattr(knowledge, "_resolve_all", lambda s: full_runs.append(1) or real_full(s))
    with open_store(new_store_url(tmp_path)) as store:
        assert isinstance(store, SQLStore)
        store.ingest(str(first), options)
        assert full_runs == [1]  # no saved resolver yet
        store.ingest(str(second), options)
        assert full_runs == [1], "the second run resolved the whole store again"
        incremental = _links(store)
        mezentsev = {(r[2], r[6]) for r in incremental if r[3] == "Dmitry Mezentsev"}
        assert len(mezentsev) == 1 and next(iter(mezentsev))[1] == 2  # one, in both articles
        assert store.resolve_entities() and _links(store) == incremental  # from scratch
        assert full_runs == [1, 1]
        store.delete_article(incremental[0][0])
        assert store._execute("SELECT count(*) AS n FROM resolver_state").fetchone()["n"] == 0
        assert store.ingest(str(EXAMPLES), options).counts.ok == 1  # the deleted one, again
        assert full_runs == [1, 1, 1] and _links(store) == incremental


def test_issue4_a_tampered_resolver_state_runs_nothing(
    new_store_url: Callable[[Path], str], tmp_path: Path
) -> None:
    """The saved resolver is read by an unpickler that builds the resolver's classes only: a
    pickle that would call a function is refused and the resolution starts over."""
    import pickle

    from quotegraph.store import knowledge

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.touch, (marker,))

    with open_store(new_store_url(tmp_path)) as store:
        assert isinstance(store, SQLStore)
        store.ingest(str(EXAMPLES), Options(reference_date=dt.date(2026, 11, 22)))
        before = _links(store)
        with store._transaction():
            store._execute("UPDATE resolver_state SET state = ?", (pickle.dumps(Payload()),))
        assert knowledge._saved_resolver(store) is None and not marker.exists()
        assert store.resolve_entities(incremental=True)["article_entities"] == len(before)
        assert _links(store) == before and not marker.exists()


TRUMPS = (
    "WASHINGTON, Jan 5 - President Trump said on Tuesday that the talks would go on. "
    '"We will see," Trump told reporters.\n',
    "NEW YORK, Jan 6 - Donald Trump, the businessman, spoke at the tower on Wednesday. "
    '"It is a great building," Donald Trump said.\n',
    "WASHINGTON, Jan 7 - US President Donald Trump said on Thursday that he would sign the "
    'order. "It is done," President Trump said.\n',
)


def test_issue4_incremental_resolution_merges_into_a_new_entity(
    new_store_url: Callable[[Path], str], tmp_path: Path
) -> None:
    """Run 1 leaves a bare "President Trump"; in run 2 a full "Donald Trump" starts a new
    entity and "US President Donald Trump" merges the bare one into it: the stored rows of
    the absorbed entity move to the new one (written first: the foreign key), as a
    resolution from scratch has them."""
    options = Options(reference_date=dt.date(2026, 11, 22))
    runs = [tmp_path / "run1", tmp_path / "run2"]
    for folder, texts in zip(runs, (TRUMPS[:1], TRUMPS[1:]), strict=True):
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    with open_store(new_store_url(tmp_path)) as store:
        assert isinstance(store, SQLStore)
        for folder in runs:
            assert store.ingest(str(folder), options).counts.ok >= 1
        incremental = _links(store)
        trumps = {r[2] for r in incremental if r[3] == "Donald Trump"}
        assert len(trumps) == 1 and len({r[0] for r in incremental}) == 3
        store.resolve_entities()
        assert _links(store) == incremental
