"""Store schema (issue 5): versioned migrations, an idempotent runner, store URLs; the
PostgreSQL schema (tsvector/GIN), its migration lock and connection errors."""

from __future__ import annotations

import sqlite3
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PostgresServer
from quotegraph.cli import app
from quotegraph.errors import StoreError, UsageError
from quotegraph.store import SearchQuery, Store, open_store, parse_url
from quotegraph.store import migrate as migrations
from quotegraph.store.url import DEFAULT_PATH, MEMORY, redacted


def test_schema_version_is_recorded(store: Store, store_backend: str) -> None:
    latest = migrations.load(store_backend)[-1].version
    assert store.schema_version() == latest >= 1
    assert set(store.counts()) >= {"runs", "articles", "statements", "speakers", "rejects"}


def test_migration_runner_is_idempotent(store_url: str) -> None:
    with open_store(store_url) as first:
        version = first.schema_version()
        assert first.migrate() == ()
    with open_store(store_url) as again:
        assert again.migrate() == ()
        assert again.schema_version() == version
        assert all(n == 0 for n in again.counts().values())


def test_migrations_are_numbered_from_one(store_backend: str) -> None:
    found = migrations.load(store_backend)
    versions = [m.version for m in found]
    assert versions == sorted(set(versions)) and versions[0] == 1
    assert found[0].name == "initial"


def test_issue4_migrations_landing_out_of_order_still_apply() -> None:
    """Branches number migrations in parallel: a store that has 1, 2 and 4 gets 3 when it
    arrives; a version the code does not know is refused."""
    found = tuple(migrations.Migration(v, f"m{v}", "") for v in (1, 2, 3, 4))
    assert [m.version for m in migrations.pending(found, {1, 2, 4})] == [3]
    assert migrations.pending(found, {1, 2, 3, 4}) == ()
    with pytest.raises(StoreError, match="newer"):
        migrations.pending(found, {1, 2, 5})


def test_pending_refuses_a_newer_database() -> None:
    found = migrations.load("sqlite")
    assert migrations.pending(found, 0) == found
    assert migrations.pending(found, found[-1].version) == ()
    with pytest.raises(StoreError, match="newer"):
        migrations.pending(found, found[-1].version + 1)


def test_sqlite_statements_keep_trigger_bodies_whole() -> None:
    sql = migrations.load("sqlite")[0].sql
    statements = list(migrations.sqlite_statements(sql))
    triggers = [s for s in statements if s.startswith("CREATE TRIGGER")]
    assert len(triggers) == 3 and all(s.endswith("END;") for s in triggers)
    with pytest.raises(StoreError, match="incomplete"):
        list(migrations.sqlite_statements("CREATE TABLE t (a INTEGER)\n-- no semicolon"))


def test_sqlite_file_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    with open_store(path) as store:
        assert store.url == f"sqlite:///{path}"
        with pytest.raises(sqlite3.IntegrityError):
            store._db.execute(  # type: ignore[attr-defined]
                "INSERT INTO paragraphs (article_id, idx, start_char, end_char, text) "
                "VALUES ('missing', 0, 0, 1, 'x')"
            )
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        # datasette's own test for "statements has a full-text index" (detect_fts_sql)
        fts = raw.execute(
            "SELECT name FROM sqlite_master WHERE rootpage = 0 "
            "AND sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"statements\"%'"
        )
        assert fts.fetchall() == [("statements_fts",)]


