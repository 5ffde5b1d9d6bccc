"""Activities imported from IATI: who did what, where."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Caller, Store
from api.errors import problems
from api.schemas import Limit, Page, paged
from hub import records
from hub.domain.activities import Activity

router = APIRouter(prefix="/activities", tags=["records"], responses=problems(401, 503))


@router.get("", responses=problems(422))
def list_activities(
    store: Store,
    caller: Caller,
    country: str | None = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[Activity]:
    """Activities imported from IATI, by country and objective, a page at a time."""
    found = records.activities(
        store, caller, country=country, objective=objective, cursor=cursor, limit=limit
    )
    return paged(found)


@router.get("/{activity_id:path}", responses=problems(404))
def get_activity(store: Store, caller: Caller, activity_id: str) -> Activity:
    """One activity by its IATI identifier (which may hold slashes)."""
    return records.get(store, caller, Activity, activity_id)
