"""The coordinators' queue: the recommender's top partners for a request become
suggestions, and the queue is read as the caller may see it, filtered by the request's
traits, the request waiting longest first and each request's partners by rank."""

from __future__ import annotations

import base64
import hashlib
import heapq
import json
from datetime import UTC, datetime

from hub import audit
from hub.access import Principal, require
from hub.domain import geography
from hub.domain.activities import Suggestion, SuggestionStatus
from hub.domain.answers import Reason
from hub.domain.errors import Conflict, InvalidInput
from hub.domain.fields import MAX_ID
from hub.domain.keys import Role
from hub.domain.records import RequestStatus, SupportRequest
from hub.matchmaking.partners import recommend_partners
from hub.notifications import events
from hub.records import reading
from hub.store import Store, codec, repository
from hub.titles import Titles

__all__ = ["OPEN", "QueuedSuggestion", "pair_id", "queue", "queue_suggestions", "suggestion_id"]

OPEN = (SuggestionStatus.PENDING, SuggestionStatus.DEFERRED)


class QueuedSuggestion(Suggestion):
    """A suggestion as the queue answers it, never stored: beside its ids, the names a
    person reads, so that no face looks each one up."""

    request_title: str
    requester_name: str
    candidate_name: str


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
    decided, and what either side said of an open one stays said; each candidate newly
    proposed hears of it (`partner.proposed`). A request being worked on or done is a
    Conflict."""
    require(principal, Role.COORDINATOR)
    actor = principal.name
    request = repository.get(store, SupportRequest, request_id)
    if request.status is not RequestStatus.OPEN:
        raise Conflict(f"request {request_id!r} is {request.status.value}, not open")
    queued = []
    since = _waiting_since(store, request_id)
    now = datetime.now(UTC)
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
                evidence_parts=Reason.each(found.evidence_parts),
                # what either side said of a pairing still open stays said
                requester_answer=earlier.requester_answer if earlier else None,
                partner_answer=earlier.partner_answer if earlier else None,
                questions=earlier.questions if earlier else [],
                queued_at=since,
            )
            codec.write(writer, suggestion)
            queued.append(suggestion)
            if existing is None:  # a re-queue does not propose an open pairing again
                events.record_proposed(
                    writer, now, key, request_id, request.requester, found.candidate
                )
        audit.log(
            writer,
            actor,
            events.QUEUED,
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
) -> reading.Page[QueuedSuggestion]:
    """The review queue as this caller may see it, filtered by the request's traits:
    the request waiting longest first, each request's suggestions by rank. The cursor
    holds the last item's place, so pages neither skip nor repeat. The store picks the
    suggestions of the status and requester asked for; every one of them the caller
    sees is read, as the order is by the request's wait, not by id."""
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
        return (objective is None or objective in request.objectives) and (
            region is None or region in places
        )

    limit = max(1, min(limit, reading.MAX_PAGE))
    after = _place_of_cursor(cursor) if cursor else None
    match: dict[str, str | SuggestionStatus] = {}
    if status is not None:
        match["status"] = status
    if requester is not None:
        match["requester"] = requester
    found = heapq.nsmallest(
        limit + 1,
        (
            s
            for s in reading.visible(store, principal, Suggestion, match=match or None)
            if wanted(s) and (after is None or _place(s) > after)
        ),
        key=_place,
    )
    titles = Titles(store)
    items = [
        QueuedSuggestion(
            **s.model_dump(),
            request_title=requests[s.request].title,
            requester_name=titles.of(s.requester),
            candidate_name=titles.of(s.candidate),
        )
        for s in found[:limit]
    ]
    more = len(found) > limit
    return reading.Page(items, _cursor_of(_place(items[-1])) if more else None)


_NEVER = datetime.min.replace(tzinfo=UTC)
"""When suggestions queued before the hub kept the time waited: longest of all."""

_Place = tuple[datetime, str, int, str]


def _waiting_since(store: Store, request_id: str) -> datetime:
    """Since when the request has waited: its open suggestions' time, else now."""
    waiting = [
        s.queued_at or _NEVER
        for s in repository.walk(store, Suggestion, match={"request": request_id})
        if s.status in OPEN
    ]
    return min(waiting, default=datetime.now(UTC))


def _place(s: Suggestion) -> _Place:
    """A suggestion's place in the queue: its request's wait, then its rank; the id last,
    so the order is total and a cursor finds its place even when records change."""
    return (s.queued_at or _NEVER, s.request, s.rank, s.id)


def _cursor_of(place: _Place) -> str:
    at, request, rank, key = place
    text = json.dumps([at.isoformat(), request, rank, key], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _place_of_cursor(cursor: str) -> _Place:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, request, rank, key = json.loads(text)
        place = (datetime.fromisoformat(at), str(request), int(rank), str(key))
    except (ValueError, TypeError) as error:
        raise InvalidInput(f"cursor {cursor[:40]!r} is not one the queue gave") from error
    if place[0].tzinfo is None:
        raise InvalidInput(f"cursor {cursor[:40]!r} is not one the queue gave")
    return place
