"""The one place that picks a graph backend, from settings."""

from __future__ import annotations

from collections.abc import Callable

from graph import GraphStore, StoreUnavailable
from graph.sqlite import SqliteGraphStore
from hub.domain.errors import Unavailable
from hub.domain.settings import Backend, Settings

__all__ = ["open_store"]


def _embedded(settings: Settings) -> GraphStore:
    return SqliteGraphStore(settings.embedded_path, busy_timeout=settings.busy_timeout)


def _neo4j(settings: Settings) -> GraphStore:
    from graph.neo4j import Neo4jGraphStore  # the driver loads only when it is wanted

    return Neo4jGraphStore(
        settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value()
    )


_BACKENDS: dict[Backend, Callable[[Settings], GraphStore]] = {
    Backend.EMBEDDED: _embedded,
    Backend.NEO4J: _neo4j,
}


def open_store(settings: Settings) -> GraphStore:
    """Open the configured store; an unreachable backend raises `Unavailable`."""
    try:
        return _BACKENDS[settings.graph_backend](settings)
    except StoreUnavailable as error:
        raise Unavailable(str(error)) from error
