"""The server backend: the same property graph on Neo4j 5 through the Bolt driver.

Layout: a node is `(:Entity:<Label> {id, ...properties})`, an edge a relationship of
its own type carrying `key`, an external id `(:ExternalId {scheme, value})
-[:IDENTIFIES]->(node)`. Uniqueness constraints on `Entity.id` and on
`ExternalId(scheme, value)` make upserts and first-claim-wins safe between processes.
Labels and types cannot be Cypher parameters, so they are checked against `_NAME`
before they are formatted in; every value travels as a parameter.

A batch buffers its writes and sends them on exit in one managed transaction
(`execute_write`: transient errors are retried, the batch lands whole or not at all)
as a few UNWIND statements of up to 1000 rows. While a batch is open, `node` and
`node_by_external_id` on its thread see its buffered writes, as on SQLite, and
remember what they read of committed data for the rest of the batch (imports ask
about the same organisations over and over); every other read sees committed data.

Every write transaction sets a random stamp on one `(:GraphStamp)` node, so one tiny
query tells `projection()` whether its cached networkx graph is stale, whoever wrote
(another process, a test wiping the database); a stale one is pulled again whole.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import groupby
from typing import Any, TypeVar

import networkx as nx
from neo4j import Driver, GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import DriverError, Neo4jError

from graph import neo4j_explore as explore
from graph import neo4j_text
from graph.errors import GraphError, LabelConflict, MissingNode, StoreUnavailable
from graph.projection import to_networkx
from graph.store import (
    Counts,
    Direction,
    Edge,
    Node,
    Scalar,
    SingleWrites,
    check_filter,
    check_properties,
    digest,
)
from graph.text import TextFields, fingerprint

__all__ = ["Neo4jGraphStore"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OURS = frozenset({"Entity", "ExternalId", "GraphStamp"})
_CHUNK = 1000
_SCHEMA = (
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT external_id IF NOT EXISTS"
    " FOR (x:ExternalId) REQUIRE (x.scheme, x.value) IS UNIQUE",
    "CREATE CONSTRAINT graph_stamp IF NOT EXISTS FOR (s:GraphStamp) REQUIRE s.name IS UNIQUE",
)
_LABEL = "[l IN labels(n) WHERE l <> 'Entity'][0]"
_NODE = f"n.id AS id, {_LABEL} AS label, properties(n) AS props"
_EDGE = "s.id AS source, type(r) AS type, t.id AS target, properties(r) AS r"
_STAMP = "MERGE (s:GraphStamp {name: 'graph'}) SET s.value = randomUUID()"
_LINK = """
UNWIND $rows AS row
MATCH (n:Entity {id: row.node})
MERGE (x:ExternalId {scheme: row.scheme, value: row.value})
FOREACH (_ IN CASE WHEN EXISTS { (x)-[:IDENTIFIES]->() } THEN [] ELSE [1] END |
    CREATE (x)-[:IDENTIFIES]->(n))
