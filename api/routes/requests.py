"""Support requests from Member States; confidential ones stay with their state."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Caller, Store
from api.errors import problems
from api.schemas import (
    Limit,
    ObjectivesDecision,
    Page,
    RequestCreate,
    RequestUpdate,
    SuggestedObjective,
    TagPreview,
    paged,
)
from hub import objectives, records
from hub.domain.records import RequestStatus, SupportRequest

router = APIRouter(prefix="/requests", tags=["records"], responses=problems(401, 503))


@router.get("", responses=problems(422))
def list_requests(
    store: Store,
    caller: Caller,
    status: RequestStatus | None = None,
    requester: str | None = None,
    country: str | None = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[SupportRequest]:
    """Support requests the caller may see, filtered, a page at a time."""
    return paged(
        records.requests(
            store,
            caller,
            status=status,
            requester=requester,
            country=country,
            objective=objective,
            cursor=cursor,
            limit=limit,
        )
    )


@router.get("/{request_id}", responses=problems(404))
def get_request(store: Store, caller: Caller, request_id: str) -> SupportRequest:
    """One request; another state's confidential request is as missing as no request."""
    return records.get(store, caller, SupportRequest, request_id)


@router.post("", status_code=201, responses=problems(400, 403, 404, 409, 413, 422))
def create_request(store: Store, caller: Caller, body: RequestCreate) -> SupportRequest:
    """File a request; a Member State files in its own name whatever `requester` says."""
    return records.create_request(store, caller, body.model_dump(exclude_none=True))


@router.post("/tag", responses=problems(400, 403, 413, 422))
def preview_objectives(store: Store, caller: Caller, body: TagPreview) -> list[SuggestedObjective]:
    """The objectives filing this request without any would store, then the tagger's next
    best (`stored` false), for a person to choose from; stores nothing."""
    return [
        SuggestedObjective(
            objective=s.objective,
            confidence=round(s.confidence, 3),
            unsure=s.unsure,
            stored=s.chosen,
        )
        for s in objectives.preview(store, caller, body.title, body.text)
    ]


@router.patch("/{request_id}", responses=problems(400, 403, 404, 409, 413, 422))
def update_request(
    store: Store,
    caller: Caller,
    request_id: str,
    body: RequestUpdate,  # type: ignore[valid-type]
) -> SupportRequest:
    """Change the fields given; a Member State changes only its own requests."""
    changes = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    return records.update(store, caller, SupportRequest, request_id, changes)


@router.get("/{request_id}/history", responses=problems(404))
def request_history(store: Store, caller: Caller, request_id: str) -> list[records.HistoryEntry]:
    """The audit log of one request: its suggestions, decisions and partnerships, each
    naming its actor and subject; staff read everything, a Member State the decisions
    on its own requests without staff's internal notes, a partner those about itself."""
    return records.history(store, caller, request_id)


@router.put("/{request_id}/objectives", responses=problems(400, 403, 404, 413, 422))
def confirm_objectives(
    store: Store, caller: Caller, request_id: str, body: ObjectivesDecision
) -> SupportRequest:
    """Confirm the suggested objectives, or set others; staff or the owner, audited."""
    return records.confirm_objectives(store, caller, SupportRequest, request_id, body.objectives)
