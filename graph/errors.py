"""Errors raised by graph stores; each message names the node, edge or key at fault."""

__all__ = [
    "GraphError",
    "InvalidProperty",
    "LabelConflict",
    "MissingNode",
    "StoreBusy",
    "StoreUnavailable",
]


class GraphError(Exception):
    """Base of every error a graph store raises on purpose."""


class MissingNode(GraphError):
    """An edge or lookup referred to a node id that is not in the store."""


class LabelConflict(GraphError):
    """A node was upserted under a label other than the one it already has."""


class InvalidProperty(GraphError):
    """A property value the backends cannot store (maps, nulls, mixed lists)."""


class StoreUnavailable(GraphError):
    """The backing database cannot be reached or opened."""


class StoreBusy(StoreUnavailable):
    """Another writer held the store for longer than a write may wait; try again later."""
