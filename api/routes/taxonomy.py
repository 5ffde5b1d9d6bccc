"""The GCM taxonomy: objectives, guiding principles, regions and countries."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter

from hub.domain import geography
from hub.domain.taxonomy import OBJECTIVES, PRINCIPLES

router = APIRouter(prefix="/taxonomy", tags=["taxonomy"])


@router.get("/objectives")
def objectives() -> list[dict[str, Any]]:
    """The 23 GCM objectives: number, short label, title and keywords."""
    return [asdict(o) for o in OBJECTIVES]


@router.get("/principles")
def principles() -> list[dict[str, str]]:
    """The GCM's cross-cutting guiding principles."""
    return [asdict(p) for p in PRINCIPLES]


@router.get("/regions")
def regions() -> dict[str, Any]:
    """M49 regions, their subregions and the countries in each."""
    return {
        "regions": list(geography.REGIONS),
        "subregions": dict(geography.SUBREGIONS),
        "countries": [asdict(c) for c in geography.countries().values()],
    }
