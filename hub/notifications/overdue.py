"""Partnerships overdue in their status: announced once, by the dispatcher's pass.

Nothing writes when a partnership merely waits, so the dispatcher looks before it fans
out: a hub partnership still in a status longer than that status's limit
(`Settings.partnership_overdue_days`) gets a `partnership.overdue` audit entry, whose
event coordinators and the requesting state hear of. The entry's id is derived from
the partnership and the status, so a later pass finds it and stays quiet; a partnership
that moves on and stalls again is announced again for its new status.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from hub import audit
from hub.domain.activities import Partnership, PartnershipSource, PartnershipStatus
from hub.store import Store, repository

__all__ = ["ACTOR", "announce_overdue", "overdue_key"]

ACTOR = "system:overdue"


def overdue_key(partnership: str, status: str) -> str:
    """The `once` key of a partnership's overdue entry for one status (ids stay short)."""
    digest = hashlib.sha256(f"{partnership}\n{status}".encode()).hexdigest()[:24]
    return f"overdue:{digest}"


def announce_overdue(store: Store, limits: dict[PartnershipStatus, int], today: date) -> list[str]:
    """Audit each hub partnership overdue in its status and not announced yet; the ids
    of those announced now. IATI partnerships report elsewhere and are left out."""
    announced = []
    for partnership in repository.walk(store, Partnership, match={"source": PartnershipSource.HUB}):
        status = partnership.status
        limit = limits.get(status, 0)
        since = partnership.status_dates.get(status)
        if not limit or since is None or today - since <= timedelta(days=limit):
            continue
        key = overdue_key(partnership.id, status.value)
        if store.node(f"audit:{key}") is not None:
            continue
        requester = None
        if partnership.request is not None:
            request = store.node(partnership.request)
            found = request.properties.get("requester") if request is not None else None
            requester = found if isinstance(found, str) else None
        with store.batch() as writer:
            audit.log(
                writer,
                ACTOR,
                "partnership.overdue",
                partnership.id,
                status.value,
                partnership.request,
                requester,
                once=key,
            )
        announced.append(partnership.id)
    return announced
