"""Property-graph stores behind one Protocol, and graph analytics on networkx."""

from graph.errors import (
    GraphError,
    InvalidProperty,
    LabelConflict,
    MissingNode,
    StoreBusy,
    StoreUnavailable,
)
from graph.store import Counts, Direction, Edge, GraphStore, GraphWriter, Node, PropertyValue

__all__ = [
    "Counts",
    "Direction",
    "Edge",
    "GraphError",
    "GraphStore",
    "GraphWriter",
    "InvalidProperty",
    "LabelConflict",
    "MissingNode",
    "Node",
    "PropertyValue",
    "StoreBusy",
    "StoreUnavailable",
]
