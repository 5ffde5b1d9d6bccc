"""Ids of new records: made by the hub, never chosen by callers.

Each is the record kind's prefix and 64 random bits. No caller can then take an id the
hub derives for another record (a suggestion's or a partnership's, from a request and
a stakeholder), nor learn from a refused id that a hidden record holds it; and unlike a
counter or a slug, a random suffix says nothing about how many records exist or what
they are about.
"""

from __future__ import annotations

import secrets
from typing import Any

from graph import GraphStore
from hub.domain.errors import InvalidInput
from hub.domain.records import Claim, Offer, Record, Stakeholder, SupportRequest
from hub.fund.records import ConceptNote, FundCall

__all__ = ["PREFIXES", "new_id", "with_new_id"]

PREFIXES: dict[type[Record], str] = {
    Stakeholder: "stakeholder",
    SupportRequest: "request",
    Offer: "offer",
    Claim: "claim",
    FundCall: "call",
    ConceptNote: "note",
}


def new_id(store: GraphStore, kind: type[Record]) -> str:
    """An id no node holds yet, e.g. `offer-3f9a1c0e5b7d2a46`."""
    while True:
        candidate = f"{PREFIXES[kind]}-{secrets.token_hex(8)}"
        if store.node(candidate) is None:
            return candidate


def with_new_id(store: GraphStore, kind: type[Record], fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of a new record with the id the hub gives it; a chosen id is refused."""
    if "id" in fields:
        raise InvalidInput(f"the hub gives a new {kind.__name__} its id; leave out 'id'")
    return {**fields, "id": new_id(store, kind)}
