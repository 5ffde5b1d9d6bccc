"""The property-graph contract every backend implements.

Semantics are chosen so that they map one to one onto Neo4j: string ids, one label
per node, typed relationships, and flat property values (scalars or lists of
scalars). An edge is identified by (source, type, target, key); the key lets two
organisations share several edges of one type, e.g. one per funded activity.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeAlias

import networkx as nx

from graph.errors import InvalidProperty
from graph.text import TextFields

__all__ = [
    "RESERVED",
    "Counts",
    "Direction",
    "Edge",
    "GraphReader",
    "GraphStore",
    "GraphWriter",
    "Node",
    "Properties",
    "PropertyValue",
    "Scalar",
    "SingleWrites",
    "TextFields",
    "check_filter",
    "check_properties",
    "digest",
]

Scalar: TypeAlias = str | int | float | bool
PropertyValue: TypeAlias = Scalar | list[str] | list[int] | list[float] | list[bool]
Properties: TypeAlias = Mapping[str, PropertyValue]
Direction: TypeAlias = Literal["out", "in", "both"]


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    type: str
    target: str
    key: str = ""
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)

    @property
    def identity(self) -> tuple[str, str, str, str]:
        return (self.source, self.type, self.target, self.key)


@dataclass(frozen=True, slots=True)
class Counts:
    nodes: dict[str, int]
    edges: dict[str, int]


RESERVED = frozenset({"id", "label", "type", "key"})
"""Names the stores and projections use themselves; no property may take them."""


def digest(encoded: str) -> bytes:
    """A short hash of a node's properties as canonical JSON (keys sorted, no spaces)."""
    return hashlib.blake2b(encoded.encode(), digest_size=16).digest()


def check_properties(owner: str, properties: Properties) -> None:
    """Reject values Neo4j could not store, naming the owner and the key."""
    for key, value in properties.items():
        if key in RESERVED:
            raise InvalidProperty(f"{owner}: property name {key!r} is reserved")
        if isinstance(value, list):
            kinds = {type(item) for item in value}
            if len(kinds) > 1 or not kinds <= {str, int, float, bool}:
                raise InvalidProperty(
                    f"{owner}: property {key!r} must be a list of one scalar type,"
                    f" got {sorted(k.__name__ for k in kinds)}"
                )
        elif not isinstance(value, str | int | float | bool):
            raise InvalidProperty(
                f"{owner}: property {key!r} has unsupported type {type(value).__name__}"
            )


_FILTER_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_filter(where: Mapping[str, Scalar]) -> None:
    """Reject filters no backend can push down: odd names, non-scalar values."""
    for key, value in where.items():
        if not _FILTER_KEY.fullmatch(key) or key in RESERVED:
            raise InvalidProperty(f"filter: {key!r} is not a property name one can filter on")
        if not isinstance(value, str | int | float | bool):
            raise InvalidProperty(
                f"filter: property {key!r} compares with a scalar, not {type(value).__name__}"
            )


class GraphWriter(Protocol):
    """Writes; inside `GraphStore.batch()` they commit together or not at all."""

    def upsert_node(self, node: Node) -> None:
        """Create the node or replace its properties; its label never changes."""

    def upsert_nodes(self, nodes: Iterable[Node]) -> None: ...

    def upsert_edge(self, edge: Edge) -> None:
        """Create the edge or replace its properties; both ends must exist."""

    def upsert_edges(self, edges: Iterable[Edge]) -> None: ...

    def delete_node(self, node_id: str) -> None:
        """Remove the node with its edges and external ids; absent ids are ignored."""

    def delete_edge(self, source: str, edge_type: str, target: str, key: str = "") -> None:
        """Remove one edge; an absent edge is ignored."""

    def link_external_id(self, scheme: str, value: str, node_id: str) -> str:
        """Point (scheme, value) at a node unless it already points elsewhere.

        Returns the id the pair points at afterwards, so callers learn about an
        earlier claim instead of silently overwriting it.
        """

    def unlink_external_id(self, scheme: str, value: str, node_id: str) -> None:
        """Free (scheme, value) if it points at the node; a pair held elsewhere stays."""


