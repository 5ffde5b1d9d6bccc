"""Stakeholders: Member States, UN entities, NGOs, academia, donors, regional bodies."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Caller, Store
from api.errors import problems
from api.schemas import Limit, Page, StakeholderCreate, StakeholderUpdate, paged
from hub import records
from hub.domain.records import Stakeholder, StakeholderKind
from hub.imports.derived import DerivedProfile, derive

router = APIRouter(prefix="/stakeholders", tags=["records"], responses=problems(401, 503))


@router.get("", responses=problems(422))
def list_stakeholders(
    store: Store,
    caller: Caller,
    kind: StakeholderKind | None = None,
    country: str | None = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[Stakeholder]:
    """Stakeholders, by kind, country and objective, a page at a time."""
    found = records.stakeholders(
        store, caller, kind=kind, country=country, objective=objective, cursor=cursor, limit=limit
    )
    return paged(found)


@router.get("/{stakeholder_id}", responses=problems(404))
def get_stakeholder(store: Store, caller: Caller, stakeholder_id: str) -> Stakeholder:
    """One stakeholder by id."""
    return records.get(store, caller, Stakeholder, stakeholder_id)


@router.get("/{stakeholder_id}/derived", responses=problems(404))
def derived_profile(store: Store, caller: Caller, stakeholder_id: str) -> DerivedProfile:
    """Countries, sectors and objectives its activities show, where it declared none."""
    records.get(store, caller, Stakeholder, stakeholder_id)
    return derive(store, stakeholder_id)


@router.post("", status_code=201, responses=problems(400, 403, 409, 413, 422))
def create_stakeholder(
    store: Store,
    caller: Caller,
    body: StakeholderCreate,  # type: ignore[valid-type]
) -> Stakeholder:
    """A new stakeholder (coordinators only), with the id the hub gives it."""
    return records.create_stakeholder(store, caller, body.model_dump())  # type: ignore[attr-defined]


@router.patch("/{stakeholder_id}", responses=problems(400, 403, 404, 409, 413, 422))
def update_stakeholder(
    store: Store,
    caller: Caller,
    stakeholder_id: str,
    body: StakeholderUpdate,  # type: ignore[valid-type]
) -> Stakeholder:
    """Change descriptive fields; a partner or Member State changes only itself.

    Name, aliases, kind, home country and refs change through a claim
    (`POST /stakeholders/{id}/claims`) that a coordinator accepts.
    """
    changes = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    return records.update(store, caller, Stakeholder, stakeholder_id, changes)
