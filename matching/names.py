"""Find organisations named in a request by name, alias, slug or acronym.

A request that names an organisation ("with UNHCR", "Norwegian Refugee Council",
"NRC") is strong evidence about who is involved, whatever language the rest is in.
An acronym counts only where it is written in capitals, and one that is also a
function word of the hub's languages ("las", "les") not in a text written all in
capitals: "las personas" does not name the League of Arab States (LAS).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from matching.stopwords import STOP_WORDS

__all__ = ["NameIndex", "acronym", "acronyms", "normalise", "phrases"]

_NON_WORD = re.compile(r"[^a-z0-9]+")
_NON_WORD_CASED = re.compile(r"[^A-Za-z0-9]+")
_FUNCTION_WORDS = frozenset(STOP_WORDS)
_SHOUTING = 0.6
"""Share of words in capitals above which a text is written all in capitals."""
_BRACKETED = re.compile(r"\(([^)]*)\)")
_MIN_CHARS = 3
_MAX_WORDS = 8


def _fold(text: str) -> str:
    # Most names and texts are plain ASCII already: folding them would only cost time.
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def normalise(text: str) -> str:
    """Lower case, accents stripped, every run of non-alphanumerics one space."""
    return _NON_WORD.sub(" ", _fold(text).lower()).strip()


def _words(text: str) -> list[str]:
    """The words of `normalise(text)`, in their own case."""
    return [w for w in _NON_WORD_CASED.split(_fold(text)) if w]


def acronym(name: str) -> str:
    """Initials of the significant words: "Norwegian Refugee Council" -> "nrc"."""
    words = [
        w
        for w in normalise(_BRACKETED.sub(" ", name)).split()
        if w not in {"of", "for", "the", "and", "de", "la", "du", "des", "et", "y", "el"}
    ]
    return "".join(w[0] for w in words) if len(words) >= 3 else ""


def _kept(phrase: str) -> bool:
    # Too short or a plain English word: it would be "found" in any text.
    return (
        len(phrase) >= _MIN_CHARS
        and phrase not in ENGLISH_STOP_WORDS
        and len(phrase.split()) <= _MAX_WORDS
    )


def _capitals(raw: str) -> bool:
    """Written like an acronym: one word, every letter a capital ("IRRI", "OIM")."""
    words = _words(raw)
    return len(words) == 1 and words[0].isupper()


def acronyms(name: str, aliases: Iterable[str] = ()) -> set[str]:
    """The phrases of `phrases` that count only where a text writes them in capitals:
    initials, spellings written as acronyms, and single function words."""
    return _spellings(name, aliases)[1]


def phrases(name: str, aliases: Iterable[str] = ()) -> set[str]:
    """Every normalised way of writing an organisation worth looking for in a text."""
    return _spellings(name, aliases)[0]


def _spellings(name: str, aliases: Iterable[str]) -> tuple[set[str], set[str]]:
    """`phrases` and `acronyms` together, each spelling read once: an index builds both
    for every organisation it knows (100k at scale)."""
    written: set[str] = set()
    shouted: set[str] = set()
    for raw in (name, *aliases):
        inner = _BRACKETED.findall(raw)
        initials = acronym(raw)
        written.update((normalise(raw), normalise(_BRACKETED.sub(" ", raw)), initials))
        written.update(normalise(s) for s in inner)
        shouted.add(initials)
        shouted.update(normalise(s) for s in (raw, *inner) if _capitals(s))
    shouted.update(p for p in written if p in _FUNCTION_WORDS)
    return {p for p in written if _kept(p)}, {p for p in shouted if _kept(p)}


class NameIndex:
    """Phrase -> organisation lookup over the n-grams of a normalised text."""

    def __init__(self, names: Sequence[tuple[str, Iterable[str]]]) -> None:
        self.size = len(names)
        self.owners: dict[str, list[int]] = {}
        # Phrases that some organisation writes as an acronym, with those organisations.
        self.shouted: dict[str, set[int]] = {}
        for position, (name, aliases) in enumerate(names):
            written, shouted = _spellings(name, aliases)
            for phrase in written:
                self.owners.setdefault(phrase, []).append(position)
            for phrase in shouted:
                self.shouted.setdefault(phrase, set()).add(position)
        # Lengths of the phrases starting with each word: most words start none.
        self.lengths: dict[str, set[int]] = {}
        for phrase in self.owners:
            words = phrase.split()
            self.lengths.setdefault(words[0], set()).add(len(words))

    def find(self, text: str) -> list[int]:
        """Positions of the organisations whose phrases occur in `text`."""
        cased = _words(text)
        words = [w.lower() for w in cased]
        found: set[int] = set()
        shouting: bool | None = None
        for start, word in enumerate(words):
            for length in self.lengths.get(word, ()):
                phrase = " ".join(words[start : start + length])
                owners = self.owners.get(phrase)
                if not owners:
                    continue
                loud = self.shouted.get(phrase) if length == 1 else None
                if loud and not cased[start].isupper():
                    owners = [o for o in owners if o not in loud]
                elif loud and word in _FUNCTION_WORDS:
                    if shouting is None:
                        letters = [w for w in cased if w.isalpha()]
                        shouting = sum(w.isupper() for w in letters) > _SHOUTING * len(letters)
                    if shouting:
                        owners = [o for o in owners if o not in loud]
                found.update(owners)
        return sorted(found)

    def matrix(self, texts: Sequence[str]) -> sp.csr_matrix:
        """One row per text, 1 where an organisation is named."""
        rows = [self.find(t) for t in texts]
        indptr = np.cumsum([0, *(len(r) for r in rows)])
        indices = np.array([i for r in rows for i in r], dtype=np.int64)
        data = np.ones(len(indices), dtype=np.float32)
        return sp.csr_matrix((data, indices, indptr), shape=(len(texts), self.size))
