"""Request and response shapes: Create, Update (all optional) and Page per resource; jobs.

Public shapes are the hub's own records; Update shapes are derived from them so the
two can never drift apart. Values are validated by the hub's models when applied.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Optional, TypeVar

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, create_model

from api.errors import Problem, status_for
from hub import records
from hub.domain import errors
from hub.domain.activities import PartnershipStatus, RejectReason
from hub.domain.fields import MAX_NAME, MAX_TEXT
from hub.domain.records import (
    IDENTITY_FIELDS,
    Confidentiality,
    Identity,
    Modality,
    Offer,
    Record,
    Stakeholder,
    SupportRequest,
    Timeframe,
)
from hub.jobs import Job, JobReport
from hub.objectives import ORIGIN_FIELDS

__all__ = [
    "ClaimCreate",
    "Decision",
    "JobPublic",
    "Limit",
    "ObjectivesDecision",
    "OfferCreate",
    "OfferUpdate",
    "Page",
    "RejectDecision",
    "RequestCreate",
    "RequestUpdate",
    "StakeholderCreate",
    "StakeholderUpdate",
    "StatusChange",
    "SuggestedObjective",
    "TagPreview",
    "paged",
    "public_job",
]

T = TypeVar("T")
R = TypeVar("R", bound=Record)


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def paged(found: records.Page[R]) -> Page[R]:
    return Page[R](items=found.items, next_cursor=found.next_cursor)


Limit = Annotated[int, Query(ge=1, le=records.MAX_PAGE, description="Page size")]


def _partial(model: type[BaseModel], *fixed: str) -> type[BaseModel]:
    fields: dict[str, Any] = {
        name: (Optional[field.annotation], None)  # noqa: UP045 - annotation is a runtime value
        for name, field in model.model_fields.items()
        if name not in fixed
    }
    return create_model(f"{model.__name__}Update", __config__=ConfigDict(extra="forbid"), **fields)


def _new(model: type[BaseModel], *fixed: str) -> type[BaseModel]:
    """A record's fields without its id, which the hub gives."""
    fields: dict[str, Any] = {
        name: (field.annotation, field)
        for name, field in model.model_fields.items()
        if name != "id" and name not in fixed
    }
    return create_model(f"{model.__name__}Create", __config__=ConfigDict(extra="forbid"), **fields)


StakeholderCreate = _new(Stakeholder)
OfferCreate = _new(Offer, *ORIGIN_FIELDS)
StakeholderUpdate = _partial(Stakeholder, "id", *IDENTITY_FIELDS)
"""Only the descriptive fields: identity changes through a claim."""
OfferUpdate = _partial(Offer, "id", "provider", *ORIGIN_FIELDS)
RequestUpdate = _partial(SupportRequest, "id", "requester", *ORIGIN_FIELDS)


class ClaimCreate(Identity):
    """The identity fields to change, each with its new value, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str = Field("", max_length=2000)


class RequestCreate(BaseModel):
    """A new support request; Member States' keys fill `requester` themselves."""

    model_config = ConfigDict(extra="forbid")

    requester: str | None = None
    title: str
    text: str = ""
    objectives: list[int] = []
    countries: list[str] = []
    modality: Modality = Modality.TECHNICAL_ASSISTANCE
    languages: list[str] = []
    timeframe: Timeframe | None = None
    confidentiality: Confidentiality = Confidentiality.CONFIDENTIAL


class TagPreview(BaseModel):
    """The words of a request or offer being written, to preview its objectives."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field("", max_length=MAX_NAME)
    text: str = Field("", max_length=MAX_TEXT)


class SuggestedObjective(BaseModel):
    """One objective the tagger would suggest; `unsure` below its confidence threshold,
    not `stored` when only a next best."""

    objective: int
    confidence: float = Field(
        description="The tagger's confidence that the text is about this objective, 0 to 1;"
        " the same the request stores in `objective_confidence` when filed unconfirmed."
    )
    unsure: bool = Field(
        description="Below the tagger's confidence threshold: a best guess, shown unticked."
    )
    stored: bool = Field(
        description="Among the objectives filing without any would store; the tagger's next"
        " best for a text about migration follow them, not stored, shown unticked."
    )


class ObjectivesDecision(BaseModel):
    """Objectives a person confirms; none given confirms the stored suggestions."""

    model_config = ConfigDict(extra="forbid")

    objectives: list[Annotated[int, Field(ge=1, le=23)]] | None = None


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field("", max_length=2000)


class RejectDecision(Decision):
    reason: RejectReason


class StatusChange(Decision):
    status: PartnershipStatus


class JobPublic(JobReport):
    problem: Problem | None
    """Once `failed`, the problem the upload would have answered with."""


def public_job(job: Job) -> JobPublic:
    """The job without whose process runs it; a failure as the problem the call would be."""
    found = None
    if job.failure is not None:
        kind = getattr(errors, job.failure.kind, None)
        known = isinstance(kind, type) and issubclass(kind, errors.HubError)
        found = Problem(
            title=job.failure.kind,
            status=status_for(kind) if known and kind is not None else 500,
            detail=job.failure.detail,
            instance=f"/api/v1/jobs/{job.id}",
        )
    return JobPublic(**job.model_dump(exclude={"failure", "pid", "submitter"}), problem=found)
