"""Graph exploration as Cypher, so Neo4j walks its own graph instead of shipping it.

Neighbourhoods grow breadth-first, one indexed hop per query, never through the
excluded nodes (what a caller may not see); shortest paths use `allShortestPaths`.
Both return what the projection-based versions in `graph.analytics` return.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import networkx as nx

from graph.errors import MissingNode
from graph.projection import to_networkx

__all__ = ["neighbourhood", "shortest_paths"]

Read = Callable[..., list[Any]]

_HOP = """
MATCH (a:Entity)-[r]-(b:Entity)
WHERE a.id IN $frontier AND ($types IS NULL OR type(r) IN $types)
  AND NOT b.id IN $seen AND NOT b.id IN $exclude
RETURN DISTINCT b.id AS id
"""

_MAX_PATH = 12


def _require(read: Read, node_id: str) -> None:
    if not read("MATCH (n:Entity {id: $id}) RETURN n.id AS id", id=node_id):
        raise MissingNode(f"no node {node_id!r} in the graph")


def neighbourhood(
    read: Read,
    node: Callable[[Any], Any],
    edge: Callable[[Any], Any],
    node_id: str,
    depth: int,
    edge_types: Collection[str] | None,
    exclude: Collection[str],
) -> nx.MultiDiGraph:
    """`node` and `edge` turn records into graph `Node`s and `Edge`s."""
    _require(read, node_id)
    types = sorted(edge_types) if edge_types is not None else None
    hidden = sorted(set(exclude) - {node_id})
    seen, frontier = [node_id], [node_id]
    for _ in range(depth):
        found = read(_HOP, frontier=frontier, types=types, seen=seen, exclude=hidden)
        frontier = [record["id"] for record in found]
        if not frontier:
            break
        seen += frontier
    nodes = read(
        "MATCH (n:Entity) WHERE n.id IN $ids"
        " RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label,"
        " properties(n) AS props",
        ids=seen,
    )
    edges = read(
        "MATCH (s:Entity)-[r]->(t:Entity) WHERE s.id IN $ids AND t.id IN $ids"
        " AND ($types IS NULL OR type(r) IN $types)"
        " RETURN s.id AS source, type(r) AS type, t.id AS target, properties(r) AS r",
        ids=seen,
        types=types,
    )
    return to_networkx(map(node, nodes), map(edge, edges))


def shortest_paths(
    read: Read, source: str, target: str, exclude: Collection[str], limit: int
) -> list[list[tuple[str, str, str]]]:
    """Up to `limit` shortest paths as (from, edge type, to) steps, edges as stored."""
    _require(read, source)
    _require(read, target)
    if source == target:
        return []
    records = read(
        "MATCH (a:Entity {id: $source}), (b:Entity {id: $target})"
        f" MATCH p = allShortestPaths((a)-[*..{_MAX_PATH}]-(b))"
        " WHERE none(x IN nodes(p) WHERE x.id IN $exclude)"
        " RETURN [r IN relationships(p) | [startNode(r).id, type(r), endNode(r).id]] AS steps",
        source=source,
        target=target,
        exclude=sorted(set(exclude) - {source, target}),
    )
    # Parallel edges (one FUNDS edge per activity) give the same steps more than once.
    paths = sorted({tuple(tuple(step) for step in record["steps"]) for record in records})
    return [list(path) for path in paths[:limit]]
