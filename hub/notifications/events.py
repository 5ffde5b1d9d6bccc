"""The outbox: every audited write leaves an event, in the write's own transaction.

An event is a node beside its audit entry, so a change and its event commit together or
not at all; the dispatcher delivers events later, and a delivery that fails never undoes
the write. Event types are dotted nouns and verbs, mapped from audit actions in one
table (`event_type`); an action the table does not name keeps its own dotted name.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime

from pydantic import Field

from hub.domain.records import AuditEntry, Record
from hub.store import Store, Writer, codec, repository

__all__ = [
    "PROPOSALS_LINK",
    "PROPOSED",
    "QUEUED",
    "OutboxEvent",
    "event_of",
    "event_type",
    "events",
    "fresh_key",
    "record",
    "record_proposed",
]

PROPOSED = "partner.proposed"
QUEUED = "suggestions.queued"
PROPOSALS_LINK = "#/proposals"
"""Where the console shows a candidate the requests it was proposed for."""


class OutboxEvent(Record):
    """One thing that happened, as subscribers receive it (`data` is what they may read)."""

    event_type: str
    occurred_at: datetime
    subject: str
    request: str | None = None
    requester: str | None = None
    data: dict[str, str] = Field(default_factory=dict)


_RENAMED = {
    "partnership.overdue": "partnership.overdue",
    "request.updated": "request.changed",
    "offer.updated": "offer.changed",
    "stakeholder.updated": "stakeholder.changed",
    "merge.propose": "merge.proposed",
    "merge.accept": "merge.accepted",
    "merge.reject": "merge.rejected",
    "merge.revert": "merge.reverted",
    "fund.call.created": "fund_call.opened",
    "fund.call.closed": "fund_call.closed",
    "fund.proposed": "fund_call.portfolio_proposed",
    "fund.review.scored": "concept_note.reviewed",
    "fund.review.conflict": "concept_note.review_conflict",
}
"""Audit actions whose event type reads differently, or that a family below would
otherwise swallow; the families take a suffix."""
_FAMILIES = {
    "partnership.": "partnership.status_changed",
    "fund.note.": "concept_note.",
}
"""Action prefixes: a status family collapses into one type (its status in `data`), or
keeps its suffix under a new noun when the prefix ends the type with a dot."""

_SHOWN_DETAIL = frozenset(
    {
        "request.created",
        "suggestions.queued",
        "fund_call.opened",
        "group.created",
        "merge.proposed",
        "suggestion.requester_accepted",
        "suggestion.requester_declined",
        "partner.interested",
        "partner.declined",
        "partner.asked",
    }
)
"""Types whose audit detail is fit for every receiver: a title or a count, or one side's
word on a pairing (a requester's or a partner's, addressed to the coordinators and the
requester, the only ones who may see a pairing's events). Others may carry a
coordinator's internal note, so their detail stays in the audit log."""


def event_type(action: str) -> str:
    """The event type of an audit action (`suggestion.accepted` stays itself)."""
    if action in _RENAMED:
        return _RENAMED[action]
    for prefix, family in _FAMILIES.items():
        if action.startswith(prefix):
            return family + action.removeprefix(prefix) if family.endswith(".") else family
    return action


def event_of(entry: AuditEntry) -> OutboxEvent:
    """The event an audit entry announces, sharing its time and its id's random part."""
    kind = event_type(entry.action)
    data = {"subject": entry.subject}
    if entry.request:
        data["request"] = entry.request
    if entry.requester:
        data["requester"] = entry.requester
    if kind == "partnership.status_changed":
        data["status"] = entry.action.removeprefix("partnership.")
    elif kind == "partnership.overdue":  # its detail is the status it stalled in
        data["status"] = entry.detail
    if kind in _SHOWN_DETAIL and entry.detail:
        data["summary"] = entry.detail
    return OutboxEvent(
        id=entry.id.replace("audit:", "event:", 1),
        event_type=kind,
        occurred_at=entry.at,
        subject=entry.subject,
        request=entry.request,
        requester=entry.requester,
        data=data,
    )


def record(writer: Writer, entry: AuditEntry) -> OutboxEvent:
    """Write the entry's event with the same writer, so it commits with the change."""
    event = event_of(entry)
    writer.upsert_node(codec.to_node(event))
    return event


def fresh_key(at: datetime) -> str:
    """An entry's or event's id after its prefix: its time, sortable, and a random part."""
    return f"{at.strftime('%Y%m%dT%H%M%S.%f')}:{secrets.token_hex(3)}"


def record_proposed(
    writer: Writer, at: datetime, suggestion: str, request: str, requester: str, candidate: str
) -> OutboxEvent:
    """Tell a candidate it was proposed for a request, in the queueing's transaction.

    Not an audit entry: the queueing is audited once (`suggestions.queued`), and that
    event is for coordinators and the requester; this one is for the candidate alone, so
    it names nothing but its own pairing."""
    pairing = {"subject": suggestion, "request": request, "requester": requester}
    event = OutboxEvent(
        id=f"event:{fresh_key(at)}",
        event_type=PROPOSED,
        occurred_at=at,
        data={**pairing, "candidate": candidate, "link": PROPOSALS_LINK},
        **pairing,
    )
    writer.upsert_node(codec.to_node(event))
    return event


def events(store: Store) -> Iterator[OutboxEvent]:
    """Every event in the store's order (the dispatcher sorts what it sends)."""
    return repository.list_records(store, OutboxEvent)
