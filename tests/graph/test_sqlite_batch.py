"""The embedded store buffers a batch's writes; nothing about that may show."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import Edge, LabelConflict, MissingNode, Node
from graph.sqlite import SqliteGraphStore


@pytest.fixture
def embedded(tmp_path: Path) -> SqliteGraphStore:
    return SqliteGraphStore(tmp_path / "hub.db")


def test_reads_inside_a_batch_see_its_writes(embedded: SqliteGraphStore) -> None:
    with embedded.batch() as writer:
        writer.upsert_nodes([Node("a", "Stakeholder"), Node("b", "Stakeholder")])
        writer.upsert_edge(Edge("a", "FUNDS", "b"))
        assert embedded.node("a") == Node("a", "Stakeholder")
        assert [e.identity for e in embedded.edges()] == [("a", "FUNDS", "b", "")]


def test_a_label_conflict_inside_a_batch_is_named_and_rolls_back(
    embedded: SqliteGraphStore,
) -> None:
    conflict = pytest.raises(
        LabelConflict, match="'x' is a Stakeholder, cannot store it as a Country"
    )
    with conflict, embedded.batch() as writer:
        writer.upsert_node(Node("x", "Stakeholder"))
        writer.upsert_node(Node("x", "Country"))
    assert list(embedded.nodes()) == []


def test_an_edge_written_before_its_end_is_refused(embedded: SqliteGraphStore) -> None:
    embedded.upsert_node(Node("a", "Stakeholder"))
    with pytest.raises(MissingNode, match="no node 'b'"), embedded.batch() as writer:
        writer.upsert_edge(Edge("a", "FUNDS", "b"))
        writer.upsert_node(Node("b", "Stakeholder"))
    assert [n.id for n in embedded.nodes()] == ["a"]


def test_the_projection_follows_a_batch_too_large_to_replay(embedded: SqliteGraphStore) -> None:
    assert embedded.projection().number_of_nodes() == 0
    with embedded.batch() as writer:
        writer.upsert_nodes(Node(f"n{i}", "Stakeholder", {"i": i}) for i in range(25_000))
        writer.upsert_edges(Edge(f"n{i}", "FUNDS", f"n{i + 1}") for i in range(24_999))
    graph = embedded.projection()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (25_000, 24_999)
    assert graph.nodes["n7"] == {"label": "Stakeholder", "i": 7}
