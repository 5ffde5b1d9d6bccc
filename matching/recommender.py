"""The partner recommender: its fit and its ranking.

The fit precomputes the signals (`matching.signals`) and learns their weights from the
history, then from coordinators' decisions (`matching.decisions`); a ranking scores a
short list (`matching.shortlist`) exactly, picks the top-n around the places decisions
fix (`matching.set_apart`) and explains it (`matching.explain`). The hyperparameters and
why their defaults are `matching.recommender_settings`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.utils.validation import check_is_fitted

from matching.decision_pairs import labelled_pairs, with_taken_profiles
from matching.decisions import (
    as_activity,
    as_decided,
    decision_lists,
    shrink_toward,
    strain,
    trains,
)
from matching.dense import DenseIndex, Embedded
from matching.diversity import Duplicates
from matching.explain import explain, likeness
from matching.features import FEATURES
from matching.precedents import Precedents
from matching.profiles import Candidate, Decision, PastActivity, Query, Recommendation
from matching.ranker import Ranker
from matching.recommender_settings import RecommenderSettings
from matching.rejections import Rejections
from matching.set_apart import SetApart, top
from matching.shortlist import shortlist_for
from matching.signals import Batch, Signals
from matching.standing import Standing
from matching.training import learn_weights, training_pairs

__all__ = ["PartnerRecommender"]

_CELLS_PER_CHUNK = 4_000_000
_SHOWN = 10
"""How long a list a coordinator decides on: a decision is weighed against it."""
_DECISIONS_PER_BATCH = 64


def _spread(rows: np.ndarray) -> np.ndarray:
    """Each signal's standard deviation; zero (unknown) below two rows."""
    return rows.std(axis=0) if rows.shape[0] > 1 else np.zeros(rows.shape[1])


