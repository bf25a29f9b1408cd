"""Web UI pages (issue 6), in-process through ASGI: search, export, article annotation,
speaker page, ingest with the write token, errors in plain words, escaping."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from quotegraph.api import create_app
from quotegraph.api.auth import TOKEN_ENV
from quotegraph.article.model import Article, TextSpan, content_id
from quotegraph.cli import app as cli
from quotegraph.nlp.model import Document, Speaker, SpeakerType, Statement, StatementKind
from quotegraph.store import SearchQuery, SpeakerQuery, open_store
from quotegraph.store.base import HIT_COLUMNS

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
HOSTILE = ("<script>window.__pwned=1</script>", '"><img src=x onerror="window.__pwned=2">')


def hostile_document() -> Document:
    """An article whose statement, speaker and headline carry markup meant to run."""
    headline = f"Markup {HOSTILE[0]} in a headline"
    quote = f"We keep {HOSTILE[0]} and {HOSTILE[1]} out of pages"
    text = f'{headline}\n\nMOSCOW, November 5. /TASS/. "{quote}," Ivan <b>Bold</b> said.'
    start = text.index(quote)
    mention = text.index("Ivan <b>Bold</b>")
    article = Article(id=content_id(text), text=text, source="hostile.txt", format="text",
                      url="javascript:window.__pwned=3",
                      headline=TextSpan.of(text, 0, len(headline)),
                      paragraphs=(TextSpan.of(text, len(headline) + 2, len(text)),))  # fmt: skip
    statement = Statement(
        kind=StatementKind.DIRECT, content=TextSpan.of(text, start, start + len(quote)),
        speaker=Speaker(name="Ivan <b>Bold</b>", type=SpeakerType.PERSON,
                        mention=TextSpan.of(text, mention, mention + 16)),
    )  # fmt: skip
    return Document(article=article, statements=(statement,))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("web") / "web.db")
    result = CliRunner().invoke(cli, ["ingest", str(EXAMPLES), "--db", path])
    assert result.exit_code == 0, result.output
    with open_store(path) as store:
        store.write_document(hostile_document(), store.start_run("test", []))
    return path


@pytest.fixture
def client(store_path: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with TestClient(create_app(store_path)) as opened:
        yield opened


def test_issue6_home_summarises_the_store(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert '<form class="bigsearch" action="/search"' in page.text
    assert re.search(r"<dt>Articles</dt><dd>3</dd>", page.text)
    assert "Dmitry Mezentsev" in page.text


def test_issue6_search_cards_link_to_the_statement_in_its_article(
    client: TestClient, store_path: str
) -> None:
    page = client.get("/search", params={"q": "doctrine"})
    assert page.status_code == 200
    with open_store(store_path) as store:
        found = store.search(SearchQuery("doctrine", limit=20))
    assert found.total > 0 and f"of {found.total} statements" in page.text
    for hit in found.hits:
        assert f'href="/articles/{hit.article_id}#s-{hit.statement_id}"' in page.text
    assert 'href="/search?q=doctrine&amp;speaker=Dmitry+Mezentsev"' in page.text  # a facet
    assert 'href="/search/export.csv?q=doctrine"' in page.text


def test_issue6_search_filters_empty_states_and_bad_queries(client: TestClient) -> None:
    direct = client.get("/search", params={"q": "doctrine", "kind": "direct"}).text
    assert 'class="badge kind-indirect"' not in direct and 'class="badge kind-direct"' in direct
    none = client.get("/search", params={"q": "doctrine", "month": "1999-01"}).text
    assert "No statement matches" in none and "search without filters" in none
    bad = client.get("/search", params={"q": '"doctrine'})
    assert bad.status_code == 200 and 'role="alert"' in bad.text and "exact phrases" in bad.text
    month = client.get("/search", params={"q": "doctrine", "month": "2021-13"}).text
    assert "is not a month: write it as YYYY-MM" in month
    assert "Type some words" in client.get("/search").text


def test_issue6_search_pages(client: TestClient, store_path: str) -> None:
    with open_store(store_path) as store:
        total = store.search(SearchQuery("Mezentsev OR doctrine OR Union OR State")).total
    first = client.get("/search", params={"q": "Mezentsev OR doctrine OR Union OR State"}).text
    if total > 20:
        assert 'rel="next"' in first
        second = client.get("/search", params={"q": "Mezentsev OR doctrine OR Union OR State",
                                                "page": 2}).text  # fmt: skip
        assert f"21–{min(total, 40)} of {total}" in second and 'rel="prev"' in second
    else:
        assert 'rel="next"' not in first
    past = client.get("/search", params={"q": "doctrine", "page": 999}).text
    assert "past the last page" in past and 'class="card"' not in past


def test_issue6_export_holds_every_statement_of_the_search(
    client: TestClient, store_path: str
) -> None:
    with open_store(store_path) as store:
        found = store.search(SearchQuery("doctrine", limit=1000))
    table = client.get("/search/export.csv", params={"q": "doctrine"})
    assert table.headers["content-type"].startswith("text/csv")
    assert "attachment" in table.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(table.text)))
    assert tuple(rows[0]) == HIT_COLUMNS and len(rows) == 1 + found.total
    lines = client.get("/search/export.jsonl", params={"q": "doctrine", "kind": "direct"}).text
    records = [json.loads(line) for line in lines.splitlines()]
    assert records and {r["kind"] for r in records} == {"direct"}
    assert client.get("/search/export.xml", params={"q": "doctrine"}).status_code == 400


def test_issue6_article_marks_statements_speakers_and_dateline(
    client: TestClient, store_path: str
) -> None:
    with open_store(store_path) as store:
        hit = store.search(SearchQuery("doctrine", speaker="Mezentsev")).hits[0]
        statements = store.article_statements(hit.article_id)
    page = client.get(f"/articles/{hit.article_id}").text
    for s in statements:
        assert f'id="s-{s.statement_id}"' in page
    assert f'class="mention" href="/speakers/{hit.speaker_id}"' in page
    assert '<span class="dateline" title="dateline">MOSCOW, November 5. /TASS/.</span>' in page
    assert "<dt>Basis</dt><dd>dateline" in page


def test_issue6_hostile_markup_is_shown_as_text(client: TestClient, store_path: str) -> None:
    with open_store(store_path) as store:
        hit = store.search(SearchQuery("pages")).hits[0]
    pages = [
        client.get(f"/articles/{hit.article_id}").text,
        client.get("/search", params={"q": "pages"}).text,
        client.get(f"/speakers/{hit.speaker_id}").text,
    ]
    for page in pages:
        assert "<script>window" not in page and "<img" not in page and "<b>Bold" not in page
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in pages[0]
    assert 'href="javascript:' not in pages[0]
    policy = client.get(f"/articles/{hit.article_id}").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy


def test_issue6_speaker_page_has_timeline_titles_and_statements(
    client: TestClient, store_path: str
) -> None:
    with open_store(store_path) as store:
        mezentsev = store.speakers(SpeakerQuery(name="Mezentsev")).speakers[0]
        profile = store.speaker(mezentsev.id)
    assert profile is not None
    undated = sum(m.count for m in profile.months if m.value == "(unknown)")
    page = client.get(f"/speakers/{mezentsev.id}").text
    counts = [int(n) for n in re.findall(r'<rect class="bar"[^>]*data-count="(\d+)"', page)]
    assert counts and sum(counts) == mezentsev.statements - undated
    if undated:
        assert f"{undated} more in articles without a known date" in page
    assert "State Secretary" in page and "Vladimir Putin" in page
    alongside = page.split("<h2>Mentioned alongside</h2>")[1].split("</ul>")[0]
    assert re.search(r'href="/entities/g[0-9a-f]+">Belarus</a>', alongside)
    assert page.count('class="card"') == min(20, mezentsev.statements)
    assert client.get("/speakers/999999").status_code == 404
    assert client.get("/speakers/abc").status_code == 404
    assert client.get("/speakers/%C2%B2").status_code == 404  # a digit, not an ASCII one
    assert client.get(f"/speakers/{mezentsev.id}", params={"page": "²"}).status_code == 200


def test_issue6_speakers_by_name_and_type(client: TestClient) -> None:
    people = client.get("/speakers", params={"q": "mezentsev", "type": "person"}).text
    assert "Dmitry Mezentsev" in people and "Vladimir Putin" not in people
    groups = client.get("/speakers", params={"q": "mezentsev", "type": "group"}).text
    assert "No group's name contains <strong>mezentsev</strong>" in groups


def test_issue6_errors_are_pages_but_api_errors_stay_json(client: TestClient) -> None:
    page = client.get("/articles/nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "There is no article &#39;nope&#39; in this store." in page.text
    assert client.get("/no/such/page").status_code == 404
    api = client.get("/api/v1/articles/nope")
    assert api.status_code == 404 and api.json()["error"]["code"] == "QG501"


def test_issue6_ingest_needs_the_configured_token(
    client: TestClient, store_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = client.get("/ingest").text
    assert "Writes are off on this server" in form and '<fieldset class="plain" disabled>' in form
    text = "MINSK, May 2. /TASS/. Minister Ivan Petrov said the bridge will open in June."
    off = client.post("/ingest", data={"text": text, "token": "guess"})
    assert off.status_code == 403 and "writes are off" in off.text.lower()
    monkeypatch.setenv(TOKEN_ENV, "s3cret-token")
    with TestClient(create_app(store_path)) as writable:
        wrong = writable.post("/ingest", data={"text": text, "token": "guess"})
        empty = writable.post("/ingest", data={"token": "s3cret-token"})
        bearer = writable.post("/ingest", data={"text": text},
                               headers={"Authorization": "Bearer guess"})  # fmt: skip
    assert bearer.status_code == 403
    assert wrong.status_code == 403 and "not the server&#39;s write token" in wrong.text
    assert empty.status_code == 400 and "Choose a file or paste an article first." in empty.text


def test_issue6_ingest_stores_pasted_and_uploaded_articles_and_lists_rejects(
    store_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "s3cret-token")
    url = str(tmp_path / "ingest.db")
    open_store(url).close()
    text = "MINSK, May 2. /TASS/. Minister Ivan Petrov said the bridge will open in June."
    upload = (EXAMPLES / "tass-military-doctrine.txt").read_bytes()
    with TestClient(create_app(url)) as client:
        done = client.post(
            "/ingest",
            data={"text": text},
            files=[("files", ("doctrine.txt", upload, "text/plain")),
                   ("files", ("broken.bin", b"\x00\x01\x02\xff" * 64, "application/octet-stream"))],
            headers={"Authorization": "Bearer s3cret-token"},
        )  # fmt: skip
    assert done.status_code == 200, done.text
    assert "2 stored, 0 already stored, 1 rejected" in done.text
    assert "&lt;upload:broken.bin&gt;" in done.text and "QG102" in done.text
    with open_store(url) as store:
        run = store.runs(1)[0]
        assert run.command == "ingest (web)" and run.counts.ok == 2 and run.counts.rejected == 1
        assert [r.source for r in store.rejects()] == ["<upload:broken.bin>"]
        assert store.search(SearchQuery("bridge")).hits[0].speaker == "Ivan Petrov"


def test_issue6_pages_on_both_backends_and_an_empty_store(store_url: str) -> None:
    with TestClient(create_app(store_url)) as client:
        open_store(store_url).close()
        empty = client.get("/").text
        assert "The store is empty" in empty
        assert "No speakers yet" in client.get("/speakers").text
        with open_store(store_url) as store:
            store.write_document(hostile_document(), store.start_run("test", []))
            hit = store.search(SearchQuery("pages")).hits[0]
        for path in ("/", "/search?q=pages", f"/articles/{hit.article_id}",
                     f"/speakers/{hit.speaker_id}", "/search/export.csv?q=pages"):  # fmt: skip
            answer = client.get(path)
            assert answer.status_code == 200, path
            html = "text/html" in answer.headers["content-type"]
            assert not html or "<script>window" not in answer.text


def test_issue6_article_marks_entities_and_time_expressions(
    client: TestClient, store_path: str
) -> None:
    with open_store(store_path) as store:
        hit = store.search(SearchQuery("doctrine", speaker="Mezentsev")).hits[0]
        doc = store.document(hit.article_id)
    assert doc is not None and doc.entities and doc.times
    page = client.get(f"/articles/{hit.article_id}").text
    person = next(e for e in doc.entities if e.type.value == "person")
    assert f'class="entity ent-person" href="/entities?q={person.name.replace(" ", "+")}' in page
    for time in doc.times:
        assert f'title="time ({time.grain.value}): {time.value or "date unresolved"}"' in page


def test_issue6_entities_page_entity_page_and_events_timeline(client: TestClient) -> None:
    listing = client.get("/entities", params={"type": "person"}).text
    ids = re.findall(r'href="/entities/(g[0-9a-f]+)">([^<]+)</a>', listing)
    assert ids and "Dmitry Mezentsev" in {name for _, name in ids}
    gid = next(g for g, name in ids if name == "Dmitry Mezentsev")
    page = client.get(f"/entities/{gid}").text
    assert "<h1>Dmitry Mezentsev</h1>" in page and "Roles over time" in page
    assert client.get("/entities/g0000000000").status_code == 404
    events = client.get("/events").text
    count = int(re.search(r'<h2 id="tl-h">(\d+) events?', events).group(1))
    assert count > 0 and events.count('<li class="event">') == min(count, 20)
    kinds = set(re.findall(r'<span class="badge">([^<]+)</span>', events))
    one = sorted(kinds)[0].replace(" ", "_")
    narrowed = client.get("/events", params={"type": one}).text
    shown = set(re.findall(r'<span class="badge">([^<]+)</span>', narrowed))
    assert shown == {one.replace("_", " ")}
    none = client.get("/events", params={"participant": "Nobody Atall"}).text
    assert "No event matches these filters" in none
