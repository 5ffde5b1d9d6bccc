"""What the hub's answers share: strict shapes and stakeholders named as well as given by id."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Answer", "NamedStakeholder", "RequestBrief"]


class Answer(BaseModel):
    """Base of every answer shape. A key the hub adds that the shape lacks fails the
    response (and the tests) rather than going out undocumented."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class NamedStakeholder(Answer):
    id: str
    name: str
    """Its name; the id again when no such stakeholder is stored."""
    kind: str
    """Its `StakeholderKind`; empty when no such stakeholder is stored."""


class RequestBrief(Answer):
    """A support request reduced to what a list of them needs."""

    id: str
    requester: str
    """The Member State that filed it."""
    title: str
    objectives: list[int]
    """GCM objective numbers (1-23)."""
