"""The service's own answers and the public reference data: probes, M49 areas, the export."""

from __future__ import annotations

from typing import Literal

from hub.domain.activities import Activity, Partnership
from hub.domain.answers import Answer
from hub.domain.geography import Country
from hub.domain.records import Offer, Stakeholder
from hub.domain.settings import Backend

__all__ = ["Health", "OpenData", "Readiness", "Regions"]


class Health(Answer):
    status: Literal["ok"]


class Readiness(Answer):
    status: Literal["ready"]
    backend: Backend
    """The graph store the hub runs on."""
    nodes: int
    """Nodes the caller may see."""
    edges: int
    """Edges between those nodes."""


class Regions(Answer):
    regions: list[str]
    """The five M49 regions."""
    subregions: dict[str, str]
    """Each M49 subregion with the region it belongs to."""
    names: dict[str, str]
    """Each region and subregion (its English name, used as its id) in the language asked."""
    countries: list[Country]


class OpenData(Answer):
    """Every record the public may see, by kind."""

    stakeholders: list[Stakeholder]
    offers: list[Offer]
    partnerships: list[Partnership]
    activities: list[Activity]
