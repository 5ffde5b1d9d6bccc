"""Requests of two groups that complement each other, e.g. along a migration corridor.

Two open requests complement each other when they come from different states, one in
each group, and ask for support on at least one common GCM objective: the same need
seen from both ends, so one joint programme can serve both. A pair is a corridor pair
when either request concerns a country of the other group (Qatar's fair-recruitment
request naming Nepal); corridor pairs come first, then pairs by closeness: the mean of
their objectives' Jaccard overlap and the cosine of their texts' TF-IDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer

from matching.profiles import Query
from matching.stopwords import STOP_WORDS

__all__ = ["Complement", "complements"]


@dataclass(frozen=True, slots=True)
class Complement:
    """A request of the first group and one of the second that one programme could serve."""

    first: str
    second: str
    shared_objectives: tuple[int, ...]
    corridor: bool
    score: float


def complements(
    first: Sequence[Query],
    second: Sequence[Query],
    first_countries: frozenset[str],
    second_countries: frozenset[str],
    n: int = 20,
) -> list[Complement]:
    """At most `n` complementing pairs, corridor pairs first, then closest first."""
    if not first or not second:
        return []
    texts = [q.text for q in (*first, *second)]
    try:
        vectors = TfidfVectorizer(
            strip_accents="unicode", sublinear_tf=True, stop_words=STOP_WORDS
        ).fit_transform(texts)
        cosine = (vectors[: len(first)] @ vectors[len(first) :].T).toarray()
    except ValueError:  # no words at all: objectives alone decide
        cosine = None
    pairs = []
    for i, a in enumerate(first):
        for j, b in enumerate(second):
            shared = sorted(set(a.objectives) & set(b.objectives))
            if not shared or a.requester == b.requester:
                continue
            corridor = bool(
                set(a.countries) & second_countries or set(b.countries) & first_countries
            )
            overlap = len(shared) / len(set(a.objectives) | set(b.objectives))
            text = float(cosine[i, j]) if cosine is not None else 0.0
            score = round((overlap + text) / 2, 4)
            pairs.append(Complement(a.id, b.id, tuple(shared), corridor, score))
    pairs.sort(key=lambda p: (not p.corridor, -p.score, p.first, p.second))
    return pairs[:n]
