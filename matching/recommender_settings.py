"""The partner recommender's hyperparameters: what each means, why its default, checks.

Kept apart from the fit and the ranking because most of its length is the evidence
behind each default (time-ordered cross-validation on the Somalia history, see
docs/recommender.md), which a reader of the ranking code does not need.
"""

from __future__ import annotations

from sklearn.base import BaseEstimator

from matching.decisions import CORROBORATION

__all__ = ["RecommenderSettings"]


class RecommenderSettings(BaseEstimator):  # type: ignore[misc]
    """Hyperparameters of `matching.recommender.PartnerRecommender`, stored as given
    (the scikit-learn estimator contract: `get_params`, `set_params`, `clone`).

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
        on the Somalia history (`benchmarks.decisions`): the weakest pull tried whose
        random decisions cost at most 2 % there, so decisions move the weights little.
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
        them out. 1 with `precedent_bar` 0.6 by time-ordered cross-validation on the
        Somalia history (`benchmarks/results/decisions-folds-words.json`): +8.8 % MRR
        from gold decisions against +8.3 % without, random ones within 1 % at every
        step. Without a bar, weights 0.5 to 2 gained no more than none there; words
        instead of meaning gained less.
    precedent_neighbours : int
        How many decided requests vote on a new one.
    precedent_bar : float
        The least cosine of the multilingual embeddings (of the words without them) at
        which a decided request votes at all: the embedder finds some likeness between
        any two requests, so without a bar unrelated ones cast small votes.
    shortlist : int or None
        How many candidates each cheap signal puts forward for exact scoring (see
        `matching.shortlist`); None scores every candidate. Read at recommend time,
        so `set_params(shortlist=None)` compares against exact scoring without a refit.
    random_state : int
        Seed for the sampling, so fits are repeatable.
    """

    def __init__(
        self,
        half_life_days: float = 1825.0,
        max_training_requests: int = 3000,
        negatives: int = 200,
        regularisation: float = 1.0,
        decision_strength: float = 4000.0,
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
        precedent_weight: float = 1.0,
        precedent_neighbours: int = 10,
        precedent_bar: float = 0.6,
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
        self.precedent_bar = precedent_bar
        self.shortlist = shortlist
        self.random_state = random_state

    def _check_settings(self) -> None:
        """Raise ValueError naming the first hyperparameter out of its range."""
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
