"""Exploring the partner graph: neighbourhoods, paths, communities, centrality."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import AppSettings, Caller, Store
from api.errors import problems
from api.schemas.graph import CentralNode, Neighbourhood, PathStep
from hub import explore

router = APIRouter(prefix="/graph", tags=["graph"], responses=problems(401, 503))


class Format(StrEnum):
    JSON = "json"
    GRAPHML = "graphml"


@router.get(
    "/neighbourhood/{node_id:path}",
    response_model=Neighbourhood,
    responses={
        200: {"content": {"application/graphml+xml": {"schema": {"type": "string"}}}},
        **problems(404, 422),
    },
)
def neighbourhood(
    store: Store,
    caller: Caller,
    settings: AppSettings,
    node_id: str,
    depth: Annotated[int, Query(ge=1, le=explore.MAX_DEPTH)] = 1,
    edge_type: Annotated[list[str] | None, Query()] = None,
    label: Annotated[list[str] | None, Query()] = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    country: str | None = None,
    kind: str | None = None,
    format: Format = Format.JSON,
) -> Neighbourhood | Response:
    """A stakeholder's (or any node's) surroundings; `format=graphml` opens in Gephi.

    At most 3 hops (422 beyond). At most 2,000 nodes, the nearest first: `truncated`
    says whether there were more (filter or ask for fewer hops to see them).
    """
    graph = explore.neighbourhood(
        store,
        caller,
        node_id,
        depth,
        edge_types=edge_type,
        labels=label,
        objective=objective,
        country=country.upper() if country else None,
        kind=kind,
        budget=settings.analytics_budget,
    )
    if format is Format.GRAPHML:
        return Response(explore.to_graphml(graph), media_type="application/graphml+xml")
    truncated = bool(graph.graph.get("truncated"))
    return Neighbourhood.model_validate({**explore.to_json(graph), "truncated": truncated})


@router.get("/paths", responses=problems(404, 422))
def paths(
    store: Store,
    caller: Caller,
    settings: AppSettings,
    source: str,
    target: str,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> list[list[PathStep]]:
    """Shortest paths between two nodes, with the edges that make them."""
    return [
        [PathStep(source=a, type=t, target=b) for a, t, b in path]
        for path in explore.paths(
            store, caller, source, target, limit, budget=settings.analytics_budget
        )
    ]


@router.get("/communities")
def communities(store: Store, caller: Caller, settings: AppSettings) -> list[list[str]]:
    """Groups of nodes more tied to each other than to the rest (Louvain), largest first."""
    found = explore.communities(store, caller, budget=settings.analytics_budget)
    return [sorted(c) for c in found]


@router.get("/centrality", responses=problems(422))
def centrality(
    store: Store,
    caller: Caller,
    settings: AppSettings,
    top: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[CentralNode]:
    """The `top` most central nodes by PageRank."""
    ranked = explore.centrality(store, caller, top, budget=settings.analytics_budget)
    return [CentralNode(id=n, pagerank=r) for n, r in ranked]
