"""Regression tests for the issue 3 statement rules added for recall and span boundaries
(continuation chains, mid-sentence resumption, conjoined cues) and speaker resolution."""

from __future__ import annotations

import quotegraph
from quotegraph.article.model import TextSpan
from quotegraph.eval.run import fold_continuations
from quotegraph.nlp.model import Document, Statement
from quotegraph.nlp.parse import load_model
from quotegraph.nlp.quotes import TITLE_TOKENS, is_title, scan


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


def _speakers(body: str) -> dict[str, str | None]:
    """First words of each statement's content -> resolved speaker name."""
    return {" ".join(s.content.text.split()[:3]): s.speaker.name for s in _extract(body).statements}


def test_issue3_described_organisation_is_the_one_quoted_by_name() -> None:
    body = (
        "Tax will rise to its highest level since 1986, according to a think tank.\n\n"
        "Higher income from taxes will combine to create this effect, according to the "
        "Institute for Fiscal Studies. Austerity will continue into the 2020s, it said.\n\n"
        "The report said that health spending grew at the slowest rate since the 1950s."
    )
    found = _speakers(body)
    assert found["Tax will rise"] == "Institute for Fiscal Studies"
    assert found["Austerity will continue"] == "Institute for Fiscal Studies"
    assert found["health spending grew"] == "Institute for Fiscal Studies"


def test_issue3_issuer_named_without_the_titles_of_its_people() -> None:
    body = (
        "The European Union intends to impose new sanctions on the shadow fleet, according "
        "to a joint statement by the European Commission and EU diplomacy chief Kaja Kallas."
    )
    assert set(_speakers(body).values()) == {"European Commission and Kaja Kallas"}


def test_issue3_outlet_without_its_media_noun() -> None:
    body = "Later, Postimees newspaper reported that Estonian companies had damaged cables."
    assert set(_speakers(body).values()) == {"Postimees"}


def test_issue3_misspelt_surname_joins_the_person() -> None:
    body = (
        "Russian Ambassador Viktor Koronelli said the visit went well and was productive.\n\n"
        "\u201cWe coincide in the opinion that Cuba could become a bridge,\u201d Koronolli said."
    )
    assert set(_speakers(body).values()) == {"Viktor Koronelli"}


def test_issue3_speaker_split_off_by_the_parse_still_frames_the_clause() -> None:
    body = (
        "The invitation extended to Cuba to join BRICS as a partner country highlights its "
        "prestigious role in the Global South, Russian Ambassador to Havana Viktor Koronelli "
        "told TASS."
    )
    (st,) = _extract(body).statements
    assert st.cue is not None and st.cue.text == "told"
    assert st.content.text.startswith("The invitation extended")
    assert st.speaker.name == "Viktor Koronelli"


def test_issue3_negated_speech_is_an_attribution_only_in_that_scope() -> None:
    body = "Cook said Carter stopped the practice, but Cook did not say when it happened."
    assert not _cued(_extract(body).statements, "say")
    (st,) = _cued(_extract(body, scope="attributions").statements, "say")
    assert st.content.text == "when it happened"


def test_issue3_relative_pronoun_speaks_for_its_antecedent() -> None:
    body = "More than half of the respondents who support Sanders are in college."
    (st,) = _cued(_extract(body, scope="attributions").statements, "support")
    assert st.speaker.mention is not None and st.speaker.mention.text == "who"
    assert st.content.text == "Sanders"


def test_issue3_tagger_lemma_slip_is_mended() -> None:
    body = "Clinton is hoping that voters in Iowa will turn out in large numbers."
    (st,) = _extract(body).statements
    assert st.cue_lemma == "hope" and st.optional


def test_issue3_continuation_across_an_abbreviated_title() -> None:
    body = (
        "''Well, it is kind of a silly thing to say,'' Mrs. Clinton said. ''But I am going "
        "to trust the voters of New York who know me.''"
    )
    statements = _extract(body).statements
    resumed = next(s for s in statements if s.content.text.startswith("But I am"))
    assert resumed.continues is not None and resumed.speaker.name == "Clinton"


