"""Records in and out of the store: point reads, listings and writes with their edges.

Each function names its cost: `get` is one point read, `list_records` streams every node
of a label lazily in the store's order, `save` reads each reference once and then writes
in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from hub.domain.activities import Partnership, Suggestion
from hub.domain.errors import Conflict, NotFound
from hub.domain.records import Offer, Record, SupportRequest
from hub.knowledge.records import Practice
from hub.store import Store, Writer
from hub.store.codec import edges_of, from_node, write

__all__ = ["get", "list_records", "references", "save"]

R = TypeVar("R", bound=Record)


def references(record: Record) -> list[str]:
    """Ids of the records `record` points at, which must exist before it is saved."""
    match record:
        case SupportRequest():
            return [record.requester]
        case Offer():
            return [record.provider]
        case Partnership():
            return [*record.members, *([record.request] if record.request else [])]
        case Suggestion():
            return [record.request, record.candidate]
        case Practice():
            return [*record.authors, *record.partnerships, *record.activities]
    return []


def save(store: Store, record: Record, also: Callable[[Writer], object] | None = None) -> None:
    """Insert or replace a record with its derived edges, in one transaction; `also`
    writes what must go with it (an audit entry) in the same one."""
    for referenced in references(record):
        if store.node(referenced) is None:
            raise NotFound(
                f"{type(record).__name__} {record.id!r} refers to {referenced!r},"
                " which is not in the hub"
            )
    previous = store.node(record.id)
    label = type(record).__name__
    if previous is not None and previous.label != label:
        raise Conflict(f"id {record.id!r} is already used by a {previous.label}")
    stale = edges_of(from_node(type(record), previous)) if previous else []
    with store.batch() as writer:
        write(writer, record, stale)
        if also is not None:
            also(writer)


def get(store: Store, cls: type[R], record_id: str) -> R:
    """The record of type `cls` with this id (one point read); `NotFound` otherwise."""
    node = store.node(record_id)
    if node is None or node.label != cls.__name__:
        raise NotFound(f"no {cls.__name__} with id {record_id!r}")
    return from_node(cls, node)


def list_records(store: Store, cls: type[R]) -> Iterator[R]:
    """Every record of type `cls`, decoded lazily in the store's order."""
    return (from_node(cls, node) for node in store.nodes(cls.__name__))
