"""The web UI in a real headless Chromium (issue 6 acceptance).

Debian's ``/usr/bin/chromium`` (installed by ``make browser``, which ``make test`` runs) is driven
by Playwright through ``executable_path`` (never ``playwright install``) against
``quotegraph serve`` on loopback, started in a subprocess over a store holding the bundled
examples, 300 real articles from ``../shared/datasets/news-articles.jsonl.gz`` and an article
whose quotes carry markup meant to run. Screenshots of each page go to ``tests/artifacts/``
(git-ignored). Without chromium or Playwright the tests skip with the reason; under ``CI=true``
they fail.
"""

from __future__ import annotations

import gzip
import itertools
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import REPO_ROOT, require_shared
from quotegraph.options import Options
from quotegraph.store import SearchQuery, SpeakerQuery, open_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
EXAMPLES = REPO_ROOT / "src" / "quotegraph" / "data" / "examples"
REAL_ARTICLES = 300
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
HOSTILE = (
    "MOSCOW, November 9. /TASS/. \"<script>window.__pwned = 1; alert('script')</script> "
    'The talks will go on," Foreign Minister Sergei Lavrov said on Tuesday.\n\n'
    '"\\"><img src=x onerror="window.__pwned = 2; alert(\'img\')"> Nobody gains from '
    'sanctions," Lavrov told reporters. He added that "<svg onload=alert(\'svg\')>" was '
    "not a threat.\n"
)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="module")
def served_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the examples, 300 real articles and the hostile article."""
    dataset = require_shared(REPO_ROOT.parent / "shared" / "datasets" / "news-articles.jsonl.gz")
    folder = tmp_path_factory.mktemp("browser")
    real = folder / f"news-articles-{REAL_ARTICLES}.jsonl"
    with gzip.open(dataset, "rt", encoding="utf-8") as lines:
        real.write_text("".join(next(lines) for _ in range(REAL_ARTICLES)), encoding="utf-8")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    db = str(folder / "browser.db")
    # the project's readers and pipeline, with a time budget that a loaded machine cannot hit
    with open_store(db) as store:
        run = store.ingest([str(EXAMPLES), str(real), str(hostile)], Options(time_budget_s=3600))
        rejects = {r.source: r.message for r in store.rejects()}
        assert store.counts()["articles"] >= REAL_ARTICLES - len(rejects), rejects
        assert run.counts.ok >= 290, rejects
    return db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(served_store: str) -> Iterator[str]:
    """``quotegraph serve`` on loopback in a subprocess; its base URL."""
    port = _free_port()
    exe = Path(sys.executable).with_name("quotegraph")
    command = [str(exe), "serve", "--db", served_store, "--host", "127.0.0.1", "--port", str(port)]
    log = open(served_store + ".serve.log", "wb")  # noqa: SIM115  (closed below)
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                problem = Path(served_store + ".serve.log").read_text(errors="replace")
                raise RuntimeError(f"quotegraph serve did not start:\n{problem}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chromium context (fresh profile) driven by Playwright."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (make browser installs Debian's chromium as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as play:
        context = play.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 900},
        )  # fmt: skip
        try:
            yield context
        finally:
            context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    opened = browser.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    opened.dialogs = dialogs
    yield opened
    opened.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_issue6_search_doctrine_to_article_to_mezentsev_timeline(
    server: str, served_store: str, page: Any
) -> None:
    with open_store(served_store) as store:
        mezentsev = store.speakers(SpeakerQuery(name="Mezentsev")).speakers[0]
        first = store.search(SearchQuery("doctrine", limit=1)).hits[0]
    page.goto(f"{server}/")
    assert page.locator("h1").inner_text() == "Who said what, to whom, when"
    shot(page, "1-home")

    page.fill("#q", "doctrine")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=doctrine"))
    cards = page.locator("article.card")
    assert cards.count() > 0
    card = cards.first
    assert "Dmitry Mezentsev" in card.locator(".who").inner_text()
    assert "doctrine" in card.locator("blockquote").inner_text().lower()
    shot(page, "2-search-doctrine")

    card.get_by_role("link", name="Open in article").click()
    page.wait_for_url(re.compile(rf"/articles/{first.article_id}#s-{first.statement_id}$"))
    target = page.locator(f"mark#s-{first.statement_id}")
    target.wait_for()
    assert target.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == f"s-{first.statement_id}"
    outline = page.evaluate("getComputedStyle(document.querySelector(':target')).outlineStyle")
    assert outline == "solid"  # the statement landed on is highlighted
    assert first.content.text.split()[0] in target.inner_text()
    shot(page, "3-article")

    target.locator("a.label").click()
    page.wait_for_url(re.compile(rf"/speakers/{mezentsev.id}$"))
    assert page.locator("h1").inner_text() == "Dmitry Mezentsev"
    bars = page.locator("svg.chart rect.bar")
    counts = [int(bars.nth(i).get_attribute("data-count")) for i in range(bars.count())]
    assert sum(counts) > 0 and max(b.bounding_box()["height"] for b in bars.all()) > 20
    assert page.locator("article.card").count() == min(20, mezentsev.statements)
    shot(page, "4-speaker-mezentsev")


def test_issue6_hostile_quotes_render_inert(server: str, served_store: str, page: Any) -> None:
    with open_store(served_store) as store:
        hit = store.search(SearchQuery("sanctions", speaker="Lavrov")).hits[0]
    page.goto(f"{server}/articles/{hit.article_id}")
    doc = page.locator("article.doc")
    assert "<script>window.__pwned = 1" in doc.inner_text()
    assert "<img src=x onerror=" in doc.inner_text()
    assert doc.locator("script, img, svg").count() == 0
    page.goto(f"{server}/search?q=sanctions")
    page.goto(f"{server}/speakers/{hit.speaker_id}")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    shot(page, "5-hostile-speaker")
    page.goto(f"{server}/articles/{hit.article_id}")
    assert page.evaluate("typeof window.__pwned") == "undefined" and page.dialogs == []
    shot(page, "5-hostile-article")


UNLABELLED = """() => Array.from(
        document.querySelectorAll('input:not([type=hidden]), select, textarea'))
    .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
    .map(el => el.name)"""
HEADINGS = "() => Array.from(document.querySelectorAll('h1, h2, h3')).map(h => h.tagName)"


def check_accessible(page: Any) -> None:
    """Every form control has a label; one h1, and no heading level skipped."""
    assert page.evaluate(UNLABELLED) == [], page.url
    levels = [int(tag[1]) for tag in page.evaluate(HEADINGS)]
    assert levels.count(1) == 1 and levels[0] == 1, page.url
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), page.url


def test_issue6_pages_have_labels_and_headings(server: str, served_store: str, page: Any) -> None:
    with open_store(served_store) as store:
        hit = store.search(SearchQuery("doctrine", limit=1)).hits[0]
    paths = ("/", "/search?q=doctrine", f"/articles/{hit.article_id}",
             f"/speakers/{hit.speaker_id}", "/speakers", "/ingest", "/articles/nope",
             "/entities", "/events")  # fmt: skip
    for path in paths:
        page.goto(f"{server}{path}")
        check_accessible(page)


def test_issue6_other_pages_and_keyboard(server: str, page: Any) -> None:
    page.goto(f"{server}/search?q=said")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.classList.contains('card')")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    shot(page, "6-search-said")
    page.goto(f"{server}/speakers")
    assert page.locator("table.speakers-table tbody tr").count() > 10
    shot(page, "7-speakers")
    page.locator("table.speakers-table tbody tr a").first.click()  # the most quoted speaker
    page.wait_for_url(re.compile(r"/speakers/\d+$"))
    assert page.locator("svg.chart rect.bar").count() >= 8
    shot(page, "7-speaker-most-quoted")
    page.goto(f"{server}/entities?type=person")
    assert page.locator("table.speakers-table tbody tr").count() > 10
    shot(page, "10-entities")
    page.locator("table.speakers-table tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/entities/g[0-9a-f]+$"))
    shot(page, "11-entity")
    page.goto(f"{server}/events")
    assert page.locator("li.event").count() > 0 and page.locator("svg.chart").count() == 1
    shot(page, "12-events")
    page.goto(f"{server}/ingest")
    assert page.get_by_label("Write token").is_visible()
    shot(page, "8-ingest")
    page.goto(f"{server}/articles/nope")
    assert "There is no article" in page.locator(".problem").inner_text()
    shot(page, "9-not-found")


def test_issue9_article_page_shows_headline_fidelity(
    server: str, served_store: str, page: Any
) -> None:
    with open_store(served_store) as store:
        hit = store.search(SearchQuery('"ensure an even higher level"', limit=1)).hits[0]
    page.goto(f"{server}/articles/{hit.article_id}")
    fidelity = page.locator("ul.fidelity li")
    assert fidelity.count() >= 2
    standfirst = fidelity.filter(has_text="standfirst:").first
    assert "supported by the quote" in standfirst.inner_text()
    standfirst.get_by_role("link", name="the quote").click()
    target = page.evaluate("document.querySelector(':target').id")
    assert target.startswith("s-")
    assert page.locator("nav a", has_text="Claims").count() == 1
    shot(page, "9-headline-fidelity")
