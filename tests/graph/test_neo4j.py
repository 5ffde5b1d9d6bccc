"""What only the Neo4j backend has: schema, Cypher parameters, buffered batches, restarts.

The behaviour shared with SQLite is in test_store_contract.py; these run only when
`HUB_TEST_NEO4J_URI` is set. The restart tests also need `HUB_TEST_NEO4J_RESTART=1`
and a server started by `scripts/neo4j-local` (they stop and start it, ~30 s).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import Edge, GraphError, LabelConflict, MissingNode, Node, StoreUnavailable
from graph.neo4j import Neo4jGraphStore
from tests import neo4j_support

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "neo4j-local"
HOSTILE = "x'}) DETACH DELETE n //\"`"


@pytest.fixture
def store() -> Iterator[Neo4jGraphStore]:
    yield from neo4j_support.fresh_store()


def _org(node_id: str, **properties: object) -> Node:
    return Node(node_id, "Stakeholder", properties)  # type: ignore[arg-type]


def test_constraints_exist_after_start(store: Neo4jGraphStore) -> None:
    records = (
        neo4j_support.admin()
        .execute_query("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties")
        .records
    )
    found = {(r["type"], tuple(r["labelsOrTypes"]), tuple(r["properties"])) for r in records}
    assert ("UNIQUENESS", ("Entity",), ("id",)) in found
    assert ("UNIQUENESS", ("ExternalId",), ("scheme", "value")) in found


def test_values_travel_as_parameters(store: Neo4jGraphStore) -> None:
    store.upsert_nodes([_org("bystander"), _org(HOSTILE, name=HOSTILE, tags=[HOSTILE])])
    store.upsert_edge(Edge("bystander", "FUNDS", HOSTILE, HOSTILE, {"note": HOSTILE}))
    assert store.link_external_id(HOSTILE, HOSTILE, HOSTILE) == HOSTILE
    assert store.node(HOSTILE) == _org(HOSTILE, name=HOSTILE, tags=[HOSTILE])
    assert store.node("bystander") == _org("bystander")
    assert list(store.edges()) == [Edge("bystander", "FUNDS", HOSTILE, HOSTILE, {"note": HOSTILE})]
    assert store.external_ids(HOSTILE) == [(HOSTILE, HOSTILE)]
    store.delete_edge("bystander", "FUNDS", HOSTILE, HOSTILE)
    store.delete_node(HOSTILE)
    assert [node.id for node in store.nodes()] == ["bystander"]


@pytest.mark.parametrize("name", [HOSTILE, "Has Space", "1st", "Entity", ""])
def test_labels_and_types_are_checked_before_they_reach_cypher(
    store: Neo4jGraphStore, name: str
) -> None:
    with pytest.raises(GraphError, match="invalid label"):
        store.upsert_node(Node("a", name))
    store.upsert_nodes([_org("a"), _org("b")])
    with pytest.raises(GraphError, match="invalid type"):
        store.upsert_edge(Edge("a", name, "b"))
    assert list(store.nodes(name)) == []
    assert list(store.edges(name)) == []
    assert [node.id for node in store.nodes()] == ["a", "b"]


def test_reads_inside_a_batch_see_its_writes(store: Neo4jGraphStore) -> None:
    store.upsert_node(_org("old", name="Old"))
    store.link_external_id("iati-org", "OLD", "old")
    with store.batch() as writer:
        writer.upsert_node(_org("new", name="New"))
        assert store.node("new") == _org("new", name="New")
        assert writer.link_external_id("iati-org", "NEW", "new") == "new"
        assert writer.link_external_id("iati-org", "NEW", "old") == "new"
        assert writer.link_external_id("iati-org", "OLD", "new") == "old"
        found = store.node_by_external_id("iati-org", "NEW")
        assert found is not None and found.id == "new"
        writer.delete_node("old")
        assert store.node("old") is None
        assert store.node_by_external_id("iati-org", "OLD") is None
        assert writer.link_external_id("iati-org", "OLD", "new") == "new"
        with pytest.raises(MissingNode, match="'old'"):
            writer.upsert_edge(Edge("new", "FUNDS", "old"))
    assert store.external_ids("new") == [("iati-org", "NEW"), ("iati-org", "OLD")]
    assert store.node("old") is None


def test_a_conflict_found_at_commit_rolls_the_batch_back(store: Neo4jGraphStore) -> None:
    store.upsert_node(Node("country:SO", "Country"))
    with pytest.raises(LabelConflict, match="'country:SO' is a Country"), store.batch() as w:
        w.upsert_node(_org("iom"))
        w.upsert_node(_org("country:SO"))
    assert store.node("iom") is None
    with pytest.raises(MissingNode, match="'ghost'"), store.batch() as w:
        w.upsert_node(_org("iom"))
        w.upsert_edge(Edge("iom", "FUNDS", "ghost"))
    assert store.node("iom") is None


def test_projection_sees_writes_of_other_clients(store: Neo4jGraphStore) -> None:
    store.upsert_node(_org("a"))
    assert set(store.projection()) == {"a"}
    neo4j_support.admin().execute_query(
        "MERGE (s:GraphStamp {name: 'graph'}) SET s.value = 'by hand'"
        " CREATE (:Entity:Stakeholder {id: 'b'})"
    )
    assert set(store.projection()) == {"a", "b"}


def test_an_unreachable_server_is_reported() -> None:
    with pytest.raises(StoreUnavailable, match=r"127\.0\.0\.1:1\b"):
        Neo4jGraphStore("bolt://127.0.0.1:1", "neo4j", "nothing")


def _kill_hard() -> None:
    home = Path(os.environ.get("HUB_NEO4J_HOME", REPO / ".cache" / "neo4j"))
    pid = int((home / "run" / "neo4j.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.timeout(400)
@pytest.mark.skipif(
    os.environ.get("HUB_TEST_NEO4J_RESTART") != "1", reason="set HUB_TEST_NEO4J_RESTART=1"
)
@pytest.mark.parametrize("how", ["stop", "kill -9"])
def test_committed_writes_survive_a_restart(store: Neo4jGraphStore, how: str) -> None:
    with store.batch() as writer:
        writer.upsert_nodes([_org("eu", name="EU"), _org("iom")])
        writer.upsert_edge(Edge("eu", "FUNDS", "iom", "act-1", {"year": 2021}))
        writer.link_external_id("iati-org", "XM-DAC-47066", "iom")
    if how == "stop":
        neo4j_support.server("stop")
    else:
        _kill_hard()
    assert neo4j_support.server("start").strip().splitlines()[-1].startswith("bolt://")
    again = Neo4jGraphStore(neo4j_support.uri() or "", *neo4j_support.credentials())
    try:
        assert again.node("eu") == _org("eu", name="EU")
        assert list(again.edges()) == [Edge("eu", "FUNDS", "iom", "act-1", {"year": 2021})]
        found = again.node_by_external_id("iati-org", "XM-DAC-47066")
        assert found is not None and found.id == "iom"
    finally:
        again.close()
