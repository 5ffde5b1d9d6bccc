"""Where records are kept: the only package of `hub` that imports `graph`.

`codec` alone knows a record is a node (`iati_codec` builds imported nodes fast),
`repository` reads and writes records, `ids` allocates new ids, `backend` opens the
configured store and `errors` turns the graph's errors into the hub's. Other hub
modules take a `Store` (the `GraphStore` protocol) and, where they still walk the
graph, the node and edge types re-exported here.
"""

from graph import (
    Counts,
    Direction,
    Edge,
    GraphError,
    GraphStore,
    GraphWriter,
    Node,
    PropertyValue,
    StoreBusy,
    StoreUnavailable,
    analytics,
)

__all__ = [
    "Counts",
    "Direction",
    "Edge",
    "GraphError",
    "Node",
    "PropertyValue",
    "Store",
    "StoreBusy",
    "StoreUnavailable",
    "Writer",
    "analytics",
]

Store = GraphStore
"""A property-graph store (embedded SQLite or Neo4j) holding the hub's records."""

Writer = GraphWriter
"""One open write transaction of a `Store` (`Store.batch()`)."""
