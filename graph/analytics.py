"""Graph exploration and analytics as functions of a networkx graph.

They take the store's projection (a `MultiDiGraph` whose nodes carry `label` and
whose edges carry `type`), or any view of it, first; callers narrow the graph (e.g. to
what a user may see) before passing it in.
"""

from __future__ import annotations

import io
import json
from collections.abc import Collection, Iterable
from itertools import pairwise
from typing import Any

import networkx as nx

from graph.errors import MissingNode

__all__ = [
    "centrality",
    "communities",
    "neighbourhood",
    "shortest_paths",
    "to_graphml",
    "to_json",
]


def _require(graph: nx.MultiDiGraph, node: str) -> None:
    if node not in graph:
        raise MissingNode(f"no node {node!r} in the graph")


def neighbourhood(
    graph: nx.MultiDiGraph,
    node: str,
    depth: int = 1,
    *,
    edge_types: Collection[str] | None = None,
) -> nx.MultiDiGraph:
    """Everything within `depth` hops of `node`, in either direction.

    `edge_types` limits which edges are walked; pass a view of the graph to keep nodes
    out of the walk.
    """
    _require(graph, node)

    def walkable(u: str, v: str, key: tuple[str, str]) -> bool:
        return edge_types is None or key[0] in edge_types

    view = nx.subgraph_view(graph, filter_edge=walkable)
    hops = nx.single_source_shortest_path_length(view.to_undirected(as_view=True), node, depth)
    return nx.MultiDiGraph(view.subgraph(hops))


def shortest_paths(
    graph: nx.MultiDiGraph, source: str, target: str, limit: int = 5
) -> list[list[tuple[str, str, str]]]:
    """Up to `limit` shortest paths, each as (from, edge type, to) steps in any direction."""
    _require(graph, source)
    _require(graph, target)
    undirected = graph.to_undirected(as_view=True)
    found = []
    try:
        for path in nx.all_shortest_paths(undirected, source, target):
            steps = []
            for a, b in pairwise(path):
                forward = graph.get_edge_data(a, b) or {}
                backward = graph.get_edge_data(b, a) or {}
                data = next(iter(forward.values()), None) or next(iter(backward.values()))
                steps.append((a, str(data["type"]), b) if forward else (b, str(data["type"]), a))
            found.append(steps)
            if len(found) == limit:
                break
    except nx.NetworkXNoPath:
        return []
    return found


def communities(
    graph: nx.MultiDiGraph, *, labels: Collection[str] | None = None, seed: int = 0
) -> list[set[str]]:
    """Louvain communities of the undirected graph, largest first (repeatable by seed)."""
    nodes = [n for n, d in graph.nodes(data=True) if labels is None or d.get("label") in labels]
    simple = nx.Graph(graph.subgraph(nodes).to_undirected(as_view=True))
    found = nx.community.louvain_communities(simple, seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def centrality(
    graph: nx.MultiDiGraph, *, labels: Collection[str] | None = None, top: int = 20
) -> list[tuple[str, float]]:
    """PageRank over the undirected graph: who sits at the heart of the partner network."""
    simple = nx.Graph(graph.to_undirected(as_view=True))
    ranks = nx.pagerank(simple) if simple.number_of_nodes() else {}
    wanted = (
        (n, r) for n, r in ranks.items() if labels is None or graph.nodes[n].get("label") in labels
    )
    return sorted(wanted, key=lambda item: (-item[1], item[0]))[:top]


def _edges(graph: nx.MultiDiGraph) -> Iterable[dict[str, Any]]:
    for source, target, key, data in graph.edges(keys=True, data=True):
        yield {"source": source, "target": target, "key": key[1], **data}


def to_json(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges as plain JSON-ready dicts."""
    return {
        "nodes": [{"id": n, **d} for n, d in graph.nodes(data=True)],
        "edges": list(_edges(graph)),
    }


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML for Gephi and friends; list-valued properties become JSON strings."""
    flat = nx.MultiDiGraph(**{k: _flat(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key="/".join(key), **{k: _flat(v) for k, v in data.items()})
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer)
    return buffer.getvalue().decode()


def _flat(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
