"""The floor for exact scoring: every candidate scored per request with plain NumPy/SciPy.

The recommender's latency only means something beside what the simplest exact scorer
costs on the same machine and data. This one scores every candidate with one sparse
TF-IDF product against candidate profile texts (the texts of the activities each one
implemented), plus country and objective overlaps, and keeps the top 10 with
`argpartition`. It is a reference for cost, not for quality: the weights are fixed and
nothing is learned.

>>> from matching.profiles import Candidate, PastActivity, Query
>>> history = [PastActivity("a1", "return and reintegration", ("SO",), implementers=("o1",))]
>>> scorer = ExactScorer().fit([Candidate("o1", "One"), Candidate("o2", "Two")], history)
>>> scorer.top(Query("q", "reintegration", ("SO",)), n=1)
['o1']
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.profiles import Candidate, PastActivity, Query

__all__ = ["ExactScorer"]

_OBJECTIVES = 23
_PLACE_WEIGHT, _OBJECTIVE_WEIGHT = 0.5, 0.5
Floats = npt.NDArray[np.float32]


class ExactScorer:
    """Text cosine + shared countries + shared objectives, over every candidate."""

    def fit(self, candidates: list[Candidate], history: list[PastActivity]) -> ExactScorer:
        """Build the candidate x term, term x candidate and overlap matrices once."""
        index = {c.id: i for i, c in enumerate(candidates)}
        texts: list[list[str]] = [[c.name] for c in candidates]
        objectives = np.zeros((len(candidates), _OBJECTIVES), dtype=np.float32)
        for activity in history:
            for org in activity.implementers:
                row = index.get(org)
                if row is not None:
                    texts[row].append(activity.text)
                    objectives[row, [o - 1 for o in activity.objectives]] += 1.0
        self.vectorizer_ = TfidfVectorizer(sublinear_tf=True, dtype=np.float32)
        # terms x candidates, so a request touches only its own terms' postings.
        self.terms_ = sp.csr_matrix(self.vectorizer_.fit_transform(" ".join(t) for t in texts).T)
        self.places_ = {
            code: i for i, code in enumerate(sorted({p for c in candidates for p in c.countries}))
        }
        rows = [i for i, c in enumerate(candidates) for _ in c.countries]
        cols = [self.places_[p] for c in candidates for p in c.countries]
        self.countries_ = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (cols, rows)),
            shape=(max(len(self.places_), 1), len(candidates)),
        )
        totals = objectives.sum(axis=1, keepdims=True)
        self.objectives_: Floats = objectives / np.maximum(totals, 1.0)
        self.ids_ = [c.id for c in candidates]
        return self

    def scores(self, queries: list[Query]) -> Floats:
        """Requests x candidates scores; one sparse product for the texts of the batch."""
        text = (self.vectorizer_.transform([q.text for q in queries]) @ self.terms_).toarray()
        wanted = np.zeros((len(queries), _OBJECTIVES), dtype=np.float32)
        places = sp.lil_matrix((len(queries), max(len(self.places_), 1)), dtype=np.float32)
        for row, query in enumerate(queries):
            wanted[row, [o - 1 for o in query.objectives]] = 1.0
            for code in query.countries:
                if code in self.places_:
                    places[row, self.places_[code]] = 1.0 / len(query.countries)
        shared: Floats = (places.tocsr() @ self.countries_).toarray()
        return np.asarray(
            text + _PLACE_WEIGHT * shared + _OBJECTIVE_WEIGHT * (wanted @ self.objectives_.T),
            dtype=np.float32,
        )

    def top(self, query: Query, n: int = 10) -> list[str]:
        """The `n` best candidates for one request, best first."""
        return self.top_batch([query], n)[0]

    def top_batch(self, queries: list[Query], n: int = 10) -> list[list[str]]:
        """The `n` best candidates for each request of a batch, best first."""
        scores = self.scores(queries)
        k = min(n, scores.shape[1])
        best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        order = np.take_along_axis(scores, best, axis=1).argsort(axis=1)[:, ::-1]
        ranked = np.take_along_axis(best, order, axis=1)
        return [[self.ids_[i] for i in row] for row in ranked.tolist()]
