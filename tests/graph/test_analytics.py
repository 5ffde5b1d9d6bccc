"""Graph analytics on small graphs whose answers are known."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from graph import MissingNode
from graph.analytics import (
    centrality,
    communities,
    neighbourhood,
    shortest_paths,
    to_graphml,
    to_json,
)


def partner_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for node, label in [
        ("eu", "Stakeholder"),
        ("iom", "Stakeholder"),
        ("nrc", "Stakeholder"),
        ("somalia", "Stakeholder"),
        ("req", "SupportRequest"),
        ("SO", "Country"),
    ]:
        graph.add_node(node, label=label, name=node.upper())
    for source, kind, target in [
        ("eu", "FUNDS", "iom"),
        ("iom", "MEMBER_OF", "nrc"),
        ("somalia", "REQUESTED", "req"),
        ("req", "CONCERNS", "SO"),
        ("iom", "PRESENT_IN", "SO"),
    ]:
        graph.add_edge(source, target, key=(kind, ""), type=kind)
    return graph


def test_neighbourhood_by_depth_edge_type_and_node_filter() -> None:
    graph = partner_graph()
    assert set(neighbourhood(graph, "iom", 1)) == {"iom", "eu", "nrc", "SO"}
    assert set(neighbourhood(graph, "iom", 2)) == {"iom", "eu", "nrc", "SO", "req"}
    assert set(neighbourhood(graph, "iom", 3, edge_types={"FUNDS", "PRESENT_IN"})) == {
        "iom",
        "eu",
        "SO",
    }
    visible = nx.subgraph_view(graph, filter_node=lambda n: n != "req")
    hidden = neighbourhood(visible, "iom", 3)
    assert "req" not in hidden and "somalia" not in hidden
    with pytest.raises(MissingNode, match="ghost"):
        neighbourhood(graph, "ghost")


def test_shortest_paths_name_their_edges_in_their_direction() -> None:
    paths = shortest_paths(partner_graph(), "eu", "somalia")
    assert paths == [
        [
            ("eu", "FUNDS", "iom"),
            ("iom", "PRESENT_IN", "SO"),
            ("req", "CONCERNS", "SO"),
            ("somalia", "REQUESTED", "req"),
        ]
    ]
    lonely = partner_graph()
    lonely.add_node("alone", label="Stakeholder")
    assert shortest_paths(lonely, "eu", "alone") == []


def test_communities_split_two_cliques() -> None:
    graph = nx.MultiDiGraph()
    for group in ("ab", "xy"):
        members = [f"{group}{i}" for i in range(4)]
        for i, a in enumerate(members):
            graph.add_node(a, label="Stakeholder")
            for b in members[i + 1 :]:
                graph.add_edge(a, b, key=("PARTNERS", ""), type="PARTNERS")
    graph.add_edge("ab0", "xy0", key=("PARTNERS", ""), type="PARTNERS")
    found = communities(graph)
    assert sorted(map(sorted, found)) == [
        [f"ab{i}" for i in range(4)],
        [f"xy{i}" for i in range(4)],
    ]


def test_centrality_puts_the_hub_first() -> None:
    ranked = centrality(partner_graph(), labels={"Stakeholder"})
    assert ranked[0][0] == "iom"
    assert {n for n, _ in ranked} == {"eu", "iom", "nrc", "somalia"}


def test_exports_keep_every_node_and_edge() -> None:
    graph = partner_graph()
    graph.nodes["iom"]["objectives"] = [7, 21]
    data = to_json(graph)
    assert len(data["nodes"]) == 6 and len(data["edges"]) == 5
    root = ET.fromstring(to_graphml(graph))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == 6
    assert len(root.findall(".//g:edge", ns)) == 5
    assert "[7, 21]" in to_graphml(graph)
