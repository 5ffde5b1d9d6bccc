"""Rejects on like requests count against a partner elsewhere, only when they stand."""

from __future__ import annotations

import pytest

from matching.profiles import Decision, Query
from matching.recommender import PartnerRecommender
from tests.matching.recommender_data import TOPICS, world


def _fitted(decisions: list[Decision], corroboration: int = 2) -> PartnerRecommender:
    candidates, history = world()
    model = PartnerRecommender(rejection_weight=4.0, rejection_corroboration=corroboration)
    return model.fit(candidates, history, decisions=decisions)


def _asked(n: int, topic: str = "water", country: str = "KE") -> Query:
    return Query(f"req-{topic}-{country}-{n}", TOPICS[topic], countries=(country,))


NEW_WATER = _asked(99)
SCHOOLS = _asked(98, "schools", "NP")


def _rejected(model: PartnerRecommender, query: Query, candidate: str) -> float:
    """The `rejected` part of a candidate's score for a request (0 when silent)."""
    found = {r.candidate: r for r in model.recommend(query, n=5)}
    return found[candidate].parts.get("rejected", 0.0)


def _rejects(candidate: str, reason: str, count: int = 3, topic: str = "water") -> list[Decision]:
    return [Decision(_asked(n, topic), candidate, False, reason) for n in range(count)]


def test_standing_rejects_on_like_requests_count_against_the_partner() -> None:
    model = _fitted(_rejects("water-org", "wrong_expertise"))
    assert _rejected(model, NEW_WATER, "water-org") < -1
    assert _rejected(model, SCHOOLS, "water-org") == 0
    before = _fitted([]).recommend(NEW_WATER, n=1)[0]
    after = {r.candidate: r for r in model.recommend(NEW_WATER, n=5)}["water-org"]
    assert before.candidate == "water-org" and after.score < before.score - 1


def test_one_reject_binds_its_own_request_only() -> None:
    single = _rejects("water-org", "wrong_expertise", count=1)
    model = _fitted(single)
    assert "water-org" not in {r.candidate for r in model.recommend(single[0].query, n=5)}
    assert _rejected(model, NEW_WATER, "water-org") == 0
    assert _rejected(_fitted(single, corroboration=1), NEW_WATER, "water-org") < 0


def test_accepts_on_like_requests_cancel_rejects() -> None:
    """A coordinator at random accepts as often as rejects: that teaches nothing here."""
    rejects = _rejects("water-org", "other", count=3)
    accepts = [Decision(_asked(n + 10), "water-org", True) for n in range(3)]
    assert _rejected(_fitted(rejects + accepts, corroboration=1), NEW_WATER, "water-org") == 0


def test_a_region_reject_counts_in_that_region_only() -> None:
    model = _fitted(_rejects("water-org", "not_in_region"))
    elsewhere = _asked(97, country="UG")
    assert _rejected(model, NEW_WATER, "water-org") < 0
    assert _rejected(model, elsewhere, "water-org") == 0


def test_without_a_rejection_weight_rejects_only_exclude() -> None:
    candidates, history = world()
    decided = _rejects("water-org", "wrong_expertise", count=5)
    bare = PartnerRecommender(rejection_weight=0.0).fit(candidates, history)
    model = PartnerRecommender(rejection_weight=0.0).fit(candidates, history, decisions=decided)
    assert model.weights_["rejected"] == 0
    first = model.recommend(NEW_WATER, n=5)
    assert [r.candidate for r in first][:1] == ["water-org"]
    assert first[0].score == pytest.approx(bare.recommend(NEW_WATER, n=1)[0].score, rel=0.2)


def test_a_negative_rejection_weight_is_refused() -> None:
    candidates, history = world()
    with pytest.raises(ValueError, match="rejection_weight"):
        PartnerRecommender(rejection_weight=-1.0).fit(candidates, history)
