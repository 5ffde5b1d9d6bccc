"""Records of work done together: IATI activities, partnerships and suggested pairings."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from hub.domain.answers import Reason
from hub.domain.fields import Name, Narrative, ObjectiveList, RecordId, Text
from hub.domain.records import ObjectiveOrigin, Record

__all__ = [
    "Activity",
    "Answer",
    "AnswerKind",
    "ObjectiveSource",
    "Partnership",
    "PartnershipSource",
    "PartnershipStatus",
    "Question",
    "RejectReason",
    "Sector",
    "Suggestion",
    "SuggestionStatus",
]


class Sector(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    vocabulary: str
    code: str
    name: str = ""


class ObjectiveSource(StrEnum):
    """Where an activity's objectives came from: the fast keyword tagger at import, then
    the multilingual one in the background (`hub.imports.retagging`), unless the file
    said them itself."""

    KEYWORDS = "keywords"
    MULTILINGUAL = "multilingual"
    PUBLISHER = "publisher"
    """The IATI file tags them (a hub's export, in the GCM objectives vocabulary)."""


class Activity(Record):
    """An IATI activity; texts keep every language present, keyed by language code.

    IATI data has no GCM objectives, so an activity's are the tagger's (`suggested`,
    with the tagger that chose them) unless a person confirms them.
    """

    title: dict[str, Narrative] = {}
    description: dict[str, Narrative] = {}
    status: str | None = None
    start: date | None = None
    end: date | None = None
    countries: list[str] = []
    regions: list[str] = []
    locations: list[str] = []
    sectors: list[Sector] = []
    objectives: ObjectiveList = []
    objective_origin: ObjectiveOrigin = ObjectiveOrigin.SUGGESTED
    objective_source: ObjectiveSource | None = None
    reporting_org: str | None = None


class PartnershipSource(StrEnum):
    IATI = "iati"
    HUB = "hub"


class PartnershipStatus(StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    ACTIVE = "active"
    COMPLETED = "completed"
    CLOSED = "closed"

    def can_move_to(self, new: PartnershipStatus) -> bool:
        """Forward along proposed → agreed → active → completed; closed from anywhere open."""
        return new in _NEXT_STATUS[self]


_NEXT_STATUS: dict[PartnershipStatus, frozenset[PartnershipStatus]] = {
    PartnershipStatus.PROPOSED: frozenset({PartnershipStatus.AGREED, PartnershipStatus.CLOSED}),
    PartnershipStatus.AGREED: frozenset({PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED}),
    PartnershipStatus.ACTIVE: frozenset({PartnershipStatus.COMPLETED, PartnershipStatus.CLOSED}),
    PartnershipStatus.COMPLETED: frozenset(),
    PartnershipStatus.CLOSED: frozenset(),
}


class Partnership(Record):
    title: Name
    members: Annotated[list[RecordId], Field(min_length=2)]
    objectives: ObjectiveList = []
    countries: list[str] = []
    source: PartnershipSource = PartnershipSource.HUB
    status: PartnershipStatus = PartnershipStatus.PROPOSED
    activities: list[str] = []
    request: RecordId | None = None
    confidential: bool = False
    started: date | None = None
    ended: date | None = None
    status_dates: dict[PartnershipStatus, date] = {}


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DEFERRED = "deferred"


class RejectReason(StrEnum):
    WRONG_EXPERTISE = "wrong_expertise"
    NO_CAPACITY = "no_capacity"
    NOT_IN_REGION = "not_in_region"
    CONFLICT_OF_INTEREST = "conflict_of_interest"
    OTHER = "other"


class AnswerKind(StrEnum):
    """One side's word on a pairing: the requester accepts or declines, the partner is
    interested or declines."""

    ACCEPTED = "accepted"
    INTERESTED = "interested"
    DECLINED = "declined"


class Answer(BaseModel):
    """The requester's or the proposed partner's answer to a pairing: who, when, why."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    kind: AnswerKind
    by: str
    """Who answered, as `role:key`."""
    at: datetime
    reason: RejectReason | None = None
    """Why a side declined (one of the reject reasons); none for a yes."""
    note: Text = ""
    """The side's own words, shown to coordinators and the requesting state."""


class Question(BaseModel):
    """A proposed partner's question about a pairing, to the coordinators and requester."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    by: str
    """Who asked, as `role:key`."""
    at: datetime
    text: Text
    """The question as asked."""


class Suggestion(Record):
    """A recommended pairing waiting in the coordinators' queue, with its explanation,
    and what each side said of it (`requester_answer`, `partner_answer`, `questions`)."""

    request: RecordId
    requester: RecordId
    candidate: RecordId
    rank: int
    """Its place in the partner ranking when it was queued, 1 first."""
    score: float
    """The partner score as it was when queued (unbounded, higher is better): the sum of
    `parts`, the learned combination's logit without its intercept."""
    parts: dict[str, float] = {}
    """Weighted contribution of each signal that is not zero, by signal name (`profile`,
    `dense_profile`, `named`, `place`, `objectives`, `language`, `graph`, ...)."""
    shared_objectives: ObjectiveList = []
    matched_terms: list[str] = []
    """Words of the request that drove text similarity with the partner."""
    evidence: list[str] = []
    """Sentences a person can check: track record nearby, the most similar past
    activity, presence in the request's countries, no capacity left."""
    evidence_parts: list[Reason] = []
    """`evidence` as parts, one for each sentence, in the same order; empty for a
    suggestion queued before they were kept."""
    queued_at: datetime | None = None
    """Since when its request has waited in the queue: shared by one queuing's suggestions
    and kept by a re-queue while any of them is still open; None before it was recorded."""
    status: SuggestionStatus = SuggestionStatus.PENDING
    reason: RejectReason | None = None
    """Why a coordinator rejected it; the recommender learns from it."""
    note: Text = ""
    decided_by: str | None = None
    """Who decided, as `role:key`; callers who are not staff read a staff member by role."""
    decided_at: datetime | None = None
    partnership: RecordId | None = None
    """The proposed partnership accepting it made."""
    requester_answer: Answer | None = None
    """What the requesting Member State said of this partner, if it answered."""
    partner_answer: Answer | None = None
    """What the proposed partner said: interest, or a decline with its reason."""
    questions: list[Question] = []
    """Questions the proposed partner asked about the request, oldest first."""
