"""Partnerships and their lifecycle: proposed → agreed → active → completed or closed."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Caller, Store
from api.errors import problems
from api.schemas import Limit, Page, StatusChange, paged
from hub import records, review
from hub.domain.activities import Partnership, PartnershipSource, PartnershipStatus

router = APIRouter(prefix="/partnerships", tags=["review"], responses=problems(401, 503))


@router.get("", responses=problems(422))
def list_partnerships(
    store: Store,
    caller: Caller,
    status: PartnershipStatus | None = None,
    member: str | None = None,
    source: PartnershipSource | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[Partnership]:
    """Partnerships, by status, member and source, a page at a time."""
    found = records.partnerships(
        store, caller, status=status, member=member, source=source, cursor=cursor, limit=limit
    )
    return paged(found)


@router.get("/{partnership_id}", responses=problems(404))
def get_partnership(store: Store, caller: Caller, partnership_id: str) -> Partnership:
    """One partnership; a confidential one only for its members and staff."""
    return records.get(store, caller, Partnership, partnership_id)


@router.post("/{partnership_id}/status", responses=problems(400, 403, 404, 409, 413, 422))
def change_status(
    store: Store, caller: Caller, partnership_id: str, body: StatusChange
) -> Partnership:
    """Move a partnership along its lifecycle; a move it does not allow is a conflict."""
    return review.move_partnership(store, caller, partnership_id, body.status, body.note)
