"""The embedded default: a property graph in one SQLite file, no server needed.

WAL mode with `synchronous=FULL` makes every committed write durable before the
call returns, and lets readers, in this process and others, read the last commit while
one writes. The networkx projection lives in memory and follows the file: every write
transaction counts itself in the file's `meta` row, our own commits are applied to the
projection incrementally, and a count it has not seen (another process wrote) makes
the next read rebuild it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx

from graph import analytics, sqlite_text
from graph.errors import LabelConflict, MissingNode, StoreBusy, StoreUnavailable
from graph.projection import to_networkx
from graph.sqlite_readers import ReaderPool
from graph.store import (
    RESERVED,
    Counts,
    Direction,
    Edge,
    Node,
    PropertyValue,
    Scalar,
    SingleWrites,
    check_filter,
    check_properties,
    digest,
)
from graph.text import TextFields

__all__ = ["SqliteGraphStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    props TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label);
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    target TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    props TEXT NOT NULL,
    PRIMARY KEY (source, type, target, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_target ON edges(target, type);
CREATE INDEX IF NOT EXISTS edges_type ON edges(type);
CREATE TABLE IF NOT EXISTS external_ids (
    scheme TEXT NOT NULL,
    value TEXT NOT NULL,
    node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    PRIMARY KEY (scheme, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS external_ids_node ON external_ids(node_id);
CREATE TABLE IF NOT EXISTS meta (revision INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS nodes_keep_label BEFORE UPDATE OF label ON nodes
WHEN NEW.label IS NOT OLD.label
BEGIN
    SELECT RAISE(ABORT, 'a node keeps its label');
END;
"""

_Op = tuple[str, Any]


def _node(row: sqlite3.Row | tuple[str, str, str]) -> Node:
    return Node(row[0], row[1], json.loads(row[2]))


def _edge(row: sqlite3.Row | tuple[str, str, str, str, str]) -> Edge:
    return Edge(row[0], row[1], row[2], row[3], json.loads(row[4]))


_NODE_UPSERT = (
    "INSERT INTO nodes(id, label, props) VALUES (?, ?, ?)"
    " ON CONFLICT(id) DO UPDATE SET label = excluded.label, props = excluded.props"
)
_EDGE_UPSERT = (
    "INSERT INTO edges(source, type, target, key, props) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT DO UPDATE SET props = excluded.props"
)
_FLUSH_ROWS = 8192
"""Pending rows written in one go; a read, a delete or a link flushes sooner."""
_MAX_OPS = 20_000
"""Past this many writes in one batch, rebuilding the projection beats replaying them."""
_CACHE_KIB = 64 * 1024
_WRITE_CACHE_KIB = 512 * 1024
"""Page cache while a batch writes: a bulk import into a large store touches index pages
all over the file (a fifth faster at 100k activities). Reads go back to `_CACHE_KIB`."""
_SCALARS = frozenset({str, int, float, bool})
_JSON_TYPES = {str: "'text'", int: "'integer'", float: "'real'", bool: "'true', 'false'"}
"""What `json_type` says of a stored value a filter of each type may equal: keeps
`True` from matching a stored 1, as it would not in Neo4j."""


def _plain(properties: Mapping[str, PropertyValue]) -> bool:
    """Scalars and lists of strings under free names: what `check_properties` would pass."""
    if not RESERVED.isdisjoint(properties):
        return False
    for value in properties.values():
        kind = type(value)
        if kind not in _SCALARS and not (
            kind is list and all(type(item) is str for item in value)  # type: ignore[union-attr]
        ):
            return False
    return True


def _encode(properties: Mapping[str, PropertyValue]) -> str:
    if not properties:
        return "{}"
    return json.dumps(
        properties if isinstance(properties, dict) else dict(properties),
        sort_keys=True,
        separators=(",", ":"),
    )


def _build(db: sqlite3.Connection) -> nx.MultiDiGraph:
    nodes = db.execute("SELECT id, label, props FROM nodes ORDER BY id")
    edges = db.execute(
        "SELECT source, type, target, key, props FROM edges ORDER BY source, type, target, key"
    )
    return to_networkx(map(_node, nodes.fetchall()), map(_edge, edges.fetchall()))