class GraphReader(Protocol):
    def node(self, node_id: str) -> Node | None: ...

    def node_by_external_id(self, scheme: str, value: str) -> Node | None: ...

    def external_ids(self, node_id: str) -> list[tuple[str, str]]: ...

    def nodes(self, label: str | None = None) -> Iterator[Node]: ...

    def edges(self, edge_type: str | None = None) -> Iterator[Edge]: ...

    def page(
        self,
        label: str,
        *,
        after: str | None = None,
        limit: int = 100,
        where: Mapping[str, Scalar] | None = None,
    ) -> list[Node]:
        """Up to `limit` nodes of `label` with ids after `after`, in id order, whose
        properties equal `where` (same type and value; a list never equals a scalar).

        One range read on the label's id index, filtered in the database.
        """

    def node_digests(self, label: str) -> Iterator[tuple[str, bytes]]:
        """(id, digest) of every node of `label`, by id. A digest changes whenever the
        node's properties do, so a cache of many nodes re-reads only those that changed."""

    def neighbours(
        self,
        node_id: str,
        *,
        direction: Direction = "both",
        edge_types: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
    ) -> list[tuple[Edge, Node]]:
        """Edges at a node with the node at their other end, filtered."""

    def degree(self, node_id: str) -> int:
        """How many edges touch the node, either way (0 for an unknown id), uncounted."""

    def counts(self) -> Counts: ...

    def revision(self) -> str:
        """Changes whenever the graph does, whoever wrote: a key for caches built on it."""

    def neighbourhood(
        self,
        node_id: str,
        depth: int = 1,
        *,
        edge_types: Collection[str] | None = None,
        exclude: Collection[str] = (),
    ) -> nx.MultiDiGraph:
        """Everything within `depth` hops in either direction, in the projection's layout.

        Only edges of `edge_types` are walked (all when None), and never through a node
        in `exclude`. An unknown start raises MissingNode.
        """

    def shortest_paths(
        self, source: str, target: str, *, exclude: Collection[str] = (), limit: int = 5
    ) -> list[list[tuple[str, str, str]]]:
        """Up to `limit` shortest paths avoiding `exclude`, as (from, type, to) steps."""

    def search_text(
        self,
        query: str,
        fields: TextFields,
        *,
        labels: Collection[str] | None = None,
        exclude: Collection[str] = (),
        limit: int = 50,
    ) -> list[tuple[str, float]]:
        """Up to `limit` (id, score) of nodes whose text holds a word of the query, best
        first; scores are positive and comparable within one answer only.

        `fields` declares which properties of which labels are text; the store builds
        its index for that declaration on first use (and rebuilds it when it changes),
        then keeps it in step with every write. Only nodes of `labels` (all declared
        ones when None) and not in `exclude` are answered.
        """


class GraphStore(GraphReader, GraphWriter, Protocol):
    """A durable property graph; single writes are their own transaction."""

    def batch(self) -> AbstractContextManager[GraphWriter]:
        """One transaction: everything written inside lands together or not at all."""

    def projection(self) -> nx.MultiDiGraph:
        """A networkx view of the whole graph for algorithms; treat it as read-only.

        Nodes carry `label` and their properties; edges are keyed by
        `(type, key)` and carry `type` and their properties.
        """

    def close(self) -> None: ...


class SingleWrites:
    """Each single write as a batch of one; stores mix this in beside their `batch()`."""

    def batch(self) -> AbstractContextManager[GraphWriter]:
        raise NotImplementedError

    def upsert_node(self, node: Node) -> None:
        with self.batch() as writer:
            writer.upsert_node(node)

    def upsert_nodes(self, nodes: Iterable[Node]) -> None:
        with self.batch() as writer:
            writer.upsert_nodes(nodes)

    def upsert_edge(self, edge: Edge) -> None:
        with self.batch() as writer:
            writer.upsert_edge(edge)

    def upsert_edges(self, edges: Iterable[Edge]) -> None:
        with self.batch() as writer:
            writer.upsert_edges(edges)

    def delete_node(self, node_id: str) -> None:
        with self.batch() as writer:
            writer.delete_node(node_id)

    def delete_edge(self, source: str, edge_type: str, target: str, key: str = "") -> None:
        with self.batch() as writer:
            writer.delete_edge(source, edge_type, target, key)

    def unlink_external_id(self, scheme: str, value: str, node_id: str) -> None:
        with self.batch() as writer:
            writer.unlink_external_id(scheme, value, node_id)