def test_issue3_opening_mark_left_on_the_previous_sentence_is_not_content() -> None:
    body = (
        "Mr. Sanders said he hoped it would change in the future. ''Some three million New "
        "Yorkers were unable to vote today,'' Mr. Sanders said."
    )
    contents = [s.content.text for s in _extract(body).statements]
    assert "he hoped it would change in the future" in contents
    assert "Some three million New Yorkers were unable to vote today," in contents


def test_issue3_trailing_quote_starts_at_its_own_sentence() -> None:
    body = (
        "He said Mr. Trump had no desire to undermine the rules. ''He is winning; he is not "
        "interested in changing the rules,'' he said."
    )
    contents = [s.content.text for s in _extract(body).statements]
    assert "He is winning; he is not interested in changing the rules," in contents


def test_issue3_quote_hung_on_the_subject_by_the_parse_is_still_its_content() -> None:
    body = (
        "\u201cThat is a legitimate concern, because they are very passionate and very "
        "principled,\u201d Sarandon, 69, told MSNBC Monday when asked about concerns."
    )
    (st,) = _cued(_extract(body).statements, "told")
    assert st.kind.value == "direct" and st.content.text.startswith("That is a legitimate")
    assert st.speaker.name == "Sarandon"


def test_issue3_subject_hung_on_the_last_noun_speaks_through_its_conjunct_cue() -> None:
    """The parser made "said" a conjunct of "believe" and the ministry a conjunct of
    "Azerbaijan": the name right before the subjectless cue is the speaker."""
    doc = quotegraph.extract(
        "MOSCOW, February 17. /TASS/. Russia does not believe that peaceful settlement in "
        "Nagorno-Karabakh may depend on holding a constitutional referendum in the region "
        "disputed between Armenia and Azerbaijan, Russia's Foreign Ministry said on Friday."
    )
    (said,) = _cued(doc.statements, "said")
    assert said.speaker.name == "Russia's Foreign Ministry"
    assert said.content.text.startswith("Russia does not believe that peaceful settlement")
    assert said.content.text.endswith("between Armenia and Azerbaijan")


def test_issue3_role_noun_is_the_person_named_before_it() -> None:
    """"According to the president" is the Russian President of the lead, not "US President
    Joe Biden", whom the article names further down."""
    doc = _extract(
        "Russian President Vladimir Putin told reporters that Russia could use Oreshnik again. "
        "Russia is ready to supply gas to Europe, according to the president.\n\n"
        "Back in 2021, US President Joe Biden suggested a delay, Putin recalled."
    )
    (according,) = _cued(doc.statements, "According to") or _cued(doc.statements, "according to")
    assert according.speaker.name == "Vladimir Putin"


def test_issue3_digest_points_are_the_named_speakers_statements() -> None:
    """TASS's "Below are Putin's key statements": each later paragraph is Putin's, quoted
    fragments make it mixed, a sentence with its own cue keeps its own speaker."""
    doc = quotegraph.extract(
        "IN BRIEF: Putin talks to reporters\n\n"
        "MOSCOW, December 26. /TASS/. Russian President Vladimir Putin spoke to reporters.\n\n"
        "Below are Putin’s key statements that TASS put together.\n\n"
        "Russia has a few Oreshnik missile systems. There is not many of them.\n\n"
        'Russia is in no hurry to use them. If need be, "we will use it, but we are not in a '
        'hurry."\n\n'
        'Back in 2021, US President Joe Biden suggested "delaying Ukraine\'s admission to NATO."'
    )
    points = [s for s in doc.statements if s.cue_lemma == "statement"]
    assert [s.kind.value for s in points] == ["indirect", "mixed"]
    assert all(s.speaker.name == "Vladimir Putin" for s in points)
    assert points[0].content.text == (
        "Russia has a few Oreshnik missile systems. There is not many of them"
    )
    assert points[0].cue is not None and points[0].cue.text == "statements"
    biden = next(s for s in doc.statements if s.cue is not None and s.cue.text == "suggested")
    assert biden.speaker.name == "Joe Biden"


def _said(body: str) -> list[tuple[str, str | None, str]]:
    return [(s.kind.value, s.speaker.name, s.content.text) for s in _extract(body).statements]


