"""A party's interest in a pairing (`Decision.interest`): a mild positive that moves the
ranking less than a coordinator's accept, is pulled toward the prior like every
decision, and neither pins nor excludes."""

from __future__ import annotations

from dataclasses import replace

from matching.profiles import Decision, Query
from matching.recommender import PartnerRecommender
from tests.matching.recommender_data import TOPICS, world

WATER = Query("req-water", TOPICS["water"], countries=("KE",), requester="kenya")


def _asked(n: int) -> Query:
    return replace(WATER, id=f"req-water-{n}")


def _gap(decisions: list[Decision], strength: float) -> float:
    """How far the water specialist leads the schools one on a water request."""
    known, history = world()
    model = PartnerRecommender(decision_strength=strength).fit(known, history, decisions=decisions)
    scores = {r.candidate: r.score for r in model.recommend(WATER, n=10)}
    return scores["water-org"] - scores["schools-org"]


def _said(interest: bool) -> list[Decision]:
    """Three yeses for the schools partner on water requests, three rejects of another."""
    return [
        *(Decision(_asked(n), "schools-org", True, interest=interest) for n in range(3)),
        *(Decision(_asked(n + 3), "big-agency", False, "other") for n in range(3)),
    ]


def test_interest_lifts_a_partner_less_than_an_accept_and_less_as_strength_grows() -> None:
    for strength in (20.0, 200.0):
        bare, interested, accepted = (
            _gap([], strength),
            _gap(_said(interest=True), strength),
            _gap(_said(interest=False), strength),
        )
        assert accepted < interested < bare
    lift = {s: _gap([], s) - _gap(_said(interest=True), s) for s in (20.0, 200.0)}
    assert 0 < lift[200.0] < lift[20.0]


def test_interest_neither_pins_nor_excludes() -> None:
    known, history = world()
    said = [
        Decision(WATER, "schools-org", True, interest=True),
        Decision(WATER, "water-org", True, interest=True),
    ]
    model = PartnerRecommender().fit(known, history, decisions=said)
    shown = [r.candidate for r in model.recommend(WATER, n=10)]
    assert shown[0] == "water-org" and "schools-org" in shown
    accepted = PartnerRecommender().fit(
        known, history, decisions=[Decision(WATER, "schools-org", True)]
    )
    assert accepted.recommend(WATER, n=1)[0].candidate == "schools-org"
