"""Hostile input (issue 8): each attack gets a clear coded reject (or a clean result), in
bounded memory, and the batch goes on; the extractor never crashes on arbitrary text.

Each attack file is read through the same path as ``quotegraph ingest`` (``read_all``) next to
a good article, which must still come out. Memory is traced while reading: the peak stays a
small multiple of the document cap, whatever the input claims or expands to.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from quotegraph.article.build import from_text
from quotegraph.article.model import Article, Reject
from quotegraph.cli import app
from quotegraph.errors import QuotegraphError
from quotegraph.ingest.base import RawInput
from quotegraph.ingest.batch import read_all, read_input
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options

EXAMPLE = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
MIB = 1024 * 1024
GOOD = "MOSCOW, May 1. /TASS/. The talks will go on, Foreign Minister Sergey Lavrov said."


def _gzip_bomb(path: Path, expanded: int) -> None:
    """``expanded`` bytes of zeros, gzip-compressed a mebibyte at a time (about 1/1000)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    chunk = bytes(MIB)
    with path.open("wb") as out:
        for _ in range(expanded // MIB):
            out.write(packer.compress(chunk))
        out.write(packer.flush())


def _laughs() -> bytes:
    entities = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )  # fmt: skip
    return (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>'
        '<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title>'
        "<description>&lol9; he said</description></item></channel></rss>"
    ).encode()


ATTACKS: dict[str, tuple[str, Callable[[Path], None], str]] = {
    # name: (file name, writer, expected code: "ok" = read as an article)
    "10 MB single line": ("line.txt", lambda p: p.write_bytes(b"word " * (2 * MIB)), "ok"),
    "over the cap": ("big.txt", lambda p: p.write_bytes(b"word " * (2 * MIB) + b"!"), "QG104"),
    "100k quote marks": ("quotes.txt", lambda p: p.write_bytes(b'A "' * 100_000), "ok"),
    "nested HTML": ("deep.html", lambda p: p.write_bytes(
        b"<html><body>" + b"<div>" * 100_000 + b"said" + b"</div>" * 100_000), "QG106"),
    "invalid UTF-8": ("bad.txt", lambda p: p.write_bytes(
        GOOD.encode() + b" \xff\xfe\xc3\x28 \xa0\xa1" * 1000), "ok"),
    "gzip bomb (1 GiB)": ("bomb.txt.gz", lambda p: _gzip_bomb(p, 1024 * MIB), "QG105"),
    "CSV field over the cap": ("big.csv", lambda p: p.write_bytes(
        b'headline,body\nx,"' + b"y" * (11 * MIB) + b'"\n'), "QG108"),
    "CSV quote never closed": ("open.csv", lambda p: p.write_bytes(  # read to the end
        b'headline,body\nx,"' + b"y" * (3 * MIB)), "ok"),
    "WARC claiming 1 TB": ("claim.warc", lambda p: p.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999999999\r\n\r\n" + b"x" * 999),
        "QG107"),
    "JSON 10k deep": ("deep.json", lambda p: p.write_bytes(b"[" * 10_000 + b"]" * 10_000),
                      "QG108"),
    "JSONL 10k deep": ("deep.jsonl", lambda p: p.write_bytes(
        b'{"body": ' + b"[" * 10_000 + b"]" * 10_000 + b"}\n" +
        json.dumps({"body": GOOD}).encode() + b"\n"), "QG108"),
    "billion laughs feed": ("lol.xml", lambda p: p.write_bytes(_laughs()), "QG107"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_each_attack_is_rejected_clearly_in_bounded_memory(name: str, tmp_path: Path) -> None:
    filename, write, expected = ATTACKS[name]
    attack = tmp_path / filename
    write(attack)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    tracemalloc.start()
    try:
        results = list(read_all([str(attack), str(good)], OPTIONS))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    mine = [r for r in results if r.source.startswith(str(attack))]
    assert mine, results
    first = mine[0]
    got = "ok" if isinstance(first, Article) else first.code
    assert got == expected, first
    if isinstance(first, Reject):
        assert first.message and not first.message.startswith("unexpected")
    assert any(isinstance(r, Article) and r.source == str(good) for r in results)
    size = max(attack.stat().st_size, OPTIONS.max_bytes)
    assert peak < 16 * size, f"read {name} with a {peak / MIB:.0f} MiB peak"


def test_an_ingest_survives_the_attacks(tmp_path: Path) -> None:
    """All attack files in one ingest with a good article: the good one is stored, every
    attack is a recorded reject or an article, exit code 1 (some failed)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (filename, write, _) in ATTACKS.items():
        if "bomb" not in name and "10 MB" not in name and "cap" not in name:
            write(folder / filename)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'q.db'}"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db, "--today", "2026-11-22"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    check = CliRunner().invoke(app, ["check", "--db", db])
    assert check.exit_code == 0, check.output


# -- the extractor on arbitrary text --------------------------------------------------------

PIECES = st.sampled_from([
    '"', "“", "”", "«", "»", "'", "‘", "’", "``", "''", "\n", "\n\n", " said", " told reporters",
    "MOSCOW, May 1. /TASS/. ", "He ", "She said: ", "according to ", ", he added.", "(", ")",
    " Sergey Lavrov", " the ministry", ". ", ":", "—", "\u200b", "\x00", "\ud7ff", "🙂",
])  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=30)), min_size=1, max_size=40).map("".join)


@functools.cache
def _pipeline() -> Pipeline:
    return Pipeline(OPTIONS)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_extraction_never_crashes_and_offsets_slice(text: str) -> None:
    try:
        article = from_text(text, source="<fuzz>", format="text", options=OPTIONS)
        doc = _pipeline()(article)
    except QuotegraphError:
        return  # a clear, coded refusal (empty text, a limit) is fine
    for statement in doc.statements:
        assert doc.text[statement.content.start : statement.content.end] == (statement.content.text)
        if statement.speaker.mention is not None:
            mention = statement.speaker.mention
            assert doc.text[mention.start : mention.end] == mention.text


def test_gzip_bomb_is_refused_early(tmp_path: Path) -> None:
    """The bomb stops at the cap: reading it stays fast whatever it expands to."""
    bomb = tmp_path / "bomb.txt.gz"
    _gzip_bomb(bomb, 64 * MIB)
    found = list(read_all([str(bomb)], Options(max_bytes=MIB)))
    assert [r.code for r in found if isinstance(r, Reject)] == ["QG105"]
    with gzip.open(bomb) as unpacked:
        assert unpacked.read(10) == bytes(10)


def test_issue8_feed_entry_with_control_characters_is_read() -> None:
    """Found by bench/fuzz_feed.py: a description holding control characters made lxml raise
    ValueError (an unexpected QG199 reject); they are blanked and the entry is read."""
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
        b"<title>Talks</title><description>&lt;p&gt;The talks go on,\x01 he said.&lt;/p&gt;"
        b"</description></item></channel></rss>"
    )
    found = list(read_input(RawInput(source="f", data=data, format="feed"), OPTIONS))
    assert [type(r) for r in found] == [Article], found
    assert "The talks go on" in found[0].text
