"""A working group's shared view, and synergies inside a group or across two.

Everything here is read as the caller may see it: a member's confidential request
is in its group's view only for the caller who may see that request, so neither a
synergy, a gap count nor an initiative's request list betrays it.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.access import Principal, Sight
from hub.domain import geography
from hub.domain.errors import InvalidInput
from hub.domain.records import Offer, RequestStatus, Stakeholder, SupportRequest
from hub.domain.taxonomy import objective as gcm_objective
from hub.groups.working_groups import (
    ADDRESSES,
    JointInitiative,
    WorkingGroup,
    get_group,
    initiatives,
)
from hub.matchmaking.consortium import capacity_seen_by
from hub.matchmaking.inputs import build_history, partner_query
from hub.matchmaking.overviews import Programme
from hub.matchmaking.synergies import propose_programmes
from hub.records import reading
from hub.store import Store, repository
from matching.capacity import RECENT_YEARS, recent
from matching.complements import Complement, complements
from matching.gaps import Demand, Gap, Supply, gap_matrix

__all__ = [
    "SeenGroup",
    "cross_group_synergies",
    "group_gaps",
    "group_synergies",
    "group_view",
    "open_requests",
]


@dataclass(frozen=True, slots=True)
class SeenGroup:
    """One group as one caller may see it, before `hub.groups.reports` names and labels it."""

    group: WorkingGroup
    requests: list[SupportRequest]
    gaps: list[Gap]
    initiatives: list[JointInitiative]
    initiative_requests: dict[str, list[str]]


def open_requests(store: Store, principal: Principal, group: WorkingGroup) -> list[SupportRequest]:
    """Open requests the caller may see from Member States whose home is a member."""
    homes = {
        s.id: s.home_country for s in repository.list_records(store, Stakeholder) if s.home_country
    }
    members = set(group.countries)
    return [
        r
        for r in reading.visible(store, principal, SupportRequest)
        if r.status is RequestStatus.OPEN and homes.get(r.requester) in members
    ]


def group_synergies(
    store: Store, principal: Principal, slug: str, objective: int | None = None, n: int = 3
) -> list[Programme]:
    """Members with alike open requests, as joint programmes, whatever their M49 region."""
    if objective is not None:
        gcm_objective(objective)
    requests = open_requests(store, principal, get_group(store, slug))
    queries = [partner_query(store, r) for r in requests if objective in (None, *r.objectives)]
    return propose_programmes(store, principal, queries, n)


def _serves(group: WorkingGroup, countries: list[str], regions: list[str]) -> bool:
    """Whether an offer's or activity's places take in at least one member."""
    if set(countries) & set(group.countries):
        return True
    return bool(set(regions) & geography.places(group.countries).areas)


def group_gaps(
    store: Store, principal: Principal, group: WorkingGroup, requests: list[SupportRequest]
) -> list[Gap]:
    """The gap matrix cut to one column, the group: objectives asked for, emptiest first.

    `requests` are the members' open requests the caller may see; capacity is what
    providers have left after the partnerships the caller may see.
    """
    demand = [Demand(r.id, tuple(r.objectives), (group.slug,)) for r in requests]
    supply = [
        Supply(o.provider, tuple(o.objectives), (group.slug,), o.capacity.engagements)
        for o in repository.list_records(store, Offer)
        if _serves(group, o.countries, o.regions)
    ]
    supply += [
        Supply(org, a.objectives, (group.slug,), 1 / RECENT_YEARS, declared=False)
        for a in recent(build_history(store))
        if _serves(group, list(a.countries), [])
        for org in set(a.implementers)
    ]
    limits = capacity_seen_by(store, principal)
    return list(gap_matrix(demand, supply, [group.slug], limits=limits).gaps)


def group_view(store: Store, principal: Principal, slug: str) -> SeenGroup:
    """Requests, gaps and agreed initiatives of one group, as the caller sees them.

    Its synergies come apart (`group_synergies`): they rank partners with the shared
    recommender, whose scores move with every decision, a hidden request's too.
    """
    group = get_group(store, slug)
    sight = Sight(store, principal)
    logged = [
        JointInitiative.model_validate(sight.shown_properties("JointInitiative", i.model_dump()))
        for i in initiatives(store, slug)
    ]
    answers: dict[str, list[str]] = {i.id: [] for i in logged}
    for edge in store.edges(ADDRESSES):
        target = store.node(edge.target)
        if edge.source in answers and target is not None and sight.sees(target):
            answers[edge.source].append(edge.target)
    requests = open_requests(store, principal, group)
    return SeenGroup(
        group=group,
        requests=requests,
        gaps=group_gaps(store, principal, group, requests),
        initiatives=logged,
        initiative_requests=answers,
    )


def cross_group_synergies(
    store: Store, principal: Principal, first: str, second: str, n: int = 20
) -> list[Complement]:
    """Requests of one group that complement requests of another (`matching.complements`)."""
    if first == second:
        raise InvalidInput("cross-group synergies need two different groups")
    a, b = get_group(store, first), get_group(store, second)
    return complements(
        [partner_query(store, r) for r in open_requests(store, principal, a)],
        [partner_query(store, r) for r in open_requests(store, principal, b)],
        frozenset(a.countries),
        frozenset(b.countries),
        n=n,
    )
