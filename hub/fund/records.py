"""The fund's records: calls for concept notes, the notes themselves, and reviews."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hub.domain.fields import (
    CountryList,
    Name,
    ObjectiveList,
    ObjectiveNumber,
    RecordId,
    RegionList,
    Text,
)
from hub.domain.records import Record

__all__ = [
    "PUBLIC_STATUSES",
    "REVIEWABLE",
    "CallStatus",
    "Composition",
    "ConceptNote",
    "Criterion",
    "Failure",
    "FundCall",
    "FundReview",
    "NoteStatus",
]

Money = Annotated[float, Field(ge=0)]
Score = Annotated[float, Field(ge=0, le=5)]
ObjectiveGroup = Annotated[list[ObjectiveNumber], Field(min_length=1)]


class CallStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    """Submissions are over and the notes are screened; review and selection follow."""


class Composition(BaseModel):
    """Who a joint programme needs besides the requesting state, at the least."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    un_entities: Annotated[int, Field(ge=0)] = 2
    national_partners: Annotated[int, Field(ge=0)] = 1
    """Non-UN partners based in one of the note's countries."""


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    name: Name
    weight: Annotated[float, Field(gt=0)] = 1.0
    """Its weight (positive) in a reviewer's weighted mean of 0-5 scores."""
    description: Text = ""


class FundCall(Record):
    title: Name
    opens: date
    closes: date
    budget: Annotated[float, Field(gt=0)]
    ceiling: Annotated[float, Field(gt=0)]
    """The most one joint programme may ask for."""
    objectives: ObjectiveList = Field(default_factory=list)
    """Eligible objectives; a note must address one of them. Empty: any."""
    regions: RegionList = Field(default_factory=list)
    """Eligible M49 regions or subregions; every country of a note must lie in one."""
    composition: Composition = Composition()
    endorsement_required: bool = True
    criteria: Annotated[list[Criterion], Field(min_length=1)]
    max_per_region: Annotated[int, Field(ge=1)] | None = None
    objective_groups: dict[Name, ObjectiveGroup] = Field(default_factory=dict)
    """Thematic balance, by group name: a portfolio funds each at least once where it can."""
    status: CallStatus = CallStatus.OPEN

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.closes < self.opens:
            raise ValueError(f"the call closes ({self.closes}) before it opens ({self.opens})")
        if self.ceiling > self.budget:
            raise ValueError(f"the ceiling ({self.ceiling}) exceeds the budget ({self.budget})")
        names = [c.name for c in self.criteria]
        if len(set(names)) != len(names):
            raise ValueError("two criteria share a name")
        return self


class NoteStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    SCORED = "scored"
    PROPOSED = "proposed"
    FUNDED = "funded"
    DECLINED = "declined"
    IN_IMPLEMENTATION = "in_implementation"
    CLOSED = "closed"

    def can_move_to(self, new: NoteStatus) -> bool:
        """After the decision: funded → in implementation → closed, one step at a time."""
        return (self, new) in _AFTER_DECISION


_AFTER_DECISION = frozenset(
    {
        (NoteStatus.FUNDED, NoteStatus.IN_IMPLEMENTATION),
        (NoteStatus.IN_IMPLEMENTATION, NoteStatus.CLOSED),
    }
)


PUBLIC_STATUSES = frozenset({NoteStatus.FUNDED, NoteStatus.IN_IMPLEMENTATION, NoteStatus.CLOSED})
"""Funded notes; a note is funded only once its call has closed."""
REVIEWABLE = frozenset({NoteStatus.ELIGIBLE, NoteStatus.SCORED, NoteStatus.PROPOSED})


class Failure(BaseModel):
    """One failed eligibility rule as parts, beside its English line in `failures`, so
    that a reader's language can word it (`hub.fund.eligibility`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    code: Literal[
        "unsubmitted",
        "outside_window",
        "no_budget",
        "over_ceiling",
        "no_objective",
        "no_country",
        "outside_regions",
        "too_few_partners",
        "not_endorsed",
    ]
    """Which rule failed and how."""
    dates: list[date] = Field(default_factory=list)
    """`outside_window`: submitted on, the call opens, it closes."""
    amounts: list[float] = Field(default_factory=list)
    """`over_ceiling`: the budget asked, the call's ceiling."""
    objectives: list[int] = Field(default_factory=list)
    """`no_objective`: the call's objectives."""
    countries: list[str] = Field(default_factory=list)
    """`outside_regions`: the note's countries outside them (ISO codes)."""
    regions: list[str] = Field(default_factory=list)
    """`outside_regions`: the call's regions and subregions."""
    needs: dict[str, list[int]] = Field(default_factory=dict)
    """`too_few_partners`: `un_entities` and `national_partners` lacking, each as
    [at least, has]."""


class ConceptNote(Record):
    """A joint programme asking a call for money, drafted from a request and its partners."""

    call: RecordId
    request: RecordId
    requester: RecordId
    title: Name
    summary: Text = ""
    objectives: ObjectiveList = Field(default_factory=list)
    countries: CountryList = Field(default_factory=list)
    partners: list[RecordId] = Field(default_factory=list)
    roles: dict[str, Name] = Field(default_factory=dict)
    """Each partner's role in the programme, by stakeholder id."""
    budget: Money = 0
    duration_months: Annotated[int, Field(ge=1, le=120)] = 24
    results: list[Text] = Field(default_factory=list)
    endorsed: bool = False
    """The requesting government endorses the programme."""
    status: NoteStatus = NoteStatus.DRAFT
    submitted_on: date | None = None
    failures: list[str] = Field(default_factory=list)
    """Why the note is not eligible, one line per failed rule."""
    failure_parts: list[Failure] = Field(default_factory=list)
    """`failures` as parts, one for each line; empty for a note screened before they
    were kept."""
    score: float | None = None
    """The mean of its reviewers' weighted scores, 0 to 5; shown to insiders and
    reviewers only."""
    decided_by: str | None = None
    """Who decided, as `role:key`; callers who are not staff read a staff member by role."""
    decided_at: datetime | None = None
    reason: Text = ""
    """The steering committee's reasons for funding or declining it."""


class FundReview(Record):
    """One reviewer's scores for one note; a declared conflict carries no scores."""

    note: RecordId
    call: RecordId
    reviewer: str
    organisation: RecordId | None = None
    scores: dict[str, Score] = Field(default_factory=dict)
    comments: Text = ""
    conflict: bool = False
    at: datetime
