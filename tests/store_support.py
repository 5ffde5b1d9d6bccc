"""Setting up a test hub: records written straight through the repository, unaudited,
as an import or an older hub would have left them."""

from __future__ import annotations

from hub.domain.records import Record
from hub.store import Store, repository


def put(store: Store, *records: Record) -> None:
    """Store `records` in one transaction, with their edges."""
    with store.batch() as writer:
        repository.save_many(store, writer, records)
