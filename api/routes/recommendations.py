"""What the hub proposes for a support request, each answer with its reasons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import Caller, Store
from api.errors import problems
from hub.matchmaking.consortium import RULES, propose_consortium
from hub.matchmaking.funding import find_funders
from hub.matchmaking.partners import partners_for
from hub.matchmaking.results import ConsortiumProposal, FunderRanking, PartnerRanking, SimilarWork
from hub.matchmaking.similar import find_similar

router = APIRouter(
    prefix="/requests/{request_id}",
    tags=["recommendations"],
    responses=problems(401, 404, 422, 503),
)

N = Annotated[int, Query(ge=1, le=50)]


@router.get("/partners")
def partners(
    store: Store, caller: Caller, response: Response, request_id: str, n: N = 10
) -> PartnerRanking:
    """Implementing partners ranked by fit, with score parts, shared objectives and
    evidence; `X-Hub-Model` names the fit that ranked them (`<revision>; fitted=<time>`
    for staff, `fitted=<time>` for others)."""
    ranking = partners_for(store, caller, request_id, n)
    fitted = f"fitted={ranking.model.fitted_at.isoformat(timespec='seconds')}"
    revision = ranking.model.revision
    response.headers["X-Hub-Model"] = fitted if revision is None else f"{revision}; {fitted}"
    return ranking


@router.get("/similar")
def similar(store: Store, caller: Caller, request_id: str, n: N = 10) -> SimilarWork:
    """Past activities, requests, partnerships and practices like this one, and their peers."""
    return find_similar(store, caller, request_id, n)


@router.get("/funders")
def funders(store: Store, caller: Caller, request_id: str, n: N = 10) -> FunderRanking:
    """Donors and funds ranked by where, on what and whom they funded, recent first."""
    return find_funders(store, caller, request_id, n)


@router.get("/consortium")
def consortium(
    store: Store,
    caller: Caller,
    request_id: str,
    max_size: Annotated[int, Query(ge=2, le=5)] = 5,
    rule: Annotated[list[str] | None, Query(description=f"any of {', '.join(RULES)}")] = None,
) -> ConsortiumProposal:
    """A small team that covers the request's objectives and places within capacity."""
    return propose_consortium(store, caller, request_id, max_size, rule or ())
