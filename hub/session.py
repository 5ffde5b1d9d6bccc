"""What a face (API, CLI) needs of the store to call the services: the `Store` type to
hand them, `open_store` for the configured backend, and the store's own errors with
their translation into the hub's (`StoreError`, `hub_error`)."""

from hub.store import GraphError as StoreError
from hub.store import Store
from hub.store.backend import open_store
from hub.store.errors import from_graph as hub_error

__all__ = ["Store", "StoreError", "hub_error", "open_store"]
