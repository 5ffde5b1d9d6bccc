"""The hub's records, validated by pydantic so that bad input names its field and value.

Ids, names and texts keep the rules of `hub.domain.fields`; country codes are normalised
to ISO 3166-1 alpha-2, regions to their M49 spelling and languages to ISO 639-1, so
everything stored compares equal however it was typed. Activities, partnerships and
suggestions are in `hub.domain.activities`, API keys in `hub.domain.keys`.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hub.domain.fields import (
    CountryCode,
    CountryList,
    LanguageList,
    Name,
    ObjectiveList,
    ObjectiveNumber,
    RecordId,
    RegionList,
    Text,
)

__all__ = [
    "IDENTITY_FIELDS",
    "AuditEntry",
    "Capacity",
    "Claim",
    "ClaimStatus",
    "Confidentiality",
    "ExternalId",
    "Identity",
    "Modality",
    "ObjectiveOrigin",
    "Offer",
    "Record",
    "RequestStatus",
    "Stakeholder",
    "StakeholderKind",
    "SupportRequest",
    "Timeframe",
]


class Record(BaseModel):
    """Base of everything stored as a node: strict about unknown fields. The API serves
    records as they are, so the docstrings under their fields are their descriptions."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    id: RecordId


class StakeholderKind(StrEnum):
    MEMBER_STATE = "member_state"
    UN_ENTITY = "un_entity"
    NGO = "ngo"
    ACADEMIA = "academia"
    DONOR = "donor"
    REGIONAL_BODY = "regional_body"
    PRIVATE_SECTOR = "private_sector"
    LOCAL_AUTHORITY = "local_authority"
    GOVERNMENT = "government"
    MULTILATERAL = "multilateral"
    OTHER = "other"
    UNKNOWN = "unknown"


class ExternalId(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    scheme: Name
    value: Name


class Stakeholder(Record):
    name: Name
    aliases: list[Name] = []
    kind: StakeholderKind
    home_country: CountryCode | None = None
    countries: CountryList = []
    regions: RegionList = []
    languages: LanguageList = []
    objectives: ObjectiveList = []
    description: Text = ""
    external_ids: list[ExternalId] = []


class Identity(BaseModel):
    """What names a stakeholder to imports and to the recommender; only a claim changes it.

    A field left out (None) is not part of the claim, so a claim cannot clear a field.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    name: Name | None = None
    aliases: list[Name] | None = None
    kind: StakeholderKind | None = None
    home_country: CountryCode | None = None
    external_ids: list[ExternalId] | None = None


IDENTITY_FIELDS = frozenset(Identity.model_fields)


class ClaimStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Claim(Record):
    """A stakeholder asks to change its identity; a coordinator accepts or rejects it.

    `before` holds the claimed fields as they were when it was filed: if the record has
    changed since, the claim no longer says what its reviewer would be accepting.
    """

    stakeholder: RecordId
    changes: Identity
    """The identity fields to change, each with its new value."""
    before: Identity
    """Those fields as they were when the claim was filed."""
    reason: Text = ""
    filed_by: str
    """Who filed it: `role:stakeholder`, or `role:key` for staff."""
    filed_at: datetime
    status: ClaimStatus = ClaimStatus.PENDING
    decided_by: str | None = None
    """Who decided, as `role:key`; callers who are not staff read a staff member by role."""
    decided_at: datetime | None = None
    note: Text = ""


class Modality(StrEnum):
    TECHNICAL_ASSISTANCE = "technical_assistance"
    TRAINING = "training"
    PEER_EXCHANGE = "peer_exchange"
    RESEARCH_DATA = "research_data"
    FUNDING = "funding"
    OTHER = "other"


class Confidentiality(StrEnum):
    CONFIDENTIAL = "confidential"
    OPEN_TO_PARTNERS = "open_to_partners"


class RequestStatus(StrEnum):
    """Where a request stands; a partnership on it moves it (`hub.review`)."""

    OPEN = "open"
    MATCHED = "matched"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    CLOSED = "closed"


class Timeframe(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"timeframe ends ({self.end}) before it starts ({self.start})")
        return self


class ObjectiveOrigin(StrEnum):
    """Who chose a record's objectives: the tagger, or a person (the owner or staff)."""

    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"


class SupportRequest(Record):
    requester: RecordId
    title: Name
    text: Text = ""
    objectives: ObjectiveList = []
    objective_origin: ObjectiveOrigin = ObjectiveOrigin.CONFIRMED
    objective_confidence: dict[ObjectiveNumber, float] = {}
    countries: CountryList = []
    modality: Modality = Modality.TECHNICAL_ASSISTANCE
    languages: LanguageList = []
    timeframe: Timeframe | None = None
    confidentiality: Confidentiality = Confidentiality.CONFIDENTIAL
    status: RequestStatus = RequestStatus.OPEN


class Capacity(BaseModel):
    """What a provider can still take on; None means not stated."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    engagements: Annotated[int, Field(ge=0)] | None = None
    expert_days: Annotated[int, Field(ge=0)] | None = None


class Offer(Record):
    provider: RecordId
    title: Name
    text: Text = ""
    objectives: ObjectiveList = []
    objective_origin: ObjectiveOrigin = ObjectiveOrigin.CONFIRMED
    objective_confidence: dict[ObjectiveNumber, float] = {}
    countries: CountryList = []
    regions: RegionList = []
    languages: LanguageList = []
    capacity: Capacity = Capacity()


class AuditEntry(Record):
    """One decision or status change; written once, never edited."""

    at: datetime
    actor: str
    action: str
    subject: RecordId
    request: RecordId | None = None
    requester: RecordId | None = None
    detail: Text = ""