def test_sqlite_newer_schema_and_garbage_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    open_store(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO schema_version VALUES (999, 'future', 'x')")
    with pytest.raises(StoreError, match="newer"):
        open_store(path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(junk)


def test_store_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_url(str(tmp_path / "a.db")).location == str(tmp_path / "a.db")
    assert parse_url(f"sqlite:///{tmp_path}/b.db").location == f"{tmp_path}/b.db"
    assert parse_url("sqlite:///rel.db").location == "rel.db"
    assert parse_url("sqlite://").location == MEMORY
    assert parse_url("postgresql://u@h/db").backend == "postgresql"
    with pytest.raises(UsageError, match="no host"):
        parse_url("sqlite://host/x.db")
    with pytest.raises(UsageError, match="--db wants"):
        parse_url("mysql://h/db")
    monkeypatch.setenv("QUOTEGRAPH_DB", str(tmp_path / "env.db"))
    assert parse_url(None).location == str(tmp_path / "env.db")
    monkeypatch.delenv("QUOTEGRAPH_DB")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert parse_url(None).location == str(Path(DEFAULT_PATH).expanduser())
    assert parse_url(None).location.startswith(str(tmp_path))


def test_memory_store_works() -> None:
    with open_store("sqlite://", create=False) as store:
        assert store.schema_version() >= 1 and store.url == "sqlite://"


def test_missing_psycopg_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "quotegraph.store.postgres", raising=False)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    with pytest.raises(UsageError, match="needs the Python package psycopg") as caught:
        open_store("postgresql://localhost/quotegraph")
    assert caught.value.hint == "pip install 'quotegraph[postgres]'"


def test_unreachable_postgresql_is_a_store_error(tmp_path: Path) -> None:
    url = f"postgresql://qg:s3cret@/quotegraph?host={tmp_path}/none&connect_timeout=2"
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as caught:
        open_store(url)
    assert "s3cret" not in str(caught.value) and "qg:***@" in str(caught.value)
    result = CliRunner().invoke(app, ["rejects", "--db", url])
    assert result.exit_code == 2 and "cannot connect" in result.stderr
    assert "Traceback" not in result.output and "s3cret" not in result.output


def test_urls_are_shown_without_password() -> None:
    assert redacted("postgresql://u:pw@h:5432/db?sslmode=require") == (
        "postgresql://u:***@h:5432/db?sslmode=require"
    )
    assert redacted("postgresql://u@h/db?password=pw&x=1") == "postgresql://u@h/db?password=***&x=1"
    assert (
        redacted("postgresql://postgres:@/db?host=/tmp/x")
        == "postgresql://postgres:@/db?host=/tmp/x"
    )
    assert redacted("postgres://h/db") == "postgres://h/db"


def test_postgres_schema(postgres_server: PostgresServer) -> None:
    import psycopg

    url = postgres_server.new_database()
    with psycopg.connect(url) as raw:
        assert raw.execute("SELECT to_regclass('schema_version')").fetchone() == (None,)
    with open_store(url) as store:
        assert store.url == url
        db = store._db  # type: ignore[attr-defined]
        tsv = db.execute(
            "SELECT data_type, is_generated FROM information_schema.columns "
            "WHERE table_name = 'statements' AND column_name = 'content_tsv'"
        ).fetchone()
        assert tsv == {"data_type": "tsvector", "is_generated": "ALWAYS"}
        index = db.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'statements_search'"
        ).fetchone()
        assert "USING gin (content_tsv, array_to_tsvector(" in index["indexdef"]
        stemmed = db.execute("SELECT to_tsvector('quotegraph', 'the doctrines') AS v").fetchone()
        assert stemmed["v"] == "'doctrin':2 'the':1"  # stemmed, stop words kept (as FTS5)
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            db.execute(
                "INSERT INTO paragraphs (article_id, idx, start_char, end_char, text) "
                "VALUES ('missing', 0, 0, 1, 'x')"
            )


def test_postgres_migrates_once_under_concurrent_opens(postgres_server: PostgresServer) -> None:
    import psycopg

    url = postgres_server.new_database()

    def version() -> int:
        with open_store(url) as store:
            return store.schema_version()

    with ThreadPoolExecutor(4) as pool:
        versions = list(pool.map(lambda _: version(), range(4)))
    assert len(set(versions)) == 1 and versions[0] >= 1
    with psycopg.connect(url) as raw:
        applied = len(migrations.load("postgres"))  # one row per migration, applied once
        assert raw.execute("SELECT count(*) FROM schema_version").fetchone() == (applied,)


def test_postgres_newer_schema_and_missing_store_are_refused(
    postgres_server: PostgresServer,
) -> None:
    import psycopg

    url = postgres_server.new_database()
    with pytest.raises(StoreError, match="there is no store"):
        open_store(url, create=False)
    open_store(url).close()
    with psycopg.connect(url) as raw:
        raw.execute("INSERT INTO schema_version VALUES (999, 'future', 'x')")
    with pytest.raises(StoreError, match="newer"):
        open_store(url)


def test_postgres_read_only_user(postgres_server: PostgresServer) -> None:
    """A user without CREATE cannot make the schema (a clear error) but can read a store."""
    import psycopg

    url = postgres_server.new_database()
    role = url.rsplit("/", 1)[1].split("?")[0] + "_reader"
    reader = url.replace("postgres:@", f"{role}@", 1)
    with psycopg.connect(url, autocommit=True) as raw:
        raw.execute(f"CREATE ROLE {role} LOGIN")
    with pytest.raises(StoreError, match="cannot create or migrate the quotegraph schema"):
        open_store(reader)
    open_store(url).close()
    with psycopg.connect(url, autocommit=True) as raw:
        raw.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    with open_store(reader, create=False) as store:
        assert store.search(SearchQuery("doctrine")).total == 0 and store.rejects() == []
