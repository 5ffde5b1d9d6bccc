"""Answers of the partner-graph explorer: neighbourhoods, paths, central nodes."""

from __future__ import annotations

from pydantic import ConfigDict

from hub.domain.answers import Answer

__all__ = ["CentralNode", "GraphEdge", "GraphNode", "Neighbourhood", "PathStep"]


class GraphNode(Answer):
    # Free-form on purpose: a node carries the stored properties of its label (a
    # stakeholder's, an offer's, an activity's ...) as the caller may read them.
    model_config = ConfigDict(extra="allow")

    id: str
    label: str
    """What the node is: `Stakeholder`, `SupportRequest`, `Offer`, `Activity`, ..."""
    display_name: str
    """What a person reads for it: its name or title (`hub.titles`); empty if none."""


class GraphEdge(Answer):
    # Free-form on purpose: an edge carries the stored properties of its type.
    model_config = ConfigDict(extra="allow")

    source: str
    target: str
    type: str
    """The relation, e.g. `MEMBER_OF`, `OFFERS`, `PRESENT_IN`, `PROPOSES`."""
    key: str
    """Tells apart two edges of one type between the same nodes; usually empty."""


class Neighbourhood(Answer):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool
    """Whether nodes beyond the size limit were left out, the farthest first."""


class PathStep(Answer):
    source: str
    type: str
    """The relation the step follows."""
    target: str


class CentralNode(Answer):
    id: str
    pagerank: float
    """In (0, 1], the node's PageRank; all nodes' add up to 1."""
