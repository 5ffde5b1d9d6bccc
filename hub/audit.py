"""The append-only audit log: who did what, when and why.

Entries are written in the same transaction as the change they describe, so the log
never claims a change that did not happen, nor misses one that did. The hub has no
path that edits or deletes an entry.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hub.domain.records import AuditEntry
from hub.notifications import events
from hub.store import Store, Writer, codec, repository

__all__ = ["entries", "log"]


def log(
    writer: Writer,
    actor: str,
    action: str,
    subject: str,
    detail: str = "",
    request: str | None = None,
    requester: str | None = None,
    *,
    once: str | None = None,
) -> AuditEntry:
    """The entry, written through `writer`: the open transaction of the change it
    describes (the only way an entry is written); no read. `once` keys an entry that
    happens at most once (its id `audit:<once>`), so a caller can ask whether it was."""
    at = datetime.now(UTC)
    key = once or events.fresh_key(at)
    entry = AuditEntry(
        id=f"audit:{key}",
        at=at,
        actor=actor,
        action=action,
        subject=subject,
        request=request,
        requester=requester,
        detail=detail,
    )
    writer.upsert_node(codec.to_node(entry))
    events.record(writer, entry)  # the outbox: same transaction, delivered later
    return entry


def entries(store: Store, *, request: str | None = None) -> list[AuditEntry]:
    """The log, oldest first, optionally only what concerns one support request (its
    entries and those about it), which the store filters before anything is decoded."""
    if request is None:
        found = list(repository.list_records(store, AuditEntry))
    else:
        found = list(
            {
                entry.id: entry
                for field in ("request", "subject")
                for entry in repository.walk(store, AuditEntry, match={field: request})
            }.values()
        )
    return sorted(found, key=lambda entry: (entry.at, entry.id))
