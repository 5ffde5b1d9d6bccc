"""Working groups as the hub answers about them, shared by the CLI and the API."""

from __future__ import annotations

from dataclasses import asdict

from hub.access import Principal
from hub.domain import geography
from hub.domain.answers import RequestBrief
from hub.domain.records import SupportRequest
from hub.domain.taxonomy import objective
from hub.groups.answers import (
    ComplementPair,
    CrossGroupSynergies,
    GroupProfile,
    GroupSynergies,
    GroupView,
    InitiativeAnswering,
    MemberState,
)
from hub.groups.view import cross_group_synergies, group_synergies, group_view
from hub.groups.working_groups import WorkingGroup
from hub.matchmaking.overviews import Gap
from hub.store import Store, repository

__all__ = ["cross_group_report", "group_report", "group_synergies_report", "view_report"]


def group_report(group: WorkingGroup) -> GroupProfile:
    """A group as its members and partners read it: codes with names, objectives labelled."""
    table = geography.countries()
    return GroupProfile(
        **group.model_dump(),
        members=[
            MemberState(code=c, alpha_3=table[c].alpha_3, name=table[c].name)
            for c in group.countries
        ],
        objective_labels={str(o): objective(o).label for o in group.objectives},
    )


def group_synergies_report(
    store: Store, principal: Principal, slug: str, objective_number: int | None = None
) -> GroupSynergies:
    found = group_synergies(store, principal, slug, objective_number)
    return GroupSynergies(group=slug, objective=objective_number, programmes=found)


def _brief(request: SupportRequest) -> RequestBrief:
    return RequestBrief(
        id=request.id,
        requester=request.requester,
        title=request.title,
        objectives=request.objectives,
    )


def cross_group_report(
    store: Store, principal: Principal, first: str, second: str, n: int = 20
) -> CrossGroupSynergies:
    pairs = cross_group_synergies(store, principal, first, second, n)
    return CrossGroupSynergies(
        group=first,
        with_group=second,
        pairs=[
            ComplementPair(
                first=_brief(repository.get(store, SupportRequest, p.first)),
                second=_brief(repository.get(store, SupportRequest, p.second)),
                shared_objectives=list(p.shared_objectives),
                corridor=p.corridor,
                score=p.score,
                labels=[objective(o).label for o in p.shared_objectives],
            )
            for p in pairs
        ],
    )


def view_report(store: Store, principal: Principal, slug: str) -> GroupView:
    seen = group_view(store, principal, slug)
    return GroupView(
        group=group_report(seen.group),
        requests=[_brief(r) for r in seen.requests],
        gaps=[
            Gap(
                **asdict(g),
                label=objective(g.objective).label,
                no_provider=not (g.providers or g.record_providers),
            )
            for g in seen.gaps
        ],
        initiatives=[
            InitiativeAnswering(**i.model_dump(), requests=seen.initiative_requests[i.id])
            for i in seen.initiatives
        ],
    )
