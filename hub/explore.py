"""Graph exploration for a caller, never through what the caller may not see.

Neighbourhoods and paths are walked by the store itself (Cypher on Neo4j), told which
nodes to avoid; communities and centrality need the whole graph, so they run on the
networkx projection narrowed to the visible nodes.
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from graph import GraphStore, analytics
from hub.access import Principal, Sight
from hub.memo import RevisionMemo

__all__ = ["centrality", "communities", "counts", "neighbourhood", "paths", "visible_graph"]

_counts: RevisionMemo[tuple[int, int]] = RevisionMemo(64)


def visible_graph(store: GraphStore, principal: Principal) -> nx.MultiDiGraph:
    """A live view of the projection without the nodes (and so edges) hidden from the caller."""
    hidden = Sight(store, principal).hidden()
    return nx.subgraph_view(store.projection(), filter_node=lambda node: node not in hidden)


def counts(store: GraphStore, principal: Principal) -> tuple[int, int]:
    """How many nodes and edges the caller may see: totals must not count hidden records.

    Kept per revision and audience: probes ask often, and every hidden node is a query.
    """

    def count() -> tuple[int, int]:
        totals = store.counts()
        hidden = Sight(store, principal).hidden()
        touching = {edge.identity for node in hidden for edge, _ in store.neighbours(node)}
        return sum(totals.nodes.values()) - len(hidden), sum(totals.edges.values()) - len(touching)

    return _counts.get(store, (principal.role, principal.stakeholder), count)


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
    sight = Sight(store, principal)
    sight.get(node_id)
    graph = store.neighbourhood(node_id, depth, edge_types=edge_types, exclude=sight.hidden())

    def keep(node: str) -> bool:
        data = graph.nodes[node]
        objectives, countries = data.get("objectives"), data.get("countries")
        return node == node_id or (
            (labels is None or data.get("label") in labels)
            and (objective is None or not isinstance(objectives, list) or objective in objectives)
            and (country is None or not isinstance(countries, list) or country in countries)
            and (kind is None or data.get("label") != "Stakeholder" or data.get("kind") == kind)
        )

    kept = nx.MultiDiGraph(graph.subgraph([n for n in graph if keep(n)]))
    for _, data in kept.nodes(data=True):
        label = str(data.get("label", ""))
        data.update(sight.shown_properties(label, {k: v for k, v in data.items() if k != "label"}))
    return kept


def paths(
    store: GraphStore, principal: Principal, source: str, target: str, limit: int = 5
) -> list[list[tuple[str, str, str]]]:
    sight = Sight(store, principal)
    sight.get(source)
    sight.get(target)
    return store.shortest_paths(source, target, exclude=sight.hidden(), limit=limit)


def communities(store: GraphStore, principal: Principal) -> list[set[str]]:
    """Communities of organisations linked by partnerships, funding and shared work."""
    return analytics.communities(visible_graph(store, principal), labels={"Stakeholder"})


def centrality(store: GraphStore, principal: Principal, top: int = 20) -> list[tuple[str, float]]:
    return analytics.centrality(visible_graph(store, principal), labels={"Stakeholder"}, top=top)
