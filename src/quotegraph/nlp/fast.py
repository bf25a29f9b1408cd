"""Faster drop-in equivalents of two rule components of spaCy's English pipelines.

Profiling ``en_core_web_sm`` (issue 7) showed two pure-Python rule components taking about a
sixth of the pipeline's time: the ``attribute_ruler`` (a ``Matcher`` run over every token for
179 patterns that test one or two tokens' tag, lowercase form or dependency) and the rule
``lemmatizer`` (a cache that base forms bypass: every noun in the singular and every verb in
the infinitive is worked out again). Both are replaced here by components that give the
*same* token attributes:

* :class:`IndexedAttributeRuler` holds the ruler's own patterns and normalised attributes,
  looks up each token's candidate patterns by its tag or lowercase form, tests them as the
  ``Matcher`` would (exact values, ``IN``, ``NOT_IN``, ``REGEX``), then applies the matches in
  the ruler's order (later patterns win) with spaCy's own ``set_token_attrs``;
* :class:`MemoLemmatizer` calls the stock lemmatizer once per ``(form, POS, morphology)``, of
  which its result is a function, and remembers the answer (bounded).

:func:`speed_up` swaps them in when the pipeline's components are the stock ones and every
pattern is of a kind the index supports; otherwise the pipeline is left as it is. The test
``tests/test_issue7_fast_components.py`` compares every token attribute with the stock
pipeline's on real articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc

RULER, LEMMATIZER = "quotegraph_attribute_ruler", "quotegraph_lemmatizer"
MEMO_SIZE = 500_000  # lemmas remembered before the memo starts afresh
_COLUMNS: dict[str, int | str] = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
Row = tuple[int, ...]  # a token's values of the tested attributes, in _COLUMNS order
Test = Callable[[Row], bool]


class Unsupported(ValueError):
    """A pattern the index cannot test exactly as the Matcher would."""


def _test(strings: StringStore, key: str, value: Any) -> Test:
    """A token test on a :data:`Row`: exact values, IN, NOT_IN, REGEX, as the Matcher has them."""
    if key not in _COLUMNS:
        raise Unsupported(key)
    col = list(_COLUMNS).index(key)
    if isinstance(value, bool):
        return lambda row: bool(row[col]) is value
    if isinstance(value, str):
        wanted = strings.add(value)
        return lambda row: row[col] == wanted
    if not isinstance(value, dict) or len(value) != 1:
        raise Unsupported(f"{key}: {value!r}")
    ((op, arg),) = value.items()
    if op in ("IN", "NOT_IN"):
        hashes = frozenset(strings.add(v) for v in arg)
        return (lambda row: row[col] in hashes) if op == "IN" else (
            lambda row: row[col] not in hashes
        )  # fmt: skip
    if op == "REGEX":
        search = re.compile(arg).search
        return lambda row: bool(search(strings[row[col]]))
    raise Unsupported(op)


@dataclass(frozen=True, slots=True)
class _Pattern:
    attr_id: int  # the ruler's order: matches are applied by it, later ones win
    tokens: tuple[tuple[Test, ...], ...]  # tests of each token of the pattern
    index: int  # which token of the match gets the attributes (may be negative)

    def target(self, rows: list[Row], start: int) -> int | None:
        """The token the attributes go to when the pattern matches at ``start``."""
        end = start + len(self.tokens)
        if end > len(rows):
            return None
        for i, tests in enumerate(self.tokens):
            row = rows[start + i]
            if not all(t(row) for t in tests):
                return None
        return start + self.index if self.index >= 0 else end + self.index


def _keys(strings: StringStore, first: dict[str, Any]) -> tuple[str, list[int]] | None:
    """The index a pattern's first token is filed under: its exact form(s) or tag(s)."""
    for key in ("LOWER", "TAG"):  # the form is the more selective
        value = first.get(key)
        if isinstance(value, str):
            return key, [strings.add(value)]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return key, [strings.add(v) for v in value["IN"]]
    return None


