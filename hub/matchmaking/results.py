"""What the matchmaking mechanisms answer, typed, with the names of everyone in them.

Each answer names the stakeholders it mentions and says why, so that a person can read
it without looking ids up; the API serves these models as they are and the CLI prints
their attributes. Frozen: the partner ranking is shared between callers until the graph
changes.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AllocationPlan",
    "Assignment",
    "ConsortiumMember",
    "ConsortiumProposal",
    "FunderRanking",
    "FundingLead",
    "Gap",
    "GapCell",
    "GapReport",
    "NamedStakeholder",
    "PartnerRanking",
    "Peer",
    "Programme",
    "ProgrammeFunder",
    "ProgrammePartner",
    "ProviderLoad",
    "RankedPartner",
    "RegionSynergies",
    "SimilarInitiative",
    "SimilarWork",
    "UnservedRequest",
]


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class NamedStakeholder(Answer):
    id: str
    name: str
    """The id again when no such stakeholder is stored."""
    kind: str
    """Empty when no such stakeholder is stored."""


class RankedPartner(Answer):
    candidate: str
    score: float
    """The learned combination's logit without its intercept: the sum of `parts`."""
    parts: dict[str, float]
    shared_objectives: list[int]
    matched_terms: list[str]
    evidence: list[str]
    name: str


class PartnerRanking(Answer):
    request: str
    partners: list[RankedPartner]


class SimilarInitiative(Answer):
    id: str
    score: float
    """0.5 text + 0.3 objective overlap + 0.2 shared place, in (0, 1]."""
    actors: list[NamedStakeholder]
    shared_objectives: list[int]
    matched_terms: list[str]
    place: str | None
    shared_places: list[str]
    kind: str
    """activity, request, partnership or practice."""
    why: str


class Peer(Answer):
    id: str
    name: str
    kind: str
    score: float
    initiatives: list[str]


class SimilarWork(Answer):
    request: str
    initiatives: list[SimilarInitiative]
    peers: list[Peer]


class FundingLead(Answer):
    funder: str
    score: float
    funded: int
    by_place: dict[str, int]
    shared_objectives: list[int]
    activities: list[str]
    implementers: list[NamedStakeholder]
    implementer_kinds: dict[str, int]
    latest: date | None
    declared: list[str]
    reasons: list[str]
    name: str


class FunderRanking(Answer):
    request: str
    funders: list[FundingLead]


class ConsortiumMember(Answer):
    candidate: str
    kind: str
    covers: list[str]
    meets: list[str]
    weight: float
    capacity_left: float | None
    name: str


class ConsortiumProposal(Answer):
    request: str
    members: list[ConsortiumMember]
    covered: list[str]
    uncovered: list[str]
    rules: dict[str, bool]
    satisfiable: bool


class ProgrammePartner(NamedStakeholder):
    score: float


class ProgrammeFunder(NamedStakeholder):
    score: float
    reasons: list[str]


class Programme(Answer):
    """A joint programme proposed to a group of Member States."""

    states: list[NamedStakeholder]
    requests: list[str]
    shared_objectives: list[int]
    terms: list[str]
    cohesion: float
    lead_partners: list[ProgrammePartner]
    funders: list[ProgrammeFunder]
    why: str


class RegionSynergies(Answer):
    region: str
    objective: int | None
    programmes: list[Programme]


class GapCell(Answer):
    objective: int
    label: str
    area: str
    requests: int
    demand: float
    providers: int
    capacity: float
    record_providers: int
    record_capacity: float


class Gap(GapCell):
    no_provider: bool


class GapReport(Answer):
    areas: list[str]
    cells: list[GapCell]
    emptiest: list[Gap]


class Assignment(Answer):
    provider: str
    request: str
    quality: float
    provider_name: str
    why: list[str]


class UnservedRequest(Answer):
    request: str
    why: str


class ProviderLoad(Answer):
    used: int
    capacity: int
    source: str = Field(alias="from")
    """offers, or track record for a provider that states no capacity."""


class AllocationPlan(Answer):
    total_quality: float
    greedy_quality: float
    assignments: list[Assignment]
    unserved: list[UnservedRequest]
    load: dict[str, ProviderLoad]
