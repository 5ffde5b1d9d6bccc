"""The GCM taxonomy: objectives, guiding principles, regions and countries."""

from __future__ import annotations

from fastapi import APIRouter

from api.schemas.reference import Regions
from hub.domain import geography
from hub.domain.taxonomy import OBJECTIVES, PRINCIPLES, Objective, Principle

router = APIRouter(prefix="/taxonomy", tags=["taxonomy"])


@router.get("/objectives")
def objectives() -> list[Objective]:
    """The 23 GCM objectives: number, short label, title and keywords."""
    return list(OBJECTIVES)


@router.get("/principles")
def principles() -> list[Principle]:
    """The GCM's cross-cutting guiding principles."""
    return list(PRINCIPLES)


@router.get("/regions")
def regions() -> Regions:
    """M49 regions, their subregions and the countries in each."""
    return Regions(
        regions=list(geography.REGIONS),
        subregions=dict(geography.SUBREGIONS),
        countries=list(geography.countries().values()),
    )
