"""Annotation helper: canonical article texts, as quotegraph's own reader builds them.

The gold sets in tests/data reference mentions and triggers as (surface, occurrence): the
0-based index of that surface string among its occurrences in the *canonical* text, i.e.
``Article.text`` as quotegraph's reader builds it from the record (the same text that
``quotegraph parse`` / ``quotegraph extract`` work on). Sources are written
``news-articles:<article_id>``, ``tass-2024:<filename>#<record>`` (record 1-based, as in
tests/data/heldout-dev.jsonl) or ``reuters:<NEWID>``.

Usage (from the worktree root, with ../shared beside it):
  python bench/annotation/show.py show news-articles:1928         # publication date, canonical text
  python bench/annotation/show.py find news-articles:1928 Lavrov  # every occurrence, indexed
  python bench/annotation/show.py grep 'Sergei Lavrov'            # news-articles records matching
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from functools import cache
from pathlib import Path

from quotegraph.article.model import Article
from quotegraph.eval.gold import heldout_articles
from quotegraph.ingest.base import RawInput
from quotegraph.ingest.sgml import read as read_sgml
from quotegraph.options import Options

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
NEWS = "datasets/news-articles.jsonl.gz"


@cache
def news_rows() -> tuple[dict[str, str], ...]:
    with gzip.open(SHARED / NEWS, "rt", encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh)


@cache
def news_line(article_id: str) -> int:
    """The 1-based line of a news-articles record."""
    for i, row in enumerate(news_rows(), start=1):
        if row["article_id"] == article_id:
            return i
    raise KeyError(f"news-articles has no article_id {article_id!r}")


def article(source: str) -> Article:
    dataset, _, ref = source.partition(":")
    if dataset == "news-articles":
        line = news_line(ref)
    elif dataset == "tass-2024":
        line = int(ref.rsplit("#", 1)[1])
    elif dataset == "reuters":
        return reuters(ref)
    else:
        raise ValueError(f"unknown source {source!r}")
    return heldout_articles(SHARED, dataset, {line})[line]


def reuters(newid: str) -> Article:
    """The Reuters-21578 record with NEWID ``newid``, read by quotegraph's SGML reader."""
    for path in sorted((SHARED / "datasets/reuters21578").glob("reut2-*.sgm.gz")):
        data = gzip.decompress(path.read_bytes()).decode("latin-1")
        at = data.find(f'NEWID="{newid}">')
        if at < 0:
            continue
        start = data.rfind("<REUTERS", 0, at)
        stop = data.index("</REUTERS>", at) + len("</REUTERS>")
        raw = RawInput(source=str(path), data=data[start:stop].encode("latin-1"), format="sgml")
        (result,) = read_sgml(raw, Options())
        if not isinstance(result, Article):
            raise ValueError(f"reuters NEWID {newid} was rejected: {result}")
        return result
    raise KeyError(f"no Reuters-21578 record has NEWID {newid}")


def sentences(text: str) -> list[str]:
    """Rough sentences (paragraphs split at end punctuation), each a verbatim substring."""
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", para) if s.strip())
    return out


def sentence_with(text: str, snippet: str) -> str:
    """The one sentence of ``text`` holding ``snippet`` (to copy sentences verbatim)."""
    hits = list(dict.fromkeys(s for s in sentences(text) if snippet in s))
    if len(hits) != 1:
        raise ValueError(f"{snippet!r} is in {len(hits)} sentences")
    return hits[0]


def occurrences(text: str, surface: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(surface), text)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["show", "find", "grep"])
    ap.add_argument("args", nargs="+")
    ap.add_argument("--width", type=int, default=60)
    ns = ap.parse_args()
    if ns.command == "show":
        a = article(ns.args[0])
        print(f"published: {a.published}")
        for para in a.text.split("\n"):
            print(para)
    elif ns.command == "find":
        a = article(ns.args[0])
        for i, start in enumerate(occurrences(a.text, ns.args[1])):
            lo, hi = max(0, start - ns.width), start + len(ns.args[1]) + ns.width
            print(f"[{i}] @{start}: ...{a.text[lo:hi]!r}...")
    else:
        pat = re.compile(ns.args[0])
        for row in news_rows():
            hits = pat.findall(row["text"])
            if hits:
                host = row["article_source_link"].split("/")[2]
                print(
                    f"news-articles:{row['article_id']}\t{row['publish_date']}\t{host}\t"
                    f"{len(hits)}\t{row['title'][:90]}"
                )


if __name__ == "__main__":
    main()
