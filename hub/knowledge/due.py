"""Practices due: a completed partnership asks its partners to write up what they learned.

The prompt is read from the graph, not stored: it appears when a hub partnership is
completed and is gone once any practice names that partnership, whoever filed it, so
it can never disagree with the library.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hub.access import Principal, require
from hub.domain.activities import Partnership, PartnershipSource, PartnershipStatus
from hub.domain.keys import Role
from hub.knowledge.practices import parties
from hub.knowledge.records import Practice
from hub.records import reading
from hub.store import Store, repository

__all__ = ["PracticeDue", "practices_due"]


@dataclass(frozen=True, slots=True)
class PracticeDue:
    """A completed partnership no practice names yet, and the partners it prompts."""

    partnership: str
    title: str
    completed_on: date | None
    partners: tuple[str, ...]


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
        prompted = tuple(parties(store, partnership))
        if who is None or who in prompted:
            completed = partnership.status_dates.get(PartnershipStatus.COMPLETED)
            found.append(
                PracticeDue(
                    partnership.id, partnership.title, completed or partnership.ended, prompted
                )
            )
    return sorted(found, key=lambda d: (d.completed_on or date.min, d.partnership))
