"""Reading records as a given caller sees them: filtered, paged, never leaking.

Everything a caller cannot see is dropped before filtering and paging, so neither a
page, nor a cursor, nor an empty result reveals that a hidden record exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from hub import audit
from hub.access import Principal, Sight
from hub.domain.records import AuditEntry, Record, SupportRequest
from hub.store import Store, codec, repository

__all__ = ["MAX_PAGE", "Page", "get", "history", "page", "visible"]

R = TypeVar("R", bound=Record)

MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class Page(Generic[R]):
    items: list[R]
    next_cursor: str | None


def visible(store: Store, principal: Principal, cls: type[R]) -> Iterator[R]:
    """Every record of one kind the caller may see, in id order."""
    sight = Sight(store, principal)
    for node in store.nodes(cls.__name__):
        if sight.sees(node):
            yield codec.from_node(cls, sight.shown(node))


def page(
    store: Store,
    principal: Principal,
    cls: type[R],
    *,
    where: Callable[[R], bool] | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[R]:
    """Records of one kind in id order, after `cursor`, at most `limit` (≤ MAX_PAGE)."""
    limit = max(1, min(limit, MAX_PAGE))
    items: list[R] = []
    for record in visible(store, principal, cls):
        if cursor is not None and record.id <= cursor:
            continue
        if where is not None and not where(record):
            continue
        if len(items) == limit:
            return Page(items, items[-1].id)
        items.append(record)
    return Page(items, None)


def get(store: Store, principal: Principal, cls: type[R], record_id: str) -> R:
    node = Sight(store, principal).get(record_id)
    if node.label != cls.__name__:
        return repository.get(store, cls, record_id)  # raises NotFound with the kind named
    return codec.from_node(cls, node)


def history(store: Store, principal: Principal, request_id: str) -> list[AuditEntry]:
    """The audit log of one request the caller may see, as far as it may read it."""
    get(store, principal, SupportRequest, request_id)
    sight = Sight(store, principal)
    return [
        codec.from_node(AuditEntry, sight.shown(node))
        for node in (codec.to_node(e) for e in audit.entries(store, request=request_id))
        if sight.sees(node)
    ]
