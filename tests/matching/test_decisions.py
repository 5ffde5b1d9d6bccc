"""What coordinators' decisions may and may not do to the recommender."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from matching.decisions import BAND, REASON_SIGNALS, STRAIN, shrink_toward, strain
from matching.features import DEFAULT_WEIGHTS, FEATURES
from matching.profiles import Candidate, Decision, Query
from matching.recommender import PartnerRecommender
from tests.matching.recommender_data import TOPICS, world

PRIOR = dict(DEFAULT_WEIGHTS)
SPREAD = np.ones(len(FEATURES))

_SLOTS = 4

decision_sets = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, (n, _SLOTS, len(FEATURES)), elements=st.floats(0, 3)),
        st.just(np.ones((n, _SLOTS), dtype=bool)),
        arrays(np.float64, n, elements=st.sampled_from([0.0, 1.0])),
        arrays(np.bool_, (n, len(FEATURES))),
    )
)
Decided = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@settings(max_examples=60, deadline=None)
@given(decision_sets, st.floats(0.5, 100))
def test_no_weight_leaves_its_band_or_flips(decided: Decided, strength: float) -> None:
    learned = shrink_toward(PRIOR, *decided, SPREAD, strength)
    low, high = BAND
    for name in FEATURES:
        ratio = learned[name] / PRIOR[name]
        assert low - 1e-9 <= ratio <= high + 1e-9, name


@settings(max_examples=40, deadline=None)
@given(decision_sets, st.integers(0, len(FEATURES) - 1), st.floats(0.01, 1))
def test_a_candidate_better_on_every_signal_still_ranks_higher(
    decided: Decided, better_on: int, by: float
) -> None:
    # What "no collapse into ties" means: no signal is switched off or turned around.
    learned = np.array([shrink_toward(PRIOR, *decided, SPREAD, strength=1.0)[f] for f in FEATURES])
    worse = np.random.default_rng(better_on).uniform(0, 1, len(FEATURES))
    better = worse.copy()
    better[better_on] += by * np.sign(learned[better_on])
    assert better @ learned > worse @ learned


@settings(max_examples=40, deadline=None)
@given(decision_sets, st.integers(2, 20))
def test_weights_move_further_as_decisions_accumulate(decided: Decided, times: int) -> None:
    base = np.array([PRIOR[f] for f in FEATURES])

    def moved(k: int) -> float:
        features, filled, labels, free = (np.concatenate([part] * k) for part in decided)
        learned = shrink_toward(PRIOR, features, filled, labels, free, SPREAD, strength=20.0)
        return float(np.linalg.norm(np.array([learned[f] for f in FEATURES]) - base))

    assert moved(times) >= moved(1) - 1e-3


def _fitted(
    decisions: list[Decision], candidates: list[Candidate] | None = None
) -> PartnerRecommender:
    known, history = world()
    return PartnerRecommender().fit(candidates or known, history, decisions=decisions)


WATER = Query("req-water", TOPICS["water"], countries=("KE",), requester="kenya")


def test_a_few_decisions_barely_move_the_weights() -> None:
    prior = _fitted([]).weights_
    decisions = [Decision(WATER, "water-org", True)] + [
        Decision(WATER, c, False, "other") for c in ("big-agency", "health-org", "schools-org")
    ]
    learned = _fitted(decisions).weights_
    for name in FEATURES:
        assert learned[name] == pytest.approx(prior[name], rel=0.1, abs=0.05), name


def test_a_reason_teaches_only_the_signals_it_names() -> None:
    prior = _fitted([]).weights_
    for reason, named in (("wrong_expertise", "text"), ("not_in_region", "place")):
        rejects = [Decision(WATER, c, False, reason) for c in ("big-agency", "water-org")] * 20
        learned = _fitted(rejects).weights_
        blamed = REASON_SIGNALS[reason]
        assert learned[named] < prior[named]
        assert all(learned[f] == pytest.approx(prior[f]) for f in FEATURES if f not in blamed)


def test_a_rejected_partner_and_its_aliases_never_come_back_for_that_request() -> None:
    candidates, _ = world()
    twin = Candidate("water-org-2", "Water Org (Kenya)", aliases=("Water Organisation",))
    model = _fitted([Decision(WATER, "water-org", False, "other")], [*candidates, twin])
    shown = [r.candidate for r in model.recommend(WATER, n=10)]
    assert "water-org" not in shown and "water-org-2" not in shown
    later = Query("req-water-2", TOPICS["water"], countries=("KE",), requester="kenya")
    assert model.recommend(later, n=1)[0].candidate in {"water-org", "water-org-2"}


def test_a_conflict_of_interest_excludes_the_pair_for_every_request_of_the_requester() -> None:
    model = _fitted([Decision(WATER, "water-org", False, "conflict_of_interest")])
    again = Query("req-water-2", TOPICS["water"], requester="kenya")
    elsewhere = Query("req-water-3", TOPICS["water"], requester="uganda")
    assert "water-org" not in {r.candidate for r in model.recommend(again, n=10)}
    assert model.recommend(elsewhere, n=1)[0].candidate == "water-org"


def test_a_private_decision_acts_on_its_own_request_only() -> None:
    """Its request's list excludes and pins as ever; nothing else moves (weights, track
    record, strain, the requester's other requests)."""
    decided = [
        Decision(WATER, "schools-org", True, taken=True),
        Decision(WATER, "water-org", False, "conflict_of_interest"),
        *[Decision(WATER, "big-agency", False, "no_capacity")] * 5,
        *[Decision(WATER, "health-org", False, "wrong_expertise")] * 20,
    ]
    others = [
        Query("req-water-2", TOPICS["water"], countries=("KE",), requester="kenya"),
        Query("req-schools", TOPICS["schools"], countries=("NP",), requester="nepal"),
        Query("req-health", TOPICS["health"], countries=("SN",)),
    ]
    bare = _fitted([])
    private = _fitted([replace(d, private=True) for d in decided])
    assert private.weights_ == bare.weights_
    assert private.recommend(others, n=5) == bare.recommend(others, n=5)
    assert _fitted(decided).recommend(others, n=5) != bare.recommend(others, n=5)
    own = [r.candidate for r in private.recommend(WATER, n=5)]
    assert own == ["schools-org", "migration-org"]


