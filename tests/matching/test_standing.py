"""A partner's standing: accepted more often than others when proposed, or less."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.profiles import Candidate, Decision, Query
from matching.recommender import PartnerRecommender
from matching.standing import Standing, standing
from tests.matching.recommender_data import TOPICS, world

IDS = ["a", "b", "c"]
TWINS = ("horn-relief", "coast-aid")


def _decided(candidate: str, accepted: bool, n: int, reason: str | None = None) -> list[Decision]:
    return [
        Decision(Query(f"q-{candidate}-{accepted}-{k}", "x"), candidate, accepted, reason)
        for k in range(n)
    ]


def test_no_decisions_leave_every_standing_at_zero() -> None:
    assert standing(IDS, [], prior=4.0).tolist() == [0.0, 0.0, 0.0]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=3, max_size=3), st.floats(0.5, 50))
def test_partners_accepted_as_often_as_rejected_stand_at_zero(
    counts: list[int], prior: float
) -> None:
    # What a coordinator deciding by coin toss does on average: nobody stands out.
    decisions = [
        d
        for c, n in zip(IDS, counts, strict=True)
        for accepted in (True, False)
        for d in _decided(c, accepted, n)
    ]
    assert np.allclose(standing(IDS, decisions, prior), 0.0)


@pytest.mark.parametrize("accepted", [True, False])
def test_standing_moves_further_as_decisions_add_up(accepted: bool) -> None:
    rest = _decided("b", True, 5) + _decided("b", False, 5)
    found = [standing(IDS, rest + _decided("a", accepted, n), 4.0)[0] for n in range(1, 8)]
    sign = 1 if accepted else -1
    assert all(sign * value > 0 for value in found)
    assert all(sign * (later - earlier) > 0 for earlier, later in pairwise(found))


def test_a_stronger_prior_holds_standings_nearer_zero() -> None:
    decisions = _decided("a", True, 4) + _decided("b", False, 4)
    weak, strong = standing(IDS, decisions, 1.0), standing(IDS, decisions, 16.0)
    assert np.all(np.abs(strong[:2]) < np.abs(weak[:2])), (weak, strong)


def test_capacity_and_conflict_rejects_say_nothing_about_the_fit() -> None:
    decisions = _decided("b", True, 3) + _decided("b", False, 3)
    busy = _decided("a", False, 5, "no_capacity") + _decided("a", False, 5, "conflict_of_interest")
    assert standing(IDS, decisions + busy, 4.0)[0] == 0.0


def test_a_prior_of_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="prior"):
        standing(IDS, [], prior=0.0)


def test_a_partner_in_good_standing_ranks_above_its_twin_in_bad_standing() -> None:
    candidates, history = world()
    # Two partners with the same record: only coordinators' decisions tell them apart.
    # (Precedents off: they would tell them apart too.)
    record = [replace(h, id=f"{h.id}-{t}", implementers=(t,)) for h in history[:3] for t in TWINS]
    candidates = [*candidates, Candidate(TWINS[0], "Horn Relief"), Candidate(TWINS[1], "Coast Aid")]
    asked = [Query(f"past-{k}", TOPICS["water"], countries=("KE",)) for k in range(6)]
    decisions = [Decision(q, TWINS[0], True) for q in asked] + [
        Decision(q, TWINS[1], False, "wrong_expertise") for q in asked
    ]
    new = Query("new", TOPICS["water"], countries=("KE",))
    scores = {}
    for weight in (0.0, 1.0):
        model = PartnerRecommender(standing_weight=weight, precedent_weight=0.0)
        model.fit(candidates, [*history, *record], decisions)
        found = {r.candidate: r.score for r in model.recommend(new, n=len(candidates))}
        scores[weight] = found[TWINS[0]] - found[TWINS[1]]
    assert scores[0.0] == pytest.approx(0.0, abs=1e-6)
    assert scores[1.0] > 0.5


def test_a_standing_on_like_requests_follows_what_the_request_is_about() -> None:
    candidates, history = world()
    asked = {t: [Query(f"{t}-{k}", TOPICS[t]) for k in range(4)] for t in ("water", "schools")}
    decisions = [Decision(q, "big-agency", True) for q in asked["water"]] + [
        Decision(q, "big-agency", False, "wrong_expertise") for q in asked["schools"]
    ]
    model = PartnerRecommender(standing_like=True).fit(candidates, history, decisions)
    found_standing = model.signals_.decided["standing"]
    assert isinstance(found_standing, Standing)
    new = [Query("new-water", TOPICS["water"]), Query("new-schools", TOPICS["schools"])]
    found = found_standing.on(new, model.signals_.texts.index.words([q.text for q in new]))
    big = [c.id for c in candidates].index("big-agency")
    assert found[0, big] > 0 > found[1, big]
    # Over all its decisions it was accepted as often as rejected: no standing.
    assert found_standing.everywhere[big] == 0.0


def test_a_sides_interest_gives_no_standing() -> None:
    candidates, history = world()
    wishes = [
        Decision(Query(f"w-{k}", TOPICS["water"]), "big-agency", True, interest=True)
        for k in range(5)
    ]
    model = PartnerRecommender().fit(candidates, history, wishes)
    found = model.signals_.decided["standing"]
    assert isinstance(found, Standing)
    assert not found.everywhere.any()
