"""The cast of an article: the people and organisations it names, with titles and positions.

People come from the NER (``PERSON``) with titles and stray words stripped from the name
("Ayatollah Ali Khamenei" -> Ali Khamenei; "Ambassador to Havana Viktor Koronelli" -> Viktor
Koronelli; "Russian Presidential Spokesman Dmitry Peskov" -> Dmitry Peskov, title "Russian
Presidential Spokesman"). A surname resolves to the fullest name sharing it. Organisations keep
their fullest name, so "Foreign Ministry" and "the ministry" both find "Russian Foreign Ministry".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.tokens import Span, Token

from .lexicon import ROLE_NOUNS
from .parse import Parsed

TITLE_WORDS = ROLE_NOUNS | frozenset(
    """mr mrs ms miss dr prof sir lord lady rev sen rep gov gen col lt maj capt adm cmdr sgt
    ayatollah sheikh imam rabbi pope cardinal archbishop bishop patriarch presidential vice
    ministerial spokesman spokeswoman aide adviser advisor chairman chairwoman princess
    emperor foreign defense defence national special first former acting interim
    secretary-general""".split()
)
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_PLACE_PREPS = {"to", "of", "in", "from", "at"}


@dataclass
class Person:
    name: str
    title: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    person: Person
    subject: bool


@dataclass
class Cast:
    """People and organisations an article mentions, by position."""

    text: str = ""
    people: list[Person] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    orgs: list[tuple[int, str]] = field(default_factory=list)

    def by_name(self, name: str) -> Person | None:
        """The person a name or surname refers to: the fullest name that fits."""
        words = name_words(name)
        if not words:
            return None
        matches = [p for p in self.people if _same_person(words, name_words(p.name))]
        return max(matches, key=lambda p: len(p.name), default=None)

    def full_name(self, surname: str) -> str | None:
        """'Ushakov' -> 'Yury Ushakov' when the text writes the full name somewhere."""
        if " " in surname.strip() or not surname[:1].isupper():
            return None
        pattern = rf"\b([A-Z][\w’'-]+) {re.escape(surname.strip())}\b"
        for m in re.finditer(pattern, self.text):
            if m.group(1).lower().rstrip(".") not in TITLE_WORDS:
                return m.group(0)
        return None

    def last_person_before(
        self, offset: int, *, subject_only: bool = False, outside: Sequence[tuple[int, int]] = ()
    ) -> Mention | None:
        """The last person mentioned before ``offset``, optionally only as a subject and only
        outside the given spans (quotes: a name a speaker quotes is no antecedent outside)."""
        before = [
            m
            for m in self.mentions
            if m.start < offset
            and (m.subject or not subject_only)
            and not any(a <= m.start < b for a, b in outside)
        ]
        return before[-1] if before else None

    def org_named(self, mention: str, head_lemma: str, offset: int) -> str | None:
        """Fullest organisation name for 'Foreign Ministry' (suffix) or 'the ministry' (head:
        the organisation of that kind named last before the mention)."""
        words = " ".join(name_words(mention))
        if len(words.split()) == 1:
            same_head = [(pos, n) for pos, n in self.orgs if name_words(n)[-1:] == [head_lemma]]
            before = [n for pos, n in same_head if pos < offset] or [n for _, n in same_head]
            if not before:
                return None
            words = " ".join(name_words(before[-1]))
        fuller = [n for _, n in self.orgs if " ".join(name_words(n)).endswith(words)]
        return max(fuller, key=len, default=None)

    def written_fuller(self, name: str) -> str | None:
        """'press office' -> 'Kremlin press office' when the text writes it so somewhere."""
        if not name or not name[0].islower():
            return None
        pattern = rf"\b((?:[A-Z][\w’'-]+ )+){re.escape(name)}\b"
        found = [m.group(0) for m in re.finditer(pattern, self.text)]
        return max(found, key=len) if found else None

    def salient_org(self) -> str | None:
        """The organisation the article names most often (its fullest name)."""
        counts: dict[str, int] = {}
        for _, name in self.orgs:
            key = max((n for _, n in self.orgs if _ends_with(n, name)), key=len)
            counts[key] = counts.get(key, 0) + 1
        return max(counts, key=lambda k: counts[k], default=None)

    def fuzzy(self, surname: str) -> Person | None:
        """A person whose surname is spelt nearly the same ('Koronolli' for 'Koronelli')."""
        word = surname.lower().strip()
        if " " in word or len(word) < 5:
            return None
        scored = [(fuzz.ratio(word, name_words(p.name)[-1]), p) for p in self.people if p.name]
        best = max(scored, key=lambda s: s[0], default=None)
        return best[1] if best is not None and best[0] >= 85 else None


def _ends_with(full: str, part: str) -> bool:
    return " ".join(name_words(full)).endswith(" ".join(name_words(part)))


def name_words(name: str) -> list[str]:
    return [w.lower().strip(".,’'") for w in name.replace("’s", "").split() if w[:1].isalpha()]


def _same_person(words: list[str], full: list[str]) -> bool:
    """'Mezentsev' or 'Dmitry Mezentsev' names 'Dmitry Mezentsev'; 'Dmitry' alone does not."""
    if words == full:
        return True
    if len(words) == 1:
        return bool(full) and words[0] == full[-1]
    return len(words) < len(full) and words[-1] == full[-1] and words[0] == full[0]


def strip_the(text: str) -> str:
    text = text.strip()
    while text.lower().startswith("the "):  # also a doubled 'the the' typo
        text = text[4:].lstrip()
    return text


def collect_cast(text: str, sections: Sequence[Parsed]) -> Cast:
    cast = Cast(text=text)
    ents = [(s, e) for s in sections for e in s.doc.ents]
    for parsed, ent in sorted(ents, key=lambda x: (len(x[1]) < 2, x[0].start + x[1].start_char)):
        if ent.label_ == "PERSON":
            _add_person(cast, parsed, ent)
        elif ent.label_ == "ORG":
            cast.orgs.append((parsed.start + ent.start_char, _org_name(ent)))
    cast.mentions.sort(key=lambda m: m.start)
    cast.orgs.sort()
    return cast


# Generic media nouns after an outlet's name: 'Postimees newspaper' is Postimees.
_MEDIA_NOUNS = frozenset(
    "newspaper daily weekly magazine website portal channel broadcaster outlet tabloid".split()
)


def org_name(name: str) -> str:
    """An organisation's name as a speaker: without 'the' and a trailing media noun."""
    name = strip_the(name)
    words = name.split()
    if len(words) > 1 and words[-1].lower() in _MEDIA_NOUNS and words[-2][:1].isupper():
        return " ".join(words[:-1])
    return name