class IndexedAttributeRuler:
    """The ``attribute_ruler``'s patterns, found through an index instead of a Matcher, on
    arrays of token attributes (creating a Python object per token is the costly part)."""

    def __init__(self) -> None:
        self._by: dict[str, dict[int, list[_Pattern]]] = {"LOWER": {}, "TAG": {}}
        self._always: list[_Pattern] = []
        self._attrs: list[dict[int, int]] = []
        self._set: list[int | str] = []  # the attributes the patterns set, as from_array columns

    def compile(self, ruler: AttributeRuler) -> None:
        """Take over ``ruler``'s patterns (raises :class:`Unsupported` for any it cannot)."""
        strings = ruler.vocab.strings
        attrs: list[dict[Any, Any]] = [dict(a) for a in ruler.attrs]
        if any(not isinstance(k, int) for a in attrs for k in a):
            raise Unsupported("extension attributes")
        self._attrs = attrs
        self._set = sorted({k for a in self._attrs for k in a})
        entries: list[Any] = list(ruler.patterns)
        for attr_id, entry in enumerate(entries):
            for alternative in entry["patterns"]:
                tests = tuple(
                    tuple(_test(strings, k, v) for k, v in tok.items()) for tok in alternative
                )
                pattern = _Pattern(attr_id, tests, int(entry["index"]))
                filed = _keys(strings, alternative[0])
                if filed is None:
                    self._always.append(pattern)
                    continue
                col, values = filed
                for value in values:
                    self._by[col].setdefault(value, []).append(pattern)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows: list[Row] = [tuple(r) for r in doc.to_array([*_COLUMNS.values()]).tolist()]
        by_lower, by_tag, always = self._by["LOWER"], self._by["TAG"], self._always
        found: set[tuple[int, int, int]] = set()  # attr_id, start, target
        for start, (tag, lower, _, _) in enumerate(rows):
            for pattern in (*by_lower.get(lower, ()), *by_tag.get(tag, ()), *always):
                target = pattern.target(rows, start)
                if target is not None:
                    found.add((pattern.attr_id, start, target))
        if not found:
            return doc
        # as the ruler does: matches found on the unchanged doc, then set in the ruler's
        # order (a later pattern overrides an earlier one on the same token)
        column = {attr: i for i, attr in enumerate(self._set)}
        values = doc.to_array(self._set).tolist()
        for attr_id, _, target in sorted(found):
            row = values[target]
            for attr, value in self._attrs[attr_id].items():
                row[column[attr]] = value
        doc.from_array(self._set, numpy.array(values, dtype=numpy.uint64))  # type: ignore[arg-type]
        return doc


class MemoLemmatizer:
    """The stock rule lemmatizer, called once per (form, POS, morphology)."""

    def __init__(self) -> None:
        self._inner: Lemmatizer | None = None
        self._memo: dict[tuple[int, int, int], int] = {}

    def wrap(self, inner: Lemmatizer) -> None:
        self._inner = inner

    def __call__(self, doc: Doc) -> Doc:
        inner, memo, strings = self._inner, self._memo, doc.vocab.strings
        assert inner is not None, "MemoLemmatizer used before wrap()"
        if len(memo) > MEMO_SIZE:
            memo.clear()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])  # no Token objects: they cost most
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:  # set by the attribute ruler: kept, as the stock one keeps it
                continue
            found = memo.get((orth, pos, morph))
            if found is None:
                found = memo[orth, pos, morph] = strings.add(inner.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@Language.factory(RULER)
def _make_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    return IndexedAttributeRuler()


@Language.factory(LEMMATIZER)
def _make_lemmatizer(nlp: Language, name: str) -> MemoLemmatizer:
    return MemoLemmatizer()


def speed_up(nlp: Language) -> list[str]:
    """Swap in the faster equivalents where the stock components are used; returns the names
    of the components replaced."""
    replaced = []
    stock = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    if type(stock) is AttributeRuler and _compiles(stock):
        nlp.replace_pipe("attribute_ruler", RULER)
        cast(IndexedAttributeRuler, nlp.get_pipe("attribute_ruler")).compile(stock)
        replaced.append("attribute_ruler")
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if (
        isinstance(lemmatizer, Lemmatizer)
        and lemmatizer.mode == "rule"
        and not lemmatizer.overwrite
    ):
        nlp.replace_pipe("lemmatizer", LEMMATIZER)
        cast(MemoLemmatizer, nlp.get_pipe("lemmatizer")).wrap(lemmatizer)
        replaced.append("lemmatizer")
    return replaced


def _compiles(ruler: AttributeRuler) -> bool:
    try:
        IndexedAttributeRuler().compile(ruler)
    except Unsupported:
        return False
    return True
