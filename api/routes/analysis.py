"""Regional synergies, the supply-demand gap matrix and batch allocation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import Caller, Store
from api.errors import problems
from hub import reports

router = APIRouter(prefix="/analysis", tags=["analysis"], responses=problems(401, 503))


@router.get("/synergies", responses=problems(422))
def synergies(
    store: Store,
    caller: Caller,
    region: str,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
) -> dict[str, Any]:
    """Member States of an M49 region or subregion with alike open requests."""
    return reports.synergies_report(store, caller, region, objective)


@router.get("/gaps", responses=problems(422))
def gaps(
    store: Store, caller: Caller, subregions: bool = False, top: Annotated[int, Query(ge=1)] = 10
) -> dict[str, Any]:
    """Objectives x regions: open requests, providers and capacity; emptiest cells first."""
    return reports.gaps_report(reports.gaps_matrix(store, caller, subregions), top)


@router.get(
    "/gaps.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}, **problems(422)},
)
def gaps_picture(store: Store, caller: Caller, subregions: bool = False) -> Response:
    """The gap matrix as a heatmap."""
    return Response(reports.gaps_png(store, caller, subregions), media_type="image/png")


@router.get("/allocation", responses=problems(403))
def allocation(
    store: Store, caller: Caller, balance: Annotated[float, Query(ge=0, le=100)] = 0.0
) -> dict[str, Any]:
    """Providers for every open request at once, the best total fit within capacity.

    `balance` is the quality each extra engagement of one provider costs, so that a
    few partners do not take everything.
    """
    return reports.allocation_report(store, caller, balance)
