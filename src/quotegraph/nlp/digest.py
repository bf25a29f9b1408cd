"""Digest frames: the paragraphs after "Below are Putin's key statements" are Putin's.

Wire services close a briefing with a digest: one sentence names the speaker ("Below are
Putin’s key statements that TASS put together.", "Here are the main points of Lavrov's
speech:") and every paragraph after it states one of the speaker's points, in the agency's
words with quoted fragments, and no verb of saying ("Russia has a few Oreshnik systems. There
is not many of them."). :func:`digest_frames` gives each run of such sentences in a later
paragraph a frame, with the digest's noun ("statements") as its cue and the speaker named in
the introduction as its mention; sentences that another frame already reports, or whose cue
lies in them (the speaker recalling what "Joe Biden suggested"), keep their own frame.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from spacy.tokens import Span, Token

from .attribution import Frame
from .parse import Parsed

# "Below are Putin's key statements", "Here are the main points of Lavrov's speech",
# "Following are his most memorable remarks".
_DIGEST = re.compile(
    r"\b(?:Below|Here|Following|These) are (?:some of )?(?:the )?"
    r"(?:(?P<who>[A-Z][\w’'-]+|his|her)['’]s? )?(?:\w+ ){0,2}?"
    r"(?P<cue>statements|remarks|quotes|quotations|theses|points|highlights|comments)\b"
    r"(?: (?:of|from) (?P<owner>[A-Z][\w’'-]+|his|her)['’]?s? (?:\w+ )?"
    r"(?:speech|address|interview|remarks|statement|press conference|news conference))?"
)
_CUE_LEMMA = "statement"
CONFIDENCE = 0.6


def digest_frames(parsed: Sequence[Parsed], frames: Sequence[Frame]) -> Iterator[Frame]:
    """Frames for the unattributed sentences of every paragraph after a digest's
    introduction (see the module docstring)."""
    intro = _introduction(parsed)
    if intro is None:
        return
    home, cue, speaker = intro
    mention = (home.abs(speaker), home.abs_end(speaker))
    after = [p for p in parsed if p.name == "body" and (p.paragraph or 0) > (home.paragraph or 0)]
    for section in after:
        own = [f for f in frames if f.section is section]
        for start, end in _runs(section, own):
            yield Frame(
                section=section,
                cue=cue,
                cue_lemma=_CUE_LEMMA,
                mention=mention,
                mention_head=speaker,
                region=(start, end),
                confidence=CONFIDENCE,
            )


def _introduction(parsed: Sequence[Parsed]) -> tuple[Parsed, tuple[int, int], Token] | None:
    """(section, cue bounds, speaker token) of the first digest introduction."""
    for section in parsed:
        if section.name != "body" or section.paragraph is None:
            continue
        for match in _DIGEST.finditer(section.text):
            name = "who" if match.group("who") else "owner"
            if not match.group(name):
                continue
            speaker = section.doc.char_span(*match.span(name), alignment_mode="expand")
            if speaker is None or not len(speaker):
                continue
            cue = (section.start + match.start("cue"), section.start + match.end("cue"))
            return section, cue, speaker[0]
    return None


def _runs(section: Parsed, own: Sequence[Frame]) -> Iterator[tuple[int, int]]:
    """Absolute bounds of each run of consecutive sentences that no frame of ``own`` reports
    or is cued in."""
    run: tuple[int, int] | None = None
    for sent in section.doc.sents:
        bounds = section.span_bounds(sent)
        if _taken(bounds, own) or not _worded(sent):
            if run is not None:
                yield run
            run = None
            continue
        run = (run[0] if run else bounds[0], bounds[1])
    if run is not None:
        yield run


def _taken(bounds: tuple[int, int], own: Sequence[Frame]) -> bool:
    start, end = bounds
    for frame in own:
        if frame.region[0] < end and start < frame.region[1]:
            return True
        if frame.cue is not None and start <= frame.cue[0] < end:
            return True
    return False


def _worded(sent: Span) -> bool:
    return sum(t.is_alpha for t in sent) >= 3
