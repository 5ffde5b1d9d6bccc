"""What the hub's answers share: strict, frozen shapes that say what each field holds.

The API serves these models as they are, so their attribute docstrings are the field
descriptions of the OpenAPI document; the CLI prints their attributes.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Answer", "NamedStakeholder", "RequestBrief"]


class Answer(BaseModel):
    """Base of every answer. A key the hub adds that the shape lacks fails (and fails
    the tests) rather than going out undocumented; frozen, because one ranking is shared
    between callers until the graph changes."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, use_attribute_docstrings=True
    )


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
