"""The console inbox: the events that concern the caller, newest first, read or not.

Nothing is copied per reader: the inbox is the outbox seen through the caller's sight
and concerns (`audience`), with one "read until" mark per caller in the ledger.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel

from hub.access import Principal, Sight
from hub.domain.errors import Unauthorized
from hub.notifications.audience import concerns, may_see
from hub.notifications.events import events
from hub.notifications.ledger import Ledger
from hub.store import Store
from hub.titles import Titles

__all__ = ["Notice", "inbox", "mark_read"]


class Notice(BaseModel):
    id: str
    type: str
    occurred_at: datetime
    data: dict[str, str]
    read: bool


def inbox(store: Store, ledger: Ledger, principal: Principal, limit: int = 50) -> list[Notice]:
    """Up to `limit` notices for the caller, newest first."""
    if principal.key is None:
        raise Unauthorized("the inbox needs an API key")
    sight, titles = Sight(store, principal), Titles(store)
    read_until = ledger.read_until(principal.name)
    mine = sorted(
        (e for e in events(store) if concerns(store, principal, e) and may_see(store, sight, e)),
        key=lambda event: (event.occurred_at, event.id),
        reverse=True,
    )
    return [
        Notice(
            id=event.id,
            type=event.event_type,
            occurred_at=event.occurred_at,
            data=_with_titles(titles, event.subject, event.request, event.data),
            read=read_until is not None and event.occurred_at <= read_until,
        )
        for event in mine[:limit]
    ]


def mark_read(ledger: Ledger, principal: Principal, until: datetime | None = None) -> datetime:
    """Mark every notice up to `until` (now by default) read; marks never move back."""
    if principal.key is None:
        raise Unauthorized("the inbox needs an API key")
    until = until or datetime.now(UTC)
    ledger.mark_read(principal.name, until)
    return until


def _with_titles(
    titles: Titles, subject: str, request: str | None, data: dict[str, str]
) -> dict[str, str]:
    """The request's title and the subject's name as they are now, beside their ids
    (the caller may see both: the event was checked)."""
    named = {"request_title": titles.of(request) if request else "", "subject_name": ""}
    if subject != request:
        named["subject_name"] = titles.subject(subject)
    return {**data, **{k: v for k, v in named.items() if v}}