def _who(found: list[tuple[str, str | None, str]]) -> list[tuple[str, str | None]]:
    return [(kind, name) for kind, name, _ in found]


def test_issue3_a_quoted_programme_title_is_no_quote() -> None:
    assert _said(
        "Kremlin spokesman Dmitry Peskov told the \"Moscow. Kremlin. Putin\" program that the "
        "talks would continue next week in Istanbul."
    ) == [("indirect", "Dmitry Peskov", "the talks would continue next week in Istanbul")]
    assert _said(
        "On Fox News channel’s “Sunday Morning Futures,” Rep. Darrell Issa said the agency had "
        "failed to protect classified material on its servers."
    ) == [("indirect", "Darrell Issa", "the agency had failed to protect classified material "
           "on its servers")]  # fmt: skip


def test_issue3_a_title_after_the_cue_leaves_the_quote_before_it_the_statement() -> None:
    found = _said(
        "“We are investigating whether that means he has to recuse himself,” Christie said on "
        "“Good Morning America” today. “That is a personal decision he has to make.”"
    )
    assert _who(found) == [("direct", "Christie"), ("direct", "Christie")]
    assert found[0][2].startswith("We are investigating") and "Morning" not in found[0][2]


def test_issue3_title_words_are_one_token_in_one_sentence() -> None:
    doc = load_model(quotegraph.Options().model)(
        'Speaking on the "Moscow. Kremlin. Putin" program, Peskov said the talks would go on.'
    )
    assert len(list(doc.sents)) == 1
    title = next(t for t in doc if t.text == "Moscow. Kremlin. Putin")
    assert {title.i - 1, title.i, title.i + 1} == set(doc.user_data[TITLE_TOKENS])


def test_issue3_is_title_tells_names_from_quotes() -> None:
    def first(text: str) -> bool:
        quote = scan(text, [TextSpan.of(text, 0, len(text))])[0]
        return is_title(text, quote)

    assert first('He told NBC’s “Meet the Press” on Sunday.')
    assert first('They backed the "One China" policy.')
    assert not first('"We Will Win," he said.')  # a quote opening the sentence
    assert not first('He said "we will win" on Sunday.')  # not capitalised
    assert not first('He told the "Times That We Had Together Were Good Ones" audience.')


def test_issue3_according_to_set_off_by_commas_reports_the_clause_after_it() -> None:
    found = _said(
        "Although Pyongyang officially denies the prison camps exist, according to a US "
        "Treasury statement, Kim Won Hong directed and managed activities including beatings."
    )
    assert ("indirect", "US Treasury",
            "Kim Won Hong directed and managed activities including beatings") in found  # fmt: skip
    denies = next(text for _, name, text in found if name == "Pyongyang")
    assert denies == "the prison camps exist"  # cut before ', according to'


def test_issue3_a_document_compounded_with_a_name_is_that_issuers() -> None:
    assert _said("A Foreign Ministry statement said the talks would resume next week.") == [
        ("indirect", "Foreign Ministry", "the talks would resume next week")
    ]


def test_issue3_a_role_for_a_body_followed_by_the_name_is_that_person() -> None:
    assert _said(
        "The West is trying to isolate Russia, spokeswoman for the Russian Foreign Ministry "
        "Maria Zakharova said on Monday."
    ) == [("indirect", "Maria Zakharova", "The West is trying to isolate Russia")]


def test_issue3_of_two_subjects_the_one_before_the_cue_speaks() -> None:
    found = _said(
        "Russia and the EU will hold talks in Brussels, the Russian Foreign Ministry said. The "
        "two diplomats \"considered ways of expanding cooperation, primarily at the UN,\" it said."
    )
    assert _who(found) == [
        ("indirect", "Russian Foreign Ministry"), ("mixed", "Russian Foreign Ministry")
    ]  # fmt: skip


