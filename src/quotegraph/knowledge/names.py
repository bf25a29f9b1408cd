"""Name keys for cross-article resolution.

People: lower case, accents and titles dropped, transliteration variants folded ("Sergey" /
"Sergei", "Dmitry" / "Dmitri", "Alexey" / "Alexei"), hyphens and the Arabic article dropped
("Kim Jong-un" / "Kim Jong Un", "al-Assad" / "Assad"); a generational suffix ("Jr.") stays
part of the surname. Organisations: "Russia's foreign ministry" and "the Russian Ministry of
Foreign Affairs" both become ``russian foreign ministry``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

HONORIFICS = frozenset(
    """mr mrs ms miss dr prof sir lord lady president minister senator sen rep gov governor
    general gen chancellor premier king queen prince princess pope sheikh ayatollah
    secretary ambassador judge mayor""".split()
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
DEMONYMS = {
    "russia": "russian", "ukraine": "ukrainian", "china": "chinese", "japan": "japanese",
    "france": "french", "germany": "german", "britain": "british", "uk": "british",
    "us": "american", "usa": "american", "america": "american", "united states": "american",
    "iran": "iranian", "turkey": "turkish", "syria": "syrian", "afghanistan": "afghan",
    "hungary": "hungarian", "korea": "korean", "south korea": "korean",
    "north korea": "north korean", "belarus": "belarusian", "israel": "israeli",
    "india": "indian", "italy": "italian", "spain": "spanish", "poland": "polish",
    "egypt": "egyptian", "iraq": "iraqi", "pakistan": "pakistani", "kazakhstan": "kazakh",
    "serbia": "serbian", "georgia": "georgian", "armenia": "armenian", "moldova": "moldovan",
    "azerbaijan": "azerbaijani", "cuba": "cuban", "venezuela": "venezuelan",
    "mexico": "mexican", "canada": "canadian", "australia": "australian",
}  # fmt: skip
_OF_PHRASES = (
    (r"\bu\.s\.(?:a\.)?", "us"),
    (r"\bunited nations\b", "un"),
    (r"\bbank of (\w+)", r"\1 central bank"),
    (r"ministry of foreign affairs", "foreign ministry"),
    (r"ministry of defen[cs]e", "defense ministry"),
    (r"ministry of (?:the )?interior", "interior ministry"),
    (r"ministry of justice", "justice ministry"),
    (r"ministry of finance", "finance ministry"),
    (r"defence", "defense"),
    (r"organisation", "organization"),
)
_FOLDS = (("kh", "h"), ("ey", "ei"), ("iy", "i"), ("yi", "i"), ("y", "i"), ("ii", "i"), ("j", "i"))


def ascii_lower(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _tokens(name: str) -> list[str]:
    text = ascii_lower(name).replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return [t for t in re.split(r"[^a-z0-9.]+", text) if t.strip(".")]


def fold(token: str) -> str:
    """One spelling for transliteration variants of a name word."""
    token = token.strip(".")
    for a, b in _FOLDS:
        token = token.replace(a, b)
    return token


@dataclass(frozen=True, slots=True)
class PersonKey:
    first: str | None  # folded first name (None for a bare surname)
    initials: tuple[str, ...]  # middle initials ("w" of George W. Bush)
    surname: str  # folded, with "al-" dropped and any "jr" kept

    @property
    def full(self) -> str:
        return f"{self.first or ''} {self.surname}".strip()


_NOT_NAME_LEAD = frozenset({"state", "reuters", "cnn", "bbc", "tass", "ap", "afp"})


def _lead_words(name: str) -> str:
    """'US Sergey Kislyak', 'State Rex Tillerson': leading country, acronym or outlet words
    that the NER ran into a name are dropped."""
    words = name.split()
    while len(words) > 1 and (
        (words[0].replace(".", "").isupper() and len(words[0].replace(".", "")) <= 4)
        or ascii_lower(words[0]) in _NOT_NAME_LEAD
        or ascii_lower(words[0]) in DEMONYMS
        or ascii_lower(words[0]) in DEMONYMS.values()
    ):
        words = words[1:]
    return " ".join(words)


def person_key(name: str) -> PersonKey | None:
    name = _lead_words(name)
    toks = [t for t in _tokens(name.replace("-", " ")) if t.strip(".") not in HONORIFICS]
    if toks and toks[0] == "al" and len(toks) > 1:
        toks = toks[1:]
    suffix = [t.strip(".") for t in toks if t.strip(".") in SUFFIXES]
    toks = [t for t in toks if t.strip(".") not in SUFFIXES]
    toks = [t for t in toks if t != "al"]
    if not toks:
        return None
    initials = tuple(t.replace(".", "") for t in toks[1:-1] if len(t.strip(".")) <= 2 or "." in t)
    middle = [t for t in toks[1:-1] if t.replace(".", "") not in initials]
    surname = " ".join(fold(t) for t in [toks[-1], *suffix])
    if len(toks) == 1:
        return PersonKey(None, (), surname)
    first = " ".join(fold(t) for t in [toks[0], *middle])
    return PersonKey(first, initials, surname)


_ORG_TAIL = re.compile(
    r"\s+(?:(?:of|on)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|speaker|chairman|chairwoman|spokesman|spokeswoman|head|chief|resolutions?.*)$"
)


def org_key(name: str) -> str:
    text = " ".join(_tokens(name))
    text = re.sub(r"^the ", "", text)
    text = _ORG_TAIL.sub("", text)
    for pattern, repl in _OF_PHRASES:
        text = re.sub(pattern, repl, text)
    for country in sorted(DEMONYMS, key=len, reverse=True):
        text = re.sub(rf"\b{country}\b", DEMONYMS[country], text)
    owner = re.fullmatch(r"(.+) of (\w+(?: \w+)?)", text)  # "foreign ministry of ukrainian"
    if owner and owner[2] in DEMONYMS.values():
        text = f"{owner[2]} {owner[1]}"
    return " ".join(text.replace("the ", "").split())


def abbreviates(short: str, name: str) -> bool:
    """'FBI' for 'Federal Bureau of Investigation', 'RUSADA' for 'Russian Anti-Doping
    Agency': the letters are the starts (1-3 letters) of the capitalised words, in order."""
    words = [w.lower() for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    letters = short.lower()
    if len(words) < 2 or not letters.isalpha():
        return False

    def fits(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(letters)
        return any(
            letters[i : i + n] == words[j][:n] and fits(i + n, j + 1)
            for n in (1, 2, 3)
            if i + n <= len(letters)
        )

    return fits(0, 0)
