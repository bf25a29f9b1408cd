"""Crash safety (issue 8): SIGKILL an ingest of 2,000 real articles at 20 random points,
restart it each time; in the end every article is stored exactly once with all its rows and
quotegraph check reports clean. On both backends; bench/crash_kill.py makes 100 kills."""

from __future__ import annotations

import pytest

from conftest import REPO_ROOT, require_shared
from crash_harness import kill_and_restart, verify

KILLS = 20
SEED = 8
SAMPLE = 15  # articles re-extracted and compared, besides those written last before a kill
FILES = ("reut2-000.sgm.gz", "reut2-001.sgm.gz")  # 2,000 Reuters-21578 records
ARTICLES = 1980  # distinct texts among them (20 records repeat another's text)


@pytest.mark.shared
@pytest.mark.slow
def test_sigkill_during_ingest_loses_and_duplicates_nothing(store_url: str) -> None:
    folder = require_shared(REPO_ROOT.parent / "shared" / "datasets" / "reuters21578")
    inputs = [folder / name for name in FILES]
    log = kill_and_restart(store_url, inputs, KILLS, SEED, ARTICLES)
    assert log.kills == KILLS and log.final_code == 0
    assert max(log.stored_at_kill) > ARTICLES // 2, log.stored_at_kill  # kills across the run
    verify(store_url, inputs, log, SAMPLE, SEED)
