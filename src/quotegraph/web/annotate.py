"""An article's text as a tree of marked spans, for the displaCy-like article page.

Marks (statements, quoted fragments, cues, speaker mentions, the dateline; entities and time
expressions when the knowledge layer provides them) may nest: a quote inside a statement, a
statement reported inside another. :func:`layout` sorts them outermost first and nests each
inside the innermost mark that holds its start; a mark that crosses the end of its parent is
cut there, so the tree always renders as well-formed HTML. The template escapes every text
piece (Jinja2 autoescape); nothing here builds HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from ..article.model import Article
from ..nlp.model import Document, Statement
from ..store import Hit

# Order of marks that cover the same characters: the outer one first.
RANK = {"dateline": 0, "statement": 1, "quoted": 2, "mention": 3, "entity": 4, "time": 4,
        "cue": 5}  # fmt: skip
ENTITY_LABELS = {"person": "PER", "organisation": "ORG", "place": "LOC"}


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to mark: ``kind`` picks its style; ``label`` is shown after it (displaCy's
    entity label); ``href`` makes it a link; ``anchor`` is its element id."""

    start: int
    end: int
    kind: str
    label: str | None = None
    href: str | None = None
    anchor: str | None = None
    title: str | None = None
    css: str = ""


@dataclass(slots=True)
class Node:
    """A marked span (``mark`` None for a block's root) and its pieces: text or nodes."""

    mark: Mark | None
    start: int
    end: int
    children: list[Node | str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the article: the headline, the standfirst or a paragraph."""

    kind: str  # headline, standfirst, paragraph
    root: Node


def layout(text: str, start: int, end: int, marks: Iterable[Mark]) -> Node:
    """``text[start:end]`` as a tree of the marks inside it (see the module docstring)."""
    root = Node(None, start, end)
    stack = [root]
    inside = (m for m in marks if m.start < end and m.end > start and m.end > m.start)
    for mark in sorted(inside, key=lambda m: (m.start, -m.end, RANK.get(m.kind, 9))):
        lo = max(mark.start, start)
        while lo >= stack[-1].end:
            stack.pop()
        parent = stack[-1]
        node = Node(mark, lo, min(mark.end, parent.end))
        parent.children.append(node)
        stack.append(node)
    _fill(text, root)
    return root


def _fill(text: str, node: Node) -> None:
    """Put the unmarked text between a node's child marks in place."""
    pieces: list[Node | str] = []
    at = node.start
    for child in node.children:
        assert isinstance(child, Node)
        if child.start > at:
            pieces.append(text[at : child.start])
        _fill(text, child)
        pieces.append(child)
        at = child.end
    if at < node.end:
        pieces.append(text[at : node.end])
    node.children = pieces


def blocks(article: Article, marks: Sequence[Mark]) -> list[Block]:
    """The article's headline, standfirst and paragraphs, each laid out with its marks."""
    spans = [("headline", article.headline), ("standfirst", article.standfirst)]
    spans += [("paragraph", p) for p in article.paragraphs]
    found = [
        Block(kind, layout(article.text, span.start, span.end, marks))
        for kind, span in spans
        if span is not None
    ]
    if not article.paragraphs:  # no structure found: the whole text as one block
        found.append(Block("paragraph", layout(article.text, 0, len(article.text), marks)))
    return found


def statement_marks(doc: Document, hits: Sequence[Hit]) -> list[Mark]:
    """Marks for each statement (anchored ``s-<statement id>``, labelled with its speaker),
    its quoted fragments, its cue, its speaker mention (linked to the speaker's page) and the
    dateline. ``hits`` are the article's stored statements, in order."""
    marks: list[Mark] = []
    dateline = doc.article.dateline
    if dateline is not None:
        marks.append(Mark(dateline.span.start, dateline.span.end, "dateline", title="dateline"))
    for hit, statement in zip(hits, doc.statements, strict=False):
        marks.extend(_one_statement(hit, statement))
    return marks


def knowledge_marks(doc: Document) -> list[Mark]:
    """Marks for the knowledge layer: every entity mention (labelled PER / ORG / LOC, linked
    to the entities list filtered to its name and type) and every time expression (labelled
    with its normalised value)."""
    marks = []
    for entity in doc.entities:
        kind = entity.type.value
        href = "/entities?" + urlencode({"q": entity.name, "type": kind})
        marks += [Mark(m.start, m.end, "entity", label=ENTITY_LABELS.get(kind, kind.upper()),
                       href=href, title=f"{kind}: {entity.name}", css=f"ent-{kind}")
                  for m in entity.mentions]  # fmt: skip
    for time in doc.times:
        value = time.value or "date unresolved"
        marks.append(Mark(time.span.start, time.span.end, "time", label=value,
                          title=f"time ({time.grain.value}): {value}"))  # fmt: skip
    return marks


def speaker_href(speaker_id: int | None) -> str | None:
    return None if speaker_id is None else f"/speakers/{speaker_id}"


def _one_statement(hit: Hit, statement: Statement) -> list[Mark]:
    who = statement.speaker.name or (statement.speaker.mention.text
                                     if statement.speaker.mention else "unattributed")  # fmt: skip
    content = statement.content
    title = f"{statement.kind.value} statement by {who}"
    if statement.cue_lemma:
        title += f" ({statement.cue_lemma})"
    found = [
        Mark(content.start, content.end, "statement", label=who,
             href=speaker_href(hit.speaker_id), anchor=f"s-{hit.statement_id}", title=title,
             css=f"kind-{statement.kind.value}"),
    ]  # fmt: skip
    found += [Mark(q.start, q.end, "quoted", title="quoted words") for q in statement.quoted]
    if statement.cue is not None:
        found.append(Mark(statement.cue.start, statement.cue.end, "cue", title="cue"))
    mention = statement.speaker.mention
    if mention is not None:
        found.append(Mark(mention.start, mention.end, "mention", href=speaker_href(hit.speaker_id),
                          title=f"speaker: {who}"))  # fmt: skip
    return found
