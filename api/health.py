"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.errors import problems
from graph import GraphStore

__all__ = ["router"]

router = APIRouter(tags=["service"])


@router.get("/health")
def health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready", responses=problems(503))
def ready(request: Request) -> dict[str, object]:
    """The store answers; reports what it holds."""
    store: GraphStore = request.app.state.store
    counts = store.counts()
    return {
        "status": "ready",
        "backend": request.app.state.settings.graph_backend,
        "nodes": sum(counts.nodes.values()),
        "edges": sum(counts.edges.values()),
    }
