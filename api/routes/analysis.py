"""Regional synergies, the supply-demand gap matrix and batch allocation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import Caller, Store
from api.errors import problems
from hub.domain.errors import InvalidInput
from hub.groups import reports as group_reports
from hub.groups.answers import CrossGroupSynergies, GroupSynergies
from hub.matchmaking.allocation import allocate_open_requests
from hub.matchmaking.overviews import AllocationPlan, GapReport, RegionSynergies
from hub.matchmaking.synergies import gap_report, supply_demand_gaps, synergies_in

router = APIRouter(prefix="/analysis", tags=["analysis"], responses=problems(401, 503))


@router.get("/synergies", responses=problems(404, 422))
def synergies(
    store: Store,
    caller: Caller,
    region: str | None = None,
    group: str | None = None,
    with_group: str | None = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
) -> RegionSynergies | GroupSynergies | CrossGroupSynergies:
    """Member States of an M49 region or subregion, or of a working group, with alike
    open requests; with `with_group`, requests of `group` that complement that group's."""
    if (region is None) == (group is None) or (with_group and not group):
        raise InvalidInput("name either region or group (with_group goes with group)")
    if group is not None and with_group is not None:
        return group_reports.cross_group_report(store, caller, group, with_group)
    if group is not None:
        return group_reports.group_synergies_report(store, caller, group, objective)
    return synergies_in(store, caller, str(region), objective)


@router.get("/gaps", responses=problems(422))
def gaps(
    store: Store, caller: Caller, subregions: bool = False, top: Annotated[int, Query(ge=1)] = 10
) -> GapReport:
    """Objectives x regions: open requests, providers and capacity; emptiest cells first."""
    return gap_report(supply_demand_gaps(store, caller, subregions), top)


@router.get(
    "/gaps.png",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
        **problems(422),
    },
)
def gaps_picture(store: Store, caller: Caller, subregions: bool = False) -> Response:
    """The gap matrix as a heatmap."""
    from hub.matchmaking.heatmap import gaps_png  # matplotlib is slow to import

    return Response(gaps_png(supply_demand_gaps(store, caller, subregions)), media_type="image/png")


@router.get("/allocation", responses=problems(403))
def allocation(
    store: Store, caller: Caller, balance: Annotated[float, Query(ge=0, le=100)] = 0.0
) -> AllocationPlan:
    """Providers for every open request at once, the best total fit within capacity.

    `balance` is the quality each extra engagement of one provider costs, so that a
    few partners do not take everything.
    """
    return allocate_open_requests(store, caller, balance=balance)
