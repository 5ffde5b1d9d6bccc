"""Offers of expertise, with the capacity each provider has left."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Caller, Store
from api.errors import problems
from api.schemas import Limit, ObjectivesDecision, OfferCreate, OfferUpdate, Page, paged
from hub import records
from hub.domain.records import Offer

router = APIRouter(prefix="/offers", tags=["records"], responses=problems(401, 503))


@router.get("", responses=problems(422))
def list_offers(
    store: Store,
    caller: Caller,
    provider: str | None = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[Offer]:
    """Offers, by provider and objective, a page at a time."""
    found = records.offers(
        store, caller, provider=provider, objective=objective, cursor=cursor, limit=limit
    )
    return paged(found)


@router.get("/{offer_id}", responses=problems(404))
def get_offer(store: Store, caller: Caller, offer_id: str) -> Offer:
    """One offer, with the capacity its provider has left."""
    return records.get(store, caller, Offer, offer_id)


@router.post("", status_code=201, responses=problems(400, 403, 409, 413, 422))
def create_offer(
    store: Store,
    caller: Caller,
    body: OfferCreate,  # type: ignore[valid-type]
) -> Offer:
    """A new offer, with the id the hub gives it; a partner offers only in its own name."""
    return records.create_offer(store, caller, body.model_dump())  # type: ignore[attr-defined]


@router.patch("/{offer_id}", responses=problems(400, 403, 404, 409, 413, 422))
def update_offer(
    store: Store,
    caller: Caller,
    offer_id: str,
    body: OfferUpdate,  # type: ignore[valid-type]
) -> Offer:
    """Change the fields given; a partner changes only its own offers."""
    changes = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    return records.update(store, caller, Offer, offer_id, changes)


@router.put("/{offer_id}/objectives", responses=problems(400, 403, 404, 413, 422))
def confirm_objectives(
    store: Store, caller: Caller, offer_id: str, body: ObjectivesDecision
) -> Offer:
    """Confirm the suggested objectives, or set others; staff or the owner, audited."""
    return records.confirm_objectives(store, caller, Offer, offer_id, body.objectives)
