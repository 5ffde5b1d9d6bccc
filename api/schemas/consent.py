"""Bodies of the two-sided review: the requester's consent and the partner's response."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from hub.domain.activities import RejectReason
from hub.domain.fields import Text

__all__ = ["ConsentBody", "QuestionBody", "ResponseBody"]


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    answer: str  # each body narrows it; declared first so `reason` is checked after it
    reason: RejectReason | None = Field(None, validate_default=True)
    """Why not: needed with `declined`, refused with any other answer."""
    note: Annotated[Text, Field(max_length=2000)] = ""
    """Free text to the coordinators (and, from a partner, the requester)."""

    @field_validator("reason")
    @classmethod
    def _with_a_decline(cls, reason: RejectReason | None, info: ValidationInfo) -> object:
        answer = info.data.get("answer")
        if answer == "declined" and reason is None:
            raise ValueError("a decline needs a reason")
        if answer not in (None, "declined") and reason is not None:
            raise ValueError(f"only a decline has a reason, not {answer!r}")
        return reason


class ConsentBody(_Answer):
    """The requesting Member State's answer to a partner proposed for its request."""

    answer: Literal["accepted", "declined"]
    """`accepted` stands beside the pairing for the coordinator; `declined` withdraws it."""


class ResponseBody(_Answer):
    """The proposed partner's answer to a pairing."""

    answer: Literal["interested", "declined"]
    """`interested` stands beside the pairing for the coordinator; `declined` withdraws it."""


class QuestionBody(BaseModel):
    """A proposed partner's question to the coordinators and the requester."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[Text, Field(min_length=1, max_length=2000)]
