"""A working group's shared view: its members, their open requests, gaps and initiatives."""

from __future__ import annotations

from pydantic import ConfigDict

from hub.domain.answers import Answer, RequestBrief
from hub.groups.working_groups import JointInitiative, WorkingGroup
from hub.matchmaking.overviews import Gap

__all__ = ["GroupProfile", "GroupView", "InitiativeAnswering", "MemberState"]


class MemberState(Answer):
    code: str
    """ISO 3166 alpha-2."""
    alpha_3: str
    name: str


class GroupProfile(WorkingGroup):
    """The group as its members read it: codes with names, objectives labelled."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    members: list[MemberState]
    """The member states of `countries`, in the same order."""
    objective_labels: dict[str, str]
    """The short label of each of `objectives`, keyed by its number."""


class InitiativeAnswering(JointInitiative):
    model_config = ConfigDict(use_attribute_docstrings=True)

    requests: list[str]
    """Ids of the open requests it answers that the caller may see."""


class GroupView(Answer):
    group: GroupProfile
    requests: list[RequestBrief]
    """Members' open requests the caller may see."""
    gaps: list[Gap]
    """Objectives and member states where demand outruns supply, worst first."""
    initiatives: list[InitiativeAnswering]
