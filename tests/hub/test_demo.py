"""The demo hub loads whole, covers the Compact, and loading it again changes nothing."""

from __future__ import annotations

from hub.demo import load_demo
from hub.domain.activities import Partnership
from hub.domain.records import Offer, Stakeholder, StakeholderKind, SupportRequest
from hub.store import Store, repository
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


def test_demo_hub_loads_and_is_idempotent(store: Store) -> None:
    report = load_demo(store)
    once = snapshot(store)
    assert load_demo(store) == report
    assert snapshot(store) == once


def test_demo_hub_covers_all_objectives_and_the_arab_league(store: Store) -> None:
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


def test_demo_records_are_linked_in_the_graph(store: Store) -> None:
    load_demo(store)
    iom = store.node_by_external_id("iati-org", "XM-DAC-47066")
    assert iom is not None and iom.id == "iom"
    offers = store.neighbours("iom", direction="out", edge_types=["OFFERS"])
    assert offers and all(node.label == "Offer" for _, node in offers)
    assert store.neighbours("somalia", direction="out", edge_types=["REQUESTED"])
