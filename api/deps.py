"""Dependencies shared by the routers: the store and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from graph import GraphStore
from hub.access import Principal, authenticate
from hub.errors import Unauthorized
from hub.organisations.registry import OrganisationRegistry, load_registry

__all__ = ["Caller", "Registry", "Store"]

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="A hub API key")
_bearer = HTTPBearer(auto_error=False, description="A hub API key as a bearer token")


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


Store = Annotated[GraphStore, Depends(get_store)]


def get_registry(request: Request) -> OrganisationRegistry:
    """Who organisations are, from the files the settings name; read once."""
    return load_registry(request.app.state.settings.organisation_files)


Registry = Annotated[OrganisationRegistry, Depends(get_registry)]


def get_caller(
    request: Request,
    store: Store,
    key: Annotated[str | None, Security(_api_key)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Principal:
    """No key means the public; a bad key is an error, never silently public.

    So is a credential header that holds no key: `Basic ...`, a token without its
    scheme, an empty `Bearer` or an empty `X-API-Key`.
    """
    if "x-api-key" in request.headers and not (key and key.strip()):
        raise Unauthorized("the X-API-Key header is empty")
    if "authorization" in request.headers and not (bearer and bearer.credentials.strip()):
        raise Unauthorized("the Authorization header must be `Bearer <API key>`")
    return authenticate(store, key or (bearer.credentials if bearer else None))


Caller = Annotated[Principal, Depends(get_caller)]
