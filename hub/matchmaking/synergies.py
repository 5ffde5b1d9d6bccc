"""Regional synergies and the supply-demand gap matrix.

Synergies group the Member States of a region whose open requests are alike and
propose each group a joint programme: what they share, lead partners, funders. The gap
matrix sets open requests against the offers that could serve them, per objective and
region (or subregion).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from functools import partial

import numpy as np

from hub.access import Principal
from hub.domain import geography
from hub.domain.answers import Reason
from hub.domain.errors import InvalidInput
from hub.domain.records import Offer, RequestStatus, SupportRequest
from hub.domain.taxonomy import objective as gcm_objective
from hub.matchmaking.consortium import capacity_seen_by
from hub.matchmaking.fitted_programmes import LEADS, in_area, open_queries
from hub.matchmaking.funding import funding_leads, hidden_partnerships
from hub.matchmaking.inputs import suggested_objectives
from hub.matchmaking.names import Names
from hub.matchmaking.overviews import (
    Gap,
    GapCell,
    GapReport,
    Programme,
    ProgrammeFunder,
    ProgrammePartner,
    RegionSynergies,
)
from hub.matchmaking.provider import models
from hub.records import reading
from hub.store import Store, repository
from hub.titles import Titles
from matching.capacity import RECENT_YEARS, recent
from matching.funding import FundingLead
from matching.gaps import Demand, GapMatrix, Supply, gap_matrix, records
from matching.profiles import Query, Recommendation
from matching.synergies import SynergyGroup, group_states, joint_query

__all__ = [
    "find_synergies",
    "gap_report",
    "propose_programmes",
    "supply_demand_gaps",
    "synergies_in",
]


def _region(name: str) -> str:
    try:
        return geography.region_of(name)
    except ValueError as error:
        raise InvalidInput(str(error)) from None


def synergies_in(
    store: Store, principal: Principal, region: str, objective: int | None = None
) -> RegionSynergies:
    """`find_synergies` as the answer for a region (and objective)."""
    return RegionSynergies(
        region=region,
        objective=objective,
        programmes=find_synergies(store, principal, region, objective),
    )


def find_synergies(
    store: Store,
    principal: Principal,
    region: str,
    objective: int | None = None,
    n: int = LEADS,
) -> list[Programme]:
    """Groups of states in a region (or subregion) with alike open requests, as programmes.

    With `objective`, only requests on that objective are compared. Only requests the
    caller may see are grouped, so no group betrays a hidden request.
    """
    area = _region(region)
    if objective is not None:
        gcm_objective(objective)
    visible = reading.visible(store, principal, SupportRequest)
    queries = in_area(open_queries(store, visible), area, objective)
    return propose_programmes(store, principal, queries, n)


def propose_programmes(
    store: Store, principal: Principal, queries: list[Query], n: int = LEADS
) -> list[Programme]:
    """Group the states behind `queries` (requests `principal` may see) and give each
    group partners and funders."""
    hidden = hidden_partnerships(store, principal)
    key = ("programmes", tuple(q.id for q in queries), n, hidden)
    return models(store).answer(key, lambda: _programmes(store, principal, queries, n, hidden))


def _programmes(
    store: Store, principal: Principal, queries: list[Query], n: int, hidden: tuple[str, ...]
) -> list[Programme]:
    """The programmes of `propose_programmes`; each group's partners and funders are
    kept apart too, for every caller (and sight) whose requests group the same way."""
    groups = group_states(queries)
    if not groups:
        return []
    names, titles = Names(store), Titles(store)
    programmes = []
    for group in groups:
        joint = joint_query(group, queries)
        leads = models(store).answer(
            ("programme partners", group.requests, group.states, n),
            partial(_lead_partners, store, joint, group, n),
        )
        funders = models(store).answer(
            ("programme funders", group.requests, n, hidden),
            partial(_lead_funders, store, principal, joint, group, n, hidden),
        )
        programmes.append(
            Programme(
                **{**asdict(group), "states": names.all(group.states)},
                request_titles={r: titles.of(r) for r in group.requests},
                lead_partners=[
                    ProgrammePartner(
                        **names.named(r.candidate).model_dump(), score=round(r.score, 4)
                    )
                    for r in leads
                ],
                funders=[
                    ProgrammeFunder(
                        **names.named(f.funder).model_dump(),
                        score=f.score,
                        reasons=list(f.reasons),
                        reason_parts=Reason.each(f.reason_parts),
                    )
                    for f in funders
                ],
                why=_why(group),
            )
        )
    return programmes


def _lead_partners(store: Store, joint: Query, group: SynergyGroup, n: int) -> list[Recommendation]:
    """The group's partners as the served fit ranked them (`fitted_programmes`), or
    ranked now if it did not see this group."""
    fitted = models(store).programmes().partners_of(joint, group, n)
    if fitted is not None:
        return fitted
    return models(store).partners().recommender.recommend(joint, n=n, exclude=group.states)


def _lead_funders(
    store: Store,
    principal: Principal,
    joint: Query,
    group: SynergyGroup,
    n: int,
    hidden: tuple[str, ...],
) -> list[FundingLead]:
    """The group's funding leads as the served fit found them for staff, while the
    store is at that fit's revision (`fitted_programmes`), or found now."""
    fitted = models(store).programmes().funders_of(joint, group, n, hidden, store.revision())
    if fitted is not None:
        return fitted
    return funding_leads(store, principal, joint, n)


