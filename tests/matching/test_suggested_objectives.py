"""Objectives only the tagger suggested count as weaker evidence than confirmed ones."""

from dataclasses import replace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from matching import Candidate, PastActivity, Query
from matching.gaps import Demand, Supply, gap_matrix
from matching.profiles import SUGGESTED_WEIGHT
from matching.relevance import closeness
from matching.signals import Signals


def _objective_signal(candidates: list[Candidate], query: Query) -> np.ndarray:
    signals = Signals(candidates, [], None, 365.0)
    everyone = np.arange(len(candidates))
    return signals.features(signals.batch([query]), everyone * 0, everyone)["objectives"]


def test_a_suggested_objective_on_either_side_scores_less_than_a_confirmed_one() -> None:
    candidates = [
        Candidate("declared", "Declared", objectives=(10,)),
        Candidate("guessed", "Guessed", objectives=(10,), suggested_objectives=(10,)),
        Candidate("other", "Other", objectives=(20,)),
    ]
    confirmed = _objective_signal(candidates, Query("q", "", objectives=(10,)))
    suggested = _objective_signal(
        candidates, Query("q", "", objectives=(10,), suggested_objectives=(10,))
    )
    assert confirmed.tolist() == [1.0, SUGGESTED_WEIGHT, 0.0]
    assert suggested.tolist() == [SUGGESTED_WEIGHT, SUGGESTED_WEIGHT**2, 0.0]


_HOLDERS = [
    Candidate("best", "Best", objectives=(2,)),
    Candidate("second", "Second", objectives=(7,)),
    Candidate("mine", "Mine", objectives=(9,)),
]


@given(st.floats(0.01, 1.0), st.floats(0.01, 1.0), st.floats(0.05, 20.0))
def test_suggestions_count_by_the_taggers_confidence_relative_to_its_best(
    best: float, share: float, scale: float
) -> None:
    """However sure the tagger is overall (it is less sure in some languages), its best
    guess counts as any suggestion and the others in proportion; a person's choice as 1."""
    asked = Query("q", "", objectives=(2, 7, 9), suggested_objectives=(2, 7))
    found = [
        _objective_signal(_HOLDERS, replace(asked, suggested_confidence=(c, c * share))).tolist()
        for c in (best, best * scale)
    ]
    expected = np.array([SUGGESTED_WEIGHT, SUGGESTED_WEIGHT * share, 1.0]) / 3
    assert np.allclose(found[0], expected) and np.allclose(found[1], expected)


def test_suggestions_of_unknown_confidence_count_alike() -> None:
    asked = Query("q", "", objectives=(2, 7), suggested_objectives=(2, 7))
    assert _objective_signal(_HOLDERS, asked).tolist() == [SUGGESTED_WEIGHT / 2] * 2 + [0.0]


def test_a_candidate_counts_an_objective_at_its_strongest_evidence() -> None:
    done = PastActivity("a", "", objectives=(10,), suggested_objectives=(10,), implementers=("x",))
    candidates = [Candidate("x", "X", objectives=(10,)), Candidate("y", "Y")]
    signals = Signals(candidates, [done], None, 365.0)
    assert signals.objectives.toarray()[:, 9].tolist() == [1.0, 0.0]


def test_similar_items_share_suggested_objectives_at_their_weight() -> None:
    item = PastActivity("a", "", objectives=(10, 11))
    asked = closeness(Query("q", "", objectives=(10, 11)), item, 0.0)
    guessed = closeness(Query("q", "", objectives=(10, 11), suggested_objectives=(11,)), item, 0.0)
    assert asked.objectives == 1.0 and guessed.objectives == (1 + SUGGESTED_WEIGHT) / 2
    assert guessed.shared_objectives == (10, 11)


def test_gaps_weigh_suggested_demand_and_supply_less_but_count_every_request() -> None:
    demand = [
        Demand("r1", (10,), ("Africa",)),
        Demand("r2", (10,), ("Africa",), suggested_objectives=(10,)),
    ]
    supply = [Supply("p", (10,), ("Africa",), 2.0, suggested_objectives=(10,))]
    [gap] = gap_matrix(demand, supply, ["Africa"], objectives=[10]).gaps
    assert gap.requests == 2 and gap.demand == 1 + SUGGESTED_WEIGHT
    assert gap.capacity == 2.0 * SUGGESTED_WEIGHT
    assert gap.ratio == gap.demand / gap.capacity
