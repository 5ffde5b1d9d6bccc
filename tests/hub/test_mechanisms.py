"""Connection-hub mechanisms that stay honest on the demo hub."""

from __future__ import annotations

from datetime import date
from itertools import combinations
from pathlib import Path

import pytest

from hub.access import OPERATOR, Principal
from hub.demo import load_demo
from hub.domain import geography
from hub.domain.keys import Role
from hub.domain.records import Offer, RequestStatus, Stakeholder, SupportRequest
from hub.imports.importer import import_file
from hub.matchmaking.allocation import allocate_open_requests
from hub.matchmaking.consortium import propose_consortium
from hub.matchmaking.funding import find_funders
from hub.matchmaking.inputs import build_candidates
from hub.matchmaking.synergies import supply_demand_gaps
from hub.matchmaking.tagging import import_tagger
from hub.store import Store, repository
from matching.profiles import Query
from tests.store_support import put
from tools.evaluation import later_requests

SPLIT = date(2020, 1, 1)
AMINA = Principal(Role.COORDINATOR, key="key-amina")


@pytest.fixture
def demo(store: Store) -> Store:
    load_demo(store)
    return store


def test_a_consortium_covers_only_places_where_a_member_is_present(demo: Store) -> None:
    table = geography.countries()
    countries = {c.id: set(c.countries) for c in build_candidates(demo)}
    declared = {s.id: set(s.regions) for s in repository.list_records(demo, Stakeholder)}
    for offer in repository.list_records(demo, Offer):
        declared[offer.provider] |= set(offer.regions)
    for request in repository.list_records(demo, SupportRequest):
        team = propose_consortium(demo, AMINA, request.id, rules=["whole-of-society"])
        for member in team.members:
            for part in member.covers:
                kind, country = part.split(":", 1)
                if kind == "country":
                    present = countries[member.candidate] | declared[member.candidate]
                    assert {country, table[country].subregion} & present, (request.id, member)
        met = {name for m in team.members for name in m.meets}
        assert {name for name, ok in team.rules.items() if ok} == met


TOPICS = ("cholera", "school", "election", "livestock")
"""Four unrelated requests among the Somalia activities after the split."""


def _file(store: Store, query: Query) -> str:
    title, _, text = query.text.partition("\n")
    request = SupportRequest(
        id=f"req-{query.id}",
        requester="somalia",
        title=title[:500] or query.id,
        text=text[:20_000],
        objectives=list(query.objectives),
        countries=list(query.countries),
    )
    put(store, request)
    return request.id


@pytest.fixture
def somalia_requests(store: Store, iati_dir: Path) -> tuple[Store, list[str]]:
    """The Somalia history before 2020 and twenty of the next year's activities filed as
    Somalia's open requests (a hub where nobody has declared a capacity), then four
    unrelated ones, not yet open; the ids of those four."""
    path = iati_dir / "somalia-3w-2021.xml"
    tag = import_tagger()
    import_file(store, path, keep=lambda a: a.start is not None and a.start < SPLIT, tag=tag)
    put(store, Stakeholder(id="somalia", name="Somalia", kind="member_state"))
    later = [query for query, _ in later_requests(store, [path], SPLIT, tag)]
    for query in later[:20]:
        _file(store, query)
    return store, [
        _file(store, next(q for q in later[20:] if topic in q.text.lower())) for topic in TOPICS
    ]


def test_track_records_let_allocation_serve_a_hub_without_offers(
    somalia_requests: tuple[Store, list[str]],
) -> None:
    store, unrelated = somalia_requests
    for request_id in unrelated:
        request = repository.get(store, SupportRequest, request_id)
        put(store, request.model_copy(update={"status": RequestStatus.CLOSED}))
    plan = allocate_open_requests(store, AMINA)
    assert len({a.request for a in plan.assignments}) >= 15  # of 20; none before
    assert "track record" in {load.source for load in plan.load.values()}
    assert all(load.used <= load.capacity for load in plan.load.values())
    assert all(u.why for u in plan.unserved)
    matrix = supply_demand_gaps(store, OPERATOR)
    africa = matrix.areas.index("Africa")
    assert matrix.record_capacity[:, africa].sum() > 0 and matrix.capacity.sum() == 0


def test_unrelated_requests_get_different_funding_leads(
    somalia_requests: tuple[Store, list[str]],
) -> None:
    store, unrelated = somalia_requests
    tops = [
        {lead.funder for lead in find_funders(store, OPERATOR, r, n=10).funders} for r in unrelated
    ]
    shared = [len(a & b) / 10 for a, b in combinations(tops, 2)]
    # Before: every pair shared 9 or 10 of its top 10 (the country's biggest donors).
    assert max(shared) <= 0.8 and sum(shared) / len(shared) <= 0.5, shared