def _why(group: SynergyGroup) -> str:
    shared = ", ".join(f"{o} ({gcm_objective(o).label})" for o in group.shared_objectives)
    terms = ", ".join(group.terms)
    return (
        f"{len(group.states)} states ask for alike support"
        + (f" on objectives {shared}" if shared else "")
        + (f"; common terms: {terms}" if terms else "")
        + f" (cohesion {group.cohesion:.2f})"
    )


def _areas(countries: Iterable[str], regions: Iterable[str], subregions: bool) -> tuple[str, ...]:
    """The regions (or subregions) that countries and declared region names fall in."""
    table = geography.countries()
    found = set()
    for code in countries:
        if code in table:
            found.add(table[code].subregion if subregions else table[code].region)
    for name in regions:
        parent = geography.SUBREGIONS.get(name)
        if subregions:
            found |= {name} if parent else {s for s, r in geography.SUBREGIONS.items() if r == name}
        else:
            found.add(parent or name)
    return tuple(sorted(found))


def supply_demand_gaps(store: Store, principal: Principal, subregions: bool = False) -> GapMatrix:
    """Objectives 1-23 x the five M49 regions (or the subregions): requests vs offers.

    An offer's capacity is its stated engagements, capped by what its provider has
    left after its agreed and active hub partnerships. Track records count apart: each
    recent activity adds its implementers' engagements a year on its objectives and
    places (`matching.capacity`). Demand and capacity count only the requests and
    partnerships the caller may see: a count must not reveal them.
    """
    demand = [
        Demand(
            r.id,
            tuple(r.objectives),
            _areas(r.countries, (), subregions),
            suggested_objectives(r),
        )
        for r in reading.visible(store, principal, SupportRequest)
        if r.status is RequestStatus.OPEN
    ]
    supply = [
        Supply(
            o.provider,
            tuple(o.objectives),
            _areas(o.countries, o.regions, subregions),
            o.capacity.engagements,
            suggested_objectives=suggested_objectives(o),
        )
        for o in repository.list_records(store, Offer)
    ]
    areas = list(geography.SUBREGIONS) if subregions else list(geography.REGIONS)

    def recorded() -> tuple[np.ndarray, np.ndarray]:
        """What recent track records show, the same for every caller."""
        shown = [
            Supply(
                org,
                a.objectives,
                _areas(a.countries, (), subregions),
                1 / RECENT_YEARS,
                declared=False,
                suggested_objectives=a.suggested_objectives,
            )
            for a in recent(models(store).history())
            for org in set(a.implementers)
        ]
        return records(shown, areas)

    limits = capacity_seen_by(store, principal)
    kept = models(store).table(("track records in gaps", subregions), recorded)
    return gap_matrix(demand, supply, areas, limits=limits, track_records=kept)


def gap_report(matrix: GapMatrix, top: int = 10) -> GapReport:
    """Every cell of the matrix, labelled, and the `top` emptiest."""
    return GapReport(
        areas=list(matrix.areas),
        cells=[
            GapCell(
                objective=o,
                label=gcm_objective(o).label,
                area=a,
                requests=int(matrix.requests[i, j]),
                demand=float(matrix.demand[i, j]),
                providers=int(matrix.providers[i, j]),
                capacity=float(matrix.capacity[i, j]),
                record_providers=int(matrix.record_providers[i, j]),
                record_capacity=round(float(matrix.record_capacity[i, j]), 2),
            )
            for i, o in enumerate(matrix.objectives)
            for j, a in enumerate(matrix.areas)
        ],
        emptiest=[
            Gap(
                **asdict(g),
                label=gcm_objective(g.objective).label,
                no_provider=not (g.providers or g.record_providers),
            )
            for g in matrix.gaps[:top]
        ],
    )
