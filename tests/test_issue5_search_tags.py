"""Issue 5: search filters as full-text terms (``statements.search_tags``, schema version 9).

The tags only narrow what the index hands to the filters, so a tagged search must find
exactly what the filters alone find; the triggers keep the tags in step with the rows."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from quotegraph.cli import app
from quotegraph.store import SearchQuery, Store, migrate, open_store
from quotegraph.store.base import Hit
from quotegraph.store.sql import SQLStore, forget_cached_reads
from quotegraph.store.tags import MAX_TERMS, statement_tags, tag_match, year_terms

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
DOCTRINE = "tass-military-doctrine.txt"


@given(
    st.integers(1, 9998),
    st.integers(0, 300),
    st.integers(-50, 350),
    st.integers(-50, 350),
    st.booleans(),
    st.booleans(),
)
def test_year_terms_name_every_year_in_range(
    lo: int, span: int, a: int, b: int, has_since: bool, has_until: bool
) -> None:
    hi = min(lo + span, 9999)
    since = dt.date(min(max(lo + a, 1), 9999), 1, 1) if has_since else None
    until = dt.date(min(max(lo + b, 1), 9999), 12, 31) if has_until else None
    terms = year_terms(since, until, (lo, hi))
    assert len(terms) <= MAX_TERMS
    first, last = max(since.year if since else lo, lo), min(until.year if until else hi, hi)
    if not terms or first > last:
        return
    named = set()
    for year in range(lo, hi + 1):  # exactly the stored years in range hold one of the terms
        held = {f"y{year:04d}", f"d{year // 10:03d}", f"c{year // 100:02d}"}
        if held & set(terms):
            named.add(year)
    assert named == set(range(first, last + 1)), terms


def test_year_terms_leave_out_what_narrows_little() -> None:
    stored = (2009, 2021)
    assert year_terms(dt.date(2020, 5, 1), None, stored) == ("y2020", "y2021")
    assert year_terms(None, dt.date(2010, 1, 1), stored) == ("y2009", "y2010")
    assert year_terms(dt.date(2010, 1, 1), dt.date(2019, 12, 31), stored) == ("d201",)
    assert year_terms(dt.date(1900, 1, 1), dt.date(2099, 1, 1), (1850, 2099)) == ("c19", "c20")
    assert year_terms(dt.date(2015, 1, 1), None, stored) == ()  # 7 years: an OR costs more
    assert year_terms(dt.date(2001, 1, 1), None, stored) == ()  # every stored year
    assert year_terms(dt.date(2030, 1, 1), None, stored) == ("y",)  # no statement holds "y"
    assert year_terms(dt.date(2016, 1, 1), None, None) == ()
    assert not tag_match(None, None, None, None, stored)
    assert tag_match("direct", "TASS", None, None, stored).all_of == ("kdirect",)


def test_issue5_whole_years_are_decided_by_the_tags() -> None:
    """PostgreSQL's tags decide a date range of whole years (no row check): only a range
    from 1 January to 31 December that the year terms name says so."""
    stored = (2009, 2021)
    assert tag_match(None, None, dt.date(2020, 1, 1), None, stored).whole_years
    assert tag_match(None, None, None, dt.date(2010, 12, 31), stored).whole_years
    assert tag_match(None, None, dt.date(2030, 1, 1), None, stored).whole_years  # none
    assert not tag_match(None, None, dt.date(2020, 5, 1), None, stored).whole_years
    assert not tag_match(None, None, None, dt.date(2010, 12, 30), stored).whole_years
    assert not tag_match(None, None, dt.date(2015, 1, 1), None, stored).whole_years  # no terms
    assert not tag_match("direct", "TASS", None, None, stored).whole_years


@pytest.fixture
def tagged(store_url: str) -> Iterator[Store]:
    """The examples, the doctrine dispatch moved to another outlet and to 1999 by SQL (so the
    articles' triggers set its statements' tags again)."""
    result = CliRunner().invoke(
        app, ["ingest", str(EXAMPLES), "--db", store_url, "--today", "2026-11-22"]
    )
    assert result.exit_code == 0, result.output
    with open_store(store_url) as store:
        assert isinstance(store, SQLStore)
        with store._transaction():
            store._execute(
                "UPDATE articles SET outlet = ?, published_date = ? WHERE source LIKE ?",
                ("Wire Ü", "1999-03-01", f"%{DOCTRINE}"),
            )
        forget_cached_reads()
        yield store


def _ids(store: Store, text: str, **filters: object) -> set[int]:
    found = store.search(SearchQuery(text, limit=200, facets=False, **filters))  # type: ignore[arg-type]
    return {h.statement_id for h in found.hits}


def test_tags_follow_the_articles_and_the_index_stays_whole(tagged: Store) -> None:
    assert isinstance(tagged, SQLStore)
    rows = tagged._execute("SELECT kind, search_tags FROM statements").fetchall()
    assert rows and all(r["search_tags"].startswith("k" + r["kind"]) for r in rows)
    assert any(" y1999 d199 c19" in r["search_tags"] for r in rows)
    assert any(r["search_tags"].endswith(" o74617373") for r in rows)  # TASS, year unknown
    assert tagged.check().ok


@pytest.mark.parametrize(
    "filters",
    [
        {"outlet": "WIRE Ü"}, {"outlet": "tass"}, {"outlet": "nobody"},
        {"since": dt.date(2000, 1, 1)}, {"until": dt.date(1999, 12, 31)},
        {"since": dt.date(1999, 3, 1), "until": dt.date(1999, 3, 1)},
        {"since": dt.date(2030, 1, 1)}, {"kind": "direct"}, {"kind": "indirect"},
        {"kind": "mixed", "outlet": "TASS", "since": dt.date(2021, 1, 1)},
    ],
)  # fmt: skip
def test_issue5_tagged_search_finds_what_the_filters_find(
    tagged: Store, filters: dict[str, object]
) -> None:
    everything = tagged.search(SearchQuery("the OR of OR and", limit=200, facets=False))
    assert everything.total_exact and everything.total == len(everything.hits) > 10

    def passes(h: Hit) -> bool:  # the filters as the rows hold them, in Python
        date, outlet = h.published.date, filters.get("outlet")
        since, until = filters.get("since"), filters.get("until")
        return (
            (outlet is None or (h.outlet or "").lower() == str(outlet).lower())
            and filters.get("kind", h.kind) == h.kind
            and (since is None or (date is not None and date >= str(since)))
            and (until is None or (date is not None and date <= str(until)))
        )

    expected = {h.statement_id for h in everything.hits if passes(h)}
    assert _ids(tagged, "the OR of OR and", **filters) == expected


@pytest.mark.parametrize("wrong", [None, "kmixed"])
def test_statements_without_tags_are_reported(tagged: Store, wrong: str | None) -> None:
    """A statement without tags (or with stale ones) is not found by a filtered search (or
    by the wrong ones): check says so (and how to repair it)."""
    assert isinstance(tagged, SQLStore)
    sqlite = tagged.url.startswith("sqlite")
    with tagged._transaction():
        if not sqlite:  # the trigger would set them again
            tagged._execute("ALTER TABLE statements DISABLE TRIGGER statements_search_tags")
        tagged._execute("UPDATE statements SET search_tags = ? WHERE idx = 0", (wrong,))
        if not sqlite:
            tagged._execute("ALTER TABLE statements ENABLE TRIGGER statements_search_tags")
    report = tagged.check()
    messages = [p.message for p in report.problems if p.check == "index"]
    assert not report.ok and messages
    assert any("statements have no search_tags" in m for m in messages)
    fix = "UPDATE" + next(m for m in messages if "no search_tags" in m).split(": UPDATE", 1)[1]
    with tagged._transaction():
        tagged._execute(fix.split(" (the trigger")[0])  # the repair the message gives
    assert tagged.check().ok


def _view_connection() -> sqlite3.Connection:
    """The migration's view over the few columns it reads, in a bare connection."""
    sql = (Path(migrate.__file__).parent / "schema/sqlite/0009_search_tags.sql").read_text()
    view = next(s for s in migrate.sqlite_statements(sql) if "CREATE VIEW" in s)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, outlet TEXT, published_date TEXT)")
    db.execute("CREATE TABLE statements (id INTEGER PRIMARY KEY, article_id TEXT, kind TEXT)")
    db.execute(view.split("\n", 1)[1] if view.startswith("--") else view)
    return db


