"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
