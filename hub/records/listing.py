"""The lists the faces offer, with their filters: fields held exactly go down to the
store, list membership (countries, objectives, members) is checked on what the caller
sees. Each returns one `Page` in id order and reads the page plus what it skips."""

from __future__ import annotations

from enum import Enum

from hub.access import Principal
from hub.domain.activities import Activity, Partnership, PartnershipSource, PartnershipStatus
from hub.domain.records import (
    Offer,
    RequestStatus,
    Stakeholder,
    StakeholderKind,
    SupportRequest,
)
from hub.records.reading import Page, page
from hub.store import Store

__all__ = ["activities", "offers", "partnerships", "requests", "stakeholders"]


def _held(**fields: str | Enum | None) -> dict[str, str | Enum]:
    return {name: value for name, value in fields.items() if value is not None}


def requests(
    store: Store,
    principal: Principal,
    *,
    status: RequestStatus | None = None,
    requester: str | None = None,
    country: str | None = None,
    objective: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[SupportRequest]:
    """Support requests the caller may see, by status, requester, country, objective."""
    return page(
        store,
        principal,
        SupportRequest,
        match=_held(status=status, requester=requester),
        where=lambda r: (
            (country is None or country.upper() in r.countries)
            and (objective is None or objective in r.objectives)
        ),
        cursor=cursor,
        limit=limit,
    )


def offers(
    store: Store,
    principal: Principal,
    *,
    provider: str | None = None,
    objective: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Offer]:
    """Offers, by provider and objective."""
    return page(
        store,
        principal,
        Offer,
        match=_held(provider=provider),
        where=lambda o: objective is None or objective in o.objectives,
        cursor=cursor,
        limit=limit,
    )


def stakeholders(
    store: Store,
    principal: Principal,
    *,
    kind: StakeholderKind | None = None,
    country: str | None = None,
    objective: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Stakeholder]:
    """Stakeholders, by kind, country (home or worked in) and objective."""
    return page(
        store,
        principal,
        Stakeholder,
        match=_held(kind=kind),
        where=lambda s: (
            (country is None or country.upper() in (s.home_country, *s.countries))
            and (objective is None or objective in s.objectives)
        ),
        cursor=cursor,
        limit=limit,
    )


def activities(
    store: Store,
    principal: Principal,
    *,
    country: str | None = None,
    objective: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Activity]:
    """Activities imported from IATI, by country and objective."""
    return page(
        store,
        principal,
        Activity,
        where=lambda a: (
            (country is None or country.upper() in a.countries)
            and (objective is None or objective in a.objectives)
        ),
        cursor=cursor,
        limit=limit,
    )


def partnerships(
    store: Store,
    principal: Principal,
    *,
    status: PartnershipStatus | None = None,
    member: str | None = None,
    source: PartnershipSource | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Partnership]:
    """Partnerships, by status, member and source."""
    return page(
        store,
        principal,
        Partnership,
        match=_held(status=status, source=source),
        where=lambda p: member is None or member in p.members,
        cursor=cursor,
        limit=limit,
    )