def test_an_accepted_partner_stays_first_until_its_partnership_ends() -> None:
    going = _fitted([Decision(WATER, "schools-org", True)])
    assert going.recommend(WATER, n=3)[0].candidate == "schools-org"
    assert going.set_params(shortlist=1).recommend(WATER, n=3)[0].candidate == "schools-org"
    ended = _fitted([Decision(WATER, "schools-org", True, holds=False)])
    assert ended.recommend(WATER, n=3)[0].candidate == "water-org"


def test_no_capacity_rejects_count_against_its_capacity_elsewhere() -> None:
    query = Query("req-water-2", TOPICS["water"], countries=("KE",))
    many = [Decision(WATER, "water-org", False, "no_capacity")] * 5
    before, after = (
        {r.candidate: r for r in _fitted(decided).recommend(query, n=5)} for decided in ([], many)
    )
    assert "full" not in before["water-org"].parts
    assert after["water-org"].parts["full"] <= DEFAULT_WEIGHTS["full"] * BAND[0] * 5 * STRAIN
    assert after["water-org"].score < before["water-org"].score - 1


def test_a_no_capacity_reject_holds_for_a_while_only() -> None:
    rejected = Query("req-water", TOPICS["water"], countries=("KE",), when=date(2020, 1, 1))
    model = _fitted([Decision(rejected, "water-org", False, "no_capacity")] * 5)
    soon, later = (
        Query(f"req-{day}", TOPICS["water"], countries=("KE",), when=day)
        for day in (date(2020, 2, 1), date(2021, 1, 1))
    )
    assert "full" in {r.candidate: r for r in model.recommend(soon, n=5)}["water-org"].parts
    assert "full" not in {r.candidate: r for r in model.recommend(later, n=5)}["water-org"].parts


def _on(day: date, n: int = 0) -> Query:
    return Query(f"req-{day}-{n}", TOPICS["water"], countries=("KE",), when=day)


def test_accepts_near_a_no_capacity_reject_contradict_it() -> None:
    busy = [Decision(_on(date(2020, 1, 1), n), "water-org", False, "no_capacity") for n in range(3)]
    took = [Decision(_on(date(2020, 2, 1), n), "water-org", True) for n in range(2)]
    long_ago = [Decision(_on(date(2018, 1, 1), n), "water-org", True) for n in range(3)]
    full, _ = strain(["water-org"], busy + took, 1)
    assert full[0] == pytest.approx(STRAIN)
    assert strain(["water-org"], busy + took + took[:1], 1)[0][0] == 0
    assert strain(["water-org"], busy + long_ago, 1)[0][0] == pytest.approx(3 * STRAIN)


def test_no_capacity_rejects_count_only_once_corroborated() -> None:
    rejects = [
        Decision(_on(date(2020, 1, 1), n), "water-org", False, "no_capacity") for n in range(3)
    ]
    for corroboration, expected in ((1, 3 * STRAIN), (3, 3 * STRAIN), (4, 0.0)):
        full, until = strain(["water-org", "other"], rejects, corroboration)
        assert full[0] == pytest.approx(expected) and full[1] == 0
        assert np.isfinite(until[0]) == (expected > 0)


def test_only_no_capacity_rejects_near_the_latest_count() -> None:
    old = Decision(_on(date(2019, 1, 1)), "water-org", False, "no_capacity")
    new = Decision(_on(date(2020, 1, 1)), "water-org", False, "no_capacity")
    assert strain(["water-org"], [old, new], 1)[0][0] == pytest.approx(STRAIN)
