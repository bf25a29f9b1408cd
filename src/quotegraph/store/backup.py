"""``quotegraph backup`` / ``restore``: a consistent copy of a store while it is in use.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies the store page by page
into a new SQLite file, which is itself a store (open it with ``--db PATH``). PostgreSQL:
``pg_dump --format=custom`` writes an archive; ``pg_restore`` reads it back. pg_dump must be
at least as new as the server: the first of ``$QUOTEGRAPH_PG_BIN``, the binaries shipped in
the ``pgserver`` package and those on ``PATH`` that is new enough is used.

:func:`restore` refuses a target store that holds articles unless ``force`` (its content is
replaced), and takes the target's writer lock, so no ingest writes into it meanwhile.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import warnings
from pathlib import Path

from ..errors import StoreError
from . import migrate, open_store
from .base import Store

PG_BIN_VAR = "QUOTEGRAPH_PG_BIN"
PAGES_PER_STEP = 1024  # backup steps between which writers may commit


def sqlite_copy(source: sqlite3.Connection, path: Path) -> None:
    """Copy the open SQLite store into a new file at ``path`` (online: writers go on)."""
    _fresh(path)
    target = sqlite3.connect(path)
    try:
        source.backup(target, pages=PAGES_PER_STEP)
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        target.close()


def restore(url: str | None, path: Path, force: bool = False) -> Store:
    """Replace the store at ``url`` with the backup at ``path``; the restored store, open."""
    if not path.is_file():
        raise StoreError(f"there is no backup at {path}", hint="give the file backup wrote")
    with open_store(url) as target:
        target.lock_writer()
        held = target.counts()["articles"]
        if held and not force:
            raise StoreError(
                f"{target.url} holds {held} articles; restoring would replace them",
                hint="restore into an empty store, or pass --force to replace its content",
            )
        target.restore(path)
    return open_store(url)  # migrates a backup made by an older quotegraph


def sqlite_restore(path: Path, target: sqlite3.Connection) -> None:
    """Copy the SQLite backup at ``path`` over the store open on ``target``."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = _sqlite_version(source, path)
        if version > len(migrate.load("sqlite")):
            raise StoreError(f"{path} has schema version {version}, newer than this quotegraph")
        source.backup(target, pages=PAGES_PER_STEP)
    finally:
        source.close()


def _sqlite_version(db: sqlite3.Connection, path: Path) -> int:
    try:
        row = db.execute("SELECT max(version) FROM schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a quotegraph SQLite backup: {exc}") from exc
    return int(row[0] or 0)


def pg_dump(url: str, path: Path, server_major: int) -> None:
    """``pg_dump --format=custom`` of the database at ``url`` into ``path``."""
    _fresh(path)
    _run([_pg_tool("pg_dump", server_major), "--format=custom", "--no-owner",
          f"--file={path}", f"--dbname={url}"], "pg_dump")  # fmt: skip


def pg_restore(path: Path, url: str, server_major: int) -> None:
    """``pg_restore --clean`` of the archive at ``path`` into the database at ``url``."""
    tool = _pg_tool("pg_restore", server_major)
    _run([tool, "--list", str(path)], "pg_restore", f"{path} is not a pg_dump archive")
    _run([tool, "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", f"--dbname={url}", str(path)], "pg_restore")  # fmt: skip


def _fresh(path: Path) -> None:
    if path.exists():
        raise StoreError(f"{path} exists already", hint="give a new file name for the backup")
    path.parent.mkdir(parents=True, exist_ok=True)


def _run(command: list[str], name: str, failure: str | None = None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise StoreError(failure or f"{name} failed: {detail}")


def _pg_tool(name: str, server_major: int) -> str:
    """The first ``name`` binary at least as new as the server."""
    tried = []
    for folder in _pg_folders():
        tool = shutil.which(name, path=folder)
        if tool is None:
            continue
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
        found = re.search(r"(\d+)\.\d+", out.stdout)
        if found and int(found[1]) >= server_major:
            return tool
        tried.append(f"{tool} ({out.stdout.strip() or 'unknown version'})")
    raise StoreError(
        f"no {name} for PostgreSQL {server_major} or newer; tried {', '.join(tried) or 'none'}",
        hint=f"install the PostgreSQL {server_major} client tools or set ${PG_BIN_VAR} "
        "to their folder",
    )


def _pg_folders() -> list[str]:
    folders = [os.environ[PG_BIN_VAR]] if os.environ.get(PG_BIN_VAR) else []
    try:
        with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR is not set
            warnings.simplefilter("ignore")
            import pgserver  # the test server's package ships pg_dump and pg_restore
        folders.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin"))
    except ImportError:
        pass
    return [*folders, *os.environ.get("PATH", "").split(os.pathsep)]
