"""The partner recommender: signals, learned weights, diverse top-n with explanations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import overload

import networkx as nx
import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from matching.diversity import Duplicates
from matching.explain import explain
from matching.features import FEATURES, Signals
from matching.profiles import Candidate, Decision, PastActivity, Query, Recommendation
from matching.training import decision_pairs, learn_weights, training_pairs

__all__ = ["PartnerRecommender"]

_CELLS_PER_CHUNK = 4_000_000


class PartnerRecommender(BaseEstimator):  # type: ignore[misc]
    """Propose partners for support requests from who did what, where, with whom.

    Parameters
    ----------
    half_life_days : float
        Age at which a past activity counts half as much as a new one.
    max_training_requests : int
        Past activities used as pretend requests to learn the signal weights.
    negatives : int
        Non-implementers sampled per pretend request (half the most text-similar).
    regularisation : float
        Inverse regularisation strength `C` of the logistic regression.
    decision_weight : float
        How many pretend requests one coordinator decision is worth.
    random_state : int
        Seed for the sampling, so fits are repeatable.

    Examples
    --------
    >>> from matching import Candidate, PastActivity, PartnerRecommender, Query
    >>> history = [PastActivity("a1", "water wells in Baidoa", implementers=("wash-ngo",))]
    >>> model = PartnerRecommender().fit([Candidate("wash-ngo", "Wash NGO")], history)
    >>> model.recommend(Query("q", "drill water wells"), n=1)[0].candidate
    'wash-ngo'
    """

    def __init__(
        self,
        half_life_days: float = 1095.0,
        max_training_requests: int = 3000,
        negatives: int = 100,
        regularisation: float = 1.0,
        decision_weight: float = 5.0,
        random_state: int = 0,
    ) -> None:
        self.half_life_days = half_life_days
        self.max_training_requests = max_training_requests
        self.negatives = negatives
        self.regularisation = regularisation
        self.decision_weight = decision_weight
        self.random_state = random_state

    def fit(
        self,
        candidates: Sequence[Candidate],
        history: Sequence[PastActivity],
        decisions: Sequence[Decision] = (),
        graph: nx.Graph | None = None,
    ) -> PartnerRecommender:
        """Precompute the signals and learn their weights; returns self."""
        candidates, history = list(candidates), list(history)
        ids = [c.id for c in candidates]
        if len(set(ids)) != len(ids):
            duplicated = next(i for i, n in Counter(ids).items() if n > 1)
            raise ValueError(f"candidate id {duplicated!r} appears more than once")
        if self.half_life_days <= 0:
            raise ValueError(f"half_life_days must be positive, got {self.half_life_days}")
        rng = np.random.default_rng(self.random_state)
        self.signals_ = Signals(candidates, history, graph, self.half_life_days)
        features, labels = training_pairs(
            self.signals_, history, self.max_training_requests, self.negatives, rng
        )
        judged, verdicts = decision_pairs(self.signals_, decisions)
        weights = np.concatenate(
            [np.ones(labels.size), np.full(verdicts.size, self.decision_weight)]
        )
        self.weights_ = learn_weights(
            np.vstack([features, judged]),
            np.concatenate([labels, verdicts]),
            weights,
            self.regularisation,
        )
        self.candidates_ = candidates
        self.positions_ = {c: i for i, c in enumerate(ids)}
        self.duplicates_ = Duplicates(candidates)
        self.n_training_pairs_ = int(labels.size)
        return self

    @overload
    def recommend(
        self,
        query_or_queries: Query,
        n: int = ...,
        exclude: Iterable[str] = ...,
        max_exposure: int | None = ...,
    ) -> list[Recommendation]: ...

    @overload
    def recommend(
        self,
        query_or_queries: Sequence[Query],
        n: int = ...,
        exclude: Iterable[str] = ...,
        max_exposure: int | None = ...,
    ) -> list[list[Recommendation]]: ...

    def recommend(
        self,
        query_or_queries: Query | Sequence[Query],
        n: int = 10,
        exclude: Iterable[str] = (),
        max_exposure: int | None = None,
    ) -> list[Recommendation] | list[list[Recommendation]]:
        """Top-`n` partners per request, best first, never the requester nor `exclude`.

        `max_exposure` caps in how many lists of this batch one candidate may appear, so
        the most popular partners do not take every list.
        """
        check_is_fitted(self)
        single = isinstance(query_or_queries, Query)
        queries: list[Query] = (
            [query_or_queries] if isinstance(query_or_queries, Query) else list(query_or_queries)
        )
        banned = [self.positions_[c] for c in exclude if c in self.positions_]
        exposure: Counter[int] = Counter()
        chunk = max(1, _CELLS_PER_CHUNK // max(len(self.candidates_), 1))
        results: list[list[Recommendation]] = []
        for start in range(0, len(queries), chunk):
            batch = queries[start : start + chunk]
            values = self.signals_.compute(batch)
            scores = np.zeros((len(batch), len(self.candidates_)), dtype=np.float64)
            for name in FEATURES:
                scores += self.weights_[name] * values[name]
            scores[:, banned] = -np.inf
            words = self.signals_.text.words([q.text for q in batch])
            for row, query in enumerate(batch):
                if query.requester in self.positions_:
                    scores[row, self.positions_[query.requester]] = -np.inf
                chosen = self._top(scores[row], n, exposure, max_exposure)
                results.append(
                    explain(
                        self.signals_,
                        self.weights_,
                        query,
                        words[row],
                        values,
                        row,
                        chosen,
                        scores[row],
                    )
                )
        return results[0] if single else results

    def _top(
        self, scores: np.ndarray, n: int, exposure: Counter[int], max_exposure: int | None
    ) -> list[int]:
        """Best positions, skipping near-duplicates and over-exposed candidates."""
        allowed = np.flatnonzero(np.isfinite(scores))
        if n <= 0 or allowed.size == 0:
            return []
        capped = sum(1 for v in exposure.values() if max_exposure is not None and v >= max_exposure)
        # A short list with room for the skipped ones; the full order only when it falls short.
        room = min(allowed.size, 4 * n + capped)
        best = allowed[np.argpartition(-scores[allowed], room - 1)[:room]]
        chosen = self.duplicates_.pick(best[np.argsort(-scores[best])], n, exposure, max_exposure)
        if len(chosen) < n and room < allowed.size:
            order = allowed[np.argsort(-scores[allowed], kind="stable")]
            chosen = self.duplicates_.pick(order, n, exposure, max_exposure)
        exposure.update(chosen)
        return chosen
