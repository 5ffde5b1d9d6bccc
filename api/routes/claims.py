"""Claims to a stakeholder's identity (name, aliases, kind, refs) and their review."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Caller, Store
from api.errors import problems
from api.schemas import ClaimCreate, Decision, Limit, Page, paged
from hub import claims, records
from hub.domain.records import Claim, ClaimStatus

router = APIRouter(tags=["review"], responses=problems(401, 503))

DECIDED = problems(400, 403, 404, 409, 413, 422)


@router.post(
    "/stakeholders/{stakeholder_id}/claims",
    status_code=201,
    responses=problems(400, 403, 404, 413, 422),
)
def file_claim(store: Store, caller: Caller, stakeholder_id: str, body: ClaimCreate) -> Claim:
    """Ask for a change of identity; a partner or Member State claims only for itself."""
    changes = body.model_dump(exclude_none=True, exclude={"reason"})
    return claims.file_claim(store, caller, stakeholder_id, changes, body.reason)


@router.get("/claims", responses=problems(422))
def list_claims(
    store: Store,
    caller: Caller,
    status: ClaimStatus | None = None,
    stakeholder: str | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[Claim]:
    """Claims by status and stakeholder; coordinators see all, a stakeholder its own."""
    found = claims.claims(
        store, caller, status=status, stakeholder=stakeholder, cursor=cursor, limit=limit
    )
    return paged(found)


@router.get("/claims/{claim_id}", responses=problems(404))
def get_claim(store: Store, caller: Caller, claim_id: str) -> Claim:
    """One claim, with the values it would change and those it would replace."""
    return records.get(store, caller, Claim, claim_id)


@router.post("/claims/{claim_id}/accept", responses=DECIDED)
def accept(store: Store, caller: Caller, claim_id: str, body: Decision) -> Claim:
    """Accept a claim: its stakeholder changes, in one transaction with the audit entry."""
    return claims.accept(store, caller, claim_id, body.note)


@router.post("/claims/{claim_id}/reject", responses=DECIDED)
def reject(store: Store, caller: Caller, claim_id: str, body: Decision) -> Claim:
    """Reject a claim, with a note saying why; its stakeholder stays as it is."""
    return claims.reject(store, caller, claim_id, body.note)
