"""The search query language, parsed once and rendered for each backend.

Syntax: words (all must occur), ``"exact phrases"``, ``word*`` / ``"a phrase"*`` prefixes,
``AND`` / ``OR`` / ``NOT`` (upper case, between two terms; ``a NOT b`` is "a but not b") and
parentheses. Typographic quotes count as ``"``. Anything else in a word (hyphens, colons,
apostrophes) is searched as written: ``Russia-Belarus`` is the phrase ``"Russia Belarus"``.

:func:`parse` checks the structure (balanced quotes and parentheses, operators with a term on
both sides) so that every backend reports the same :class:`QuerySyntaxError`;
:func:`to_fts5` renders for SQLite FTS5 and :func:`to_tsquery` for PostgreSQL's
``to_tsquery('quotegraph', ...)``: the same tree, the same precedence (NOT > AND > OR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from ..errors import QuerySyntaxError

OPERATORS = frozenset({"AND", "OR", "NOT"})
_TOKENS = re.compile(r'"[^"]*"\*?|\(|\)|[^\s()"]+|"')
_WORDY = re.compile(r"[^\W_]")
_SEPARATORS = re.compile(r"[\W_]+")  # FTS5's unicode61: a token is a run of letters or digits
_TSQUERY_OPERATORS = MappingProxyType({"AND": "&", "OR": "|", "NOT": "& !"})
_SMART_QUOTES = MappingProxyType(str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}))


class Kind(StrEnum):
    TERM = "term"
    PHRASE = "phrase"
    OPERATOR = "operator"
    OPEN = "("
    CLOSE = ")"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str  # the words, without quotes or the prefix star
    prefix: bool = False

    @property
    def starts_operand(self) -> bool:
        return self.kind in (Kind.TERM, Kind.PHRASE, Kind.OPEN)

    @property
    def ends_operand(self) -> bool:
        return self.kind in (Kind.TERM, Kind.PHRASE, Kind.CLOSE)


def parse(query: str) -> tuple[Token, ...]:
    """Tokens of ``query``; raises :class:`QuerySyntaxError` when it is malformed."""
    tokens = tuple(t for t in map(_token, _TOKENS.findall(query.translate(_SMART_QUOTES))) if t)
    if not any(t.kind in (Kind.TERM, Kind.PHRASE) for t in tokens):
        raise QuerySyntaxError(f"nothing to search for in {query!r}")
    _check_parentheses(tokens, query)
    _check_operators(tokens, query)
    return tokens


def _token(raw: str) -> Token | None:
    if raw == '"':
        raise QuerySyntaxError("unbalanced double quote in the query")
    if raw in ("(", ")"):
        return Token(Kind(raw), raw)
    if raw in OPERATORS:
        return Token(Kind.OPERATOR, raw)
    prefix = raw.endswith("*")
    body = raw.rstrip("*")
    if raw.startswith('"'):
        body = body[1:-1]
        if not _WORDY.search(body):
            raise QuerySyntaxError(f"empty phrase {raw!r} in the query")
        return Token(Kind.PHRASE, body.strip(), prefix)
    return Token(Kind.TERM, body, prefix) if _WORDY.search(body) else None


def _check_parentheses(tokens: tuple[Token, ...], query: str) -> None:
    depth = 0
    for token in tokens:
        depth += {Kind.OPEN: 1, Kind.CLOSE: -1}.get(token.kind, 0)
        if depth < 0:
            raise QuerySyntaxError(f"')' without a matching '(' in {query!r}")
    if depth:
        raise QuerySyntaxError(f"'(' without a matching ')' in {query!r}")


def _check_operators(tokens: tuple[Token, ...], query: str) -> None:
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.kind is Kind.OPERATOR and not (
            before and before.ends_operand and after and after.starts_operand
        ):
            raise QuerySyntaxError(
                f"{token.text} needs a term on both sides in {query!r}; to search for the "
                f'word itself, quote it: "{token.text.lower()}"'
            )
        if token.kind is Kind.OPEN and after and after.kind is Kind.CLOSE:
            raise QuerySyntaxError(f"empty parentheses in {query!r}")


def to_fts5(tokens: tuple[Token, ...]) -> str:
    """An FTS5 MATCH expression. Every term is a quoted string (no word is an operator) and
    the implicit AND is written out (FTS5 wants it before and after parentheses)."""
    out: list[str] = []
    for before, token in zip((None, *tokens), tokens, strict=False):
        if before is not None and before.ends_operand and token.starts_operand:
            out.append("AND")
        out.append(_fts5_token(token))
    return " ".join(out)


def _fts5_token(token: Token) -> str:
    if token.kind in (Kind.TERM, Kind.PHRASE):
        return f'"{token.text}"' + ("*" if token.prefix else "")
    return token.text


def to_tsquery(tokens: tuple[Token, ...]) -> str:
    """A PostgreSQL tsquery text, to be normalised by ``to_tsquery('quotegraph', ...)``.

    Words are split as FTS5's ``unicode61`` tokenizer splits them (a token is a run of letters
    or digits), each a quoted operand (so no word is an operator); the tokens of a term or
    phrase are joined by ``<->`` (followed by), a prefix is ``:*`` on the last one and
    ``a NOT b`` is ``a & ! b``. The indexed side matches: ``statements.content_tsv`` is built
    from the content with its punctuation blanked (``Russia-Belarus`` -> ``russia belarus``).
    """
    out: list[str] = []
    for before, token in zip((None, *tokens), tokens, strict=False):
        if before is not None and before.ends_operand and token.starts_operand:
            out.append("&")
        out.append(_tsquery_token(token))
    return " ".join(out)


def _tsquery_token(token: Token) -> str:
    if token.kind is Kind.OPERATOR:
        return _TSQUERY_OPERATORS[token.text]
    if token.kind in (Kind.OPEN, Kind.CLOSE):
        return token.text
    words = [f"'{w}'" for w in _SEPARATORS.split(token.text) if w]  # letters and digits only
    if token.prefix:
        words[-1] += ":*"
    return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"
