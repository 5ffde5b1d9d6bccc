"""The coordinators' queue: the recommender's top partners for a request become
suggestions, and the queue is read as the caller may see it, filtered by the request's
traits."""

from __future__ import annotations

import hashlib

from hub import audit
from hub.access import Principal, require
from hub.domain import geography
from hub.domain.activities import Suggestion, SuggestionStatus
from hub.domain.errors import Conflict
from hub.domain.fields import MAX_ID
from hub.domain.keys import Role
from hub.domain.records import RequestStatus, SupportRequest
from hub.matchmaking.partners import recommend_partners
from hub.records import reading
from hub.store import Store, codec, repository

__all__ = ["OPEN", "pair_id", "queue", "queue_suggestions", "suggestion_id"]

OPEN = (SuggestionStatus.PENDING, SuggestionStatus.DEFERRED)


def pair_id(kind: str, request_id: str, stakeholder_id: str) -> str:
    """`kind:request:stakeholder`, or when that is too long for an id, its head and a digest."""
    whole = f"{kind}:{request_id}:{stakeholder_id}"
    if len(whole) <= MAX_ID:
        return whole
    digest = hashlib.sha256(whole.encode()).hexdigest()[:16]
    return f"{whole[: MAX_ID - len(digest) - 1]}~{digest}"


def suggestion_id(request_id: str, candidate: str) -> str:
    return pair_id("sugg", request_id, candidate)


def queue_suggestions(
    store: Store, principal: Principal, request_id: str, n: int = 5
) -> list[Suggestion]:
    """Put the top partners for an open request in the queue; decided pairings stay
    decided, and what either side said of an open one stays said. A request being
    worked on or done is a Conflict."""
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
            earlier = codec.from_node(Suggestion, existing) if existing is not None else None
            if earlier is not None and earlier.status not in OPEN:
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
                # what either side said of a pairing still open stays said
                requester_answer=earlier.requester_answer if earlier else None,
                partner_answer=earlier.partner_answer if earlier else None,
                questions=earlier.questions if earlier else [],
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
