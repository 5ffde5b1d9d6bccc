"""The partner recommender: signals, learned weights, diverse top-n with explanations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.utils.validation import check_is_fitted

from matching.decision_pairs import labelled_pairs, with_taken_profiles
from matching.decisions import (
    CORROBORATION,
    as_activity,
    as_decided,
    decision_lists,
    shrink_toward,
    strain,
    trains,
)
from matching.dense import DenseIndex, Embedded
from matching.diversity import Duplicates
from matching.explain import explain
from matching.features import FEATURES
from matching.precedents import Precedents
from matching.profiles import Candidate, Decision, PastActivity, Query, Recommendation
from matching.ranker import Ranker
from matching.rejections import Rejections
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


def _likeness(batch: Batch, row: int) -> np.ndarray:
    """How close each past activity reads to request `row`, by words and, when fitted,
    by meaning, to pick the activities an explanation cites."""
    found: np.ndarray = batch.activities["text"][row]
    if "dense" in batch.activities:
        found = found + batch.activities["dense"][row]
    return found


class PartnerRecommender(Ranker):
    """Propose partners for support requests from who did what, where, with whom.

    The defaults of `half_life_days`, `negatives` and `dense` were chosen by time-ordered
    cross-validation inside the Somalia benchmark's training period
    (`benchmarks.selection`, `benchmarks/results/selection-somalia.json`).

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
    decision_strength : float
        How many coordinator decisions the history's weights are worth: decisions
        move the weights away from them only as they outnumber this (see
        `matching.decisions`). The default was chosen by time-ordered cross-validation
        on the Somalia history (`benchmarks.decisions`): mean MRR rises with it up to the
        largest strength tried, so on that history decisions barely move the weights.
    dense : bool
        Add the multilingual embedding signals (`matching.dense`): a request in any of
        the four working languages meets the history and profiles in the others.
    stop_words : bool
        Leave function words of the four working languages out of the word signals
        (explanations never show them either way).
    capacity_corroboration : int
        How many uncontradicted "no capacity" rejects of a partner it takes before
        they count against its capacity (see `matching.decisions.strain`); 4 was
        chosen by time-ordered cross-validation on the Somalia history (random "no
        capacity" rejects cost the least there).
    taken_as_examples : bool
        Whether a request an accepted partner took on is also a pretend request the
        history's weights are learned from (it is a track record either way).
        Decisions then teach the weights twice, the second time unjudged against the
        list they were made on. Off by default: in time-ordered cross-validation on
        the Somalia history (`benchmarks.decisions`) random decisions cost less MRR
        without (-17 % against -22 %), gold ones gain a little less (+6.3 % against +8.8 %).
    rejection_weight : float
        How much a partner's standing rejects on like requests count against it on a
        new request (the `rejected` signal, `matching.rejections`); 0 leaves them out.
    rejection_corroboration : int
        How many more rejects than accepts a partner needs before its rejects count on
        other requests at all. Off (weight 0) by time-ordered cross-validation on the
        Somalia history (`benchmarks.decisions`): weights 2 and 4 gained gold decisions
        more MRR there (+12.5 % and +14.5 % against +8.9 %), but their random decisions
        cost more than 2 % of recall@10 after 50 or 100 of them.
    decision_pair_weight : float
        How many history pairs each decision counts for as a labelled pair in the
        logistic regression behind the prior weights (`matching.decision_pairs`: a
        taken accept fits, a reject does not, by its reason); 0 leaves them out.
        Off by time-ordered cross-validation on the Somalia history
        (`benchmarks/results/decisions-folds.json`): weights 10, 30 and 100 gained
        gold decisions less MRR than none (+5.5 % to +6.3 % against +8.3 %), and
        random ones cost 4.1 % to 8.8 % of it.
    taken_in_profile : bool
        Whether a partner's profile also carries the requests it took on (their text,
        places and objectives), beside counting them as its track record.
    standing_weight : float
        How much a partner's standing with coordinators (log-odds of being accepted
        when proposed, `matching.standing`) counts on every request; 0 leaves it out.
        Off by time-ordered cross-validation on the Somalia history
        (`benchmarks.decisions`, `benchmarks/results/decisions-folds-precedents.json`):
        0.5 with `standing_prior` 4 won a first round there (+10.0 % MRR against +8.9 %), and
        on today's main it gains gold decisions less than none does (+7.5 % against
        +8.3 %); on the test split it had cost them 2.8 % of MRR after 50.
    standing_prior : float
        How many pseudo-decisions pull each standing toward the share of accepts.
    standing_like : bool
        Whether a standing is read per request, from the decisions on requests that
        read like it (each counting by its likeness), rather than from them all.
    precedent_weight : float
        How much the decisions on the most like decided requests count on a new one
        (the `precedent` signal, `matching.precedents`: a vote for the partners
        accepted there, against those rejected for a reason that applies); 0 leaves
        them out. Off by time-ordered cross-validation on the Somalia history
        (`benchmarks.decisions`): weights 0.5 to 2 gained gold decisions no more MRR
        than none (+7.5 % to +8.4 % against +8.3 %) and random ones cost more.
    precedent_neighbours : int
        How many decided requests vote on a new one.
    shortlist : int or None
        How many candidates each cheap signal puts forward for exact scoring (see
        `matching.shortlist`); None scores every candidate. Read at recommend time,
        so `set_params(shortlist=None)` compares against exact scoring without a refit.
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
        half_life_days: float = 1825.0,
        max_training_requests: int = 3000,
        negatives: int = 200,
        regularisation: float = 1.0,
        decision_strength: float = 16000.0,
        dense: bool = True,
        stop_words: bool = True,
        capacity_corroboration: int = CORROBORATION,
        taken_as_examples: bool = False,
        rejection_weight: float = 0.0,
        rejection_corroboration: int = 2,
        decision_pair_weight: float = 0.0,
        taken_in_profile: bool = False,
        standing_weight: float = 0.0,
        standing_prior: float = 4.0,
        standing_like: bool = False,
        precedent_weight: float = 0.0,
        precedent_neighbours: int = 10,
        shortlist: int | None = 500,
        random_state: int = 0,
    ) -> None:
        self.half_life_days = half_life_days
        self.max_training_requests = max_training_requests
        self.negatives = negatives
        self.regularisation = regularisation
        self.decision_strength = decision_strength
        self.dense = dense
        self.stop_words = stop_words
        self.capacity_corroboration = capacity_corroboration
        self.taken_as_examples = taken_as_examples
        self.rejection_weight = rejection_weight
        self.rejection_corroboration = rejection_corroboration
        self.decision_pair_weight = decision_pair_weight
        self.taken_in_profile = taken_in_profile
        self.standing_weight = standing_weight
        self.standing_prior = standing_prior
        self.standing_like = standing_like
        self.precedent_weight = precedent_weight
        self.precedent_neighbours = precedent_neighbours
        self.shortlist = shortlist
        self.random_state = random_state

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
        if self.half_life_days <= 0:
            raise ValueError(f"half_life_days must be positive, got {self.half_life_days}")
        if self.rejection_weight < 0:
            raise ValueError(f"rejection_weight must be at least 0, got {self.rejection_weight}")
        if self.rejection_corroboration < 1:
            raise ValueError(
                f"rejection_corroboration must be at least 1, got {self.rejection_corroboration}"
            )
        if self.capacity_corroboration < 1:
            raise ValueError(
                f"capacity_corroboration must be at least 1, got {self.capacity_corroboration}"
            )
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
        self._remember(decisions)
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
                ids, judgements, text, dense, self.precedent_neighbours
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
        shunned = self.rejected_.get(query.id, set()) | self.conflicts_.get(
            query.requester or "", set()
        )
        return shunned, self.pinned_.get(query.id, set()) - shunned

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

    def _remember(self, decisions: Sequence[Decision]) -> None:
        """Who is out for a request (rejected) or a requester (a conflict of interest,
        for its request alone if private), and who stays first for a request (accepted,
        still engaged)."""
        self.rejected_: dict[str, set[int]] = {}
        self.conflicts_: dict[str, set[int]] = {}
        self.pinned_: dict[str, set[int]] = {}
        for d in decisions:
            where = self.positions_.get(d.candidate)
            if where is None or d.interest:
                continue
            if not trains(d) and d.query.requester and not d.private:
                self.conflicts_.setdefault(d.query.requester, set()).add(where)
            if not d.accepted:
                self.rejected_.setdefault(d.query.id, set()).add(where)
            elif d.holds:
                self.pinned_.setdefault(d.query.id, set()).add(where)

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
                    _likeness(batch, row),
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
                np.array(sorted(self.pinned_.get(query.id, ())), dtype=np.int64),
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
        """Places in `cols` of the best candidates: the pinned ones first, then the rest,
        skipping the requester, `banned`, who was rejected for this request (and their
        near-duplicates), conflicts of interest, and over-exposed candidates."""
        shunned, pinned = self.set_apart(query)
        out = np.array(sorted(shunned | pinned), dtype=np.int64)
        blocked = np.isin(cols, banned) | np.isin(cols, out)
        if query.requester in self.positions_:
            blocked |= cols == self.positions_[query.requester]
        first = np.flatnonzero(np.isin(cols, np.array(sorted(pinned), dtype=np.int64)))
        first = first[np.argsort(-scores[first], kind="stable")][:n]
        allowed = np.flatnonzero(~blocked)
        n -= first.size
        if n <= 0 or allowed.size == 0:
            return first
        capped = sum(1 for v in exposure.values() if max_exposure is not None and v >= max_exposure)
        # A short list with room for the skipped ones; the full order only when it falls short.
        room = min(allowed.size, 4 * n + capped + len(shunned))
        best = allowed[np.argpartition(-scores[allowed], room - 1)[:room]]
        order = best[np.argsort(-scores[best], kind="stable")]
        avoid = sorted(shunned | pinned)
        chosen = self.duplicates_.pick(cols[order], n, exposure, max_exposure, avoid)
        if len(chosen) < n and room < allowed.size:
            order = allowed[np.argsort(-scores[allowed], kind="stable")]
            chosen = self.duplicates_.pick(cols[order], n, exposure, max_exposure, avoid)
        where = {c: i for i, c in enumerate(cols[order].tolist())}
        return np.concatenate([first, order[[where[c] for c in chosen]] if chosen else order[:0]])
