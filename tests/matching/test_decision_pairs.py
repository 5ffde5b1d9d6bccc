"""Decisions as labelled pairs and as profiles, seen as the coordinator saw them."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from matching.decision_pairs import labelled_pairs, with_taken_profiles
from matching.decisions import as_activity, as_decided, decision_lists
from matching.features import FEATURES
from matching.profiles import Candidate, Decision, Query
from matching.recommender import PartnerRecommender
from tests.matching.recommender_data import TOPICS, world

WATER = Query(
    "req:water",
    TOPICS["water"],
    countries=("KE",),
    objectives=(2, 5),
    suggested_objectives=(5,),
    when=date(2019, 1, 1),
)
TEXT = FEATURES.index("text")


def _fitted(decisions: list[Decision], **params: Any) -> PartnerRecommender:
    candidates, history = world()
    return PartnerRecommender(**params).fit(candidates, history, decisions)


def test_a_taken_request_is_hidden_from_its_own_decisions() -> None:
    # Judged with its own record in sight, an accept would find the partner had done
    # exactly this request, and teach the weights that text is all that matters.
    taken = Decision(WATER, "health-org", True, taken=True)
    model = _fitted([taken])
    assert [model.signals_.history[r].id for r in as_decided(model.signals_, [WATER])[0]] == [
        as_activity(taken).id
    ]
    seen = decision_lists(model.signals_, [taken], [np.arange(5)])[0][0, 0]
    unseen = decision_lists(_fitted([]).signals_, [taken], [np.arange(5)])[0][0, 0]
    # Held objectives and standing are the partner's as of now (not per request).
    record = [f not in ("objectives", "standing") for f in FEATURES]
    assert seen[record] == pytest.approx(unseen[record])


def test_accepts_not_taken_on_and_capacity_rejects_make_no_pairs() -> None:
    decisions = [
        Decision(WATER, "water-org", True, taken=True),
        Decision(WATER, "health-org", True),
        Decision(WATER, "big-agency", False, "no_capacity"),
        Decision(WATER, "schools-org", False, "wrong_expertise"),
        Decision(WATER, "migration-org", False, "other"),
        Decision(WATER, "migration-org", False, "conflict_of_interest"),
    ]
    model = _fitted(decisions)
    features, labels, weights = labelled_pairs(model.signals_, decisions, weight=10.0)
    assert labels.tolist() == [1.0, 0.0, 0.0]
    assert weights.tolist() == [10.0, 10.0, 5.0]
    assert features.shape == (3, len(FEATURES))
    # As seen before the request: the water partner's record is older water work.
    assert 0 < features[0, TEXT] < 1


def test_pairs_that_outweigh_the_history_move_the_weights() -> None:
    asked = [Query(f"req-{k}", TOPICS["water"], countries=("KE",)) for k in range(30)]
    rejects = [Decision(q, "water-org", False, "not_in_region") for q in asked]
    prior = _fitted([]).prior_weights_

    def moved(weight: float) -> float:
        learned = _fitted(rejects, decision_pair_weight=weight).prior_weights_
        return float(np.linalg.norm([learned[f] - prior[f] for f in FEATURES]))

    assert moved(0.01) < moved(1.0) < moved(100.0)


def test_a_taken_request_joins_its_partners_profile_only() -> None:
    candidates = [Candidate("a", "A", text="wells", countries=("SO",)), Candidate("b", "B")]
    decisions = [Decision(WATER, "a", True, taken=True), Decision(WATER, "b", True)]
    a, b = with_taken_profiles(candidates, decisions)
    assert a.text.endswith(WATER.text) and a.text.startswith("wells")
    assert a.countries == ("KE", "SO")
    assert (a.objectives, a.suggested_objectives) == ((2, 5), (5,))
    assert b == candidates[1]


def test_a_profile_that_took_a_request_on_speaks_for_it_on_like_requests() -> None:
    taken = Decision(WATER, "schools-org", True, taken=True)
    later = Query("req-later", TOPICS["water"], countries=("KE",))

    def profile(model: PartnerRecommender) -> float:
        found = {r.candidate: r for r in model.recommend(later, n=5)}
        return found["schools-org"].parts.get("profile", 0.0)

    assert profile(_fitted([taken])) == 0.0
    assert profile(_fitted([taken], taken_in_profile=True)) > 0.0
