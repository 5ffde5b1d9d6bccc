"""Build the networkx view every store hands to algorithms, in one layout.

Nodes carry `label` and their properties; edges are keyed by `(type, key)` and carry
`type` and their properties. The reserved property names keep these apart.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph.store import Edge, Node

__all__ = ["to_networkx"]


def to_networkx(nodes: Iterable[Node], edges: Iterable[Edge]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for node in nodes:
        graph.add_node(node.id, label=node.label, **node.properties)
    for edge in edges:
        graph.add_edge(
            edge.source, edge.target, key=(edge.type, edge.key), type=edge.type, **edge.properties
        )
    return graph
