"""Name keys for cross-article resolution.

People: lower case, accents and titles dropped, transliteration variants folded ("Sergey" /
"Sergei", "Dmitry" / "Dmitri", "Alexey" / "Alexei"), hyphens and the Arabic article dropped
("Kim Jong-un" / "Kim Jong Un", "al-Assad" / "Assad"), double letters single ("Mohammed" /
"Mohamed"); a generational suffix ("Jr.") stays part of the surname, and so does a particle
("Le Pen", "van Gogh"). Korean and Chinese names with a known family name first ("Park
Geun-hye", "Kim Jong Un", "Xi Jinping") key on that family name and keep the given name's
syllables unfolded ("Jong-suk" is not "Yong-suk"). A name ends at a comma ("Hua
Chunying,-China"). Organisations: "Russia's foreign ministry" and "the Russian Ministry of
Foreign Affairs" both become ``russian foreign ministry``; an outlet tag ("(CNN)The FBI") and
an unclosed parenthesis are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..nlp.lexicon import DEMONYMS

HONORIFICS = frozenset(
    """mr mrs ms miss dr prof sir lord lady president minister senator sen rep gov governor
    general gen chancellor premier king queen prince princess pope sheikh ayatollah
    secretary ambassador judge mayor""".split()
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PARTICLES = frozenset("le la de du des da di del der den van von ter bin ibn".split())  # "Le Pen"
# Family names written first (Korean, Chinese): "Park Geun-hye", "Kim Jong Un", "Xi Jinping".
KOREAN_SURNAMES = frozenset(
    """kim lee park choi jung kang cho yoon jang lim han shin seo kwon hwang ahn song hong moon
    ban""".split()
)
CHINESE_SURNAMES = frozenset(
    """xi li wang zhang liu chen yang zhao huang zhou wu xu sun zhu hu guo lin luo gao zheng
    liang xie tang feng deng cao peng zeng xiao tian dong pan yuan cai jiang du cheng wei
    hua qin yao geng lu ding ren shen fu""".split()
)
# Bodies whose bare name says their country ("the State Department" is the US one anywhere).
NATIONAL_BODIES = {
    "state department": "american", "pentagon": "american", "white house": "american",
    "kremlin": "russian", "state duma": "russian", "duma": "russian",
    "federation council": "russian", "bundestag": "german", "knesset": "israeli",
    "downing street": "british", "verkhovna rada": "ukrainian", "rada": "ukrainian",
    "elysee": "french", "elysee palace": "french", "quai d'orsay": "french",
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
_FOLDS = (
    ("kh", "h"), ("ks", "x"), ("ph", "f"), ("ey", "ei"), ("iy", "i"), ("yi", "i"), ("y", "i"),
    ("ii", "i"), ("j", "i"),
)  # fmt: skip
_DOUBLE = re.compile(r"(\w)\1+")  # "Mohammed" / "Mohamed"


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
    return _DOUBLE.sub(r"\1", token)


@dataclass(frozen=True, slots=True)
class PersonKey:
    first: str | None  # folded first name (None for a bare surname)
    initials: tuple[str, ...]  # middle initials ("w" of George W. Bush)
    surname: str  # folded, with "al-" dropped and any "jr" kept
    eastern: bool = False  # family name first; the given name unfolded ("Jong"/"Yong" differ)

    @property
    def full(self) -> str:
        return f"{self.first or ''} {self.surname}".strip()


_NOT_NAME_LEAD = frozenset({"state", "reuters", "cnn", "bbc", "tass", "ap", "afp"})


def strip_lead(name: str) -> str:
    """'US Sergey Kislyak', 'State Rex Tillerson': leading country, acronym or outlet words
    that the NER ran into a name are dropped."""
    words = name.split()
    two = ascii_lower(" ".join(words[:2]))
    if len(words) > 3 and (two in DEMONYMS or two in DEMONYMS.values()):
        words = words[2:]  # "United States Sergey Kislyak"
    while len(words) > 1 and (
        (words[0].replace(".", "").isupper() and len(words[0].replace(".", "")) <= 4)
        or ascii_lower(words[0]) in _NOT_NAME_LEAD
        or ascii_lower(words[0]) in DEMONYMS
        or ascii_lower(words[0]) in DEMONYMS.values()
    ):
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1 << 16)  # names recur across a store: keys are computed once each
def person_key(name: str) -> PersonKey | None:
    name = strip_lead(_before_comma(name))
    eastern = _eastern(name)
    if eastern is not None:
        return eastern
    toks = [t for t in _tokens(name.replace("-", " ")) if t.strip(".") not in HONORIFICS]
    if toks and toks[0] == "al" and len(toks) > 1:
        toks = toks[1:]
    suffix = [t.strip(".") for t in toks if t.strip(".") in SUFFIXES]
    toks = [t for t in toks if t.strip(".") not in SUFFIXES]
    toks = [t for t in toks if t != "al"]
    if not toks:
        return None
    toks = _join_particles(toks)
    initials = tuple(t.replace(".", "") for t in toks[1:-1] if len(t.strip(".")) <= 2 or "." in t)
    middle = [t for t in toks[1:-1] if t.replace(".", "") not in initials]
    surname = " ".join(fold(t) for t in [*toks[-1].split(), *suffix])
    if len(toks) == 1:
        return PersonKey(None, (), surname)
    first = " ".join(fold(t) for t in [toks[0], *middle])
    return PersonKey(first, initials, surname)


def _before_comma(name: str) -> str:
    """'Hua Chunying,-China': a name ends at a comma, unless a suffix follows ('King, Jr.')."""
    head, _, rest = name.partition(",")
    tail = ascii_lower(rest).strip(" .")
    return name if not rest or tail in SUFFIXES else head


def _join_particles(toks: list[str]) -> list[str]:
    """'marine le pen' -> ['marine', 'le pen']: a particle before the last word is part of the
    surname (and not a middle initial)."""
    i = len(toks) - 1
    while i > 0 and toks[i - 1] in PARTICLES:
        i -= 1
    if i == len(toks) - 1 or (i == 0 and len(toks) > 1 and toks[0] not in PARTICLES):
        return toks
    return [*toks[:i], " ".join(toks[i:])]


def _eastern(name: str) -> PersonKey | None:
    """'Park Geun-hye', 'Kim Jong Un', 'Xi Jinping': a known family name first and a given name
    of one hyphenated word, two short syllables, or (Chinese) one word."""
    words = [w for w in name.split() if ascii_lower(w).strip(".") not in HONORIFICS]
    if len(words) < 2 or len(words) > 3:
        return None
    family, given = ascii_lower(words[0]), [ascii_lower(w) for w in words[1:]]
    if not all(re.fullmatch(r"[a-z]+(?:-[a-z]+)?", g) for g in given):
        return None
    syllables = [s for g in given for s in g.split("-")]
    korean = family in KOREAN_SURNAMES and (
        (len(given) == 1 and "-" in given[0]) or (len(given) == 2 and
                                                  all(len(s) <= 4 for s in syllables))
    )  # fmt: skip
    chinese = family in CHINESE_SURNAMES and len(given) == 1 and len(syllables) <= 2
    if not (korean or chinese):
        return None
    return PersonKey(" ".join(syllables), (), family, eastern=True)


_ORG_TAIL = re.compile(
    r"\s+(?:(?:of|on)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|speaker|chairman|chairwoman|spokesman|spokeswoman|head|chief|resolutions?.*)$"
)


_OUTLET_TAG = re.compile(r"^\(?[A-Z]{2,}\)\s*")  # "(CNN)The FBI"


def clean_org_name(name: str) -> str:
    """The name without a leading outlet tag or article or an unclosed parenthesis:
    '(CNN)The FBI' -> 'FBI', 'Federal Bureau of Investigation (FBI' -> '... Investigation'."""
    name = re.sub(r"\s*\([^)]*$", "", _OUTLET_TAG.sub("", name.strip()))
    return re.sub(r"^(?:[Tt]he)\s+", "", name) or name


def national_body(key: str) -> str | None:
    """The country a body's bare name implies ('state department' -> 'american')."""
    return NATIONAL_BODIES.get(key)


@lru_cache(maxsize=1 << 16)
def org_key(name: str) -> str:
    text = " ".join(_tokens(clean_org_name(name)))
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
