"""Working groups as plain JSON-ready data, shared by the CLI and the API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from hub.access import Principal
from hub.domain import geography
from hub.domain.records import SupportRequest
from hub.domain.taxonomy import objective
from hub.groups.view import cross_group_synergies, group_synergies, group_view
from hub.groups.working_groups import WorkingGroup
from hub.store import Store, repository

__all__ = ["cross_group_report", "group_report", "group_synergies_report", "view_report"]

Report = dict[str, Any]


def group_report(group: WorkingGroup) -> Report:
    """A group as its members and partners read it: codes with names, objectives labelled."""
    table = geography.countries()
    return {
        **group.model_dump(mode="json"),
        "members": [
            {"code": c, "alpha_3": table[c].alpha_3, "name": table[c].name} for c in group.countries
        ],
        "objective_labels": {str(o): objective(o).label for o in group.objectives},
    }


def group_synergies_report(
    store: Store, principal: Principal, slug: str, objective_number: int | None = None
) -> Report:
    found = group_synergies(store, principal, slug, objective_number)
    return {
        "group": slug,
        "objective": objective_number,
        "programmes": [p.model_dump(mode="json") for p in found],
    }


def _request(request: SupportRequest) -> Report:
    return {
        "id": request.id,
        "requester": request.requester,
        "title": request.title,
        "objectives": request.objectives,
    }


def cross_group_report(
    store: Store, principal: Principal, first: str, second: str, n: int = 20
) -> Report:
    pairs = cross_group_synergies(store, principal, first, second, n)
    return {
        "group": first,
        "with_group": second,
        "pairs": [
            {
                **asdict(p),
                "first": _request(repository.get(store, SupportRequest, p.first)),
                "second": _request(repository.get(store, SupportRequest, p.second)),
                "labels": [objective(o).label for o in p.shared_objectives],
            }
            for p in pairs
        ],
    }


def view_report(store: Store, principal: Principal, slug: str) -> Report:
    view = group_view(store, principal, slug)
    return {
        "group": group_report(view.group),
        "requests": [_request(r) for r in view.requests],
        "gaps": [
            {
                **asdict(g),
                "label": objective(g.objective).label,
                "no_provider": not (g.providers or g.record_providers),
            }
            for g in view.gaps
        ],
        "initiatives": [
            {**i.model_dump(mode="json"), "requests": view.initiative_requests[i.id]}
            for i in view.initiatives
        ],
    }
