"""Dependencies shared by the routers: the store and the caller.

Those that only read the app's state are `async`: FastAPI runs a plain `def` dependency
in its thread pool, a round trip between threads on every call for an attribute read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from hub import session
from hub.access import Principal, authenticate
from hub.domain.errors import Unauthorized
from hub.domain.settings import Settings
from hub.imports.uploads import ImportQueue
from hub.jobs import JobTable
from hub.notifications.ledger import Ledger

__all__ = ["AppSettings", "Caller", "Imports", "Jobs", "Notifications", "Store"]

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="A hub API key")
_bearer = HTTPBearer(auto_error=False, description="A hub API key as a bearer token")


async def get_store(request: Request) -> session.Store:
    store: session.Store = request.app.state.store
    return store


Store = Annotated[session.Store, Depends(get_store)]


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


async def get_jobs(request: Request) -> JobTable:
    jobs: JobTable = request.app.state.jobs
    return jobs


async def get_imports(request: Request) -> ImportQueue:
    imports: ImportQueue = request.app.state.imports
    return imports


Jobs = Annotated[JobTable, Depends(get_jobs)]
Imports = Annotated[ImportQueue, Depends(get_imports)]


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(get_settings)]


async def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.notifications
    return ledger


Notifications = Annotated[Ledger, Depends(get_ledger)]
