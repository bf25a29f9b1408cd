"""Attribution frames: a cue, the speaker mention it governs, and the region of text it reports.

Frames come from verbs of saying (:mod:`.cues` finds the cue and its speaker, :mod:`.regions`
the reported region: leading, trailing, complement or object), ``according to X``, colon
introductions and transcript turns, "expressed confidence that", and the headline conventions
(``... — alliance official``, ``..., Putin says``, ``Sanders: ...``).

Regions are later snapped to quote boundaries (:mod:`.statements`), so a quote split across
sentences by the parser is still one statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .cues import (
    ATTITUDE_ONLY,
    CLOSE_MARKS,
    addressee,
    cue_bounds,
    cue_lemma,
    is_according,
    is_cue,
    lemma_of,
    mention_bounds,
    name_head,
    nearby_name,
    opens_quote,
    participle_speaker,
    setting,
    speaker_of,
)
from .lexicon import (
    ATTITUDE_VERBS,
    BELIEF_VERBS,
    NOT_CUE_VERBS,
    ORG_HEADS,
    POLL_NOUNS,
    ROLE_NOUNS,
    STANCE_NOUNS,
    STANCE_VERBS,
)
from .parse import Parsed
from .regions import (
    after_cue,
    ccomp_region,
    clause_end,
    leading_region,
    object_region,
    too_short,
    trailing_region,
)

# Paragraph labels that are not speakers ("Related:", "Editor's note:").
_NOT_SPEAKERS = {
    "related",
    "editor",
    "note",
    "watch",
    "update",
    "correction",
    "source",
    "photo",
    "read",
    "video",
    "listen",
    "see",
    "follow",
    "more",
    "also",
    "contact",
    "byline",
    "email",
    "breaking",
    "revealed",
    "look",
    "boom",
    "stat",
}
# '"?' is the dash of a mis-decoded feed (news-articles: 'out of the question "?Kremlin').
_HEADLINE_DASH = re.compile(
    r"^(?P<content>.{12,}?)\s+(?P<cue>[-–—]{1,2}(?=\s)|\"\?)\s*(?P<who>[A-Za-z][\w’'. -]{1,60})$"
)
_MISDECODED_DASH = '"?'
# "Sanders: Clinton Email Story Has Moved", "Clinton to Planned Parenthood: Trump will ...".
_HEADLINE_COLON = re.compile(
    r"^(?P<who>[A-Z][\w’'.& -]{1,50}?)(?:\s+(?:to|on)\s+[^:]{2,50})?"
    r"(?P<cue>:)\s+(?P<content>.{8,})$"
)
# "Putin calls governors' rotation natural process", "Japan's top diplomat hopes for ...":
# a speaker, a verb of stance or speech, what is claimed (the speaker must look like one).
_HEADLINE_VERB = re.compile(
    r"^(?P<who>[A-Z][\w’'.& -]{1,50}?)\s+(?P<cue>calls|hopes|blasts|slams|urges|warns|vows|"
    r"insists|denies|rejects|accuses|condemns|welcomes|praises|criticizes|criticises)"
    r"\s+(?P<content>.{8,})$"
)
_HEADLINE_SAYS = re.compile(
    r"^(?P<content>.{12,}?),\s+(?:(?P<who>[\w’'. -]{2,60}?)\s+(?P<cue>says)"
    r"|(?P<cue2>says)\s+(?P<who2>[\w’'. -]{2,60}))$"
)


@dataclass(frozen=True, slots=True)
class Frame:
    """A cue with its speaker and reported region (absolute offsets, region not yet trimmed)."""

    section: Parsed
    cue: tuple[int, int] | None
    cue_lemma: str | None
    mention: tuple[int, int] | None
    mention_head: Token | None
    region: tuple[int, int]
    addressee: tuple[int, int] | None = None
    setting: tuple[int, int] | None = None
    optional: bool = False
    weak: bool = False  # an object region (attitude verb or NP object): dropped inside quotes
    confidence: float = 0.7


# A verb-cue decision: ``judge(token, rule_says_cue) -> is_cue`` (the learned classifier).
Judge = Callable[[Token, bool], bool]


def find_frames(
    parsed: Parsed,
    scope: str = "statements",
    judge: Callable[[Parsed], Judge] | None = None,
) -> Iterator[Frame]:
    """Every attribution frame in one parsed section.

    ``scope="statements"`` follows quotegraph's guidelines (verbs of saying, belief verbs as
    optional); ``scope="attributions"`` adds attitude and evidence verbs with their objects
    ("called him weak", "the poll showed ..."), PolNeAR's wider notion of attribution.
    ``judge`` (the learned classifier's :meth:`~.learned.CueModel.judge`) makes the verb-cue
    decision for each section instead of the lexicon alone.
    """
    if parsed.name == "headline":
        frame = _headline_frame(parsed)
        if frame is not None:
            yield frame
            return
    decide = judge(parsed) if judge is not None else None
    for sent in parsed.doc.sents:
        yield from _sentence_frames(parsed, sent, scope == "attributions", decide)


def _verb_cue(tok: Token, attitudes: bool, decide: Judge | None) -> bool:
    lemma = lemma_of(tok)
    if lemma in NOT_CUE_VERBS:
        return False
    rule = is_cue(tok, negated=attitudes) and (attitudes or lemma not in ATTITUDE_ONLY)
    return rule if decide is None else decide(tok, rule)


def _sentence_frames(
    parsed: Parsed, sent: Span, attitudes: bool, decide: Judge | None = None
) -> Iterator[Frame]:
    for tok in sent:
        if is_according(tok):
            frame = _according_frame(parsed, sent, tok)
        elif tok.lemma_.lower() in STANCE_VERBS and _stance_noun(tok) is not None:
            frame = _stance_frame(parsed, sent, tok)
        elif attitudes and _poll_source(tok) is not None:
            frame = _poll_frame(parsed, sent, tok)
        elif attitudes and _expected_to(tok) is not None:
            frame = _expected_frame(parsed, sent, tok)
        elif _verb_cue(tok, attitudes, decide):
            frame = _verb_frame(parsed, sent, tok, attitudes)
        elif tok.text == ":" and parsed.name == "body":
            frame = _colon_frame(parsed, sent, tok)
        else:
            continue
        if frame is not None:
            yield frame


def _expected_to(tok: Token) -> Token | None:
    """'Clinton is expected to win': the infinitive of a passive 'expected' that names no one
    who expects (PolNeAR's attribution to an unnamed source)."""
    if lemma_of(tok) != "expect" or tok.tag_ != "VBN":
        return None
    deps = {c.dep_ for c in tok.children}
    if "auxpass" not in deps or "agent" in deps:
        return None
    return next((c for c in tok.rights if c.dep_ == "xcomp"), None)


def _expected_frame(parsed: Parsed, sent: Span, tok: Token) -> Frame | None:
    """The passive subject and the infinitive are the content; there is no speaker."""
    xcomp = _expected_to(tok)
    if xcomp is None:
        return None
    subject = next((c for c in tok.lefts if c.dep_ == "nsubjpass"), None)
    first = subject.left_edge if subject is not None else xcomp.left_edge
    end = min(parsed.abs_end(xcomp.right_edge), clause_end(parsed, sent, tok))
    return Frame(
        section=parsed,
        cue=cue_bounds(parsed, tok),
        cue_lemma="expect",
        mention=None,
        mention_head=None,
        region=(parsed.abs(first), end),
        confidence=0.5,
    )


def _stance_noun(verb: Token) -> Token | None:
    """'expressed [confidence] that ...': the stance noun whose 'that' clause is reported."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        after = obj.nbor() if obj.i + 1 < len(obj.doc) else None
        if obj.lemma_.lower() in STANCE_NOUNS and after is not None and after.lower_ == "that":
            return obj
    return None


def _stance_frame(parsed: Parsed, sent: Span, verb: Token) -> Frame | None:
    noun = _stance_noun(verb)
    subject = speaker_of(verb)
    if noun is None or subject is None or noun.i + 2 >= sent.end:
        return None
    head = name_head(subject)
    return Frame(
        section=parsed,
        cue=(parsed.abs(verb), parsed.abs_end(noun)),
        cue_lemma=f"{verb.lemma_.lower()} {noun.lemma_.lower()}",
        mention=mention_bounds(parsed, head),
        mention_head=head,
        region=(parsed.abs(noun.nbor(2)), clause_end(parsed, sent, verb)),
        confidence=0.7,
    )


def _verb_frame(
    parsed: Parsed, sent: Span, cue: Token, attitudes: bool = False
) -> Frame | None:
    subject = participle_speaker(sent, cue) or speaker_of(cue) or nearby_name(sent, cue)
    lemma = lemma_of(cue)
    if lemma in BELIEF_VERBS and _no_believer(sent, subject):
        return None  # "growth is expected to ...", "do you think ...?": no one's statement
    trailing = None if lemma in ATTITUDE_VERBS else trailing_region(parsed, sent, cue, subject)
    text = parsed.text
    quoted_before = trailing is not None and text[trailing[1] - parsed.start - 1] in CLOSE_MARKS
    region = (
        (trailing if quoted_before and _resumed_after(parsed, sent, cue) else None)
        or leading_region(parsed, sent, cue)
        or (trailing if quoted_before else None)
        or ccomp_region(parsed, sent, cue)
        or trailing
    )
    if attitudes and (region is None or region == trailing) and _parenthetical(sent, cue, subject):
        region = (parsed.abs(sent[0]), parsed.abs_end(sent[-1]))
    weak = region is None
    if weak:
        region = object_region(parsed, sent, cue) if speaker_of(cue) is not None else None
    if region is None or (not weak and 0 < region[1] - region[0] < 3):
        return None  # a bare object may be short: 'said no', 'said so'
    if too_short(parsed, region, weak):
        return None
    head = name_head(subject) if subject is not None else None
    return Frame(
        section=parsed,
        cue=cue_bounds(parsed, cue),
        cue_lemma=cue_lemma(cue),
        mention=mention_bounds(parsed, head) if head is not None else None,
        mention_head=head,
        region=region,
        addressee=addressee(parsed, cue),
        setting=setting(parsed, cue),
        optional=weak or lemma in BELIEF_VERBS,
        weak=weak,
        confidence=(0.8 if head is not None else 0.5) - (0.2 if weak else 0.0),
    )


def _parenthetical(sent: Span, cue: Token, subject: Token | None) -> bool:
    """'Those who have the right to vote, he said, must still register': an attribution set off
    by commas inside the clause it reports. PolNeAR's content is the clause around it (both
    parts), taken here as the whole sentence (attributions scope)."""
    if subject is None or not sent.start + 2 <= subject.i < cue.i:
        return False
    nxt = after_cue(sent, cue)
    before = sent.doc[subject.left_edge.i - 1]
    if before.text != "," or nxt is None or nxt.text != "," or nxt.i + 2 >= sent.end:
        return False
    follows = nxt.nbor()
    return not (follows.tag_ == "VBG" or opens_quote(follows) or is_according(follows))


def _resumed_after(parsed: Parsed, sent: Span, cue: Token) -> bool:
    """'"X," he said of Y, "Z."': the quote before the attribution is the statement and the
    one after its comma resumes it (a continuation), not the cue's leading content."""
    nxt = after_cue(sent, cue)
    return (
        nxt is not None
        and nxt.text == ","
        and nxt.i + 1 < sent.end
        and opens_quote(nxt.nbor())
    )


def _no_believer(sent: Span, subject: Token | None) -> bool:
    if subject is None or subject.lower_ == "you" or subject.dep_ == "nsubjpass":
        return True
    return _question(sent)


def _question(sent: Span) -> bool:
    return sent.text.rstrip(" \"”’'").endswith("?")


def _colon_frame(parsed: Parsed, sent: Span, colon: Token) -> Frame | None:
    """A bare colon introduction: ``Pollster Daron Shaw: “...”`` or a transcript ``FALLIN: ...``.

    A transcript line (a paragraph opening with a short capitalised name and a colon) reports
    the rest of the paragraph; otherwise the colon must be followed by a quote mark or end the
    paragraph, and a name (or a proper noun right before the colon) is the speaker.
    """
    doc = colon.doc
    if _speaker_line(colon):
        head = doc[colon.i - 1]
        end = parsed.abs_end(doc[-1])
    else:
        follows = doc[colon.i + 1] if colon.i + 1 < len(doc) else None
        if follows is not None and not opens_quote(follows):
            return None
        if any(is_cue(t) for t in doc[max(sent.start, colon.i - 3) : colon.i]):
            return None  # 'X said:' is the verb's frame
        found = nearby_name(sent, colon)
        before = doc[colon.i - 1] if colon.i > sent.start else None
        if found is None and before is not None and before.pos_ == "PROPN":
            found = before
        if found is None:
            return None
        head, end = found, parsed.abs_end(sent[-1])
    start = parsed.abs_end(colon)
    if end - start < 3 and colon.i != len(doc) - 1:
        return None
    if colon.i != len(doc) - 1 and not any(t.is_alpha for t in doc[colon.i + 1 :]):
        return None  # a tally ('Hillary Clinton: 1,769'), not a turn
    return Frame(
        section=parsed,
        cue=(parsed.abs(colon), parsed.abs_end(colon)),
        cue_lemma=":",
        mention=mention_bounds(parsed, head)
        if not _speaker_line(colon)
        else (parsed.abs(doc[0]), parsed.abs(colon)),
        mention_head=head,
        region=(start, end),
        confidence=0.6,
    )


def _speaker_line(colon: Token) -> bool:
    """``NAME:`` opening a paragraph: one to four capitalised words (a transcript turn)."""
    words = colon.doc[: colon.i]
    return (
        0 < len(words) <= 4
        and all(t.text[:1].isupper() or t.text in {".", "-"} for t in words)
        and any(t.pos_ == "PROPN" or (t.is_upper and len(t.text) > 1) for t in words)
        and words[0].lower_ not in _NOT_SPEAKERS
    )


def _according_frame(parsed: Parsed, sent: Span, tok: Token) -> Frame | None:
    to = tok.nbor()
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    region = _phrase_region(parsed, sent, tok, max(t.i for t in pobj.subtree))
    if region is None:
        return None
    head = name_head(pobj)
    return Frame(
        section=parsed,
        cue=(parsed.abs(tok), parsed.abs_end(to)),
        cue_lemma="according to",
        mention=mention_bounds(parsed, head),
        mention_head=head,
        region=region,
        confidence=0.75,
    )


def _phrase_region(
    parsed: Parsed, sent: Span, tok: Token, source_end: int
) -> tuple[int, int] | None:
    """What a source phrase opening at ``tok`` ('according to X', 'in a CNN poll') reports:
    the rest of the sentence when it opens the sentence (or is set off by commas and hung on
    a later verb), else the sentence before it."""
    opening = tok.i == sent.start or (tok.i - sent.start <= 1 and sent[0].is_punct)
    if opening or _heads_what_follows(tok, source_end):
        after = source_end + 1
        if after < sent.end and sent.doc[after].text == ",":
            after += 1
        if after >= sent.end:
            return None
        return parsed.abs(sent.doc[after]), parsed.abs_end(sent[-1])
    prev = tok.nbor(-1)
    end = parsed.abs(prev) if prev.text in {",", "—", "–"} else parsed.abs_end(prev)
    return parsed.abs(sent[0]), end


def _poll_source(tok: Token) -> Token | None:
    """'In the latest CBS poll, Trump ...', '... in a Fox News poll released Sunday': a poll or
    survey a clause is found in is that clause's source (PolNeAR); not the polls in general
    ('trails Clinton in the polls')."""
    if tok.lower_ != "in" or tok.dep_ != "prep" or tok.head.pos_ not in {"VERB", "AUX"}:
        return None
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in POLL_NOUNS:
        return None
    specific = pobj.tag_ == "NN" or any(c.dep_ != "det" for c in pobj.children)
    return pobj if specific else None


def _poll_frame(parsed: Parsed, sent: Span, tok: Token) -> Frame | None:
    poll = _poll_source(tok)
    if poll is None:
        return None
    region = _phrase_region(parsed, sent, tok, max(t.i for t in poll.subtree))
    if region is None or region[1] - region[0] < 3:
        return None
    return Frame(
        section=parsed,
        cue=(parsed.abs(tok), parsed.abs_end(tok)),
        cue_lemma="in",
        mention=(parsed.abs(poll.left_edge), parsed.abs_end(poll)),
        mention_head=poll,
        region=region,
        confidence=0.85,
    )


def _heads_what_follows(tok: Token, source_end: int) -> bool:
    """'Although X denies it, according to a US Treasury statement, Y directed ...': set off
    by commas and hung on a verb after it, the phrase reports the clause that follows."""
    doc = tok.doc
    return (
        tok.head.i > source_end
        and tok.head.pos_ in {"VERB", "AUX"}
        and tok.i > 0
        and doc[tok.i - 1].text == ","
        and source_end + 1 < len(doc)
        and doc[source_end + 1].text == ","
    )


def _headline_frame(parsed: Parsed) -> Frame | None:
    """'... — alliance official', '..., Putin says', '..., says think tank', 'Sanders: ...',
    'Putin calls ...'."""
    text = parsed.text
    m = (
        _HEADLINE_DASH.match(text)
        or _HEADLINE_SAYS.match(text)
        or _HEADLINE_COLON.match(text)
        or _HEADLINE_VERB.match(text)
    )
    if m is None:
        return None
    who, cue = ("who2", "cue2") if m.groupdict().get("who2") else ("who", "cue")
    if len(m.group(who).split()) > 5:
        return None
    head = next((t for t in reversed(parsed.doc) if t.idx < m.end(who) and t.is_alpha), None)
    if m.re in (_HEADLINE_COLON, _HEADLINE_VERB) and not _speaker_like(
        parsed.doc[: head.i + 1] if head else None
    ):
        return None  # "German Cup: Wood strikes" is a topic label, not a speaker
    return Frame(
        section=parsed,
        cue=(parsed.start + m.start(cue), parsed.start + m.end(cue)),
        cue_lemma=_headline_lemma(m.group(cue)),
        mention=(parsed.start + m.start(who), parsed.start + m.end(who)),
        mention_head=head,
        region=(parsed.start + m.start("content"), parsed.start + m.end("content")),
        confidence=0.7,
    )


def _headline_lemma(cue: str) -> str:
    """'says' -> 'say', 'criticises' -> 'criticise', a dash as it is ('"?' is '—')."""
    if cue == _MISDECODED_DASH:
        return "—"
    return cue[:-1] if cue[:1].isalpha() and cue.endswith("s") else cue


def _speaker_like(span: Span | None) -> bool:
    """A person, a role or an organisation-like name ('Kremlin', 'Foreign Ministry')."""
    if span is None:
        return False
    last = span[-1]
    return (
        any(t.ent_type_ == "PERSON" for t in span)
        or last.lemma_.lower() in ROLE_NOUNS | ORG_HEADS
        or (len(span) == 1 and last.text[:1].isupper())  # "Sanders:", "Kremlin:"
    )
