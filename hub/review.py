"""The coordinators' review workflow: suggested pairings, decisions, partnerships.

Recommendations become suggestions in a queue. Accepting one creates a proposed
partnership; rejecting one needs a reason; deferring keeps it for later. Partnerships
then move proposed → agreed → active → completed (or closed). Every decision and
status change is written to the audit log in the same transaction, and decisions
flow back into the recommender: as training data where every partner and Member State
may see the request, as that request's exclusions and pins in any case
(`hub.recommendation.decisions`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime

from hub import audit
from hub.access import Principal, require
from hub.domain import geography
from hub.domain.activities import (
    Partnership,
    PartnershipStatus,
    RejectReason,
    Suggestion,
    SuggestionStatus,
)
from hub.domain.errors import Conflict
from hub.domain.fields import MAX_ID
from hub.domain.keys import Role
from hub.domain.records import Confidentiality, RequestStatus, Stakeholder, SupportRequest
from hub.recommendation import recommend_partners
from hub.records import reading
from hub.store import Store, Writer, codec, repository

__all__ = [
    "accept",
    "defer",
    "move_partnership",
    "queue",
    "queue_suggestions",
    "reject",
    "request_status",
]

_OPEN = (SuggestionStatus.PENDING, SuggestionStatus.DEFERRED)


def _pair_id(kind: str, request_id: str, stakeholder_id: str) -> str:
    """`kind:request:stakeholder`, or when that is too long for an id, its head and a digest."""
    whole = f"{kind}:{request_id}:{stakeholder_id}"
    if len(whole) <= MAX_ID:
        return whole
    digest = hashlib.sha256(whole.encode()).hexdigest()[:16]
    return f"{whole[: MAX_ID - len(digest) - 1]}~{digest}"


def suggestion_id(request_id: str, candidate: str) -> str:
    return _pair_id("sugg", request_id, candidate)


def queue_suggestions(
    store: Store, principal: Principal, request_id: str, n: int = 5
) -> list[Suggestion]:
    """Put the top partners for an open request in the queue; decided pairings stay
    decided. A request being worked on or done is a Conflict."""
    require(principal, Role.COORDINATOR)
    actor = principal.name
    request = repository.get(store, SupportRequest, request_id)
    if request.status is not RequestStatus.OPEN:
        raise Conflict(f"request {request_id!r} is {request.status.value}, not open")
    queued = []
    with store.batch() as writer:
        for rank, found in enumerate(recommend_partners(store, request_id, n=n), start=1):
            key = suggestion_id(request_id, found.candidate)
            existing = store.node(key)
            if existing is not None:
                earlier = codec.from_node(Suggestion, existing)
                if earlier.status not in _OPEN:
                    continue
            suggestion = Suggestion(
                id=key,
                request=request_id,
                requester=request.requester,
                candidate=found.candidate,
                rank=rank,
                score=found.score,
                parts=found.parts,
                shared_objectives=list(found.shared_objectives),
                matched_terms=list(found.matched_terms),
                evidence=list(found.evidence),
            )
            codec.write(writer, suggestion)
            queued.append(suggestion)
        audit.log(
            writer,
            actor,
            "suggestions.queued",
            request_id,
            f"{len(queued)} suggestions",
            request_id,
            request.requester,
        )
    return queued


def _decide(
    store: Store, principal: Principal, suggestion_id: str
) -> tuple[Suggestion, SupportRequest]:
    require(principal, Role.COORDINATOR)
    suggestion = repository.get(store, Suggestion, suggestion_id)
    if suggestion.status not in _OPEN:
        raise Conflict(
            f"suggestion {suggestion_id!r} was already {suggestion.status.value}"
            f" by {suggestion.decided_by}"
        )
    return suggestion, repository.get(store, SupportRequest, suggestion.request)


def _partnership(store: Store, suggestion: Suggestion, request: SupportRequest) -> Partnership:
    partner = repository.get(store, Stakeholder, suggestion.candidate)
    return Partnership(
        id=_pair_id("partnership", request.id, partner.id),
        title=f"{request.title} — {partner.name}"[:500],
        members=[request.requester, partner.id],
        objectives=request.objectives,
        countries=request.countries,
        request=request.id,
        confidential=request.confidentiality is Confidentiality.CONFIDENTIAL,
        status=PartnershipStatus.PROPOSED,
        status_dates={PartnershipStatus.PROPOSED: date.today()},
    )


def _settle(
    store: Store,
    principal: Principal,
    suggestion_id: str,
    status: SuggestionStatus,
    note: str,
    reason: RejectReason | None = None,
) -> tuple[Suggestion, Partnership | None]:
    """Record one decision, the partnership it creates (on accept) and its audit entry."""
    suggestion, request = _decide(store, principal, suggestion_id)
    created = (
        _partnership(store, suggestion, request) if status is SuggestionStatus.ACCEPTED else None
    )
    decided = suggestion.model_copy(
        update={
            "status": status,
            "reason": reason,
            "note": note,
            "decided_by": principal.name,
            "decided_at": datetime.now(UTC),
            "partnership": created.id if created else None,
        }
    )
    detail = f"{reason.value}: {note}".rstrip(": ") if reason else note
    with store.batch() as writer:
        if created is not None:
            codec.write(writer, created)
        codec.write(writer, decided)
        audit.log(
            writer,
            principal.name,
            f"suggestion.{status.value}",
            suggestion_id,
            detail,
            request.id,
            request.requester,
        )
    return decided, created


def accept(store: Store, principal: Principal, suggestion_id: str, note: str = "") -> Partnership:
    """Accept a pairing: it becomes a proposed partnership between state and partner."""
    _, created = _settle(store, principal, suggestion_id, SuggestionStatus.ACCEPTED, note)
    assert created is not None  # accepting always creates one
    return created


def reject(
    store: Store,
    principal: Principal,
    suggestion_id: str,
    reason: RejectReason,
    note: str = "",
) -> Suggestion:
    """Reject a pairing for one of the fixed reasons, with free text."""
    return _settle(store, principal, suggestion_id, SuggestionStatus.REJECTED, note, reason)[0]


def defer(store: Store, principal: Principal, suggestion_id: str, note: str = "") -> Suggestion:
    """Keep a pairing in the queue for later; it can still be accepted or rejected."""
    return _settle(store, principal, suggestion_id, SuggestionStatus.DEFERRED, note)[0]


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


def queue(
    store: Store,
    principal: Principal,
    *,
    status: SuggestionStatus | None = SuggestionStatus.PENDING,
    objective: int | None = None,
    region: str | None = None,
    requester: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> reading.Page[Suggestion]:
    """The review queue as this caller may see it, filtered by the request's traits."""
    requests = {r.id: r for r in reading.visible(store, principal, SupportRequest)}
    table = geography.countries()

    def wanted(s: Suggestion) -> bool:
        request = requests.get(s.request)
        if request is None:
            return False
        places = {
            p
            for c in request.countries
            if c in table
            for p in (table[c].region, table[c].subregion)
        }
        return (
            (status is None or s.status is status)
            and (objective is None or objective in request.objectives)
            and (region is None or region in places)
            and (requester is None or s.requester == requester)
        )

    return reading.page(store, principal, Suggestion, where=wanted, cursor=cursor, limit=limit)
