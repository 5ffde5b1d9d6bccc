"""The reference baselines of the benchmark, behind the recommender's fit/recommend shape.

They are there to be beaten: any change to the recommender is measured against them.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.history import TrackRecord
from matching.places import Labels
from matching.profiles import Candidate, Decision, PastActivity, Query, Recommendation
from matching.ranker import Ranker

__all__ = ["CountryPopularity", "Popularity", "TextSimilarity"]


class _Baseline(Ranker):
    """Shared fit/recommend plumbing; subclasses only say how to score."""

    def fit(
        self,
        candidates: Sequence[Candidate],
        history: Sequence[PastActivity],
        decisions: Sequence[Decision] = (),
        graph: nx.Graph | None = None,
    ) -> _Baseline:
        """Count who implemented what; `decisions` and `graph` are ignored."""
        self.ids_ = [c.id for c in candidates]
        self.positions_ = {c: i for i, c in enumerate(self.ids_)}
        self.track_ = TrackRecord(history, self.positions_, half_life_days=1.0)
        self.popularity_ = self.track_.total(np.ones((1, len(history)), dtype=np.float32))[0]
        self._learn(history)
        return self

    def _learn(self, history: Sequence[PastActivity]) -> None:
        """Extra state a subclass needs."""

    def _scores(self, queries: Sequence[Query]) -> np.ndarray:
        raise NotImplementedError

    def _recommend_many(
        self, queries: list[Query], n: int, exclude: list[str], max_exposure: int | None
    ) -> list[list[Recommendation]]:
        scores = self._scores(queries)
        banned = [self.positions_[c] for c in exclude if c in self.positions_]
        scores[:, banned] = -np.inf
        results = []
        for row, query in enumerate(queries):
            if query.requester in self.positions_:
                scores[row, self.positions_[query.requester]] = -np.inf
            order = np.argsort(-scores[row], kind="stable")[:n]
            results.append(
                [
                    Recommendation(
                        self.ids_[c], float(scores[row, c]), {"score": float(scores[row, c])}
                    )
                    for c in order
                    if np.isfinite(scores[row, c])
                ]
            )
        return results


class Popularity(_Baseline):
    """The organisations that implemented most past activities, whatever is asked."""

    def _scores(self, queries: Sequence[Query]) -> np.ndarray:
        return np.repeat(self.popularity_[None, :], len(queries), axis=0)


class CountryPopularity(_Baseline):
    """Most past activities in the request's countries; overall popularity breaks ties."""

    def _learn(self, history: Sequence[PastActivity]) -> None:
        self.countries_ = Labels(a.countries for a in history)
        self.activity_countries_ = self.countries_.encode([a.countries for a in history])

    def _scores(self, queries: Sequence[Query]) -> np.ndarray:
        wanted = self.countries_.encode([q.countries for q in queries])
        there = (wanted @ self.activity_countries_.T).toarray() > 0
        tie_break = self.popularity_ / (self.popularity_.max() + 1.0)
        return np.asarray(self.track_.total(there.astype(np.float32)) + tie_break[None, :])


class TextSimilarity(_Baseline):
    """Cosine of the request's TF-IDF with all past activity texts of an organisation."""

    def _learn(self, history: Sequence[PastActivity]) -> None:
        self.vectorizer_ = TfidfVectorizer(sublinear_tf=True)
        texts = self.vectorizer_.fit_transform([a.text for a in history] or ["empty"])
        profile = sp.csr_matrix(self.track_.incidence.T @ texts[: len(history)])
        norms = np.sqrt(np.asarray(profile.multiply(profile).sum(axis=1))).ravel()
        self.profiles_ = sp.csr_matrix(sp.diags(1.0 / np.maximum(norms, 1e-12)) @ profile)

    def _scores(self, queries: Sequence[Query]) -> np.ndarray:
        wanted = self.vectorizer_.transform([q.text for q in queries])
        return np.asarray((wanted @ self.profiles_.T).toarray())
