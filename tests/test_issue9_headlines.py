"""Issue 9 regressions of the headline linker (``quotegraph.claims.headlines``)."""

from __future__ import annotations

import datetime as dt

from quotegraph import extract
from quotegraph.claims.headlines import SUPPORTED, best_share
from quotegraph.options import Options

OPTIONS = Options(reference_date=dt.date(2026, 11, 22))


def test_quote_after_lead_backs_headline_beside_the_standfirst() -> None:
    """The quote after the lead backs both the standfirst (one sentence) and the headline
    (another): the headline's claim words it holds ("round the clock") are not the
    standfirst's, so the headline rests on the quote, not on the lead's paraphrase."""
    text = (
        "Putin says he receives information about frontline situation round the clock\n\n"
        "There is always something new at certain sections of the front, the head of state "
        "emphasized\n\n"
        "MOSCOW, December 26. /TASS/. Russian President Vladimir Putin has told the media that "
        "he receives information about the frontline situation round the clock.\n\n"
        "\"Now I won't talk about details, about any specific sections of the frontline. But I "
        "keep an eye on it every day round the clock. Literally. There is always something new "
        'at certain sections," he said.'
    )
    doc = extract(text, OPTIONS)
    (head,) = [k for k in doc.headline_links if k.section == "headline" and k.rank == 1]
    assert head.supported and head.support is not None
    quote = doc.statements[head.support]
    assert quote.kind.value == "direct" and "round the clock" in quote.content.text


def test_support_rests_on_claim_words_not_names() -> None:
    """A headline whose names ("Syria", "Islamic State") the quote does not repeat is
    supported when the quote holds its claim words ("completely separated")."""
    text = (
        "Syria's armed opposition completely separated from Islamic State - Alloush\n\n"
        "MOSCOW, March 3. /TASS/. Mohammed Alloush spoke to reporters in Geneva on Friday.\n\n"
        '"We have completely separated," Alloush said.'
    )
    doc = extract(text, OPTIONS)
    part = "Syria's armed opposition completely separated from Islamic State"
    assert best_share(part, doc.text, doc.statements) >= SUPPORTED
    # the names alone are no claim: a part of names and one word is not supported
    assert best_share("Syria's Islamic State in Geneva", doc.text, doc.statements) < SUPPORTED


def test_quote_after_lead_must_hold_a_claim_word_or_be_a_bare_answer() -> None:
    """A quote after the lead that holds none of the headline's claim words (the police's
    account after a death is reported) does not displace the lead; a bare "In theory, yes"
    can only back the lead it follows, so it does."""
    died = extract(
        "Rock legend John Smith dies aged 90 - media\n\n"
        "NEW YORK, March 19. /TASS/. Rock legend John Smith died at the age of 90 on "
        'Saturday, FOX News reported. "Police responded to a medical emergency on Saturday '
        'afternoon and found Smith unresponsive," the channel said.',
        OPTIONS,
    )
    (head,) = [k for k in died.headline_links if k.section == "headline" and k.rank == 1]
    assert head.supported and head.support is not None
    assert died.statements[head.support].kind.value == "indirect"
    bare = extract(
        "Suspect may be handed over to Russia - ministry\n\n"
        "MOSCOW, March 3. /TASS/. The suspect may be handed over to Moscow under the treaty, "
        'the ministry spokesman Ivan Petrov told TASS. "In theory, yes," Petrov said.',
        OPTIONS,
    )
    (head,) = [k for k in bare.headline_links if k.section == "headline" and k.rank == 1]
    assert head.support is not None and bare.statements[head.support].kind.value == "direct"
