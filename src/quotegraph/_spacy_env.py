"""Keep torch out of spaCy's processes.

thinc (spaCy's machine-learning layer) imports torch at import time whenever torch is installed,
even for pipelines such as ``en_core_web_sm`` that never use it: every spaCy process then grows by
about 230 MB (measured: 399 MB against 168 MB after loading the model and parsing). torch is in
the environment only for the ``semantic`` extra, whose embedder imports it on first use.

:func:`hide_torch_from_thinc` runs when this module is imported, which ``quotegraph/__init__``
does before anything in quotegraph imports spaCy: thinc decides
once, at its import, that torch is absent, while ``import torch`` still works later for the
embedder. A spaCy pipeline that does need torch (``en_core_web_trf``) is told how to opt out of
this: set ``QUOTEGRAPH_SPACY_TORCH=1`` (see :func:`quotegraph.nlp.parse.load_model`).
"""

from __future__ import annotations

import os
import sys

ENV = "QUOTEGRAPH_SPACY_TORCH"


def hide_torch_from_thinc() -> None:
    """Import thinc with torch hidden, unless asked not to or either is imported already."""
    if os.environ.get(ENV) == "1" or "thinc" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes ``import torch`` fail
    try:
        import thinc.compat  # noqa: F401  # decides has_torch, once
    finally:
        del sys.modules["torch"]


def torch_hidden() -> bool:
    """Whether thinc was imported without torch although torch is installed."""
    import importlib.util

    import thinc.compat

    return not thinc.compat.has_torch and importlib.util.find_spec("torch") is not None


hide_torch_from_thinc()
