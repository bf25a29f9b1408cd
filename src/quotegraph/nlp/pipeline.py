"""The statement pipeline, assembled in one place.

Stages (each a function ``Work -> Work`` with a name, run in order by :class:`Pipeline`):

1. ``quotes``: scan quote marks over headline, standfirst and paragraphs;
2. ``parse``: spaCy over each section;
3. ``frames``: cues with their speakers and reported regions (and a digest's points,
   :mod:`.digest`);
4. ``statements``: classify and assemble drafts (direct / indirect / mixed, nesting,
   continuations);
5. ``speakers``: resolve mentions to people and organisations;
6. ``records``: typed :class:`~quotegraph.nlp.model.Statement` records;
7. ``knowledge``: entities, normalised times and events (:mod:`quotegraph.nlp.knowledge`),
   and each statement's speaker linked to its entity.
8. ``headlines``: headline, standfirst and lead attributions linked to the body statements
   that support them (:mod:`quotegraph.claims.headlines`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice

from spacy.language import Language

from ..article.model import Article, Reject, TextSpan
from ..errors import LimitExceededError
from ..ingest.base import reject
from ..options import Options
from . import statements as st
from .attribution import Frame, find_frames
from .cast import Cast, collect_cast
from .digest import digest_frames
from .knowledge import Knowledge, build_knowledge
from .learned import load_cue_model
from .model import Document, HeadlineLink, Speaker, Statement
from .parse import Parsed, load_model, parse, parse_many
from .quotes import Quote, is_title, scan
from .speakers import resolve


@dataclass(frozen=True)
class Work:
    """What the stages pass along: each stage fills one more field."""

    article: Article
    options: Options
    nlp: Language
    quotes: tuple[Quote, ...] = ()
    parsed: tuple[Parsed, ...] = ()
    frames: tuple[Frame, ...] = ()
    drafts: tuple[st.Draft, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    statements: tuple[Statement, ...] = field(default=())
    cast: Cast | None = None
    knowledge: Knowledge | None = None
    headline_links: tuple[HeadlineLink, ...] = ()


Stage = Callable[[Work], Work]


def stage_quotes(work: Work) -> Work:
    article, options = work.article, work.options
    if len(article.text) > options.max_nlp_chars:
        raise LimitExceededError(
            f"{len(article.text):,} characters is over the extraction limit "
            f"of {options.max_nlp_chars:,}"
        )
    marks = sum(article.text.count(c) for c in '"“”«»')
    if marks > options.max_quote_marks:
        raise LimitExceededError(
            f"{marks:,} quote marks is over the limit of {options.max_quote_marks:,}"
        )
    sections = [s for s in (article.headline, article.standfirst) if s] + list(article.paragraphs)
    quotes = (q for q in scan(article.text, sections) if not is_title(article.text, q))
    return replace(work, quotes=tuple(quotes))


def stage_parse(work: Work) -> Work:
    if work.parsed:  # parsed ahead in a batch by Pipeline.pipe
        return work
    return replace(work, parsed=tuple(parse(work.article, work.nlp)))


def stage_frames(work: Work) -> Work:
    scope = work.options.scope
    judge = None
    if scope == "attributions" and work.options.learned_cues:
        judge = load_cue_model().judge
    frames = [f for p in work.parsed for f in find_frames(p, scope, judge)]
    frames.extend(digest_frames(work.parsed, frames))
    return replace(work, frames=tuple(frames))


def stage_statements(work: Work) -> Work:
    return replace(work, drafts=tuple(st.build(work.article.text, work.frames, work.quotes)))


def stage_speakers(work: Work) -> Work:
    cast = collect_cast(work.article.text, work.parsed)
    speakers = tuple(resolve(work.article.text, work.drafts, cast))
    return replace(work, speakers=speakers, cast=cast)


def stage_records(work: Work) -> Work:
    text, article = work.article.text, work.article
    out = []
    for draft, speaker in zip(work.drafts, work.speakers, strict=True):
        frame = draft.frame
        out.append(
            Statement(
                kind=draft.kind,
                content=TextSpan.of(text, *draft.content),
                cue=st.span(text, frame.cue) if frame else None,
                cue_lemma=frame.cue_lemma if frame else None,
                speaker=speaker,
                addressee=_outside(text, frame.addressee if frame else None, draft.content),
                setting=_outside(text, frame.setting if frame else None, draft.content),
                quoted=tuple(TextSpan.of(text, *q) for q in draft.quoted),
                section=draft.section,
                paragraph=article.paragraph_index(draft.content[0]),
                confidence=_confidence(draft, speaker),
                nested_in=draft.nested_in,
                continues=draft.continues,
                optional=draft.optional,
            )
        )
    return replace(work, statements=tuple(out))


def stage_knowledge(work: Work) -> Work:
    cast = work.cast or collect_cast(work.article.text, work.parsed)
    facts = build_knowledge(work.article, work.parsed, cast, work.statements, work.nlp)
    return replace(work, knowledge=facts)


def stage_headlines(work: Work) -> Work:
    from ..claims.headlines import link_headlines

    return replace(work, headline_links=link_headlines(work.article, work.statements))


def _outside(
    text: str, bounds: tuple[int, int] | None, content: tuple[int, int]
) -> TextSpan | None:
    """A frame's addressee or setting, unless the parse put it inside the reported content."""
    if bounds is None or (bounds[0] < content[1] and content[0] < bounds[1]):
        return None
    return TextSpan.of(text, *bounds)


