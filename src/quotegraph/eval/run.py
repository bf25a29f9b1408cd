"""Run the extractor over gold documents and score it (``quotegraph eval``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..article.build import from_text
from ..article.model import TextSpan
from ..errors import UsageError
from ..nlp.model import Statement
from ..nlp.pipeline import Pipeline
from ..options import Options
from .gold import GoldDocument, load_gold_jsonl, load_heldout, load_polnear
from .score import Report, score


def load(
    *,
    gold: Path | None = None,
    texts: Path | None = None,
    polnear: Path | None = None,
    heldout: Path | None = None,
    shared: Path | None = None,
) -> tuple[GoldDocument, ...]:
    """Gold documents from our JSONL format (with its texts folder), a PolNeAR split, or the
    held-out set (offsets only; texts rebuilt from ``shared``, by default the ``shared``
    folder beside the repository that holds ``heldout``, i.e. ``tests/data/../../../shared``)."""
    if polnear is not None:
        return load_polnear(polnear)
    if heldout is not None:
        where = shared or default_shared(heldout)
        try:
            return load_heldout(heldout, where)
        except (OSError, ValueError) as err:
            raise UsageError(
                f"cannot load the held-out gold {heldout}: {err}",
                hint=f"--shared names the shared data folder (now {where})",
            ) from err
    if gold is not None:
        return load_gold_jsonl(gold, texts or gold.parent.parent / "examples")
    raise UsageError("give --gold FILE [--texts DIR], --polnear DIR or --heldout FILE")


def default_shared(heldout: Path) -> Path:
    """``<repo>/../shared`` for a held-out file at ``<repo>/tests/data/<file>``."""
    return heldout.resolve().parent.parent.parent.parent / "shared"


def evaluate_documents(
    docs: Sequence[GoldDocument], options: Options, *, merge_continuations: bool = False
) -> Report:
    """Extract from each gold document and score the statements. The text is read as plain
    wire text unless the document carries the :class:`Article` a structured reader built for
    it (held-out records), which is then used as is so headline and standfirst are right.

    ``merge_continuations`` maps our output to PolNeAR's convention, where ``"X," he said,
    "Y."`` is one attribution with a discontinuous content: a cue-less quote that resumes the
    statement right before it is folded into that statement's span; extraction then also uses
    the ``attributions`` scope (attitude and evidence verbs), PolNeAR's notion of attribution.
    """
    if merge_continuations:
        options = options.evolve(scope="attributions")
    pipeline = Pipeline(options)
    pairs = []
    for doc in docs:
        article = doc.article or from_text(
            doc.text, source=doc.doc_id, format="text", options=options
        )
        found = pipeline(article).statements
        pairs.append((doc, fold_continuations(doc.text, found) if merge_continuations else found))
    return score(pairs)


def fold_continuations(text: str, statements: Sequence[Statement]) -> tuple[Statement, ...]:
    """PolNeAR's convention: each continuation folded into the statement it resumes (see
    :func:`evaluate_documents`); nested statements left out, as PolNeAR does not annotate them."""
    out: list[Statement] = []
    index: dict[int, int] = {}
    for i, st in enumerate(statements):
        if st.nested_in is not None:
            continue
        host = index.get(st.continues) if st.continues is not None else None
        if st.cue is None and host is not None and all(o.optional for o in out[host + 1 :]):
            head = out[host]
            span = TextSpan.of(text, head.content.start, max(head.content.end, st.content.end))
            out[host] = head.model_copy(update={"content": span})
            index[i] = host
            continue
        index[i] = len(out)
        out.append(st)
    return tuple(out)
