"""What a stakeholder's activities say about it, where it has declared nothing itself.

Imported organisations rarely declare their countries or objectives, yet their
activities show where and on what they work. These values are computed on request
and always marked as derived, so they never pass for the organisation's own words.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict

from hub.domain.activities import Activity
from hub.domain.records import Stakeholder
from hub.domain.vocabulary import ROLE_EDGES
from hub.store import Store, codec, repository

__all__ = ["DerivedProfile", "derive"]

_TOP = 10
"""Sectors and objectives kept, most frequent first."""


class DerivedProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    stakeholder: str
    activities: int
    derived: list[str]
    """The fields below that come from activities; the others the stakeholder declared."""
    countries: list[str] = []
    sectors: list[str] = []
    objectives: list[int] = []


def derive(store: Store, stakeholder_id: str) -> DerivedProfile:
    stakeholder = repository.get(store, Stakeholder, stakeholder_id)
    found = store.neighbours(
        stakeholder_id, direction="out", edge_types=ROLE_EDGES.values(), labels=["Activity"]
    )
    activities = {node.id: codec.from_node(Activity, node) for _, node in found}.values()
    countries = Counter(c for a in activities for c in a.countries)
    sectors = Counter(s.name or s.code for a in activities for s in a.sectors)
    objectives = Counter(o for a in activities for o in a.objectives)
    derived = ["sectors"]
    if not stakeholder.countries:
        derived.append("countries")
    if not stakeholder.objectives:
        derived.append("objectives")
    return DerivedProfile(
        stakeholder=stakeholder_id,
        activities=len(activities),
        derived=sorted(derived),
        countries=sorted(countries) if "countries" in derived else stakeholder.countries,
        sectors=[name for name, _ in sectors.most_common(_TOP)],
        objectives=[n for n, _ in objectives.most_common(_TOP)]
        if "objectives" in derived
        else stakeholder.objectives,
    )
