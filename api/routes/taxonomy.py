"""The GCM taxonomy: objectives, guiding principles, regions and countries.

Each answer is in the language of `?lang=`, else of Accept-Language, else English;
the Content-Language header says which.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response

from api.schemas.reference import Regions
from hub.domain import geography
from hub.domain.languages import Language, area_names, negotiate, objectives_in, principles_in
from hub.domain.taxonomy import Objective, Principle

router = APIRouter(prefix="/taxonomy", tags=["taxonomy"])


def chosen_language(
    response: Response,
    lang: Annotated[
        Language | None, Query(description="ar, en, es or fr; overrides Accept-Language")
    ] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Language:
    language = negotiate(lang, accept_language)
    response.headers["Content-Language"] = language.value
    response.headers["Vary"] = "Accept-Language"
    return language


Chosen = Annotated[Language, Depends(chosen_language)]


@router.get("/objectives")
def objectives(language: Chosen) -> list[Objective]:
    """The 23 GCM objectives: number, short label, title and keywords."""
    return list(objectives_in(language))


@router.get("/principles")
def principles(language: Chosen) -> list[Principle]:
    """The GCM's cross-cutting guiding principles."""
    return list(principles_in(language))


@router.get("/regions")
def regions(language: Chosen) -> Regions:
    """M49 regions, their subregions and the countries in each, with the areas' names."""
    return Regions(
        regions=list(geography.REGIONS),
        subregions=dict(geography.SUBREGIONS),
        names=area_names(language),
        countries=list(geography.countries().values()),
    )