def test_issue3_a_speaker_set_off_by_commas_before_a_conjunct_cue_speaks() -> None:
    """The parser hung ', Russia's ambassador to Seoul, Aleksandr Timonin,' on 'Russia' and
    made 'told' a conjunct of the reported verb: the statement had 'TASS' for content and the
    clause's subject, 'The deployment', for speaker."""
    assert _said(
        "The deployment of THAAD in South Korea poses a threat to Russia, Russia's ambassador "
        "to Seoul, Aleksandr Timonin, told TASS in an interview."
    ) == [("indirect", "Aleksandr Timonin", "The deployment of THAAD in South Korea poses a "
                                             "threat to Russia")]  # fmt: skip


def test_issue3_a_description_by_a_word_of_a_title_is_that_person() -> None:
    """'the Russian coach' is Cherchesov, whose title the article gave as 'Head Coach'; 'the
    man' is no one's, though 'man' is part of 'Chairman'."""
    found = _said(
        "Russian team's Head Coach Stanislav Cherchesov said on Monday the team was ready. "
        "\"Criticism must always follow,\" the Russian coach told a news conference."
    )
    assert _who(found) == [("indirect", "Stanislav Cherchesov"), ("direct", "Stanislav Cherchesov")]
    found = _said("Chairman Ivan Petrov said the plan works. \"It will work,\" the man said.")
    assert _who(found) == [("indirect", "Ivan Petrov"), ("direct", None)]


def test_issue3_a_center_is_an_organisation() -> None:
    found = _said(
        "Three localities have joined the ceasefire, the Russian center for reconciliation said."
    )
    assert _who(found) == [("indirect", "Russian center")]


def test_issue3_a_plural_role_noun_is_a_group_not_the_last_person() -> None:
    """'Russian officers reported' was given to 'al-Quneitra', the last name the NER took for
    a person; 'US officials said' to Kerry."""
    found = _said("Lavrov met Kerry on Monday. US officials said the talks went well.")
    assert _who(found) == [("indirect", "US officials")]


def _attributed(body: str) -> list[tuple[str | None, str | None, str]]:
    """(cue, speaker mention, content) of each statement in the attributions scope."""
    doc = _extract(body, scope="attributions")
    return [
        (s.cue.text if s.cue else None, s.speaker.mention.text if s.speaker.mention else None,
         s.content.text)
        for s in doc.statements
    ]  # fmt: skip


def test_issue3_a_passive_expected_is_an_attribution_without_a_source() -> None:
    """PolNeAR annotates 'X is expected to Y' (no one named expects): subject and infinitive
    are the content, and there is no speaker; the statements scope leaves it out."""
    body = "Mrs. Clinton is expected to win the primary in New York next week."
    assert _attributed(body) == [
        ("expected", None, "Mrs. Clinton is expected to win the primary in New York next week")
    ]
    assert _said(body) == []


def test_issue3_a_participle_speaks_for_its_noun_or_its_clause_subject() -> None:
    """'a super PAC backing X': the PAC backs; 'before backing X': the clause's subject; but
    'tweets criticizing X' are their poster's (the participle is part of what he posted)."""
    assert _attributed("He gave $50,000 to a super PAC backing Gov. Bobby Jindal.") == [
        ("backing", "a super PAC", "Gov. Bobby Jindal")
    ]
    found = _attributed("Mr. Coleman had endorsed Senator Lindsey Graham before backing Mr. Rubio.")
    assert found[-1] == ("backing", "Coleman", "Mr. Rubio")
    found = _attributed("On Sunday, Trump posted a series of tweets criticizing Alicia Machado.")
    assert [(cue, who) for cue, who, _ in found] == [("posted", "Trump")]


def test_issue3_calling_it_something_reports_the_object() -> None:
    assert _attributed("Romney went after Trump, calling it “disqualifying” for a nominee.")[
        -1
    ] == ("calling", "Romney", "it “disqualifying” for a nominee")


def test_issue3_which_heading_a_relative_clause_speaks_for_its_noun() -> None:
    """PolNeAR's source is the relative pronoun; the speaker is the noun it stands for."""
    doc = _extract(
        "The plan was criticized by the Tax Foundation, which noted that it would add "
        "trillions to the debt."
    )
    noted = _cued(doc.statements, "noted")[0]
    assert noted.speaker.mention is not None and noted.speaker.mention.text == "which"
    assert noted.speaker.name == "Tax Foundation"
    assert noted.content.text == "it would add trillions to the debt"


