"""quotegraph backup / restore (issue 8): a round trip gives back the same store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from quotegraph.cli import app
from quotegraph.store import open_store

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _snapshot(url: str) -> tuple[dict[str, int], list[dict[str, Any]]]:
    with open_store(url) as store:
        return store.counts(), [d.to_dict() for d in store.documents()]


def test_backup_and_restore_round_trip(store_url: str, new_store_url: Any, tmp_path: Path) -> None:
    assert _cli("ingest", str(EXAMPLES), "--db", store_url, "--today", "2026-11-22").exit_code == 0
    before = _snapshot(store_url)
    backup = tmp_path / "backups" / "store.bak"
    made = _cli("backup", str(backup), "--db", store_url)
    assert made.exit_code == 0, made.output
    assert backup.is_file() and backup.stat().st_size > 0
    again = _cli("backup", str(backup), "--db", store_url)
    assert again.exit_code == 2 and "exists already" in again.output

    # into a new, empty store
    (tmp_path / "other").mkdir()
    target = new_store_url(tmp_path / "other")
    done = _cli("restore", str(backup), "--db", target)
    assert done.exit_code == 0, done.output
    assert "(2 articles)" in done.output
    assert _snapshot(target) == before
    assert _cli("check", "--db", target).exit_code == 0
    with open_store(target) as store:
        assert store.search("doctrine").total == _search_total(store_url)

    # over the damaged original: refused without --force, then replaced
    with open_store(store_url) as store:
        victim = next(store.article_ids())
    _drop_article(store_url, victim)
    assert _snapshot(store_url) != before
    refused = _cli("restore", str(backup), "--db", store_url)
    assert refused.exit_code == 2 and "--force" in refused.output
    forced = _cli("restore", str(backup), "--db", store_url, "--force")
    assert forced.exit_code == 0, forced.output
    assert _snapshot(store_url) == before
    assert _cli("check", "--db", store_url).exit_code == 0


def test_restore_refuses_what_is_no_backup(store_url: str, tmp_path: Path) -> None:
    open_store(store_url).close()
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"not a backup at all\n" * 100)
    result = _cli("restore", str(junk), "--db", store_url)
    assert result.exit_code == 2 and "QG401" in result.output
    missing = _cli("restore", str(tmp_path / "nope.bak"), "--db", store_url)
    assert missing.exit_code == 2 and "there is no backup" in missing.output


def _search_total(url: str) -> int:
    with open_store(url) as store:
        return store.search("doctrine").total


def _drop_article(url: str, article_id: str) -> None:
    with open_store(url) as store:
        run = store.start_run("test", [])
        store._execute("DELETE FROM articles WHERE id = ?", (article_id,))  # type: ignore[attr-defined]
        store.finish_run(run, store.run(run).counts)  # type: ignore[union-attr]
