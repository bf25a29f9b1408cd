"""Regression tests for the issue 3 statement rules added for recall and span boundaries
(continuation chains, mid-sentence resumption, conjoined cues) and speaker resolution."""

from __future__ import annotations

import quotegraph
from quotegraph.eval.run import fold_continuations
from quotegraph.nlp.model import Document, Statement


def _extract(body: str, scope: str = "statements") -> Document:
    text = f"Headline here\n\nThe rally took place in Iowa on Monday evening.\n\n{body}"
    return quotegraph.extract(text, quotegraph.Options(scope=scope))


def _cued(statements: tuple[Statement, ...], cue: str) -> list[Statement]:
    return [s for s in statements if s.cue is not None and s.cue.text == cue]


def test_issue3_continuation_chain_over_paragraphs() -> None:
    body = (
        "“We like a lot of the candidates, some more than others,” Adelson said, "
        "referring to the Republican field in the race.\n\n"
        "“It is changing every day and nobody knows who will win.”\n\n"
        "“Out of fourteen candidates, forty-one percent is unheard of.”"
    )
    doc = _extract(body, scope="attributions")
    said = _cued(doc.statements, "said")[0]
    rest = [s for s in doc.statements if s.cue is None]
    assert [s.speaker.name for s in rest] == ["Adelson", "Adelson"]
    assert all(s.continues is not None for s in rest)
    folded = fold_continuations(doc.text, doc.statements)
    host = next(s for s in folded if s.content.start == said.content.start)
    assert host.content.text.endswith("forty-one percent is unheard of.")


def test_issue3_quote_resumed_after_a_mid_sentence_attribution() -> None:
    body = (
        "“It seems to me they have every incentive to find common ground,” Smith said of "
        "the two leaders, “because to be successful they both need one another.”"
    )
    statements = _extract(body).statements
    said = _cued(statements, "said")[0]
    assert said.content.text.startswith("It seems to me")
    resumed = next(s for s in statements if s.content.text.startswith("because"))
    assert resumed.continues is not None and resumed.speaker.name == "Smith"


def test_issue3_conjoined_cue_ends_the_reported_clause() -> None:
    body = "Kasich says he respects Clinton and calls her an extremely intelligent woman."
    statements = _extract(body, scope="attributions").statements
    says = _cued(statements, "says")[0]
    assert says.content.text == "he respects Clinton"
    calls = _cued(statements, "calls")[0]
    assert calls.speaker.mention is not None and calls.speaker.mention.text == "Kasich"
