"""Practices due: a completed partnership asks its partners to write up what they learned.

The prompt is read from the graph, not stored: it appears when a hub partnership is
completed and is gone once any practice names that partnership, whoever filed it, so
it can never disagree with the library.
"""

from __future__ import annotations

from datetime import date

from hub.access import Principal, require
from hub.domain.activities import Partnership, PartnershipSource, PartnershipStatus
from hub.domain.answers import Answer
from hub.domain.fields import RecordId
from hub.domain.keys import Role
from hub.knowledge.practices import parties
from hub.knowledge.records import Practice
from hub.records import reading
from hub.store import Store, repository

__all__ = ["PracticeDue", "practices_due"]


class PracticeDue(Answer):
    """A completed partnership that no practice names yet, and the partners it prompts."""

    partnership: RecordId
    title: str
    """The partnership's title."""
    completed_on: date | None
    """When it was marked completed, else when it ended."""
    partners: list[RecordId]
    """Its members and, for one answering a request, the requesting state: the partners
    asked to write up what they learned."""


def practices_due(
    store: Store, principal: Principal, stakeholder: str | None = None
) -> list[PracticeDue]:
    """What the caller's completed partnerships still owe the library, oldest first.

    A Member State or partner is shown its own; staff every one, or one stakeholder's.
    IATI partnerships are left out: they report through IATI, not to the hub.
    """
    require(principal, Role.COORDINATOR, Role.MEMBER_STATE, Role.PARTNER)
    who = stakeholder if principal.sees_all else principal.stakeholder
    filed = {
        p for practice in repository.list_records(store, Practice) for p in practice.partnerships
    }
    found = []
    for partnership in reading.visible(store, principal, Partnership):
        if (
            partnership.source is not PartnershipSource.HUB
            or partnership.status is not PartnershipStatus.COMPLETED
            or partnership.id in filed
        ):
            continue
        prompted = parties(store, partnership)
        if who is None or who in prompted:
            completed = partnership.status_dates.get(PartnershipStatus.COMPLETED)
            found.append(
                PracticeDue(
                    partnership=partnership.id,
                    title=partnership.title,
                    completed_on=completed or partnership.ended,
                    partners=prompted,
                )
            )
    return sorted(found, key=lambda d: (d.completed_on or date.min, d.partnership))
