"""Graph exploration for a caller, never through what the caller may not see.

Neighbourhoods and paths are walked by the store itself (Cypher on Neo4j), told which
nodes to avoid; communities and centrality need the whole graph, so they run on the
networkx projection narrowed to the visible nodes. Every answer needs a key, is kept
per graph revision and per kind of caller (who sees the same graph), and is computed
within a time budget (`hub.budget`); a neighbourhood is at most `MAX_DEPTH` hops and
`MAX_NODES` nodes (the nearest, flagged as truncated).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from typing import Any

import networkx as nx

from hub.access import Principal, Sight, require
from hub.budget import BudgetedMemo
from hub.domain.errors import InvalidInput
from hub.domain.keys import Role
from hub.memo import RevisionMemo
from hub.store import Store, analytics
from hub.titles import Titles

__all__ = [
    "BUDGET",
    "MAX_DEPTH",
    "MAX_NODES",
    "centrality",
    "communities",
    "counts",
    "neighbourhood",
    "paths",
    "to_graphml",
    "to_json",
    "visible_graph",
]

MAX_DEPTH = 3
"""Four hops from a well-connected organisation reach most of a large hub (62 MB at 43k)."""
MAX_NODES = 2_000
"""The most nodes a neighbourhood answers; a busy agency has thousands of activities."""
BUDGET = 10.0
"""Seconds a call waits for its answer before the hub says busy (and goes on computing)."""

_TOP_KEPT = 200
"""Centrality keeps this many (the API's largest `top`), so each `top` is a slice of one answer."""

_answers: BudgetedMemo[Any] = BudgetedMemo(256)
_counts: RevisionMemo[tuple[int, int]] = RevisionMemo(64)


def _kept(
    store: Store,
    principal: Principal,
    key: tuple[Hashable, ...],
    compute: Callable[[], Any],
    budget: float,
) -> Any:
    """The answer for this key and this caller's view of the graph, within the budget."""
    view = (principal.role, principal.stakeholder)  # callers alike see the same graph
    return _answers.get(store, (*key, view), compute, budget)


def _require_key(principal: Principal) -> None:
    """Analytics cost the hub too much to offer anonymously."""
    require(principal, Role.PARTNER, Role.MEMBER_STATE, Role.COORDINATOR)


def visible_graph(store: Store, principal: Principal) -> nx.MultiDiGraph:
    """A live view of the projection without the nodes (and so edges) hidden from the caller."""
    hidden = Sight(store, principal).hidden()
    return nx.subgraph_view(store.projection(), filter_node=lambda node: node not in hidden)


def counts(store: Store, principal: Principal) -> tuple[int, int]:
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
    store: Store,
    principal: Principal,
    node_id: str,
    depth: int = 1,
    *,
    edge_types: Collection[str] | None = None,
    labels: Collection[str] | None = None,
    objective: int | None = None,
    country: str | None = None,
    kind: str | None = None,
    budget: float = BUDGET,
) -> nx.MultiDiGraph:
    """Nodes within `depth` hops; then only those matching every filter, and the start.

    Past `MAX_NODES` the nearest are kept and the graph says `truncated`.
    """
    _require_key(principal)
    if not 1 <= depth <= MAX_DEPTH:
        raise InvalidInput(f"depth: at most {MAX_DEPTH} hops, got {depth}")
    sight = Sight(store, principal)
    sight.get(node_id)

    def compute() -> nx.MultiDiGraph:
        graph = store.neighbourhood(node_id, depth, edge_types=edge_types, exclude=sight.hidden())

        def keep(node: str) -> bool:
            data = graph.nodes[node]
            objectives, countries = data.get("objectives"), data.get("countries")
            return node == node_id or (
                (labels is None or data.get("label") in labels)
                and (
                    objective is None or not isinstance(objectives, list) or objective in objectives
                )
                and (country is None or not isinstance(countries, list) or country in countries)
                and (kind is None or data.get("label") != "Stakeholder" or data.get("kind") == kind)
            )

        matching = [n for n in graph if keep(n)]
        kept = _nearest(matching, graph, node_id)
        found = nx.MultiDiGraph(graph.subgraph(kept))
        found.graph["truncated"] = len(kept) < len(matching)
        titles = Titles(store)
        for _, data in found.nodes(data=True):
            label = str(data.get("label", ""))
            shown = sight.shown_properties(label, {k: v for k, v in data.items() if k != "label"})
            data.update(shown, display_name=titles.of_node(label, shown))
        return found

    key = (
        "neighbourhood",
        node_id,
        depth,
        _frozen(edge_types),
        _frozen(labels),
        objective,
        country,
        kind,
    )
    graph: nx.MultiDiGraph = _kept(store, principal, key, compute, budget)
    return graph


def paths(
    store: Store,
    principal: Principal,
    source: str,
    target: str,
    limit: int = 5,
    *,
    budget: float = BUDGET,
) -> list[list[tuple[str, str, str]]]:
    _require_key(principal)
    sight = Sight(store, principal)
    sight.get(source)
    sight.get(target)

    def compute() -> list[list[tuple[str, str, str]]]:
        return store.shortest_paths(source, target, exclude=sight.hidden(), limit=limit)

    found: list[list[tuple[str, str, str]]] = _kept(
        store, principal, ("paths", source, target, limit), compute, budget
    )
    return found


def communities(store: Store, principal: Principal, *, budget: float = BUDGET) -> list[set[str]]:
    """Communities of organisations linked by partnerships, funding and shared work."""
    _require_key(principal)

    def compute() -> list[set[str]]:
        return analytics.communities(visible_graph(store, principal), labels={"Stakeholder"})

    found: list[set[str]] = _kept(store, principal, ("communities",), compute, budget)
    return found


def centrality(
    store: Store, principal: Principal, top: int = 20, *, budget: float = BUDGET
) -> list[tuple[str, float]]:
    _require_key(principal)

    def compute() -> list[tuple[str, float]]:
        graph = visible_graph(store, principal)
        return analytics.centrality(graph, labels={"Stakeholder"}, top=max(top, _TOP_KEPT))

    ranked: list[tuple[str, float]] = _kept(store, principal, ("centrality",), compute, budget)
    return ranked[:top]


def to_json(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """A neighbourhood's nodes and edges as JSON-ready dicts; linear in its size."""
    return analytics.to_json(graph)


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """A neighbourhood as GraphML for Gephi; linear in its size."""
    return analytics.to_graphml(graph)


def _nearest(nodes: list[str], graph: nx.MultiDiGraph, start: str) -> list[str]:
    """At most `MAX_NODES` of `nodes`: the start, then the fewest hops away (then by id)."""
    if len(nodes) <= MAX_NODES:
        return nodes
    hops = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), start)
    return sorted(nodes, key=lambda n: (hops.get(n, len(graph)), n))[:MAX_NODES]


def _frozen(values: Collection[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)
