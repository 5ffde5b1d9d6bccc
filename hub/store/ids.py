"""Ids of new records: made by the hub, never chosen by callers (`hub.domain.ids`)."""

from __future__ import annotations

from typing import Any

from hub.domain.errors import InvalidInput
from hub.domain.ids import candidate_id
from hub.domain.records import Record
from hub.store import Store

__all__ = ["new_id", "with_new_id"]


def new_id(store: Store, kind: type[Record]) -> str:
    """An id no node holds yet, e.g. `offer-3f9a1c0e5b7d2a46`; one point read per try."""
    while True:
        candidate = candidate_id(kind.__name__)
        if store.node(candidate) is None:
            return candidate


def with_new_id(store: Store, kind: type[Record], fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of a new record with the id the hub gives it; a chosen id is refused."""
    if "id" in fields:
        raise InvalidInput(f"the hub gives a new {kind.__name__} its id; leave out 'id'")
    return {**fields, "id": new_id(store, kind)}
