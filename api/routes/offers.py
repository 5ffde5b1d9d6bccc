"""Offers of expertise, with the capacity each provider has left."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Caller, Store
from api.schemas import Limit, OfferUpdate, Page, paged
from hub import browse, catalog
from hub.model import Offer

router = APIRouter(prefix="/offers", tags=["records"])


@router.get("")
def list_offers(
    store: Store,
    caller: Caller,
    provider: str | None = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[Offer]:
    def wanted(o: Offer) -> bool:
        return (provider is None or o.provider == provider) and (
            objective is None or objective in o.objectives
        )

    return paged(browse.page(store, caller, Offer, where=wanted, cursor=cursor, limit=limit))


@router.get("/{offer_id}")
def get_offer(store: Store, caller: Caller, offer_id: str) -> Offer:
    return browse.get(store, caller, Offer, offer_id)


@router.post("", status_code=201)
def create_offer(store: Store, caller: Caller, body: Offer) -> Offer:
    return catalog.create_offer(store, caller, body.model_dump())


@router.patch("/{offer_id}")
def update_offer(
    store: Store,
    caller: Caller,
    offer_id: str,
    body: OfferUpdate,  # type: ignore[valid-type]
) -> Offer:
    changes = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    return catalog.update(store, caller, Offer, offer_id, changes)
