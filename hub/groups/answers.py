"""What the hub answers about working groups: a group as its members read it, its
shared view, and synergies inside a group or across two.

The API serves these models as they are: the docstrings under the fields are their
descriptions in the OpenAPI document.
"""

from __future__ import annotations

from pydantic import ConfigDict

from hub.domain.answers import Answer, RequestBrief
from hub.groups.working_groups import JointInitiative, WorkingGroup
from hub.matchmaking.overviews import Gap, Programme

__all__ = [
    "ComplementPair",
    "CrossGroupSynergies",
    "GroupProfile",
    "GroupSynergies",
    "GroupView",
    "InitiativeAnswering",
    "MemberState",
]


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


class GroupSynergies(Answer):
    group: str
    """The working group's slug."""
    objective: int | None
    programmes: list[Programme]


class ComplementPair(Answer):
    first: RequestBrief
    """A request of `group`."""
    second: RequestBrief
    """A request of `with_group` that one programme could serve together with `first`."""
    shared_objectives: list[int]
    corridor: bool
    """Whether either request concerns a country of the other group."""
    score: float
    """In [0, 1]: the mean of their objectives' overlap and their texts' similarity."""
    labels: list[str]
    """Short labels of `shared_objectives`, in the same order."""


class CrossGroupSynergies(Answer):
    group: str
    with_group: str
    pairs: list[ComplementPair]
    """Corridor pairs first, then by score."""
