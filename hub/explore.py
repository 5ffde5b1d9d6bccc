"""Graph exploration for a caller: the projection narrowed to what they may see."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import networkx as nx

from graph import GraphStore, Node, analytics
from hub.access import Principal, can_see, get_visible

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
    """Nodes within `depth` hops, keeping only those matching every filter given."""
    get_visible(store, principal, node_id)

    def keep(_: str, data: dict[str, Any]) -> bool:
        objectives = data.get("objectives")
        countries = data.get("countries")
        return (
            (labels is None or data.get("label") in labels)
            and (objective is None or not isinstance(objectives, list) or objective in objectives)
            and (country is None or not isinstance(countries, list) or country in countries)
            and (kind is None or data.get("label") != "Stakeholder" or data.get("kind") == kind)
        )

    graph = visible_graph(store, principal)
    return analytics.neighbourhood(graph, node_id, depth, edge_types=edge_types, keep=keep)


def paths(
    store: GraphStore, principal: Principal, source: str, target: str, limit: int = 5
) -> list[list[tuple[str, str, str]]]:
    get_visible(store, principal, source)
    get_visible(store, principal, target)
    return analytics.shortest_paths(visible_graph(store, principal), source, target, limit)


def communities(store: GraphStore, principal: Principal) -> list[set[str]]:
    """Communities of organisations linked by partnerships, funding and shared work."""
    return analytics.communities(visible_graph(store, principal), labels={"Stakeholder"})


def centrality(store: GraphStore, principal: Principal, top: int = 20) -> list[tuple[str, float]]:
    return analytics.centrality(visible_graph(store, principal), labels={"Stakeholder"}, top=top)
