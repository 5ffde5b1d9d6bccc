"""The connection-hub answers as plain JSON-ready data, shared by the CLI and the API.

Each report names the stakeholders it mentions and says why, so a person can read it
without looking ids up.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from hub.access import Principal, require
from hub.connections import allocate_open_requests, find_funders, find_similar, propose_consortium
from hub.domain.keys import Role
from hub.domain.taxonomy import objective
from hub.memo import RevisionMemo
from hub.recommendation import partners_for
from hub.store import Store
from hub.synergies import Programme, find_synergies, supply_demand_gaps
from matching.gaps import GapMatrix

__all__ = [
    "allocation_report",
    "consortium_report",
    "funders_report",
    "gaps_matrix",
    "gaps_png",
    "gaps_report",
    "partners_report",
    "programmes_report",
    "similar_report",
    "synergies_report",
]

Report = dict[str, Any]

_partners: RevisionMemo[Report] = RevisionMemo(4096)


class _Names:
    """Stakeholder names and kinds, read only for the ids a report mentions."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen: dict[str, tuple[str, str]] = {}

    def _lookup(self, stakeholder_id: str) -> tuple[str, str]:
        if stakeholder_id not in self._seen:
            node = self._store.node(stakeholder_id)
            props = node.properties if node is not None and node.label == "Stakeholder" else {}
            self._seen[stakeholder_id] = (
                str(props.get("name", stakeholder_id)),
                str(props.get("kind", "")),
            )
        return self._seen[stakeholder_id]

    def name(self, stakeholder_id: str) -> str:
        return self._lookup(stakeholder_id)[0]

    def named(self, ids: Iterable[str]) -> list[dict[str, str]]:
        return [{"id": i, "name": self.name(i), "kind": self._lookup(i)[1]} for i in ids]


def objectives_text(numbers: Iterable[int]) -> str:
    return ", ".join(f"{n} {objective(n).label}" for n in numbers)


def partners_report(store: Store, principal: Principal, request_id: str, n: int) -> Report:
    """Kept until the graph changes, like the ranking; the caller's access is checked
    every time. Callers must not change it."""
    found = partners_for(store, principal, request_id, n)

    def named() -> Report:
        names = _Names(store)
        return {
            "request": request_id,
            "partners": [{**asdict(r), "name": names.name(r.candidate)} for r in found],
        }

    return _partners.get(store, (request_id, n), named)


def similar_report(store: Store, principal: Principal, request_id: str, n: int) -> Report:
    found = find_similar(store, principal, request_id, n=n)
    names = _Names(store)
    initiatives = []
    for i in found.initiatives:
        why = [
            f"objectives {objectives_text(i.shared_objectives)}" if i.shared_objectives else "",
            f"same {i.place} {', '.join(i.shared_places)}" if i.place else "",
            f"terms: {', '.join(i.matched_terms[:3])}" if i.matched_terms else "",
        ]
        initiatives.append(
            {
                **asdict(i),
                "kind": found.kinds[i.id],
                "actors": names.named(i.actors),
                "why": "; ".join(w for w in why if w),
            }
        )
    return {
        "request": request_id,
        "initiatives": initiatives,
        "peers": [{**names.named([p.id])[0], **asdict(p)} for p in found.peers],
    }


def funders_report(store: Store, principal: Principal, request_id: str, n: int) -> Report:
    found = find_funders(store, principal, request_id, n=n)
    names = _Names(store)
    return {
        "request": request_id,
        "funders": [
            {
                **asdict(lead),
                "name": names.name(lead.funder),
                "implementers": names.named(lead.implementers),
            }
            for lead in found
        ],
    }


def consortium_report(
    store: Store,
    principal: Principal,
    request_id: str,
    max_size: int = 5,
    rules: Iterable[str] = (),
) -> Report:
    team = propose_consortium(store, principal, request_id, max_size=max_size, rules=rules)
    names = _Names(store)
    return {
        "request": request_id,
        **asdict(team),
        "members": [{**asdict(m), "name": names.name(m.candidate)} for m in team.members],
    }


def synergies_report(
    store: Store, principal: Principal, region: str, objective_number: int | None = None
) -> Report:
    found = find_synergies(store, principal, region, objective_number)
    return {
        "region": region,
        "objective": objective_number,
        "programmes": programmes_report(store, found),
    }


def programmes_report(store: Store, found: Iterable[Programme]) -> list[Report]:
    """Joint programmes with their states, partners and funders named."""
    names = _Names(store)
    return [
        {
            **asdict(p.group),
            "states": names.named(p.group.states),
            "lead_partners": [
                {**names.named([r.candidate])[0], "score": round(r.score, 4)}
                for r in p.lead_partners
            ],
            "funders": [
                {**names.named([f.funder])[0], "score": f.score, "reasons": f.reasons}
                for f in p.funders
            ],
            "why": p.why,
        }
        for p in found
    ]


def gaps_matrix(store: Store, principal: Principal, subregions: bool = False) -> GapMatrix:
    return supply_demand_gaps(store, principal, subregions=subregions)


def gaps_report(matrix: GapMatrix, top: int = 10) -> Report:
    return {
        "areas": list(matrix.areas),
        "cells": [
            {
                "objective": o,
                "label": objective(o).label,
                "area": a,
                "requests": int(matrix.requests[i, j]),
                "demand": float(matrix.demand[i, j]),
                "providers": int(matrix.providers[i, j]),
                "capacity": float(matrix.capacity[i, j]),
                "record_providers": int(matrix.record_providers[i, j]),
                "record_capacity": round(float(matrix.record_capacity[i, j]), 2),
            }
            for i, o in enumerate(matrix.objectives)
            for j, a in enumerate(matrix.areas)
        ],
        "emptiest": [
            {
                **asdict(g),
                "label": objective(g.objective).label,
                "no_provider": not (g.providers or g.record_providers),
            }
            for g in matrix.gaps[:top]
        ],
    }


def allocation_report(store: Store, principal: Principal, balance: float = 0.0) -> Report:
    """Staff only: the allocation weighs every open request, confidential ones too."""
    require(principal, Role.COORDINATOR)
    found = allocate_open_requests(store, balance=balance)
    names = _Names(store)
    result = found.allocation
    return {
        "total_quality": result.total_quality,
        "greedy_quality": found.greedy_quality,
        "assignments": [
            {
                **asdict(a),
                "provider_name": names.name(a.provider),
                "why": found.reasons[(a.provider, a.request)],
            }
            for a in result.assignments
        ],
        "unserved": [{"request": r, "why": result.why_unserved[r]} for r in result.unserved],
        "load": {
            p: {
                "used": result.load.get(p, 0),
                "capacity": c,
                "from": "track record" if p in found.record_capacity else "offers",
            }
            for p, c in found.capacity.items()
        },
    }


def gaps_png(store: Store, principal: Principal, subregions: bool = False) -> bytes:
    """The gap heatmap as PNG bytes."""
    from hub.heatmap import draw_gaps  # matplotlib is slow to import; only when drawing

    with tempfile.TemporaryDirectory(prefix="gcm-hub-gaps-") as folder:
        path = draw_gaps(gaps_matrix(store, principal, subregions), Path(folder) / "gaps.png")
        return path.read_bytes()
