"""Graph analytics need a key, stay bounded, and are computed once per graph revision."""

from __future__ import annotations

import time

import pytest

from hub import explore
from hub.access import PUBLIC, Principal
from hub.demo import load_demo
from hub.domain.errors import Busy, InvalidInput, Unauthorized
from hub.domain.keys import Role
from hub.store import Edge, Node, Store

COORDINATOR = Principal(Role.COORDINATOR, key="key-test")
PARTNER = Principal(Role.PARTNER, "iom", key="key-partner")


def test_every_analysis_needs_a_key(store: Store) -> None:
    load_demo(store)
    for ask in (
        lambda: explore.neighbourhood(store, PUBLIC, "iom"),
        lambda: explore.paths(store, PUBLIC, "iom", "unodc"),
        lambda: explore.communities(store, PUBLIC),
        lambda: explore.centrality(store, PUBLIC),
    ):
        with pytest.raises(Unauthorized, match="needs an API key"):
            ask()


def test_a_neighbourhood_is_refused_past_its_depth_and_cut_to_its_nearest_nodes(
    store: Store,
) -> None:
    store.upsert_node(Node("hub-ngo", "Stakeholder", {"name": "Hub NGO", "kind": "ngo"}))
    spokes = [f"act-{i:04}" for i in range(explore.MAX_NODES)]  # with the centre, one too many
    store.upsert_nodes(Node(a, "Activity", {"title": a}) for a in spokes)
    store.upsert_edges(Edge("hub-ngo", "IMPLEMENTED", a) for a in spokes)
    store.upsert_node(Node("far-ngo", "Stakeholder", {"name": "Far NGO", "kind": "ngo"}))
    store.upsert_edge(Edge("far-ngo", "IMPLEMENTED", "act-0000"))
    with pytest.raises(InvalidInput, match="at most 3 hops"):
        explore.neighbourhood(store, PARTNER, "hub-ngo", explore.MAX_DEPTH + 1)

    cut = explore.neighbourhood(store, PARTNER, "hub-ngo", 2)
    assert cut.graph["truncated"] and len(cut) == explore.MAX_NODES
    assert "hub-ngo" in cut and "far-ngo" not in cut  # two hops away: the first to go
    whole = explore.neighbourhood(store, PARTNER, "far-ngo")
    assert not whole.graph["truncated"] and set(whole) == {"far-ngo", "act-0000"}


def test_answers_are_kept_until_the_graph_changes(store: Store) -> None:
    load_demo(store)
    first = explore.communities(store, COORDINATOR)
    assert explore.communities(store, COORDINATOR) is first
    store.upsert_node(Node("new-ngo", "Stakeholder", {"name": "New NGO", "kind": "ngo"}))
    again = explore.communities(store, COORDINATOR)
    assert again is not first
    assert {"new-ngo"} in again  # a stakeholder tied to no one is a community of its own


def test_past_its_budget_a_call_is_told_to_come_back_and_the_work_goes_on(
    store: Store,
) -> None:
    load_demo(store)
    with pytest.raises(Busy) as busy:
        explore.centrality(store, COORDINATOR, budget=0)
    assert busy.value.retry_after >= 1
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the answer is being kept meanwhile
        try:
            ranked = explore.centrality(store, COORDINATOR, budget=0)
            break
        except Busy:
            time.sleep(0.05)
    assert ranked == explore.centrality(store, COORDINATOR, budget=60)
    assert ranked and ranked[0][1] >= ranked[-1][1]
