"""Shared pytest fixtures."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

import pytest

from quotegraph.claims.headlines import relink
from quotegraph.nlp.model import Document
from quotegraph.options import Options
from quotegraph.store import Store, open_store
from quotegraph.store.ingest import ingest_embedder

REPO_ROOT = Path(__file__).resolve().parents[1]


def check_floor(report: Any, floor: dict[str, float]) -> None:
    """The accuracy gate: fail when an eval report falls below any pinned floor."""
    by_t = {row["threshold"]: row for row in report.to_dict()["thresholds"]}
    figures = {
        "f1@0.3": by_t[0.3]["f1"],
        "f1@0.8": by_t[0.8]["f1"],
        "speaker@0.3": by_t[0.3]["speaker_accuracy"]["value"],
        "who_said_what": by_t[0.3]["who_said_what"]["f1"],
    }
    below = {k: (round(figures[k], 3), v) for k, v in floor.items() if figures[k] < v}
    assert not below, f"below the pinned floor (got, floor): {below}"


def as_stored(doc: Document, options: Options) -> Document:
    """``doc`` as an ingest with ``options`` stores it: an embedding ingest (the semantic
    extra installed) weighs sentence embeddings in its headline links."""
    embedder = ingest_embedder(options)
    return doc if embedder is None else relink(doc, embedder.similarity)


def require_shared(path: Path) -> Path:
    """``path`` inside ``../shared``: skip when absent, but fail when ``CI=true``."""
    if not path.exists():
        reason = f"{path} is absent (the ../shared data sets are not checked out here)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` directory (see :func:`require_shared`)."""
    return require_shared(REPO_ROOT.parent / "shared")


# -- store fixtures: every store test runs once per backend in STORE_BACKENDS -----------------
#
# "postgres" runs against a real PostgreSQL 16 server that the suite starts itself (the PyPI
# package pgserver: no system install, no root service), once per session, in a fresh
# temporary folder that is deleted, server stopped, at the end. Each test gets a new, empty
# database on it. Without pgserver (or when it cannot start) the postgres tests are skipped,
# and fail under CI=true.

STORE_BACKENDS = ("sqlite", "postgres")
PG_PREFIX = "quotegraph-pg-"  # the session's server folder in the temporary directory


class PostgresServer:
    """A running test server: :meth:`new_database` gives a fresh database's URL."""

    def __init__(self, admin_url: str) -> None:
        import psycopg

        self.admin_url = admin_url
        self._admin = psycopg.connect(admin_url, autocommit=True)
        self._made = itertools.count(1)
        # a throwaway server: durability off makes each test's CREATE DATABASE and commits cheap
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            self._admin.execute(f"ALTER SYSTEM SET {setting} = off")
        self._admin.execute("SELECT pg_reload_conf()")

    def new_database(self) -> str:
        from psycopg import sql

        name = f"quotegraph_test_{next(self._made)}"
        self._admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return _with_database(self.admin_url, name)

    def close(self) -> None:
        self._admin.close()


def _with_database(url: str, name: str) -> str:
    """``url`` (``postgresql://user:@/postgres?host=/socket/dir``) naming database ``name``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _postgres_unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but PostgreSQL tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def _sweep_stale_servers() -> None:
    """Stop and delete the servers of earlier sessions that were killed before their end."""
    for folder in Path(tempfile.gettempdir()).glob(f"{PG_PREFIX}*"):
        if not _alive(
            (folder / "owner.pid").read_text() if (folder / "owner.pid").exists() else ""
        ):
            _stop_postmaster(folder / "data")
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError):
        return False
    return True


def _stop_postmaster(pgdata: Path) -> None:
    """Immediate shutdown of the postmaster of ``pgdata``, if it still runs."""
    import psutil  # pgserver's dependency

    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
        if str(pgdata) in " ".join(psutil.Process(pid).cmdline()):
            os.kill(pid, signal.SIGQUIT)
    except (OSError, ValueError, IndexError, psutil.Error):
        pass


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session (pgserver), stopped and deleted at its end."""
    try:
        with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR is not set
            warnings.simplefilter("ignore")
            import pgserver
        import psycopg  # noqa: F401  (the backend's driver)
    except ImportError as exc:
        _postgres_unavailable(f"{exc.name} is not installed (pip install -e '.[dev]')")
    _sweep_stale_servers()
    folder = Path(tempfile.mkdtemp(prefix=PG_PREFIX))
    (folder / "owner.pid").write_text(str(os.getpid()))
    server = None
    try:
        server = pgserver.get_server(folder / "data", cleanup_mode="delete")
        running = PostgresServer(server.get_uri())
    except Exception as exc:
        if server is not None:
            server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
        _postgres_unavailable(f"pgserver could not start PostgreSQL: {exc}")
    try:
        yield running
    finally:
        running.close()
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", params=STORE_BACKENDS)
def store_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


@pytest.fixture(scope="session")
def new_store_url(store_backend: str, request: pytest.FixtureRequest) -> Callable[[Path], str]:
    """Makes a fresh, empty store location for the backend (SQLite: a file in the folder
    given; PostgreSQL: a new database on the session's server)."""
    if store_backend == "sqlite":
        return lambda folder: f"sqlite:///{folder / 'quotegraph.db'}"
    if store_backend == "postgres":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        return lambda _folder: server.new_database()
    raise ValueError(f"no test store for backend {store_backend!r}")


@pytest.fixture
def store_url(
    new_store_url: Callable[[Path], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """An empty store; also ``$QUOTEGRAPH_DB``, so a command without ``--db`` stays in it."""
    url = new_store_url(tmp_path)
    monkeypatch.setenv("QUOTEGRAPH_DB", url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened
