"""Connection-hub mechanisms that stay honest on the demo hub."""

from __future__ import annotations

import pytest

from graph import GraphStore
from hub import connections, geography, records
from hub.access import Principal, Role
from hub.demo import load_demo
from hub.model import Offer, Stakeholder, SupportRequest
from hub.profiles import build_candidates

AMINA = Principal(Role.COORDINATOR, key="key-amina")


@pytest.fixture
def demo(store: GraphStore) -> GraphStore:
    load_demo(store)
    return store


def test_a_consortium_covers_only_places_where_a_member_is_present(demo: GraphStore) -> None:
    table = geography.countries()
    countries = {c.id: set(c.countries) for c in build_candidates(demo)}
    declared = {s.id: set(s.regions) for s in records.list_records(demo, Stakeholder)}
    for offer in records.list_records(demo, Offer):
        declared[offer.provider] |= set(offer.regions)
    for request in records.list_records(demo, SupportRequest):
        team = connections.propose_consortium(demo, AMINA, request.id, rules=["whole-of-society"])
        for member in team.members:
            for part in member.covers:
                kind, country = part.split(":", 1)
                if kind == "country":
                    present = countries[member.candidate] | declared[member.candidate]
                    assert {country, table[country].subregion} & present, (request.id, member)
        met = {name for m in team.members for name in m.meets}
        assert {name for name, ok in team.rules.items() if ok} == met