class PartnerRecommender(Ranker, RecommenderSettings):
    """Propose partners for support requests from who did what, where, with whom.

    Its hyperparameters, what they mean and why their defaults, are documented on
    `matching.recommender_settings.RecommenderSettings`.

    Examples
    --------
    >>> from matching import Candidate, PastActivity, PartnerRecommender, Query
    >>> history = [PastActivity("a1", "water wells in Baidoa", implementers=("wash-ngo",))]
    >>> model = PartnerRecommender().fit([Candidate("wash-ngo", "Wash NGO")], history)
    >>> model.recommend(Query("q", "drill water wells"), n=1)[0].candidate
    'wash-ngo'
    """

    def fit(
        self,
        candidates: Sequence[Candidate],
        history: Sequence[PastActivity],
        decisions: Sequence[Decision] = (),
        ties: Iterable[tuple[str, str]] | None = None,
        embedded: Embedded | None = None,
    ) -> PartnerRecommender:
        """Precompute the signals and learn their weights; returns self.

        `ties` are the hub graph's edges as pairs of node ids (either way round), for
        the requester's closeness to each candidate; read once. A decision whose
        partner took the work on also counts as a track record from its request's date.
        Private decisions only exclude and pin for their own request: the model is
        otherwise exactly what it would be without them. `embedded` holds rows a previous
        fit embedded: texts it saw are not embedded again.
        """
        candidates, history, decisions = list(candidates), list(history), list(decisions)
        ids = [c.id for c in candidates]
        if len(set(ids)) != len(ids):
            duplicated = next(i for i, n in Counter(ids).items() if n > 1)
            raise ValueError(f"candidate id {duplicated!r} appears more than once")
        self._check_settings()
        rng = np.random.default_rng(self.random_state)
        known = set(ids)
        shared = [d for d in decisions if not d.private]
        judgements = [d for d in shared if not d.interest]  # a party's wish strains nothing
        taken = [as_activity(d) for d in shared if d.taken and d.candidate in known]
        everything = history + taken
        if self.taken_in_profile:
            candidates = with_taken_profiles(candidates, shared)
        dense = (
            DenseIndex([a.text for a in everything], [c.text for c in candidates], None, embedded)
            if self.dense
            else None
        )
        self.signals_ = Signals(
            candidates, everything, ties, self.half_life_days, dense, self.stop_words
        )
        features, labels = training_pairs(
            self.signals_,
            history + (taken if self.taken_as_examples else []),
            self.max_training_requests,
            self.negatives,
            rng,
        )
        weights = np.ones(labels.size)
        if self.decision_pair_weight > 0:
            more, told, worth = labelled_pairs(self.signals_, shared, self.decision_pair_weight)
            features, labels = np.vstack([features, more]), np.concatenate([labels, told])
            weights = np.concatenate([weights, worth])
        self.prior_weights_ = learn_weights(features, labels, weights, self.regularisation)
        self.prior_weights_["rejected"] = -self.rejection_weight
        self.prior_weights_["standing"] = self.standing_weight
        self.prior_weights_["precedent"] = self.precedent_weight
        self.candidates_ = candidates
        self.positions_ = {c: i for i, c in enumerate(ids)}
        self.set_apart_ = SetApart(decisions, self.positions_)
        self.duplicates_ = Duplicates(candidates)
        self.n_training_pairs_ = int(labels.size)
        self._weigh(self.prior_weights_)
        # After the history's fit: a partner full today was not full then.
        self.signals_.strain, self.signals_.strained_until = strain(
            ids, judgements, self.capacity_corroboration
        )
        decided, filled, said, free, mass = decision_lists(
            self.signals_, shared, self._shown(shared)
        )
        spread = _spread(features if labels.size > 1 else decided[filled])
        self._weigh(
            shrink_toward(
                self.prior_weights_,
                decided,
                filled,
                said,
                free,
                spread,
                self.decision_strength,
                mass=mass,
            )
        )
        # Only now: the lists decisions were judged against were made without them.
        text = self.signals_.texts.index
        self.signals_.decided = {
            "standing": Standing(
                ids, judgements, self.standing_prior, text if self.standing_like else None
            ),
            "rejected": Rejections(
                text, ids, [d for d in judgements if trains(d)], self.rejection_corroboration
            ),
        }
        if self.precedent_weight:
            self.signals_.decided["precedent"] = Precedents(
                ids,
                judgements,
                text,
                dense,
                self.precedent_neighbours,
                self.precedent_bar,
            )
        return self

    def ranking(self, query: Query) -> list[tuple[str, float]]:
        """Every candidate `recommend(query, n=<all of them>)` lists, in its order and
        with its score, without the explanations: what a consortium weighs everyone by.
        Explaining thousands of candidates to show five cost seconds."""
        scores = self.scores(query)
        everyone = np.arange(len(self.candidates_))
        none = np.zeros(0, dtype=int)
        chosen = self._top(query, everyone, scores, everyone.size, none, Counter(), None)
        return [(self.candidates_[c].id, float(scores[c])) for c in chosen.tolist()]

    def scores(self, query: Query) -> np.ndarray:
        """Every candidate's exact score for `query`, in `candidates_` order: what
        `ranking` orders, for callers that read only a few of them."""
        check_is_fitted(self)
        batch = self.signals_.batch([query])
        everyone = np.arange(len(self.candidates_))
        return self._scores(batch, everyone * 0, everyone)[1]

    def set_apart(self, query: Query) -> tuple[set[int], set[int]]:
        """Positions never listed for `query` (rejected for it, conflicts of interest of
        its requester) and those listed first (accepted and still engaged)."""
        return self.set_apart_.of(query)

    def _weigh(self, weights: dict[str, float]) -> None:
        """Score with these weights from now on."""
        self.weights_ = weights
        everyone = np.arange(len(self.candidates_))
        # What a request that says nothing scores: the short list's starting point.
        self.prior_ = self._scores(self.signals_.batch([Query("", "")]), everyone * 0, everyone)[1]

    def _shown(self, decisions: Sequence[Decision]) -> list[np.ndarray]:
        """Per decision, the candidates the current weights rank first for its request
        from the history it was decided on: the list a coordinator saw."""
        found: list[np.ndarray] = []
        queries = [d.query for d in decisions]
        for start in range(0, len(queries), _DECISIONS_PER_BATCH):
            part = queries[start : start + _DECISIONS_PER_BATCH]
            batch = self.signals_.batch(part, as_of=as_decided(self.signals_, part))
            for row, cols in enumerate(self._columns(batch, part, _SHOWN)):
                _, scores = self._scores(batch, np.full(cols.size, row), cols)
                found.append(cols[np.argsort(-scores, kind="stable")[:_SHOWN]])
        return found

    def _recommend_many(
        self, queries: list[Query], n: int, exclude: list[str], max_exposure: int | None
    ) -> list[list[Recommendation]]:
        banned = np.array([self.positions_[c] for c in exclude if c in self.positions_], dtype=int)
        exposure: Counter[int] = Counter()
        sizes = (len(self.candidates_), len(self.signals_.history), 1)
        chunk = max(1, _CELLS_PER_CHUNK // max(sizes))
        results: list[list[Recommendation]] = []
        for start in range(0, len(queries), chunk):
            batch = queries[start : start + chunk]
            results += self._rank(batch, n, banned, exposure, max_exposure)
        return results

    def _scores(
        self, batch: Batch, rows: np.ndarray, cols: np.ndarray
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        values = self.signals_.features(batch, rows, cols)
        scores = np.zeros(cols.size, dtype=np.float64)
        for name in FEATURES:
            scores += self.weights_[name] * values[name]
        return values, scores

    def _rank(
        self,
        queries: list[Query],
        n: int,
        banned: np.ndarray,
        exposure: Counter[int],
        max_exposure: int | None,
    ) -> list[list[Recommendation]]:
        """Scores each request's short list (or everyone), then picks and explains."""
        batch = self.signals_.batch(queries)
        everyone = np.arange(len(self.candidates_))
        columns = self._columns(batch, queries, n)
        rows = np.repeat(np.arange(len(queries)), [c.size for c in columns])
        cols = np.concatenate(columns) if columns else everyone[:0]
        values, scores = self._scores(batch, rows, cols)
        bounds = np.cumsum([0, *(c.size for c in columns)])
        found = []
        for row, query in enumerate(queries):
            part = slice(bounds[row], bounds[row + 1])
            at = np.arange(bounds[row], bounds[row + 1])
            chosen = self._top(query, cols[part], scores[part], n, banned, exposure, max_exposure)
            if len(chosen) < n and cols[part].size < everyone.size:
                # The short list ran dry (exclusions, exposure caps): score everyone.
                rest = np.full(everyone.size, row)
                row_values, row_scores = self._scores(batch, rest, everyone)
                chosen = self._top(query, everyone, row_scores, n, banned, exposure, max_exposure)
                picked = {f: row_values[f][chosen] for f in FEATURES}
                chosen_scores = row_scores[chosen]
                chosen_cols = chosen
            else:
                picked = {f: values[f][at[chosen]] for f in FEATURES}
                chosen_scores = scores[at[chosen]]
                chosen_cols = cols[at[chosen]]
            exposure.update(chosen_cols.tolist())
            found.append(
                explain(
                    self.signals_,
                    self.weights_,
                    query,
                    batch.words[row],
                    likeness(batch, row),
                    batch.activities["places"][row],
                    picked,
                    chosen_cols,
                    chosen_scores,
                )
            )
        return found

    def _columns(self, batch: Batch, queries: list[Query], n: int) -> list[np.ndarray]:
        """The candidates each request scores: its short list, or everyone when a short
        list would not be much shorter (small hubs, long lists); its pinned ones always."""
        everyone = np.arange(len(self.candidates_))
        size = self.shortlist
        if size is None or everyone.size <= max(size, 4 * n):
            return [everyone] * batch.when.size
        return [
            np.union1d(
                shortlist_for(self.signals_, self.weights_, self.prior_, batch, row, size),
                np.array(sorted(self.set_apart_.pinned.get(query.id, ())), dtype=np.int64),
            )
            for row, query in enumerate(queries)
        ]

    def _top(
        self,
        query: Query,
        cols: np.ndarray,
        scores: np.ndarray,
        n: int,
        banned: np.ndarray,
        exposure: Counter[int],
        max_exposure: int | None,
    ) -> np.ndarray:
        """Places in `cols` of the best candidates (`matching.set_apart.top`), never the
        requester nor `banned`."""
        blocked = np.isin(cols, banned)
        if query.requester in self.positions_:
            blocked |= cols == self.positions_[query.requester]
        apart = self.set_apart(query)
        return top(cols, scores, n, apart, blocked, self.duplicates_, exposure, max_exposure)
