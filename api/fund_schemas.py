"""Request shapes of the start-up fund's endpoints, derived from its records."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from hub.fund.notes import EDITABLE
from hub.fund.records import ConceptNote, FundCall, NoteStatus, Score

__all__ = ["CallCreate", "FundDecision", "NoteDraft", "NoteMove", "NoteUpdate", "ReviewCreate"]


def _fields(model: type[BaseModel], names: frozenset[str], optional: bool) -> dict[str, Any]:
    return {
        name: ((Optional[field.annotation], None) if optional else (field.annotation, field))  # noqa: UP045 - runtime value
        for name, field in model.model_fields.items()
        if name in names
    }


_CALL = frozenset(FundCall.model_fields) - {"id", "status"}
CallCreate = create_model(
    "CallCreate", __config__=ConfigDict(extra="forbid"), **_fields(FundCall, _CALL, False)
)
NoteUpdate = create_model(
    "NoteUpdate", __config__=ConfigDict(extra="forbid"), **_fields(ConceptNote, EDITABLE, True)
)


class NoteDraft(BaseModel):
    """The request and call a note is for; anything else given overrides the request's."""

    model_config = ConfigDict(extra="forbid")

    request: str
    call: str
    budget: float = Field(0, ge=0)
    duration_months: int = Field(24, ge=1, le=120)
    results: list[str] = []
    endorsed: bool = False


class ReviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scores: dict[str, Score] = {}
    comments: str = Field("", max_length=20_000)
    conflict: bool = False


class FundDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    funded: bool
    reason: str = Field(min_length=1, max_length=20_000)


class NoteMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: NoteStatus
    note: str = Field("", max_length=2000)
