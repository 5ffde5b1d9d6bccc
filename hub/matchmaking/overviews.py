"""Answers over many requests at once: regional synergies, the gap matrix, batch allocation.

The API serves these models as they are: the docstrings under the fields are their
descriptions in the OpenAPI document.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from hub.domain.answers import Answer, NamedStakeholder, Reason

__all__ = [
    "AllocationPlan",
    "Assignment",
    "Gap",
    "GapCell",
    "GapReport",
    "Programme",
    "ProgrammeFunder",
    "ProgrammePartner",
    "ProviderLoad",
    "RegionSynergies",
    "UnservedRequest",
]


class ProgrammePartner(NamedStakeholder):
    score: float
    """Its partner score for the programme's joint request (unbounded, higher is better)."""


class ProgrammeFunder(NamedStakeholder):
    score: float
    """Its funding-lead score for the joint request (unbounded, log scale)."""
    reasons: list[str]
    """Its funding record and declared interests in sentences."""
    reason_parts: list[Reason]
    """`reasons` as parts, one for each sentence, in the same order."""


class Programme(Answer):
    """A joint programme proposed to Member States whose open requests are alike."""

    states: list[NamedStakeholder]
    requests: list[str]
    """Ids of the open requests it would serve."""
    request_titles: dict[str, str]
    """The title of each of `requests`, by id."""
    shared_objectives: list[int]
    terms: list[str]
    """Words the states' requests share."""
    cohesion: float
    """In [0, 1]: how alike the states' requests are on average."""
    lead_partners: list[ProgrammePartner]
    funders: list[ProgrammeFunder]
    why: str
    """What the states ask for alike and how cohesive they are, in one sentence."""


class RegionSynergies(Answer):
    region: str
    """The M49 region or subregion asked for."""
    objective: int | None
    """The objective asked for, if any."""
    programmes: list[Programme]
    """Most cohesive first."""


class GapCell(Answer):
    """One objective in one area: open requests against offers and track records."""

    objective: int
    label: str
    """The objective's short label."""
    area: str
    """A region, subregion or working group."""
    requests: int
    """Open requests on the objective there."""
    demand: float
    """Those requests, the ones with only suggested objectives counted at a lower weight."""
    providers: int
    """Stakeholders offering the objective there."""
    capacity: float
    """Engagements their offers can still take (one for an offer stating none)."""
    record_providers: int
    """Stakeholders with recent activities on the objective there but no offer."""
    record_capacity: float
    """Engagements a year their track record shows."""


class Gap(GapCell):
    """A cell with demand, as the lists of the emptiest show it."""

    no_provider: bool
    """Nobody offers the objective there nor has a track record on it."""


class GapReport(Answer):
    areas: list[str]
    cells: list[GapCell]
    """Every objective and area, objective by objective."""
    emptiest: list[Gap]
    """The `top` cells with the most demand per engagement available, worst first."""


class Assignment(Answer):
    provider: str
    """The stakeholder id of the provider."""
    request: str
    quality: float
    """The provider's partner score for the request (positive, higher is better)."""
    provider_name: str
    why: list[str] = Field(examples=[["objectives [2, 23]", "place +1.50", "profile +0.92"]])
    """Shared objectives and the strongest score parts, e.g. `place +1.50`."""
    why_parts: list[Reason]
    """`why` as parts (`objectives`, then a `part` each), in the same order."""


class UnservedRequest(Answer):
    request: str
    why: str
    """No provider with capacity left matches it, its providers are full with better
    fits, or serving it would lower the total fit."""
    reason: Reason
    """`why` as parts: `no_fit`, `providers_full` or `lower_total`."""


class ProviderLoad(Answer):
    used: int
    """Engagements the allocation gives it."""
    capacity: int
    """Engagements it can take."""
    source: Literal["offers", "track record"] = Field(alias="from")
    """Where `capacity` comes from: its offers, or its activities when it declares none."""


class AllocationPlan(Answer):
    total_quality: float
    """The summed quality of the assignments; the best any assignment within capacity reaches."""
    greedy_quality: float
    """What taking the best pairs first would reach, for comparison."""
    assignments: list[Assignment]
    unserved: list[UnservedRequest]
    load: dict[str, ProviderLoad]
    """Every provider with capacity, by stakeholder id."""
