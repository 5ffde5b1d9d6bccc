"""Records in and out of the store: point reads, listings, pages and writes with edges.

Each function names its cost: `get` is one point read, `list_records` streams every node
of a label lazily in the store's order, `page` and `walk` read a label in id order a
range at a time with equality filters done by the store, `save` and `save_many` read
each reference once and write through the caller's open transaction, so that whatever
goes with the change (its audit entry) commits with it or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import Enum
from typing import TypeVar

from hub.domain.activities import Partnership, Suggestion
from hub.domain.errors import Conflict, InvalidInput, NotFound
from hub.domain.records import Offer, Record, SupportRequest
from hub.knowledge.records import Practice
from hub.store import Node, Store, Writer
from hub.store.codec import edges_of, from_node, write

__all__ = [
    "Match",
    "NodeView",
    "get",
    "list_records",
    "page",
    "references",
    "save",
    "save_many",
    "walk",
]

R = TypeVar("R", bound=Record)

Match = Mapping[str, str | int | float | bool | Enum]
"""Scalar fields a record must hold exactly, e.g. `{"status": RequestStatus.OPEN}`."""
NodeView = Callable[[Node], Node | None]
"""How a caller sees a stored node before it is decoded; None: not at all."""

_CHUNK = 200
"""Nodes read per range query while walking a label."""


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


def save(store: Store, writer: Writer, record: Record) -> None:
    """Insert or replace a record with its derived edges through `writer`, the caller's
    open `store.batch()`; two point reads plus one per reference, nothing committed here."""
    save_many(store, writer, [record])


def save_many(store: Store, writer: Writer, records: Iterable[Record]) -> None:
    """`save` for many records in the caller's transaction; one point read per record
    and per distinct reference that is not among `records`."""
    batch = list(records)
    own = {record.id for record in batch}
    checked: set[str] = set()
    for record in batch:
        for referenced in references(record):
            if referenced in own or referenced in checked:
                continue
            if store.node(referenced) is None:
                raise NotFound(
                    f"{type(record).__name__} {record.id!r} refers to {referenced!r},"
                    " which is not in the hub"
                )
            checked.add(referenced)
    for record in batch:
        previous = store.node(record.id)
        label = type(record).__name__
        if previous is not None and previous.label != label:
            raise Conflict(f"id {record.id!r} is already used by a {previous.label}")
        stale = edges_of(from_node(type(record), previous)) if previous else []
        write(writer, record, stale)


def get(store: Store, cls: type[R], record_id: str) -> R:
    """The record of type `cls` with this id (one point read); `NotFound` otherwise."""
    node = store.node(record_id)
    if node is None or node.label != cls.__name__:
        raise NotFound(f"no {cls.__name__} with id {record_id!r}")
    return from_node(cls, node)


def list_records(store: Store, cls: type[R]) -> Iterator[R]:
    """Every record of type `cls`, decoded lazily in the store's order."""
    return (from_node(cls, node) for node in store.nodes(cls.__name__))


def _filter(cls: type[Record], match: Match) -> dict[str, str | int | float | bool]:
    """`match` as stored properties: fields by name, enums by value."""
    unknown = sorted(set(match) - set(cls.model_fields) | ({"id"} & set(match)))
    if unknown:
        raise InvalidInput(f"{cls.__name__} has no field {', '.join(unknown)} to filter on")
    return {k: v.value if isinstance(v, Enum) else v for k, v in match.items()}


def walk(
    store: Store,
    cls: type[R],
    *,
    after: str | None = None,
    match: Match | None = None,
    view: NodeView | None = None,
    chunk: int = _CHUNK,
) -> Iterator[R]:
    """Records of `cls` in id order after `after` that hold `match`, as `view` shows
    them (a node it hides is skipped before decoding); lazy, one range read per `chunk`."""
    where = _filter(cls, match or {})
    while nodes := store.page(cls.__name__, after=after, limit=chunk, where=where):
        for node in nodes:
            shown = node if view is None else view(node)
            if shown is not None:
                yield from_node(cls, shown)
        after = nodes[-1].id


def page(
    store: Store,
    cls: type[R],
    *,
    after: str | None = None,
    limit: int = 50,
    match: Match | None = None,
    view: NodeView | None = None,
) -> list[R]:
    """Up to `limit` records of `walk`; reads about `limit` nodes plus those skipped."""
    found: list[R] = []
    chunk = min(_CHUNK, limit + 1)
    for record in walk(store, cls, after=after, match=match, view=view, chunk=chunk):
        found.append(record)
        if len(found) == limit:
            break
    return found