def _confidence(draft: st.Draft, speaker: Speaker) -> float:
    base = draft.frame.confidence if draft.frame else 0.6
    return round(base * (1.0 if speaker.name else 0.6) * (0.7 if draft.optional else 1.0), 2)


STAGES: tuple[tuple[str, Stage], ...] = (
    ("quotes", stage_quotes),
    ("parse", stage_parse),
    ("frames", stage_frames),
    ("statements", stage_statements),
    ("speakers", stage_speakers),
    ("records", stage_records),
    ("knowledge", stage_knowledge),
    ("headlines", stage_headlines),
)


class Pipeline:
    """Runs :data:`STAGES` over articles with one loaded spaCy model."""

    def __init__(
        self, options: Options | None = None, stages: Iterable[tuple[str, Stage]] = STAGES
    ):
        self.options = options or Options()
        self.nlp = load_model(self.options.model)
        if self.options.scope == "attributions" and self.options.learned_cues:
            load_cue_model()  # a missing or corrupt weights file fails here (QG701)
        self.stages = tuple(stages)

    def __call__(self, article: Article, parsed: Sequence[Parsed] = ()) -> Document:
        work = Work(article=article, options=self.options, nlp=self.nlp, parsed=tuple(parsed))
        deadline = time.monotonic() + self.options.time_budget_s
        for name, stage in self.stages:
            work = stage(work)
            if time.monotonic() > deadline:
                raise LimitExceededError(
                    f"extraction ran past the {self.options.time_budget_s:.0f} s budget "
                    f"(in stage {name!r})"
                )
        if work.knowledge is None:
            doc = Document(article=article, statements=work.statements)
        else:
            doc = work.knowledge.document(article, work.statements)
        return doc.model_copy(update={"headline_links": work.headline_links})

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Document]:
        """Documents for ``articles``; sections are parsed in batches across articles.

        Raises like ``__call__`` on the first failing article; use ``__call__`` per article to
        isolate failures.
        """
        stream = iter(articles)
        while batch := list(islice(stream, batch_size)):
            fits = [a for a in batch if self._parseable(a)]
            parsed = dict(zip(map(id, fits), parse_many(fits, self.nlp), strict=True))
            for article in batch:
                yield self(article, parsed.get(id(article), ()))

    def extract_all(
        self, results: Iterable[Article | Reject], batch_size: int = 32
    ) -> Iterator[Document | Reject]:
        """Like :meth:`pipe` over a reader's output, isolating failures: rejects pass through
        and an article that fails becomes a reject with its reason."""
        stream = iter(results)
        while batch := list(islice(stream, batch_size)):
            articles = [r for r in batch if isinstance(r, Article) and self._parseable(r)]
            try:
                parsed = dict(zip(map(id, articles), parse_many(articles, self.nlp), strict=True))
            except Exception:
                parsed = {}
            for item in batch:
                yield item if isinstance(item, Reject) else self._isolated(item, parsed)

    def _isolated(self, article: Article, parsed: dict[int, list[Parsed]]) -> Document | Reject:
        try:
            return self(article, parsed.get(id(article), ()))
        except Exception as exc:
            return reject(article.source, exc)

    def _parseable(self, article: Article) -> bool:
        return len(article.text) <= self.options.max_nlp_chars