VIEW = _view_connection()


@given(
    st.none() | st.text(max_size=12),
    st.none() | st.dates(),
    st.sampled_from(["direct", "indirect", "mixed"]),
)
def test_issue5_the_writer_spells_tags_as_the_view(
    outlet: str | None, published: dt.date | None, kind: str
) -> None:
    """The writer gives each statement its tags (no trigger rewrites the row): the same
    words the schema's view makes, for any outlet name and date."""
    date = published.isoformat() if published else None
    with VIEW:
        VIEW.execute("DELETE FROM articles")
        VIEW.execute("INSERT INTO articles VALUES ('a', ?, ?)", (outlet, date))
        VIEW.execute("INSERT OR REPLACE INTO statements VALUES (1, 'a', ?)", (kind,))
    (expected,) = VIEW.execute("SELECT tags FROM statement_search_tags").fetchone()
    assert statement_tags(kind, outlet, date) == expected


@pytest.fixture(scope="module")
def postgres_tags(postgres_server: Any) -> Iterator[Any]:
    """A migrated PostgreSQL store's connection, for its tags function."""
    with open_store(postgres_server.new_database()) as store:
        yield store._db  # type: ignore[attr-defined]


@given(
    st.none() | st.text(st.characters(blacklist_characters="\x00"), max_size=12),
    st.none() | st.dates(),
    st.sampled_from(["direct", "indirect", "mixed"]),
)
def test_issue5_the_writer_spells_tags_as_postgres(
    postgres_tags: Any, outlet: str | None, published: dt.date | None, kind: str
) -> None:
    """PostgreSQL keeps the tags the writer gives (schema 12): they are the words its
    function makes, for any outlet name (ASCII letters folded only, whatever the locale)."""
    date = published.isoformat() if published else None
    row = postgres_tags.execute(
        "SELECT quotegraph_search_tags(%s, %s, %s) AS tags", (kind, outlet, date)
    ).fetchone()
    assert statement_tags(kind, outlet, date) == row["tags"]
