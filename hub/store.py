"""The one place that picks a graph backend, from settings."""

from __future__ import annotations

from collections.abc import Callable

from graph import GraphStore, StoreUnavailable
from graph.sqlite import SqliteGraphStore
from hub.errors import Unavailable
from hub.settings import Backend, Settings

__all__ = ["open_store"]


def _embedded(settings: Settings) -> GraphStore:
    return SqliteGraphStore(settings.embedded_path)


_BACKENDS: dict[Backend, Callable[[Settings], GraphStore]] = {
    Backend.EMBEDDED: _embedded,
}


def open_store(settings: Settings) -> GraphStore:
    """Open the configured store; an unreachable backend raises `Unavailable`."""
    try:
        factory = _BACKENDS[settings.graph_backend]
    except KeyError:
        raise Unavailable(f"graph backend {settings.graph_backend!r} is not available") from None
    try:
        return factory(settings)
    except StoreUnavailable as error:
        raise Unavailable(str(error)) from error
