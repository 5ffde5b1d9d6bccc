"""Synergies inside a working group or across two: the answers the hub still gives as plain data."""

from __future__ import annotations

from hub.domain.answers import Answer, RequestBrief
from hub.matchmaking.overviews import Programme

__all__ = ["ComplementPair", "CrossGroupSynergies", "GroupSynergies"]


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
