"""A partnership's lifecycle: proposed → agreed → active → completed (or closed), each
step audited, with its request's status following in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from hub import audit
from hub.access import Principal, require
from hub.domain.activities import Partnership, PartnershipStatus
from hub.domain.errors import Conflict
from hub.domain.keys import Role
from hub.domain.records import RequestStatus, SupportRequest
from hub.store import Store, Writer, codec, repository

__all__ = ["move_partnership", "request_status"]


def move_partnership(
    store: Store,
    principal: Principal,
    partnership_id: str,
    status: PartnershipStatus,
    note: str = "",
    on: date | None = None,
) -> Partnership:
    """Move a partnership along its lifecycle; a jump or a step back is a Conflict."""
    require(principal, Role.COORDINATOR)
    actor = principal.name
    partnership = repository.get(store, Partnership, partnership_id)
    if not partnership.status.can_move_to(status):
        raise Conflict(
            f"partnership {partnership_id!r} is {partnership.status.value};"
            f" it cannot become {status.value}"
        )
    when = on or date.today()
    moved = partnership.model_copy(
        update={
            "status": status,
            "status_dates": {**partnership.status_dates, status: when},
            "started": partnership.started
            or (when if status is PartnershipStatus.ACTIVE else None),
            "ended": when
            if status in (PartnershipStatus.COMPLETED, PartnershipStatus.CLOSED)
            else partnership.ended,
        }
    )
    request = (
        repository.get(store, SupportRequest, partnership.request) if partnership.request else None
    )
    with store.batch() as writer:
        codec.write(writer, moved)
        if request is not None:
            _follow(store, writer, request, moved)
        audit.log(
            writer,
            actor,
            f"partnership.{status.value}",
            partnership_id,
            note,
            partnership.request,
            request.requester if request else None,
        )
    return moved


_REQUEST_FOLLOWS = {
    PartnershipStatus.AGREED: RequestStatus.IN_PROGRESS,
    PartnershipStatus.ACTIVE: RequestStatus.IN_PROGRESS,
    PartnershipStatus.COMPLETED: RequestStatus.FULFILLED,
}
"""What a request becomes while its partnerships stand so; none of these: open again."""


def request_status(stages: Iterable[PartnershipStatus]) -> RequestStatus:
    """What a request is while its partnerships stand at `stages`: worked on while any is
    agreed or active, else fulfilled once any completed, else open."""
    found = {_REQUEST_FOLLOWS[s] for s in stages if s in _REQUEST_FOLLOWS}
    if RequestStatus.IN_PROGRESS in found:
        return RequestStatus.IN_PROGRESS
    return RequestStatus.FULFILLED if found else RequestStatus.OPEN


_FOLLOWING = (RequestStatus.OPEN, RequestStatus.IN_PROGRESS, RequestStatus.FULFILLED)


def _follow(store: Store, writer: Writer, request: SupportRequest, moved: Partnership) -> None:
    """Move the request with its partnerships, in the writer's transaction; a request
    its state closed or marked matched stays so."""
    if request.status not in _FOLLOWING:
        return
    stages = {
        p.status
        for p in repository.list_records(store, Partnership)
        if p.request == request.id and p.id != moved.id
    } | {moved.status}
    status = request_status(stages)
    if status is not request.status:
        codec.write(writer, request.model_copy(update={"status": status}))
