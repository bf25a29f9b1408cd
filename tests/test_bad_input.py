"""Bad input (issue 2): each gives a one-line coded error, the batch goes on, exit codes tell."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from quotegraph.cli import app
from quotegraph.ingest.batch import Summary, read_all
from quotegraph.options import Options

EXAMPLE = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"


def _codes(paths: list[Path], options: Options | None = None) -> dict[str, str]:
    out = {}
    for result in read_all([str(p) for p in paths], options or Options()):
        out[Path(result.source.split("#")[0]).name] = getattr(result, "code", "ok")
    return out


def test_each_bad_input_has_its_code(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes(
        "MOSCOW, May 1. /TASS/. Café crème déjà vu.".encode("cp1252")
    )
    (tmp_path / "big.txt").write_bytes(b"word " * 400)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 5000))
    (tmp_path / "nohtml.html").write_text(
        "<html><head><title>T</title></head><body><script>var a=1;</script></body></html>"
    )
    (tmp_path / "nofeed.rss").write_text('<?xml version="1.0"?><rss><channel></channel></rss>')
    codes = _codes(sorted(tmp_path.iterdir()), Options(max_bytes=1500))
    assert codes == {
        "big.txt": "QG104", "binary.bin": "QG102", "blank.txt": "QG101", "bomb.txt.gz": "QG105",
        "empty.txt": "QG101", "latin1.txt": "ok", "nofeed.rss": "QG107", "nohtml.html": "QG106",
    }  # fmt: skip


def test_malformed_records_are_rejected_and_the_rest_kept(tmp_path: Path) -> None:
    lines = [json.dumps({"title": "A", "text": "MOSCOW, May 1. /TASS/. Body."}), "{not json",
             json.dumps({"title": "B", "text": "Second body."})]  # fmt: skip
    (tmp_path / "r.jsonl").write_text("\n".join(lines))
    summary = Summary()
    for result in read_all([str(tmp_path / "r.jsonl")], Options()):
        summary.add(result)
    assert (summary.ok, summary.failed) == (2, 1)
    assert summary.rejects[0].code == "QG108" and summary.rejects[0].source.endswith("#2")


def test_cli_exit_codes_and_reject_lines(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    runner = CliRunner()
    ok = runner.invoke(app, ["parse", str(EXAMPLE)])
    assert ok.exit_code == 0 and len(ok.stdout.strip().splitlines()) == 2
    some = runner.invoke(app, ["parse", str(EXAMPLE), str(tmp_path / "empty.txt"), "missing.txt"])
    assert some.exit_code == 1
    assert "REJECT" in some.stderr and "QG101" in some.stderr and "QG110" in some.stderr
    assert "2 ok, 2 failed" in some.stderr
    none = runner.invoke(app, ["parse", str(tmp_path / "empty.txt")])
    assert none.exit_code == 2


def test_rejects_file_records_every_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "rejects.jsonl"
    result = CliRunner().invoke(app, ["parse", str(tmp_path / "empty.txt"), "--rejects", str(out)])
    assert result.exit_code == 2
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["code"] == "QG101" and rows[0]["source"].endswith("empty.txt")


def test_stdin_and_gzip_are_read(tmp_path: Path) -> None:
    text = (EXAMPLE / "tass-military-doctrine.txt").read_bytes()
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(text))
    runner = CliRunner()
    from_stdin = runner.invoke(app, ["parse", "-"], input=text)
    from_gz = runner.invoke(app, ["parse", str(tmp_path / "d.txt.gz")])
    assert from_stdin.exit_code == 0 and from_gz.exit_code == 0
    assert json.loads(from_stdin.stdout)["id"] == json.loads(from_gz.stdout)["id"]


def test_bad_map_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["parse", str(EXAMPLE), "--map", "title"])
    assert result.exit_code == 2 and "QG200" in result.stderr
