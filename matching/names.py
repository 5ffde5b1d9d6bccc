"""Find organisations named in a request by name, alias, slug or acronym.

A request that names an organisation ("with UNHCR", "Norwegian Refugee Council",
"NRC") is strong evidence about who is involved, whatever language the rest is in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["NameIndex", "acronym", "normalise", "phrases"]

_NON_WORD = re.compile(r"[^a-z0-9]+")
_BRACKETED = re.compile(r"\(([^)]*)\)")
_MIN_CHARS = 3
_MAX_WORDS = 8


def normalise(text: str) -> str:
    """Lower case, accents stripped, every run of non-alphanumerics one space."""
    # Most names and texts are plain ASCII already: folding them would only cost time.
    folded = (
        text
        if text.isascii()
        else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    )
    return _NON_WORD.sub(" ", folded.lower()).strip()


def acronym(name: str) -> str:
    """Initials of the significant words: "Norwegian Refugee Council" -> "nrc"."""
    words = [
        w
        for w in normalise(_BRACKETED.sub(" ", name)).split()
        if w not in {"of", "for", "the", "and", "de", "la", "du", "des", "et", "y", "el"}
    ]
    return "".join(w[0] for w in words) if len(words) >= 3 else ""


def phrases(name: str, aliases: Iterable[str] = ()) -> set[str]:
    """Every normalised way of writing an organisation worth looking for in a text."""
    found: set[str] = set()
    for raw in (name, *aliases):
        found.add(normalise(raw))
        found.add(normalise(_BRACKETED.sub(" ", raw)))
        found.update(normalise(inner) for inner in _BRACKETED.findall(raw))
        found.add(acronym(raw))
    # Too short or a plain English word: it would be "found" in any text.
    return {
        p
        for p in found
        if len(p) >= _MIN_CHARS and p not in ENGLISH_STOP_WORDS and len(p.split()) <= _MAX_WORDS
    }


class NameIndex:
    """Phrase -> organisation lookup over the n-grams of a normalised text."""

    def __init__(self, names: Sequence[tuple[str, Iterable[str]]]) -> None:
        self.size = len(names)
        self.owners: dict[str, list[int]] = {}
        for position, (name, aliases) in enumerate(names):
            for phrase in phrases(name, aliases):
                self.owners.setdefault(phrase, []).append(position)
        # Lengths of the phrases starting with each word: most words start none.
        self.lengths: dict[str, set[int]] = {}
        for phrase in self.owners:
            words = phrase.split()
            self.lengths.setdefault(words[0], set()).add(len(words))

    def find(self, text: str) -> list[int]:
        """Positions of the organisations whose phrases occur in `text`."""
        words = normalise(text).split()
        found: set[int] = set()
        for start, word in enumerate(words):
            for length in self.lengths.get(word, ()):
                owners = self.owners.get(" ".join(words[start : start + length]))
                if owners:
                    found.update(owners)
        return sorted(found)

    def matrix(self, texts: Sequence[str]) -> sp.csr_matrix:
        """One row per text, 1 where an organisation is named."""
        rows = [self.find(t) for t in texts]
        indptr = np.cumsum([0, *(len(r) for r in rows)])
        indices = np.array([i for r in rows for i in r], dtype=np.int64)
        data = np.ones(len(indices), dtype=np.float32)
        return sp.csr_matrix((data, indices, indptr), shape=(len(texts), self.size))
