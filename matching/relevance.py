"""How close a request is to one past activity, request or partnership, and why.

Shared by the connection mechanisms (similar initiatives, funding leads): a TF-IDF
cosine with the terms behind it, the shared objectives, and the closest shared place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.profiles import PastActivity, Query, objective_weights
from matching.stopwords import STOP_WORDS

__all__ = ["PLACE_LEVELS", "Closeness", "TermSpace", "closeness", "recency"]

PLACE_LEVELS = {"country": 1.0, "subregion": 0.5, "region": 0.25}
"""How much a shared place says: the same country more than the same continent."""


class TermSpace:
    """Word TF-IDF over a request and the items compared with it (rows L2-normalised)."""

    def __init__(self, query: str, texts: Sequence[str]) -> None:
        self.vectorizer = TfidfVectorizer(
            strip_accents="unicode", sublinear_tf=True, ngram_range=(1, 2), stop_words=STOP_WORDS
        )
        corpus = [query, *texts]
        if not any(text.strip() for text in corpus):
            corpus = [*corpus, "placeholder"]
        matrix = sp.csr_matrix(self.vectorizer.fit_transform(corpus))
        self.query = matrix[0]
        self.items = matrix[1 : len(texts) + 1]
        self.cosine = np.asarray((self.items @ self.query.T).toarray()).ravel()
        self.names = self.vectorizer.get_feature_names_out()

    def terms(self, row: int, n: int = 5) -> tuple[str, ...]:
        """The terms adding most to item `row`'s cosine with the request."""
        product = self.items[row].multiply(self.query).tocsr()
        order = np.argsort(-product.data)[:n]
        return tuple(str(self.names[i]) for i in product.indices[order])


@dataclass(frozen=True, slots=True)
class Closeness:
    text: float
    shared_objectives: tuple[int, ...]
    objectives: float
    place: str | None
    shared_places: tuple[str, ...]
    place_level: float


def closeness(query: Query, item: PastActivity, text: float) -> Closeness:
    """Objective overlap (Jaccard, suggested objectives weighing less) and the closest
    level at which places are shared."""
    asked, held = objective_weights(query), objective_weights(item)
    shared = tuple(sorted(asked.keys() & held.keys()))
    union = asked.keys() | held.keys()
    # Jaccard where a shared objective counts at its weaker side's weight.
    # Two untagged items share nothing.
    overlap = sum(min(asked[o], held[o]) for o in shared) / len(union) if union else 0.0
    for level, mine, theirs in (
        ("country", query.countries, item.countries),
        ("subregion", query.subregions, item.subregions),
        ("region", query.regions, item.regions),
    ):
        places = tuple(sorted(set(mine) & set(theirs)))
        if places:
            return Closeness(text, shared, overlap, level, places, PLACE_LEVELS[level])
    return Closeness(text, shared, overlap, None, (), 0.0)


def recency(start: date | None, anchor: date, half_life_days: float) -> float:
    """Weight that halves every half-life before `anchor`; an undated item counts half."""
    if start is None:
        return 0.5
    age = max((anchor - start).days, 0)
    return float(0.5 ** (age / half_life_days))
