"""The fit finds the partners and funders of every staff group of every region and
subregion; a served synergies call reads them instead, and finds on demand only what the
fit did not see (another sight's groups, one a request written since makes, funders
once the store has moved on)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hub import records
from hub.access import OPERATOR, Principal
from hub.domain import geography
from hub.domain.keys import Role
from hub.domain.records import SupportRequest
from hub.matchmaking import provider
from hub.matchmaking.fitted_programmes import LEADS, Group, in_area, open_queries
from hub.matchmaking.funding import funding_leads
from hub.matchmaking.refit import Published
from hub.matchmaking.synergies import synergies_in
from hub.records import reading
from hub.store import repository
from matching.funding import FundingLead
from matching.funding_pool import FundingPool
from matching.profiles import Query, Recommendation
from matching.recommender import PartnerRecommender
from matching.synergies import group_states, joint_query
from tests.hub.refit_support import Hub, hub

__all__ = ["hub"]

AMINA = Principal(Role.COORDINATOR, key="key-amina")
AREAS = (*geography.REGIONS, *geography.SUBREGIONS)


@pytest.fixture
def published(hub: Hub) -> Iterator[Published[provider.Learned]]:
    found = provider.publish(hub.store, hub.settings)
    yield found
    found.close()


@pytest.fixture
def ranked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the joint requests ranked (partners, "funders:" funders) on demand."""
    found: list[str] = []
    recommend, leads = PartnerRecommender.recommend, FundingPool.leads

    def partners(self: PartnerRecommender, query: Query, **options: object) -> object:
        found.append(query.id)
        return recommend(self, query, **options)  # type: ignore[call-overload]

    def funders(self: FundingPool, query: Query, *options: Any) -> list[FundingLead]:
        found.append(f"funders:{query.id}")
        return leads(self, query, *options)

    monkeypatch.setattr(PartnerRecommender, "recommend", partners)
    monkeypatch.setattr(FundingPool, "leads", funders)
    return found


def _joints(stored: dict[Group, Any]) -> list[tuple[Group, Query]]:
    return [(key, key[0]) for key in stored]


def _staff_queries(hub: Hub) -> list[Query]:
    return open_queries(hub.store, reading.visible(hub.store, OPERATOR, SupportRequest))


def test_the_fit_ranks_every_staff_group_and_staff_synergies_read_them(
    hub: Hub, published: Published[provider.Learned], ranked: list[str]
) -> None:
    learned = published.current()[1]
    everything = _staff_queries(hub)
    groups = 0
    for area in AREAS:
        queries = in_area(everything, area)
        for group in group_states(queries):
            joint = joint_query(group, queries)
            fitted = learned.programmes
            recommender = learned.partners.recommender
            partners = recommender.recommend(joint, n=LEADS, exclude=group.states)
            assert fitted.partners_of(joint, group, LEADS) == partners
            funders = fitted.funders_of(joint, group, LEADS, (), hub.store.revision())
            assert funders == funding_leads(hub.store, AMINA, joint, LEADS)
            groups += 1
    assert groups >= 3 and len(learned.programmes.partners) <= groups
    ranked.clear()
    stored = {joint.id: key for key, joint in _joints(learned.programmes.partners)}
    named = 0
    for region in geography.REGIONS:
        for programme in synergies_in(hub.store, AMINA, region).programmes:
            key = stored["synergy:" + "+".join(s.id for s in programme.states)]
            partners, funders = learned.programmes.partners[key], learned.programmes.funders[key]
            assert [p.id for p in programme.lead_partners] == [r.candidate for r in partners]
            assert [f.id for f in programme.funders] == [f.funder for f in funders]
            named += len(partners) + len(funders)
    assert ranked == [] and named > 0


def _leads(recommendations: list[Recommendation]) -> list[tuple[str, float]]:
    return [(r.candidate, round(r.score, 4)) for r in recommendations]


def test_a_group_a_new_request_makes_is_ranked_on_demand(
    hub: Hub, published: Published[provider.Learned], ranked: list[str]
) -> None:
    """Morocco asks what Algeria asks: the group it joins was never fitted."""
    model = published.current()[1]
    asked = repository.get(hub.store, SupportRequest, "req-algeria-formation-professionnelle")
    created = records.create_request(
        hub.store,
        OPERATOR,
        {
            "requester": "morocco",
            "title": asked.title,
            "text": asked.text,
            "objectives": asked.objectives,
            "countries": ["MA"],
        },
    )
    queries = in_area(_staff_queries(hub), "Africa")
    joined = next(g for g in group_states(queries) if created.id in g.requests)
    answer = synergies_in(hub.store, AMINA, "Africa")
    shown = next(p for p in answer.programmes if "morocco" in {s.id for s in p.states})
    fresh = joint_query(joined, queries)
    assert model.programmes.partners_of(fresh, joined, LEADS) is None and fresh.id in ranked
    expected = model.partners.recommender.recommend(fresh, n=LEADS, exclude=joined.states)
    assert [(p.id, p.score) for p in shown.lead_partners] == _leads(expected)
    # The write moved the store past the fit: every group's funders are found anew.
    found = [r.removeprefix("funders:") for r in ranked if r.startswith("funders:")]
    assert len(found) == len(answer.programmes) > 1 and fresh.id in found
    leads = funding_leads(hub.store, AMINA, fresh, LEADS)
    assert [(f.id, f.score) for f in shown.funders] == [(f.funder, f.score) for f in leads]


def test_synergies_the_fit_answered_build_no_funding_pool(
    hub: Hub, published: Published[provider.Learned], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's first synergies call used to build the whole funding pool (18 s at
    100k) only to learn which partnerships its caller may not see."""
    published.current()  # the fit has built its own pool
    built: list[FundingPool] = []
    make = FundingPool.__init__

    def counted(self: FundingPool, *args: Any) -> None:
        built.append(self)
        make(self, *args)

    monkeypatch.setattr(FundingPool, "__init__", counted)
    shown = [
        p
        for region in geography.REGIONS
        for p in synergies_in(hub.store, AMINA, region).programmes
        if p.funders
    ]
    assert shown and built == []
