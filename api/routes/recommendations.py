"""Recommendations for a support request, each with its explanation."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import Caller, Store
from hub.recommendation import partners_for

router = APIRouter(prefix="/requests/{request_id}", tags=["recommendations"])


@router.get("/partners")
def partners(
    store: Store, caller: Caller, request_id: str, n: Annotated[int, Query(ge=1, le=50)] = 10
) -> list[dict[str, Any]]:
    """Implementing partners ranked by fit, with score parts, shared objectives and evidence."""
    return [asdict(r) for r in partners_for(store, caller, request_id, n)]
