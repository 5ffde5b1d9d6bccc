"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import Caller, Store
from api.errors import problems
from api.schemas.reference import Health, Readiness
from hub import explore

__all__ = ["router"]

router = APIRouter(tags=["service"])


@router.get("/health")
def health() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/ready", responses=problems(401, 503))
def ready(request: Request, store: Store, caller: Caller) -> Readiness:
    """The store answers; reports what it holds, as far as the caller may see it."""
    nodes, edges = explore.counts(store, caller)
    backend = request.app.state.settings.graph_backend
    return Readiness(status="ready", backend=backend, nodes=nodes, edges=edges)
