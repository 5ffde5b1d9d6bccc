"""Reading records as a given caller sees them: filtered, paged, never leaking.

Everything a caller cannot see is dropped (`hub.access.Sight`) before filtering and
paging, so neither a page, nor a cursor, nor an empty result reveals that a hidden
record exists. Equality filters on stored fields go down to the store; the rest (list
membership, traits of other records) is a predicate applied to what the caller sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from hub.access import Principal, Sight
from hub.domain.errors import NotFound
from hub.domain.keys import Role
from hub.domain.records import Record
from hub.store import Node, Store, codec, repository
from hub.store.repository import Match

__all__ = ["MAX_PAGE", "Page", "get", "page", "visible"]

R = TypeVar("R", bound=Record)

MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class Page(Generic[R]):
    items: list[R]
    next_cursor: str | None


def _view(sight: Sight) -> Callable[[Node], Node | None]:
    return lambda node: sight.shown(node) if sight.sees(node) else None


def visible(
    store: Store, principal: Principal, cls: type[R], *, match: Match | None = None
) -> Iterator[R]:
    """Every record of one kind the caller may see that holds `match`, lazily in id
    order; one range read per 200 stored records."""
    return repository.walk(store, cls, match=match, view=_view(Sight(store, principal)))


def page(
    store: Store,
    principal: Principal,
    cls: type[R],
    *,
    match: Match | None = None,
    where: Callable[[R], bool] | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[R]:
    """Records of one kind the caller sees, holding `match` (done by the store) and
    passing `where`, in id order after `cursor`, at most `limit` (≤ MAX_PAGE); reads
    the page and whatever hidden or unwanted records lie between."""
    limit = max(1, min(limit, MAX_PAGE))
    view = _view(Sight(store, principal))
    items: list[R] = []
    chunk = min(MAX_PAGE, limit + 1)
    for record in repository.walk(store, cls, after=cursor, match=match, view=view, chunk=chunk):
        if where is not None and not where(record):
            continue
        if len(items) == limit:
            return Page(items, items[-1].id)
        items.append(record)
    return Page(items, None)


def get(store: Store, principal: Principal, cls: type[R], record_id: str) -> R:
    """One record as the caller sees it (one point read); a hidden one is `NotFound`.

    Nothing is hidden from an admin (the CLI's local operator), so its errors may name
    the kind it asked for; others learn only that no record they may see has the id.
    """
    if principal.role is Role.ADMIN:
        return codec.from_node(cls, Sight(store, principal).shown(_node(store, cls, record_id)))
    node = Sight(store, principal).get(record_id)
    if node.label != cls.__name__:
        return repository.get(store, cls, record_id)  # raises NotFound with the kind named
    return codec.from_node(cls, node)


def _node(store: Store, cls: type[Record], record_id: str) -> Node:
    node = store.node(record_id)
    if node is None or node.label != cls.__name__:
        raise NotFound(f"no {cls.__name__} with id {record_id!r}")
    return node
