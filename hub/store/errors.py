"""The hub's word for an error a graph store raised where no service caught it."""

from graph.errors import (
    GraphError,
    InvalidProperty,
    LabelConflict,
    MissingNode,
    StoreBusy,
    StoreUnavailable,
)
from hub.domain.errors import Busy, Conflict, HubError, InvalidInput, NotFound, Unavailable

__all__ = ["GraphError", "from_graph"]


def from_graph(error: GraphError) -> HubError:
    """`Busy`, `Unavailable`, `NotFound`, `Conflict` or `InvalidInput`, keeping the message."""
    kind: type[HubError] = HubError
    if isinstance(error, StoreBusy):
        kind = Busy
    elif isinstance(error, StoreUnavailable):
        kind = Unavailable
    elif isinstance(error, MissingNode):
        kind = NotFound
    elif isinstance(error, LabelConflict):
        kind = Conflict
    elif isinstance(error, InvalidProperty):
        kind = InvalidInput
    return kind(str(error))
