"""The coordinators' merge-review list: organisations that may be one."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Caller, Store
from api.errors import problems
from api.schemas import Decision
from hub import merges
from hub.access import require
from hub.domain.keys import Role
from hub.merges import MergeProposal, MergeStatus

router = APIRouter(prefix="/merges", tags=["merges"], responses=problems(401, 403, 503))

DECIDED = problems(400, 404, 409, 413, 422)


@router.get("")
def list_merges(
    store: Store, caller: Caller, status: MergeStatus | None = None
) -> list[MergeProposal]:
    """Pairs of stakeholders that may be one organisation, most likely first."""
    require(caller, Role.COORDINATOR)
    return merges.proposals(store, status)


@router.post("/scan", status_code=201)
def scan(store: Store, caller: Caller) -> list[MergeProposal]:
    """Propose the pairs whose names are alike; decided pairs stay decided."""
    require(caller, Role.COORDINATOR)
    return merges.propose(store, caller.name)


@router.post("/{proposal_id}/accept", responses=DECIDED)
def accept(store: Store, caller: Caller, proposal_id: str, body: Decision) -> MergeProposal:
    """Fold the second stakeholder into the first: edges, identifiers and names."""
    return merges.accept(store, caller, proposal_id, body.note)


@router.post("/{proposal_id}/reject", responses=DECIDED)
def reject(store: Store, caller: Caller, proposal_id: str, body: Decision) -> MergeProposal:
    """Keep the two apart for good."""
    return merges.reject(store, caller, proposal_id, body.note)


@router.post("/{proposal_id}/revert", responses=DECIDED)
def revert(store: Store, caller: Caller, proposal_id: str, body: Decision) -> MergeProposal:
    """Undo an accepted merge: both stand apart again as they were."""
    return merges.revert(store, caller, proposal_id, body.note)