def _org_name(ent: Span) -> str:
    """The organisation with an adjoining nationality: 'Russian' + 'Foreign Ministry'."""
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.ent_type_ in {"NORP", "GPE"} and prev.tag_ in {"JJ", "NNP"}:
        return strip_the(ent.doc[prev.i : ent.end].text)
    return strip_the(ent.text)


def person_name(ent: Span) -> str:
    """The name inside a PERSON entity as written ('Kim Byung-kee'), or '' if all title."""
    toks = person_tokens(ent)
    return ent.doc[toks[0].i : toks[-1].i + 1].text if toks else ""


def person_tokens(ent: Span) -> list[Token]:
    """The name inside a PERSON entity: titles, demonyms and a leading place dropped."""
    toks = [t for t in ent if t.text not in {"’s", "'s"} and not t.is_punct]
    if not toks or toks[-1].lower_.rstrip(".") in TITLE_WORDS:
        return []
    start = 0
    for i, tok in enumerate(toks[:-1]):
        if tok.lower_.rstrip(".") in TITLE_WORDS or tok.tag_ == "JJ":
            start = i + 1
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if len(toks) - start >= 3 and before in _PLACE_PREPS:
        start += 1  # "Ambassador to Havana Viktor Koronelli"
    return toks[start:]


def _add_person(cast: Cast, parsed: Parsed, ent: Span) -> None:
    toks = person_tokens(ent)
    name = person_name(ent)
    if not name_words(name):
        return
    if len(toks) == 1:
        name = cast.full_name(name) or name  # NER caught only 'Ushakov' of 'Yury Ushakov'
    person = cast.by_name(name) or (cast.fuzzy(name) if len(toks) == 1 else None)
    if person is None:  # a misspelt surname ('Koronolli') joins the person it names
        person = Person(name=name)
        cast.people.append(person)
    if person.title is None:
        person.title, person.affiliation = _title_of(ent, toks)
    subject = ent.root.dep_ in _SUBJECT_DEPS or (
        ent.root.dep_ == "appos" and ent.root.head.dep_ in _SUBJECT_DEPS
    )
    cast.mentions.append(Mention(parsed.start + ent.start_char, person, subject))


def _title_of(ent: Span, name: list[Token]) -> tuple[str | None, str | None]:
    """The title the article gives a person: an apposition ('X, state secretary of Y'), the noun
    the name is apposed to ('Y's State Secretary, X') or the words before the name ('Russian
    President X')."""
    head = ent.root
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ != "PERSON":
            return _title_and_affiliation(child.subtree)
    noun = head.head
    if head.dep_ == "appos" and noun.ent_type_ != "PERSON" and noun.pos_ in {"NOUN", "PROPN"}:
        return _title_and_affiliation(t for t in noun.subtree if t.i < head.i and t.i <= noun.i)
    inside = [t for t in ent if name and t.i < name[0].i and not t.is_punct]
    return _title_and_affiliation(_words_before(ent) + inside)


def _words_before(ent: Span) -> list[Token]:
    """'Russian President' before 'Vladimir Putin': the modifiers that run up to the name."""
    out: list[Token] = []
    i = ent.start - 1
    while i >= 0 and len(out) < 5:
        tok = ent.doc[i]
        if tok.is_punct or tok.pos_ in {"DET", "ADP", "VERB", "AUX"} or tok.ent_type_ == "PERSON":
            break
        if tok.dep_ not in {"compound", "amod", "nmod", "poss", "case"}:
            break
        out.insert(0, tok)
        i -= 1
    return out


def _title_and_affiliation(tokens: Iterable[Token]) -> tuple[str | None, str | None]:
    """Title text and the organisation or country in it. A possessive splits them: 'the Union
    State's State Secretary' is the title 'State Secretary' of the 'Union State'."""
    toks = sorted(
        (t for t in tokens if t.dep_ != "punct" or t.text in {"’s", "'s"}), key=lambda t: t.i
    )
    if not toks:
        return None, None
    doc = toks[0].doc
    possessive = next((t for t in toks if t.text in {"’s", "'s"}), None)
    if possessive is not None and toks[0].i < possessive.i < toks[-1].i:
        owner = strip_the(doc[toks[0].i : possessive.i].text.strip(" ,"))
        return doc[possessive.i + 1 : toks[-1].i + 1].text.strip(" ,") or None, owner or None
    text = strip_the(doc[toks[0].i : toks[-1].i + 1].text.strip(" ,"))
    aff = next(
        (
            e.text
            for e in doc.ents
            if e.label_ in {"ORG", "GPE", "NORP"}
            and toks[0].i <= e.start <= e.end <= toks[-1].i + 1
        ),
        None,
    )
    return (text or None), (strip_the(aff) if aff else None)
