"""Graph exploration for a caller, never through what the caller may not see.

Neighbourhoods and paths are walked by the store itself (Cypher on Neo4j), told which
nodes to avoid; communities and centrality need the whole graph, so they run on the
networkx projection narrowed to the visible nodes.
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from graph import GraphStore, Node, analytics
from hub.access import Principal, can_see, get_visible, hidden_ids

__all__ = ["centrality", "communities", "neighbourhood", "paths", "visible_graph"]


def visible_graph(store: GraphStore, principal: Principal) -> nx.MultiDiGraph:
    """A live view of the projection without the nodes (and so edges) hidden from the caller."""
    graph = store.projection()

    def visible(node: str) -> bool:
        data = graph.nodes[node]
        props = {k: v for k, v in data.items() if k != "label"}
        return can_see(principal, Node(node, str(data.get("label", "")), props))

    return nx.subgraph_view(graph, filter_node=visible)


def neighbourhood(
    store: GraphStore,
    principal: Principal,
    node_id: str,
    depth: int = 1,
    *,
    edge_types: Collection[str] | None = None,
    labels: Collection[str] | None = None,
    objective: int | None = None,
    country: str | None = None,
    kind: str | None = None,
) -> nx.MultiDiGraph:
    """Nodes within `depth` hops; then only those matching every filter, and the start."""
    get_visible(store, principal, node_id)
    graph = store.neighbourhood(
        node_id, depth, edge_types=edge_types, exclude=hidden_ids(store, principal)
    )

    def keep(node: str) -> bool:
        data = graph.nodes[node]
        objectives, countries = data.get("objectives"), data.get("countries")
        return node == node_id or (
            (labels is None or data.get("label") in labels)
            and (objective is None or not isinstance(objectives, list) or objective in objectives)
            and (country is None or not isinstance(countries, list) or country in countries)
            and (kind is None or data.get("label") != "Stakeholder" or data.get("kind") == kind)
        )

    return nx.MultiDiGraph(graph.subgraph([n for n in graph if keep(n)]))


def paths(
    store: GraphStore, principal: Principal, source: str, target: str, limit: int = 5
) -> list[list[tuple[str, str, str]]]:
    get_visible(store, principal, source)
    get_visible(store, principal, target)
    hidden = hidden_ids(store, principal)
    return store.shortest_paths(source, target, exclude=hidden, limit=limit)


def communities(store: GraphStore, principal: Principal) -> list[set[str]]:
    """Communities of organisations linked by partnerships, funding and shared work."""
    return analytics.communities(visible_graph(store, principal), labels={"Stakeholder"})


def centrality(store: GraphStore, principal: Principal, top: int = 20) -> list[tuple[str, float]]:
    return analytics.centrality(visible_graph(store, principal), labels={"Stakeholder"}, top=top)