WITH row, x
MATCH (x)-[:IDENTIFIES]->(owner)
RETURN row.scheme AS scheme, row.value AS value, owner.id AS owner
"""

_FORGET = """
UNWIND $rows AS row
MATCH (x:ExternalId {scheme: row.scheme, value: row.value})
MATCH (x)-[:IDENTIFIES]->(:Entity {id: row.node})
DETACH DELETE x
"""

T = TypeVar("T")
_Op = tuple[str, Any]
_Pair = tuple[str, str]


def _name(kind: str, name: str) -> str:
    if not _NAME.fullmatch(name) or name in _OURS:
        wanted = f"letters, digits and _, not starting with a digit, not {sorted(_OURS)}"
        raise GraphError(f"invalid {kind} {name!r}: {wanted}")
    return name


def _owner(source: str, edge_type: str, target: str) -> str:
    return f"edge {source!r} -[{edge_type}]-> {target!r}"


def _conflict(node_id: str, old: str, new: str) -> LabelConflict:
    return LabelConflict(f"node {node_id!r} is a {old}, cannot store it as a {new}")


def _node(record: Any) -> Node:
    props = dict(record["props"])
    return Node(props.pop("id"), record["label"], props)


def _edge(record: Any) -> Edge:
    props = dict(record["r"])
    return Edge(record["source"], record["type"], record["target"], props.pop("key"), props)


def _chunks(rows: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(rows), _CHUNK):
        yield rows[start : start + _CHUNK]


def _validate(tx: ManagedTransaction, checks: list[tuple[str, str, str]]) -> None:
    """Check, in call order, what the buffer could not tell: ids no earlier write touched."""
    labels: dict[str, str] = {}
    for chunk in _chunks(sorted({node_id for _, node_id, _ in checks})):
        query = f"UNWIND $ids AS id MATCH (n:Entity {{id: id}}) RETURN id, {_LABEL} AS label"
        labels.update((r["id"], r["label"]) for r in tx.run(query, ids=chunk))
    for kind, node_id, detail in checks:
        if kind == "end" and node_id not in labels:
            raise MissingNode(f"{detail}: no node {node_id!r}")
        if kind == "label" and labels.get(node_id, detail) != detail:
            raise _conflict(node_id, labels[node_id], detail)


def _upsert(tx: ManagedTransaction, ops: list[_Op]) -> dict[_Pair, str]:
    """Nodes, then edges, then external ids: between deletes, order only matters per id."""
    nodes: dict[str, dict[Any, Any]] = {}  # label -> id -> row
    edges: dict[str, dict[Any, Any]] = {}  # type -> (source, target, key) -> row
    for kind, item in ops:  # the last upsert of a node or an edge wins
        if kind in {"node", "edge"}:
            name, identity, row = item
            (nodes if kind == "node" else edges).setdefault(name, {})[identity] = row
    for label, rows in nodes.items():
        for chunk in _chunks(list(rows.values())):
            query = f"UNWIND $rows AS row MERGE (n:Entity {{id: row.id}}) SET n = row, n:{label}"
            tx.run(query, rows=chunk).consume()
    for edge_type, rows in edges.items():
        for chunk in _chunks(list(rows.values())):
            written = tx.run(
                "UNWIND $rows AS row MATCH (s:Entity {id: row.source}), (t:Entity {id: row.target})"
                f" MERGE (s)-[r:{edge_type} {{key: row.key}}]->(t) SET r = row.props"
                " RETURN count(r) AS n",
                rows=chunk,
            ).single(strict=True)["n"]
            if written < len(chunk):  # validated, so only a concurrent delete gets here
                raise MissingNode(f"{edge_type} edges: an end node was deleted meanwhile")
    owners: dict[_Pair, str] = {}
    links = [item for kind, item in ops if kind == "link"]
    for chunk in _chunks(links):
        owners.update(((r["scheme"], r["value"]), r["owner"]) for r in tx.run(_LINK, rows=chunk))
    for row in links:
        if (row["scheme"], row["value"]) not in owners:
            pair = f"{row['scheme']}:{row['value']}"
            raise MissingNode(f"external id {pair}: no node {row['node']!r}")
    return owners


def _delete(tx: ManagedTransaction, ops: list[_Op]) -> None:
    """Deletes of nodes, edges and external ids commute, so each kind goes in one go."""
    for edge_type, group in groupby(sorted(i for k, i in ops if k == "unlink"), lambda i: i[0]):
        tx.run(
            f"UNWIND $rows AS row MATCH (:Entity {{id: row[0]}})-[r:{edge_type}]->"
            "(:Entity {id: row[1]}) WHERE r.key = row[2] DELETE r",
            rows=[[source, target, key] for _, source, target, key in group],
        ).consume()
    if ids := [node_id for kind, node_id in ops if kind == "delete"]:
        tx.run(
            "UNWIND $ids AS id MATCH (n:Entity {id: id})"
            " OPTIONAL MATCH (x:ExternalId)-[:IDENTIFIES]->(n)"
            " WITH n, collect(x) AS xs FOREACH (x IN xs | DETACH DELETE x) DETACH DELETE n",
            ids=ids,
        ).consume()
    if pairs := [item for kind, item in ops if kind == "forget"]:
        tx.run(_FORGET, rows=pairs).consume()


def _flush(
    tx: ManagedTransaction, ops: list[_Op], checks: list[tuple[str, str, str]]
) -> dict[_Pair, str]:
    _validate(tx, checks)
    owners: dict[_Pair, str] = {}
    for deleting, run in groupby(ops, key=lambda op: op[0] in {"delete", "unlink", "forget"}):
        if deleting:
            _delete(tx, list(run))
        else:
            owners.update(_upsert(tx, list(run)))
    tx.run(_STAMP).consume()
    return owners


class _Writer:
    """Buffers a batch and remembers its effect for reads inside it.

    What the buffer already tells (a label clash with an earlier upsert, an edge to a
    node deleted in this batch) fails at once, as on SQLite; what needs committed data
    is queued in `checks` and fails at commit, rolling the batch back.
    """

    def __init__(self, store: Neo4jGraphStore) -> None:
        self._store = store
        self.ops: list[_Op] = []
        self.checks: list[tuple[str, str, str]] = []
        self.nodes: dict[str, Node | None] = {}  # state after the buffer; None: deleted
        self.read: dict[str, Node | None] = {}  # committed nodes read in this batch
        self.owners: dict[_Pair, str | None] = {}  # external ids known, claimed or free

    def upsert_node(self, node: Node) -> None:
        self.upsert_nodes((node,))

    def upsert_nodes(self, nodes: Iterable[Node]) -> None:
        for node in nodes:
            label = _name("label", node.label)
            check_properties(f"node {node.id!r}", node.properties)
            if node.id not in self.nodes:
                self.checks.append(("label", node.id, label))
            elif (known := self.nodes[node.id]) is not None and known.label != label:
                raise _conflict(node.id, known.label, label)
            self.nodes[node.id] = node
            self.ops.append(("node", (label, node.id, {**node.properties, "id": node.id})))

    def upsert_edge(self, edge: Edge) -> None:
        self.upsert_edges((edge,))

    def upsert_edges(self, edges: Iterable[Edge]) -> None:
        for edge in edges:
            edge_type = _name("type", edge.type)
            owner = _owner(edge.source, edge.type, edge.target)
            check_properties(owner, edge.properties)
            for end in (edge.source, edge.target):
                if end not in self.nodes:
                    self.checks.append(("end", end, owner))
                elif self.nodes[end] is None:
                    raise MissingNode(f"{owner}: no node {end!r}")
            props = {**edge.properties, "key": edge.key}
            row = {"source": edge.source, "target": edge.target, "key": edge.key, "props": props}
            self.ops.append(("edge", (edge_type, edge.identity, row)))

    def delete_node(self, node_id: str) -> None:
        self.nodes[node_id] = None
        for pair, owner in self.owners.items():
            if owner == node_id:  # its external ids go with it
                self.owners[pair] = None
        self.ops.append(("delete", node_id))

    def delete_edge(self, source: str, edge_type: str, target: str, key: str = "") -> None:
        if _NAME.fullmatch(edge_type):  # any other type cannot exist
            self.ops.append(("unlink", (edge_type, source, target, key)))

    def committed_owner(self, pair: _Pair, owner: str | None) -> str | None:
        """Learn a committed claim; a node deleted in this batch has lost its claims."""
        if owner is not None and owner in self.nodes and self.nodes[owner] is None:
            owner = None
        self.owners[pair] = owner
        return owner

    def link_external_id(self, scheme: str, value: str, node_id: str) -> str:
        """Predicts the owner from the buffer and committed data; the commit enforces it."""
        pair = (scheme, value)
        known = self.nodes if node_id in self.nodes else self.read
        exists = known[node_id] is not None if node_id in known else None
        if exists is None or pair not in self.owners:
            record = self._store._read_one(
                "OPTIONAL MATCH (n:Entity {id: $node}) OPTIONAL MATCH"
                " (:ExternalId {scheme: $scheme, value: $value})-[:IDENTIFIES]->(o)"
                " RETURN n IS NOT NULL AS exists, o.id AS owner",
                node=node_id,
                scheme=scheme,
                value=value,
            )
            exists = record["exists"] if exists is None else exists
            if pair not in self.owners:
                self.committed_owner(pair, record["owner"])
        if not exists:
            raise MissingNode(f"external id {scheme}:{value}: no node {node_id!r}")
        if (owner := self.owners[pair]) is not None:
            return owner
        self.owners[pair] = node_id
        self.ops.append(("link", {"scheme": scheme, "value": value, "node": node_id}))
        return node_id

    def unlink_external_id(self, scheme: str, value: str, node_id: str) -> None:
        """Frees the pair in the buffer's prediction too, so a later link here sees it free."""
        pair = (scheme, value)
        if pair not in self.owners:
            record = self._store._read_one(
                "OPTIONAL MATCH (:ExternalId {scheme: $scheme, value: $value})"
                "-[:IDENTIFIES]->(o) RETURN o.id AS owner",
                scheme=scheme,
                value=value,
            )
            self.committed_owner(pair, record["owner"])
        if self.owners[pair] == node_id:
            self.owners[pair] = None
        self.ops.append(("forget", {"scheme": scheme, "value": value, "node": node_id}))