def test_issue3_a_quote_the_parser_ended_early_keeps_its_trailing_speaker() -> None:
    """A straight opening mark closed by a curly one is one quote, and the region the parse
    left ('Absolutely,”', after the sentence break at '?') is that quote's tail, not a clause
    too short to report: the quote is Woolson's, not a continuation of the one before."""
    assert _said(
        '"Did he campaign in the big urban areas? Absolutely,” Eric Woolson, an Iowa '
        "Republican strategist, said of Cruz."
    ) == [("direct", "Eric Woolson", "Did he campaign in the big urban areas? Absolutely,")]


def test_issue3_a_named_poll_is_the_source_of_what_is_found_in_it() -> None:
    """PolNeAR: 'In the latest CBS poll, X' and 'X in a Fox poll' are the poll's; 'in the
    polls' in general is no one's."""
    assert _attributed(
        "In the latest CBS poll, Trump’s lead over Cruz remained in double digits."
    ) == [("In", "the latest CBS poll", "Trump’s lead over Cruz remained in double digits")]
    assert _attributed(
        "Clinton led Sanders more than 2-1 in an NBC News poll released Sunday."
    ) == [("in", "an NBC News poll", "Clinton led Sanders more than 2-1")]
    assert _attributed("Sanders still trails Clinton in the polls nationally.") == []
    assert _said("In the latest CBS poll, Trump’s lead over Cruz remained in double digits.") == []


def test_issue3_a_parenthetical_attribution_reports_the_clause_around_it() -> None:
    """PolNeAR's content of 'X, he said, Y' is both parts (attributions scope: the sentence);
    the statements scope keeps its own reading."""
    found = _attributed("Those who now have the right to vote, he said, must still register.")
    assert found == [
        ("said", "he", "Those who now have the right to vote, he said, must still register")
    ]
    found = _attributed("He is leaning toward Kasich, he said, because he prizes electability.")
    assert found == [
        ("said", "he", "He is leaning toward Kasich, he said, because he prizes electability")
    ]
    found = _attributed("He backs the plan, he said, adding that it would create jobs.")
    assert [content for _, _, content in found] == ["He backs the plan", "it would create jobs"]


def test_issue3_verbs_of_action_are_never_cues() -> None:
    """'took office', 'sent an email': the learned classifier took them for cues far more
    often than PolNeAR does; whatever it says, they are none."""
    from quotegraph.nlp.attribution import _verb_cue

    doc = load_model(quotegraph.Options().model)("The campaign sent an email and he took office.")
    verbs = [t for t in doc if t.pos_ == "VERB"]
    assert [t.text for t in verbs] == ["sent", "took"]
    assert not any(_verb_cue(t, True, lambda tok, rule: True) for t in verbs)


def test_issue3_a_tally_or_a_label_before_a_colon_is_no_speaker() -> None:
    body = "Hillary Clinton: 1,769\n\nBYLINE: Amber Phillips\n\nBREAKING: Sanders wins Oregon"
    assert _attributed(body) == []


def test_issue3_a_quote_ended_by_its_own_stop_is_the_next_sentences_cue_content() -> None:
    """The parser ends the sentence at '!"', so 'Trump said on Twitter' opens the next one: the
    quote is Trump's (it was 'on Twitter', the cue's object). A cue with a clause of its own
    still reports that clause."""
    assert _said('"Our country needs much smarter leadership!" Trump said on Twitter.') == [
        ("direct", "Trump", "Our country needs much smarter leadership!")
    ]
    found = _said('Lavrov met Kerry. "We agreed on the terms." He noted the talks were useful.')
    assert [content for _, _, content in found] == ["the talks were useful"]


def test_issue3_an_audience_is_not_what_is_reported() -> None:
    """'spoke to reporters', 'added to the tension': the 'to' phrase is no content; 'talked
    about X' still reports its topic."""
    assert _attributed("Trump spoke to reporters at the airport.") == []
    assert _attributed("The remarks added to the tension.") == []
    assert _attributed("Sanders talked about income inequality.") == [
        ("talked", "Sanders", "about income inequality")
    ]
