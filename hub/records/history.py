"""A request's audit trail as one caller may read it: which entries and what of them
is `hub.access.Sight`'s rule; here each entry also names its actor and its subject
the way a person reads them, beside the ids."""

from __future__ import annotations

from hub import audit
from hub.access import Principal, Sight
from hub.access.actors import display_name
from hub.domain.records import AuditEntry, SupportRequest
from hub.records.reading import get
from hub.store import Store, codec
from hub.titles import Titles

__all__ = ["HistoryEntry", "history"]


class HistoryEntry(AuditEntry):
    """An audit entry as answered, never stored: `actor` and `subject` stay ids (or, for
    callers who may not see key ids, the actor's role)."""

    actor_name: str
    """Who did it, as a person reads it: `Local operator`, a key holder's name or note,
    a Member State's or partner's name, else the role (`hub coordinator`)."""
    actor_role: str | None = None
    """When `actor_name` is only a role's English word, which: `admin`, `coordinator`,
    `staff` or `operator` (whoever runs the CLI), for a reader to word in its language."""
    subject_name: str
    """What it was about: the partner of a decision on a suggestion, else the title or
    name of the record; empty when it has none."""


def history(store: Store, principal: Principal, request_id: str) -> list[HistoryEntry]:
    """The audit log of one request the caller may see, as far as it may read it,
    oldest first; reads the whole log."""
    get(store, principal, SupportRequest, request_id)
    sight, titles = Sight(store, principal), Titles(store)
    found = []
    for node in (codec.to_node(e) for e in audit.entries(store, request=request_id)):
        if not sight.sees(node):
            continue
        entry = codec.from_node(AuditEntry, sight.shown(node))
        actor = display_name(store, entry.actor, titles)
        found.append(
            HistoryEntry(
                **entry.model_dump(),
                actor_name=actor.name,
                actor_role=actor.role,
                subject_name=titles.subject(entry.subject),
            )
        )
    return found