class Neo4jGraphStore(SingleWrites):
    """A `GraphStore` on a Neo4j 5 server; one driver per store, safe to share."""

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self.uri = uri
        self.database = database
        try:
            # Short timeouts: while the server is down, callers hear so in seconds, not
            # after the driver's default 30 s of retries; it reconnects by itself later.
            self._driver: Driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                notifications_min_severity="OFF",
                max_transaction_retry_time=5.0,
                connection_timeout=3.0,
                connection_acquisition_timeout=5.0,
            )
            self._driver.verify_connectivity()  # fails at once; queries would retry 30 s
            for statement in _SCHEMA:
                self._driver.execute_query(statement, database_=database)
        except (DriverError, Neo4jError, ValueError) as error:
            raise StoreUnavailable(f"cannot use Neo4j at {uri}: {error}") from error
        self._local = threading.local()
        self._lock = threading.Lock()
        self._graph: nx.MultiDiGraph | None = None
        self._stamp: object = None
        self._text_index = ""

    # -- writes -------------------------------------------------------------------

    @property
    def _writer(self) -> _Writer | None:
        writer: _Writer | None = getattr(self._local, "writer", None)
        return writer

    @contextmanager
    def batch(self) -> Iterator[_Writer]:
        if self._writer is not None:  # nested: join the open batch
            yield self._writer
            return
        writer = self._local.writer = _Writer(self)
        try:
            yield writer
        finally:
            self._local.writer = None
        self._commit(writer)

    def _commit(self, writer: _Writer) -> dict[_Pair, str]:
        if not writer.ops:
            return {}
        bookmarks = self._driver.execute_query_bookmark_manager
        with self._driver.session(database=self.database, bookmark_manager=bookmarks) as session:
            return self._call(lambda: session.execute_write(_flush, writer.ops, writer.checks))

    def link_external_id(self, scheme: str, value: str, node_id: str) -> str:
        if self._writer is not None:
            return self._writer.link_external_id(scheme, value, node_id)
        # On its own, the committed answer beats a prediction (a concurrent claim).
        writer = _Writer(self)
        writer.ops.append(("link", {"scheme": scheme, "value": value, "node": node_id}))
        return self._commit(writer)[(scheme, value)]

    # -- reads --------------------------------------------------------------------

    def _call(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except (DriverError, Neo4jError) as error:
            if isinstance(error, Neo4jError) and ".ClientError." in (error.code or ""):
                raise GraphError(f"Neo4j refused the request: {error}") from error
            raise StoreUnavailable(f"Neo4j at {self.uri}: {error}") from error

    def _read(self, query: str, **params: Any) -> list[Any]:
        result = self._call(
            lambda: self._driver.execute_query(
                query, params, database_=self.database, routing_=RoutingControl.READ
            )
        )
        return list(result.records)

    def _schema(self, query: str, **params: Any) -> list[Any]:
        """A schema command or a wait for one: on the writer, since indexes are writes."""
        result = self._call(
            lambda: self._driver.execute_query(query, params, database_=self.database)
        )
        return list(result.records)

    def _read_one(self, query: str, **params: Any) -> Any:
        records = self._read(query, **params)
        return records[0] if records else None

    def node(self, node_id: str) -> Node | None:
        writer = self._writer
        if writer is not None:  # the batch's own writes, then what it read before
            for known in (writer.nodes, writer.read):
                if node_id in known:
                    return known[node_id]
        record = self._read_one(f"MATCH (n:Entity {{id: $id}}) RETURN {_NODE}", id=node_id)
        found = _node(record) if record is not None else None
        if writer is not None:
            writer.read[node_id] = found
        return found

    def node_by_external_id(self, scheme: str, value: str) -> Node | None:
        writer, pair = self._writer, (scheme, value)
        if writer is not None and pair in writer.owners:
            owner = writer.owners[pair]
            return self.node(owner) if owner is not None else None
        record = self._read_one(
            "MATCH (:ExternalId {scheme: $scheme, value: $value})-[:IDENTIFIES]->(n)"
            f" RETURN {_NODE}",
            scheme=scheme,
            value=value,
        )
        if writer is None:
            return _node(record) if record is not None else None
        owner = writer.committed_owner(pair, record["id"] if record is not None else None)
        return self.node(owner) if owner is not None else None

    def external_ids(self, node_id: str) -> list[tuple[str, str]]:
        records = self._read(
            "MATCH (x:ExternalId)-[:IDENTIFIES]->(:Entity {id: $id}) RETURN x.scheme, x.value",
            id=node_id,
        )
        return sorted((str(scheme), str(value)) for scheme, value in records)

    def nodes(self, label: str | None = None) -> Iterator[Node]:
        if label is not None and (not _NAME.fullmatch(label) or label in _OURS):
            return iter(())  # no node can have it
        pattern = "n:Entity" if label is None else f"n:Entity:{label}"
        found = map(_node, self._read(f"MATCH ({pattern}) RETURN {_NODE}"))
        return iter(sorted(found, key=lambda node: node.id))

    def page(
        self,
        label: str,
        *,
        after: str | None = None,
        limit: int = 100,
        where: Mapping[str, Scalar] | None = None,
    ) -> list[Node]:
        check_filter(where or {})
        if not _NAME.fullmatch(label) or label in _OURS or limit <= 0:
            return []
        query = (
            f"MATCH (n:Entity:{label}) WHERE ($after IS NULL OR n.id > $after)"
            " AND all(k IN keys($where) WHERE n[k] = $where[k]"
            " AND valueType(n[k]) = valueType($where[k]))"
            f" RETURN {_NODE} ORDER BY n.id LIMIT $limit"
        )
        found = self._read(query, after=after, where=dict(where or {}), limit=limit)
        return list(map(_node, found))

    def node_digests(self, label: str) -> Iterator[tuple[str, bytes]]:
        """Hashed here from the properties: Cypher has no hash of its own."""
        for node in self.nodes(label):
            encoded = json.dumps(node.properties, sort_keys=True, separators=(",", ":"))
            yield node.id, digest(encoded)

    def edges(self, edge_type: str | None = None) -> Iterator[Edge]:
        if edge_type is not None and not _NAME.fullmatch(edge_type):
            return iter(())
        pattern = "r" if edge_type is None else f"r:{edge_type}"
        found = map(_edge, self._read(f"MATCH (s:Entity)-[{pattern}]->(t:Entity) RETURN {_EDGE}"))
        return iter(sorted(found, key=lambda edge: edge.identity))

    def neighbours(
        self,
        node_id: str,
        *,
        direction: Direction = "both",
        edge_types: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
    ) -> list[tuple[Edge, Node]]:
        types = list(edge_types) if edge_types is not None else None
        wanted = set(labels) if labels is not None else None
        sides = {
            "out": ["(s:Entity {id: $id})-[r]->(t:Entity) WITH s, r, t, t AS n"],
            "in": ["(s:Entity)-[r]->(t:Entity {id: $id}) WITH s, r, t, s AS n"],
        }
        sides["both"] = sides["out"] + sides["in"]
        found: list[tuple[Edge, Node]] = []
        for side in sides[direction]:  # outgoing first, each side sorted, as on SQLite
            records = self._read(
                f"MATCH {side} WHERE $types IS NULL OR type(r) IN $types RETURN {_EDGE}, {_NODE}",
                id=node_id,
                types=types,
            )
            pairs = [(_edge(record), _node(record)) for record in records]
            pairs = [pair for pair in pairs if wanted is None or pair[1].label in wanted]
            found += sorted(pairs, key=lambda pair: (pair[0].type, pair[1].id, pair[0].key))
        return found

    def degree(self, node_id: str) -> int:
        found = self._read_one(
            "MATCH (n:Entity {id: $id})"
            " RETURN COUNT { (n)-->(:Entity) } + COUNT { (n)<--(:Entity) } AS degree",
            id=node_id,
        )
        return int(found["degree"]) if found is not None else 0

    def counts(self) -> Counts:
        nodes = self._read(f"MATCH (n:Entity) RETURN {_LABEL} AS label, count(*) AS n")
        edges = self._read("MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS type, count(*) AS n")
        return Counts(nodes=dict(sorted(map(tuple, nodes))), edges=dict(sorted(map(tuple, edges))))

    def neighbourhood(
        self,
        node_id: str,
        depth: int = 1,
        *,
        edge_types: Collection[str] | None = None,
        exclude: Collection[str] = (),
    ) -> nx.MultiDiGraph:
        return explore.neighbourhood(self._read, _node, _edge, node_id, depth, edge_types, exclude)

    def shortest_paths(
        self, source: str, target: str, *, exclude: Collection[str] = (), limit: int = 5
    ) -> list[list[tuple[str, str, str]]]:
        return explore.shortest_paths(self._read, source, target, exclude, limit)

    def search_text(
        self,
        query: str,
        fields: TextFields,
        *,
        labels: Collection[str] | None = None,
        exclude: Collection[str] = (),
        limit: int = 50,
    ) -> list[tuple[str, float]]:
        if self._text_index != neo4j_text.PREFIX + fingerprint(fields):
            self._text_index = neo4j_text.ensure_index(self._schema, fields)
        return neo4j_text.matches(self._read, self._text_index, query, labels, exclude, limit)

    # -- projection ---------------------------------------------------------------

    def revision(self) -> str:
        """The stamp every write transaction renews, so other processes' writes count too."""
        record = self._read_one("MATCH (s:GraphStamp {name: 'graph'}) RETURN s.value AS v")
        return str(record["v"]) if record is not None else ""

    def projection(self) -> nx.MultiDiGraph:
        with self._lock:
            stamp = self.revision()
            if self._graph is None or stamp != self._stamp:
                self._graph, self._stamp = to_networkx(self.nodes(), self.edges()), stamp
            return self._graph

    def close(self) -> None:
        self._driver.close()
