"""The demo hub loads whole, covers the Compact, and loading it again changes nothing."""

from __future__ import annotations

from graph import GraphStore
from hub import review
from hub.demo import load_demo
from hub.domain.activities import Partnership, PartnershipStatus
from hub.domain.records import Offer, RequestStatus, Stakeholder, StakeholderKind, SupportRequest
from hub.store import repository
from tests.hub.test_iati_import import snapshot

ARAB_LEAGUE = {
    "DZ",
    "BH",
    "KM",
    "DJ",
    "EG",
    "IQ",
    "JO",
    "KW",
    "LB",
    "LY",
    "MR",
    "MA",
    "OM",
    "PS",
    "QA",
    "SA",
    "SO",
    "SD",
    "SY",
    "TN",
    "AE",
    "YE",
}


def test_demo_hub_loads_and_is_idempotent(store: GraphStore) -> None:
    report = load_demo(store)
    once = snapshot(store)
    assert load_demo(store) == report
    assert snapshot(store) == once


def test_demo_hub_covers_all_objectives_and_the_arab_league(store: GraphStore) -> None:
    load_demo(store)
    stakeholders = list(repository.list_records(store, Stakeholder))
    states = {s.home_country for s in stakeholders if s.kind is StakeholderKind.MEMBER_STATE}
    assert states >= ARAB_LEAGUE
    assert {s.kind for s in stakeholders} >= {
        StakeholderKind.UN_ENTITY,
        StakeholderKind.NGO,
        StakeholderKind.ACADEMIA,
        StakeholderKind.DONOR,
        StakeholderKind.REGIONAL_BODY,
    }
    requested = {n for r in repository.list_records(store, SupportRequest) for n in r.objectives}
    offered = {n for o in repository.list_records(store, Offer) for n in o.objectives}
    assert requested == offered == set(range(1, 24))
    assert any(True for _ in repository.list_records(store, Partnership))


def test_demo_records_are_linked_in_the_graph(store: GraphStore) -> None:
    load_demo(store)
    iom = store.node_by_external_id("iati-org", "XM-DAC-47066")
    assert iom is not None and iom.id == "iom"
    offers = store.neighbours("iom", direction="out", edge_types=["OFFERS"])
    assert offers and all(node.label == "Offer" for _, node in offers)
    assert store.neighbours("somalia", direction="out", edge_types=["REQUESTED"])


def test_each_demo_request_stands_where_its_partnerships_put_it(store: GraphStore) -> None:
    """No open request has an agreed, active or completed partnership (issue 17)."""
    load_demo(store)
    stages: dict[str, set[PartnershipStatus]] = {}
    for partnership in repository.list_records(store, Partnership):
        if partnership.request:
            stages.setdefault(partnership.request, set()).add(partnership.status)
    working = [
        r for r, found in stages.items() if review.request_status(found) is not RequestStatus.OPEN
    ]
    assert working, "the demo has requests its partnerships are working on"
    for request_id, found in stages.items():
        request = repository.get(store, SupportRequest, request_id)
        assert request.status is review.request_status(found), (request_id, sorted(found))
