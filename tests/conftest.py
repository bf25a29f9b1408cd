"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from quotegraph.store import Store, open_store

REPO_ROOT = Path(__file__).resolve().parents[1]


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

STORE_BACKENDS = ("sqlite",)  # "postgresql" joins when its backend lands (issue 5)


@pytest.fixture(scope="session", params=STORE_BACKENDS)
def store_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


def make_store_url(backend: str, folder: Path) -> str:
    """A fresh, empty store location for ``backend`` under ``folder``."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'quotegraph.db'}"
    raise ValueError(f"no test store for backend {backend!r}")


@pytest.fixture
def store_url(store_backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty store; also ``$QUOTEGRAPH_DB``, so a command without ``--db`` stays in tmp."""
    url = make_store_url(store_backend, tmp_path)
    monkeypatch.setenv("QUOTEGRAPH_DB", url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened
