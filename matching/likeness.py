"""Pairs of organisation names that may be one organisation, with a confidence.

Names are compared as sets of words weighted by rarity: "Danish Refugee Council" and
"Danish Refugee Council - Kenya" share their rare words, "Danish Refugee Council" and
"Norwegian Refugee Council" only common ones. Legal forms ("e.V.", "Ltd") and a few
spellings of countries ("United Kingdom" / "UK") are set aside first. Only pairs that
share a rare word are ever compared, so the cost grows with the names, not their square.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations

from matching.names import normalise

__all__ = ["similar_names"]

_IGNORED = frozenset((
    "the", "of", "for", "and", "de", "la", "le", "les", "du", "des", "et", "y", "el", "e", "v",
    "ev", "ltd", "limited", "inc", "gmbh", "ggmbh", "plc", "llc", "asbl", "vzw", "sa", "ag",
))  # fmt: skip
_SAME_PLACE = {"united kingdom": "uk", "united states": "usa", "us": "usa", "u s": "usa"}
_COMMON = 50
"""Words in more names than this start no comparison (but still count in the score)."""


def _words(name: str) -> frozenset[str]:
    text = f" {normalise(name)} "
    for spelling, canonical in _SAME_PLACE.items():
        text = text.replace(f" {spelling} ", f" {canonical} ")
    return frozenset(w for w in text.split() if w not in _IGNORED)


def similar_names(
    names: Sequence[Sequence[str]], threshold: float = 0.6
) -> list[tuple[int, int, float]]:
    """(i, j, confidence) for organisations i < j whose best pair of names is alike.

    `names[i]` holds every spelling organisation i is known by. The confidence is the
    mean of two rarity-weighted overlaps: of the smaller name (is one contained in the
    other?) and of both (do they differ only a little?).
    """
    spellings = [[w for w in map(_words, group) if w] for group in names]
    documents: dict[str, int] = {}
    for group in spellings:
        for word in set().union(*group) if group else ():
            documents[word] = documents.get(word, 0) + 1
    total = max(len(spellings), 1)
    weight = {w: math.log(1 + total / n) for w, n in documents.items()}
    postings: dict[str, set[int]] = {}
    for owner, group in enumerate(spellings):
        for word in set().union(*group) if group else ():
            if documents[word] <= _COMMON:
                postings.setdefault(word, set()).add(owner)
    pairs: set[tuple[int, int]] = set()
    for owners in postings.values():
        pairs.update(combinations(sorted(owners), 2))
    found = []
    for i, j in sorted(pairs):
        best = max(_alike(a, b, weight) for a in spellings[i] for b in spellings[j])
        if best >= threshold:
            found.append((i, j, round(best, 3)))
    return found


def _alike(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> float:
    def mass(words: frozenset[str]) -> float:
        return sum(weight[w] for w in words)

    shared = mass(a & b)
    if shared == 0:
        return 0.0
    return (shared / min(mass(a), mass(b)) + shared / mass(a | b)) / 2
