"""The coordinators' queue of suggested pairings and their decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Caller, Store
from api.errors import problems
from api.schemas import Decision, Limit, Page, RejectDecision, paged
from hub import review
from hub.domain.activities import Partnership, Suggestion, SuggestionStatus
from hub.review.suggestions import QueuedSuggestion

router = APIRouter(tags=["review"], responses=problems(401, 503))

DECIDED = problems(400, 403, 404, 409, 413, 422)


@router.post(
    "/requests/{request_id}/suggestions", status_code=201, responses=problems(403, 404, 409, 422)
)
def queue_suggestions(
    store: Store, caller: Caller, request_id: str, n: Annotated[int, Query(ge=1, le=20)] = 5
) -> list[Suggestion]:
    """Recommend partners for an open request and put them in the review queue."""
    return review.queue_suggestions(store, caller, request_id, n)


@router.get("/suggestions", responses=problems(422))
def list_suggestions(
    store: Store,
    caller: Caller,
    status: SuggestionStatus | None = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    region: str | None = None,
    member_state: str | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[QueuedSuggestion]:
    """The review queue, by status, objective, region and Member State; a state sees its own.
    The request waiting longest comes first, each request's partners by rank."""
    return paged(
        review.queue(
            store,
            caller,
            status=status,
            objective=objective,
            region=region,
            requester=member_state,
            cursor=cursor,
            limit=limit,
        )
    )


@router.post("/suggestions/{suggestion_id}/accept", responses=DECIDED)
def accept(store: Store, caller: Caller, suggestion_id: str, body: Decision) -> Partnership:
    """Accept a suggestion: its pairing becomes a proposed partnership."""
    return review.accept(store, caller, suggestion_id, body.note)


@router.post("/suggestions/{suggestion_id}/reject", responses=DECIDED)
def reject(store: Store, caller: Caller, suggestion_id: str, body: RejectDecision) -> Suggestion:
    """Reject a suggestion, with a reason the recommender learns from."""
    return review.reject(store, caller, suggestion_id, body.reason, body.note)


@router.post("/suggestions/{suggestion_id}/defer", responses=DECIDED)
def defer(store: Store, caller: Caller, suggestion_id: str, body: Decision) -> Suggestion:
    """Leave a suggestion for later, with a note."""
    return review.defer(store, caller, suggestion_id, body.note)
