"""Regional synergies, the supply-demand gap matrix and batch allocation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import Caller, Store
from hub import reports

router = APIRouter(prefix="/analysis", tags=["analysis"])


@router.get("/synergies")
def synergies(
    store: Store,
    caller: Caller,
    region: str,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
) -> dict[str, Any]:
    """Member States of an M49 region or subregion with alike open requests."""
    return reports.synergies_report(store, caller, region, objective)


@router.get("/gaps")
def gaps(
    store: Store, caller: Caller, subregions: bool = False, top: Annotated[int, Query(ge=1)] = 10
) -> dict[str, Any]:
    """Objectives x regions: open requests, providers and capacity; emptiest cells first."""
    return reports.gaps_report(reports.gaps_matrix(store, caller, subregions), top)


@router.get("/gaps.png", response_class=Response)
def gaps_picture(store: Store, caller: Caller, subregions: bool = False) -> Response:
    """The gap matrix as a heatmap."""
    return Response(reports.gaps_png(store, caller, subregions), media_type="image/png")


@router.get("/allocation")
def allocation(store: Store, caller: Caller) -> dict[str, Any]:
    """Providers for every open request at once, the best total fit within capacity."""
    return reports.allocation_report(store, caller)
