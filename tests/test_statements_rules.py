"""One small sentence per attribution rule: each rule fires where it should and nowhere else."""

from __future__ import annotations

import quotegraph
from quotegraph.nlp.model import Statement


def _statements(
    body: str, headline: str = "Headline here", scope: str = "statements"
) -> tuple[Statement, ...]:
    """Statements of a small article (a neutral first paragraph, so ``body`` is all body)."""
    lead = "The rally took place in Iowa on Monday evening."
    text = f"{headline}\n\n{lead}\n\n{body}"
    return quotegraph.extract(text, quotegraph.Options(scope=scope)).statements


def _one(statements: tuple[Statement, ...], cue: str | None) -> Statement:
    found = [s for s in statements if (s.cue.text if s.cue else None) == cue]
    assert len(found) == 1, [(s.cue.text if s.cue else None, s.content.text) for s in statements]
    return found[0]


def test_adverbials_between_cue_and_that() -> None:
    st = _one(
        _statements(
            "Donald Trump said Wednesday night that he does not want to raise "
            "taxes on the middle class."
        ),
        "said",
    )
    assert st.content.text == "he does not want to raise taxes on the middle class"
    assert st.speaker.mention is not None and st.speaker.mention.text == "Donald Trump"


def test_unframed_quote_resumes_only_across_its_own_attribution() -> None:
    body = (
        '"We will win this state by a large margin," Smith said. "Nobody can stop us now."\n\n'
        "Voters seemed unconvinced by the campaign.\n\n"
        '"Nothing else matters to the people of this town," one man shouted.'
    )
    statements = _statements(body)
    resumed = next(s for s in statements if s.content.text.startswith("Nobody"))
    assert resumed.continues is not None and resumed.speaker.name == "Smith"


def test_unframed_quote_after_another_sentence_is_not_a_continuation() -> None:
    body = (
        '"We will win this state by a large margin," Smith said.\n\n'
        "The crowd cheered loudly for several minutes.\n\n"
        '"This has been a very long night for all of us here."'
    )
    last = _statements(body)[-1]
    assert last.content.text.startswith("This has been")
    assert last.continues is None and last.speaker.name is None


def test_colon_introduction_after_a_verb_with_adverbials() -> None:
    body = (
        '"We will win this state," Smith said.\n\n'
        'Kelly responded pointedly, with a smile: "That can happen when you are older."'
    )
    st = _one(_statements(body), "responded")
    assert st.content.text == "That can happen when you are older."
    assert st.speaker.mention is not None and st.speaker.mention.text == "Kelly"


def test_attitude_verbs_are_outside_the_default_scope() -> None:
    assert not _statements("Sen. Ted Cruz called the group abhorrent in a tweet on Sunday.")


def test_noun_phrase_object_is_optional() -> None:
    statements = _statements(
        "Sen. Ted Cruz called the group abhorrent in a tweet on Sunday.", scope="attributions"
    )
    st = _one(statements, "called")
    assert st.optional and st.content.text.startswith("the group abhorrent")


def test_evidence_verb_with_a_non_person_source() -> None:
    body = "The latest Reuters poll showed Trump leading the field with 31 percent of voters."
    st = _one(_statements(body, scope="attributions"), "showed")
    assert st.content.text.startswith("Trump leading the field")
    assert st.speaker.mention is not None and "poll" in st.speaker.mention.text


def test_bare_colon_before_a_quote() -> None:
    body = (
        "The surge does not surprise Republican pollster Daron Shaw: "
        '"Lesser-known candidates often see the biggest boost."'
    )
    st = _one(_statements(body), ":")
    assert st.content.text == "Lesser-known candidates often see the biggest boost."
    assert st.speaker.mention is not None and st.speaker.mention.text.endswith("Shaw")


def test_transcript_turn() -> None:
    body = "FALLIN: I think he is trying to campaign as a healer. That is part of his message."
    st = _one(_statements(body), ":")
    assert st.content.text.startswith("I think he is trying")
    assert st.content.text.endswith("part of his message")
    assert st.speaker.mention is not None and st.speaker.mention.text == "FALLIN"


def test_headline_colon() -> None:
    statements = _statements(
        "Bernie Sanders spoke to voters in Vermont on Friday.",
        headline="Sanders: Clinton email story has moved on",
    )
    st = _one(statements, ":")
    assert st.section == "headline" and st.content.text == "Clinton email story has moved on"


def test_stance_words_inside_a_quote_are_not_statements() -> None:
    body = '"The program confirms the existing practice of border agencies," he said.'
    statements = _statements(body, scope="attributions")
    assert [s.cue.text if s.cue else None for s in statements] == ["said"]


def test_stance_inside_a_reported_clause_is_not_a_statement() -> None:
    body = (
        "Minsk and Moscow continue to respond in a timely manner to the growing threats "
        "in the region, the official told reporters."
    )
    statements = _statements(body, scope="attributions")
    assert [s.cue.text if s.cue else None for s in statements] == ["told"]


def test_parenthetical_attribution_opening_the_sentence() -> None:
    body = "However, Sergey Lavrov noted, the most crucial thing is to address the root cause."
    st = _one(_statements(body), "noted")
    assert st.content.text == "the most crucial thing is to address the root cause"
    assert st.speaker.name == "Sergey Lavrov"


def test_as_the_source_said_comma_content() -> None:
    body = 'As the Kremlin press office said in its statement, "Putin drew attention to the data."'
    st = _one(_statements(body), "said")
    assert st.kind.value == "direct" and st.content.text == "Putin drew attention to the data."


def test_expressed_confidence_that() -> None:
    body = "Ivan Petrov expressed confidence that the new status would benefit Cuba in many ways."
    st = _one(_statements(body), "expressed confidence")
    assert st.content.text == "the new status would benefit Cuba in many ways"


def test_inverted_says_in_a_headline() -> None:
    statements = _statements(
        "The institute published its annual report.",
        headline="Tax burden to be highest in 30 years, says think tank",
    )
    st = _one(statements, "says")
    assert st.section == "headline" and st.content.text == "Tax burden to be highest in 30 years"


def test_topic_label_headline_is_not_a_statement() -> None:
    statements = _statements(
        "Hamburg won 2-0 on Tuesday.", headline="German Cup: Bobby Wood strikes as Hamburg win"
    )
    assert not [s for s in statements if s.section == "headline"]


def test_agentless_or_questioning_belief_is_not_a_statement() -> None:
    body = (
        "Growth is expected to be dulled by inflation this year. "
        '"Do you think our country is so innocent?" he asked the host.'
    )
    cues = [s.cue.text for s in _statements(body) if s.cue]
    assert "expected" not in cues and "think" not in cues


def test_parenthetical_attribution_after_a_short_opening() -> None:
    body = "Trump, Sexton said, has created a strange zone free of political correctness."
    st = _one(_statements(body), "said")
    assert st.content.text == "has created a strange zone free of political correctness"
    assert st.speaker.mention is not None and st.speaker.mention.text == "Sexton"


def test_typewriter_quotes_of_older_wire_copy() -> None:
    body = "They ''actually had chemistry,'' said Benjamin J. Rhodes, a former adviser."
    st = _one(_statements(body), "said")
    assert st.kind.value == "mixed" and st.content.text == "They ''actually had chemistry,''"
    assert [q.text for q in st.quoted] == ["''actually had chemistry,''"]
