"""The coordinators' queue of suggested pairings and their decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Caller, Store
from api.schemas import Decision, Limit, Page, RejectDecision, paged
from hub import review
from hub.model import Partnership, Suggestion, SuggestionStatus

router = APIRouter(tags=["review"])


@router.post("/requests/{request_id}/suggestions", status_code=201)
def queue_suggestions(
    store: Store, caller: Caller, request_id: str, n: Annotated[int, Query(ge=1, le=20)] = 5
) -> list[Suggestion]:
    """Recommend partners for a request and put them in the review queue."""
    return review.queue_suggestions(store, caller, request_id, n)


@router.get("/suggestions")
def list_suggestions(
    store: Store,
    caller: Caller,
    status: SuggestionStatus | None = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    region: str | None = None,
    member_state: str | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[Suggestion]:
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


@router.post("/suggestions/{suggestion_id}/accept")
def accept(store: Store, caller: Caller, suggestion_id: str, body: Decision) -> Partnership:
    return review.accept(store, caller, suggestion_id, body.note)


@router.post("/suggestions/{suggestion_id}/reject")
def reject(store: Store, caller: Caller, suggestion_id: str, body: RejectDecision) -> Suggestion:
    return review.reject(store, caller, suggestion_id, body.reason, body.note)


@router.post("/suggestions/{suggestion_id}/defer")
def defer(store: Store, caller: Caller, suggestion_id: str, body: Decision) -> Suggestion:
    return review.defer(store, caller, suggestion_id, body.note)
