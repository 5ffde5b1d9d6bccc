"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import Caller, Store
from api.errors import problems
from hub import explore

__all__ = ["router"]

router = APIRouter(tags=["service"])


@router.get("/health")
def health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready", responses=problems(401, 503))
def ready(request: Request, store: Store, caller: Caller) -> dict[str, object]:
    """The store answers; reports what it holds, as far as the caller may see it."""
    nodes, edges = explore.counts(store, caller)
    return {
        "status": "ready",
        "backend": request.app.state.settings.graph_backend,
        "nodes": nodes,
        "edges": edges,
    }