def _edge_owner(source: str, edge_type: str, target: str) -> str:
    return f"edge {source!r} -[{edge_type}]-> {target!r}"


class _Writer:
    """Writes on the store's connection, buffered and sent with `executemany`.

    Node rows wait in one list and edge rows in another; a node written after pending
    edges flushes them first, so rows reach SQLite in the order they were written.
    The database itself refuses what the old row-by-row checks refused (a trigger keeps
    labels, foreign keys keep edge ends); when it does, the failing run is looked at
    again to name the node or edge at fault. Reads on the connection flush first.
    """

    def __init__(self, connection: sqlite3.Connection, record: bool) -> None:
        self._db = connection
        self._nodes: list[tuple[str, str, str]] = []
        self._edges: list[tuple[str, str, str, str, str]] = []
        self._record = record
        self.ops: list[_Op] = []
        self.overflowed = False

    @property
    def complete(self) -> bool:
        """Whether `ops` holds every write, so replaying them reproduces the batch."""
        return self._record

    def _remember(self, op: _Op) -> None:
        if not self._record:
            return
        if len(self.ops) >= _MAX_OPS:
            self._record, self.overflowed = False, True
            self.ops = []
            return
        self.ops.append(op)

    # -- buffered writes ----------------------------------------------------------

    def upsert_node(self, node: Node) -> None:
        self.upsert_nodes((node,))

    def upsert_nodes(self, nodes: Iterable[Node]) -> None:
        if self._edges:
            self.flush()
        pending = self._nodes
        for node in nodes:
            properties = node.properties
            if not _plain(properties):
                check_properties(f"node {node.id!r}", properties)
            pending.append((node.id, node.label, _encode(properties)))
            self._remember(("node", node))
        if len(pending) >= _FLUSH_ROWS:
            self.flush()

    def upsert_edge(self, edge: Edge) -> None:
        self.upsert_edges((edge,))

    def upsert_edges(self, edges: Iterable[Edge]) -> None:
        pending = self._edges
        for edge in edges:
            properties = edge.properties
            if properties and not _plain(properties):
                check_properties(_edge_owner(edge.source, edge.type, edge.target), properties)
            pending.append((edge.source, edge.type, edge.target, edge.key, _encode(properties)))
            self._remember(("edge", edge))
        if len(pending) >= _FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Send the pending rows: nodes first, since they were all written before the edges."""
        if self._nodes:
            rows, self._nodes = self._nodes, []
            try:
                self._db.executemany(_NODE_UPSERT, rows)
            except sqlite3.IntegrityError:
                self._name_label_conflict(rows)
                raise
        if self._edges:
            rows2, self._edges = self._edges, []
            try:
                self._db.executemany(_EDGE_UPSERT, rows2)
            except sqlite3.IntegrityError:
                self._name_missing_end(rows2)
                raise

    def _name_label_conflict(self, rows: list[tuple[str, str, str]]) -> None:
        for node_id, label, _ in rows:
            found = self._db.execute("SELECT label FROM nodes WHERE id = ?", (node_id,)).fetchone()
            if found is not None and found[0] != label:
                raise LabelConflict(
                    f"node {node_id!r} is a {found[0]}, cannot store it as a {label}"
                )

    def _name_missing_end(self, rows: list[tuple[str, str, str, str, str]]) -> None:
        for source, edge_type, target, _, _ in rows:
            for end in (source, target):
                if self._db.execute("SELECT 1 FROM nodes WHERE id = ?", (end,)).fetchone() is None:
                    raise MissingNode(f"{_edge_owner(source, edge_type, target)}: no node {end!r}")

    # -- immediate writes ---------------------------------------------------------

    def delete_node(self, node_id: str) -> None:
        self.flush()
        self._db.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
        self._remember(("delete", node_id))

    def delete_edge(self, source: str, edge_type: str, target: str, key: str = "") -> None:
        self.flush()
        self._db.execute(
            "DELETE FROM edges WHERE source = ? AND type = ? AND target = ? AND key = ?",
            (source, edge_type, target, key),
        )
        self._remember(("unlink", (source, edge_type, target, key)))

    def link_external_id(self, scheme: str, value: str, node_id: str) -> str:
        self.flush()
        try:
            # One statement for a new pair (the common case in an import); the foreign
            # key refuses a missing node.
            claimed = self._db.execute(
                "INSERT INTO external_ids(scheme, value, node_id) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING node_id",
                (scheme, value, node_id),
            ).fetchone()
        except sqlite3.IntegrityError:
            raise MissingNode(f"external id {scheme}:{value}: no node {node_id!r}") from None
        if claimed is not None:
            return str(claimed[0])
        if self._db.execute("SELECT 1 FROM nodes WHERE id = ?", (node_id,)).fetchone() is None:
            raise MissingNode(f"external id {scheme}:{value}: no node {node_id!r}")
        row = self._db.execute(
            "SELECT node_id FROM external_ids WHERE scheme = ? AND value = ?", (scheme, value)
        ).fetchone()
        return str(row[0])

    def unlink_external_id(self, scheme: str, value: str, node_id: str) -> None:
        self.flush()
        self._db.execute(
            "DELETE FROM external_ids WHERE scheme = ? AND value = ? AND node_id = ?",
            (scheme, value, node_id),
        )


class SqliteGraphStore(SingleWrites):
    """A `GraphStore` in one SQLite file; safe to share between threads.

    One writer at a time: a batch waits up to `busy_timeout` seconds for the writers
    before it, in this process and in others, then raises `StoreBusy`. Reads never wait
    for a writer; they see the last commit. A new file and folder are private to their
    owner; SQLite gives the -wal and -shm files the file's own mode.
    """

    def __init__(self, path: Path | str, busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            self._db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=busy_timeout
            )
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            # Imports touch pages all over the B-trees; the 2 MB default cache re-reads them.
            self._db.execute(f"PRAGMA cache_size = {-_CACHE_KIB}")
            self._db.execute("PRAGMA temp_store = MEMORY")
            self._db.executescript(_SCHEMA)
            if self._db.execute("SELECT 1 FROM meta").fetchone() is None:
                self._db.execute("INSERT INTO meta(revision) VALUES (0)")
        except (OSError, sqlite3.Error) as error:
            raise StoreUnavailable(f"cannot open graph store {self.path}: {error}") from error
        self._readers = ReaderPool(self.path)
        self._lock = threading.Lock()
        self._owner: int | None = None
        self._writer: _Writer | None = None
        self._projection_lock = threading.Lock()
        self._graph: nx.MultiDiGraph | None = None
        self._graph_revision = -1

    # -- writes -------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[_Writer]:
        if self._writer is not None and self._owner == threading.get_ident():
            yield self._writer  # nested: join the open transaction
            return
        deadline = time.monotonic() + self.busy_timeout
        if not self._lock.acquire(timeout=self.busy_timeout):
            raise self._busy()
        try:
            before = self._begin(deadline)
            self._owner = threading.get_ident()
            self._writer = writer = _Writer(self._db, record=self._graph is not None)
            try:
                yield writer
                writer.flush()
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
                self._published(before, writer)
            finally:
                self._writer = self._owner = None
                self._db.execute(f"PRAGMA cache_size = {-_CACHE_KIB}")
        finally:
            self._lock.release()

    def _begin(self, deadline: float) -> int:
        """Open the write transaction within the wait left; the revision it starts from."""
        self._begin_immediate(deadline)
        self._db.execute(f"PRAGMA cache_size = {-_WRITE_CACHE_KIB}")
        row = self._db.execute("UPDATE meta SET revision = revision + 1 RETURNING revision")
        return int(row.fetchone()[0]) - 1

    def _begin_immediate(self, deadline: float) -> None:
        left = max(0.0, deadline - time.monotonic())
        self._db.execute(f"PRAGMA busy_timeout = {int(left * 1000)}")
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise self._busy() from None
            raise

    def _busy(self) -> StoreBusy:
        return StoreBusy(
            f"graph store {self.path.name} is busy with another write"
            f" (waited {self.busy_timeout:g} s)"
        )

    def _published(self, before: int, writer: _Writer) -> None:
        """Bring the projection to the commit: replay the batch, or let it be rebuilt."""
        with self._projection_lock:
            if self._graph_revision > before:
                return  # a reader rebuilt it after the commit
            if self._graph_revision == before and writer.complete:
                self._apply(writer.ops)
                self._graph_revision = before + 1
            else:
                self._graph = None  # rebuilt on the next `projection()`

    def link_external_id(self, scheme: str, value: str, node_id: str) -> str:
        with self.batch() as writer:
            return writer.link_external_id(scheme, value, node_id)

    # -- reads --------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """Our own open batch for the thread that writes it (it sees what it wrote), else
        a reader of its own."""
        if self._writer is not None and self._owner == threading.get_ident():
            self._writer.flush()
            yield self._db
            return
        with self._readers.connection() as db:
            yield db

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        with self._reading() as db:
            return db.execute(sql, params).fetchall()

    def node(self, node_id: str) -> Node | None:
        rows = self._query("SELECT id, label, props FROM nodes WHERE id = ?", (node_id,))
        return _node(rows[0]) if rows else None

    def node_by_external_id(self, scheme: str, value: str) -> Node | None:
        rows = self._query(
            "SELECT n.id, n.label, n.props FROM external_ids x JOIN nodes n ON n.id = x.node_id"
            " WHERE x.scheme = ? AND x.value = ?",
            (scheme, value),
        )
        return _node(rows[0]) if rows else None

    def external_ids(self, node_id: str) -> list[tuple[str, str]]:
        rows = self._query(
            "SELECT scheme, value FROM external_ids WHERE node_id = ? ORDER BY scheme, value",
            (node_id,),
        )
        return [(str(scheme), str(value)) for scheme, value in rows]

    def nodes(self, label: str | None = None) -> Iterator[Node]:
        if label is None:
            rows = self._query("SELECT id, label, props FROM nodes ORDER BY id")
        else:
            rows = self._query(
                "SELECT id, label, props FROM nodes WHERE label = ? ORDER BY id", (label,)
            )
        return map(_node, rows)

    def page(
        self,
        label: str,
        *,
        after: str | None = None,
        limit: int = 100,
        where: Mapping[str, Scalar] | None = None,
    ) -> list[Node]:
        check_filter(where or {})
        sql = ["SELECT id, label, props FROM nodes WHERE label = ?"]
        params: list[object] = [label]
        if after is not None:
            sql.append("AND id > ?")
            params.append(after)
        for key, value in (where or {}).items():
            path = f'$."{key}"'
            kinds = _JSON_TYPES[type(value)]
            sql.append(f"AND json_extract(props, ?) = ? AND json_type(props, ?) IN ({kinds})")
            params += [path, value, path]
        sql.append("ORDER BY id LIMIT ?")
        params.append(max(0, limit))
        return list(map(_node, self._query(" ".join(sql), tuple(params))))

    def node_digests(self, label: str) -> Iterator[tuple[str, bytes]]:
        """A hash of the stored properties' text (`_encode`): no node is decoded."""
        rows = self._query("SELECT id, props FROM nodes WHERE label = ? ORDER BY id", (label,))
        return ((str(i), digest(props)) for i, props in rows)

    def edges(self, edge_type: str | None = None) -> Iterator[Edge]:
        columns = "SELECT source, type, target, key, props FROM edges"
        if edge_type is None:
            rows = self._query(f"{columns} ORDER BY source, type, target, key")
        else:
            rows = self._query(
                f"{columns} WHERE type = ? ORDER BY source, target, key", (edge_type,)
            )
        return map(_edge, rows)

    def neighbours(
        self,
        node_id: str,
        *,
        direction: Direction = "both",
        edge_types: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
    ) -> list[tuple[Edge, Node]]:
        types = set(edge_types) if edge_types is not None else None
        wanted = set(labels) if labels is not None else None
        sides = {"out": ("source",), "in": ("target",), "both": ("source", "target")}[direction]
        found: list[tuple[Edge, Node]] = []
        for side in sides:
            other = "target" if side == "source" else "source"
            rows = self._query(
                "SELECT e.source, e.type, e.target, e.key, e.props, n.id, n.label, n.props"
                f" FROM edges e JOIN nodes n ON n.id = e.{other} WHERE e.{side} = ?"
                " ORDER BY e.type, n.id, e.key",
                (node_id,),
            )
            for row in rows:
                edge, node = _edge(row[:5]), _node(row[5:])
                if (types is None or edge.type in types) and (
                    wanted is None or node.label in wanted
                ):
                    found.append((edge, node))
        return found

    def degree(self, node_id: str) -> int:
        row = self._query(
            "SELECT (SELECT COUNT(*) FROM edges WHERE source = ?)"
            " + (SELECT COUNT(*) FROM edges WHERE target = ?)",
            (node_id, node_id),
        )
        return int(row[0][0])

    def counts(self) -> Counts:
        nodes = self._query("SELECT label, count(*) FROM nodes GROUP BY label ORDER BY label")
        edges = self._query("SELECT type, count(*) FROM edges GROUP BY type ORDER BY type")
        return Counts(nodes=dict(nodes), edges=dict(edges))

    def search_text(
        self,
        query: str,
        fields: TextFields,
        *,
        labels: Collection[str] | None = None,
        exclude: Collection[str] = (),
        limit: int = 50,
    ) -> list[tuple[str, float]]:
        self._index_text(fields)
        with self._reading() as db:
            return sqlite_text.matches(db, query, labels, exclude, limit)

    def _index_text(self, fields: TextFields) -> None:
        """Migrate the file's word index to `fields` unless it is built for them.

        Not a write of the graph, so the revision stays: caches built on it hold."""
        with self._reading() as db:
            if not sqlite_text.needs_migration(db, fields):
                return
        if self._writer is not None and self._owner == threading.get_ident():
            sqlite_text.migrate(self._db, fields)  # inside the thread's own batch
            return
        if not self._lock.acquire(timeout=self.busy_timeout):
            raise self._busy()
        try:
            self._begin_immediate(time.monotonic() + self.busy_timeout)
            try:
                if sqlite_text.needs_migration(self._db, fields):
                    sqlite_text.migrate(self._db, fields)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        finally:
            self._lock.release()

    # -- projection ---------------------------------------------------------------

    def revision(self) -> str:
        """Counted by every write transaction, in any process, in the file itself."""
        return str(self._query("SELECT revision FROM meta")[0][0])

    def projection(self) -> nx.MultiDiGraph:
        if self._writer is not None and self._owner == threading.get_ident():
            self._writer.flush()
            return _build(self._db)  # uncommitted, so not kept
        with self._projection_lock, self._readers.connection() as db:
            db.execute("BEGIN")  # the revision, nodes and edges of one commit
            try:
                revision = int(db.execute("SELECT revision FROM meta").fetchone()[0])
                if self._graph is None or revision != self._graph_revision:
                    self._graph = _build(db)
                    self._graph_revision = revision
            finally:
                db.execute("COMMIT")
            return self._graph

    def neighbourhood(
        self,
        node_id: str,
        depth: int = 1,
        *,
        edge_types: Collection[str] | None = None,
        exclude: Collection[str] = (),
    ) -> nx.MultiDiGraph:
        """Walked on the in-memory projection, which is as fast as SQL for this."""
        hidden = set(exclude) - {node_id}
        view = nx.subgraph_view(self.projection(), filter_node=lambda n: n not in hidden)
        return analytics.neighbourhood(view, node_id, depth, edge_types=edge_types)

    def shortest_paths(
        self, source: str, target: str, *, exclude: Collection[str] = (), limit: int = 5
    ) -> list[list[tuple[str, str, str]]]:
        hidden = set(exclude) - {source, target}
        view = nx.subgraph_view(self.projection(), filter_node=lambda n: n not in hidden)
        return analytics.shortest_paths(view, source, target, limit)

    def _apply(self, ops: list[_Op]) -> None:
        graph = self._graph
        if graph is None:
            return
        for kind, item in ops:
            if kind == "node":
                if item.id in graph:
                    graph.nodes[item.id].clear()
                graph.add_node(item.id, label=item.label, **item.properties)
            elif kind == "edge":
                graph.add_edge(
                    item.source,
                    item.target,
                    key=(item.type, item.key),
                    type=item.type,
                    **item.properties,
                )
                attributes = graph.edges[item.source, item.target, (item.type, item.key)]
                for stale in set(attributes) - {"type", *item.properties}:
                    del attributes[stale]
            elif kind == "unlink":
                source, edge_type, target, key = item
                if graph.has_edge(source, target, (edge_type, key)):
                    graph.remove_edge(source, target, (edge_type, key))
            elif item in graph:
                graph.remove_node(item)

    def close(self) -> None:
        self._readers.close()
        with self._lock:
            self._db.close()
