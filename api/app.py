"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import console, docs
from api.errors import install_error_handlers
from api.headers import SecurityHeaders
from api.health import router as health_router
from api.limits import JSON_LIMIT, UPLOAD_LIMIT, BodyLimit
from api.links import add_links
from api.routes import (
    activities,
    analysis,
    claims,
    consent,
    data,
    explore,
    exports,
    fund,
    groups,
    jobs,
    merges,
    notifications,
    offers,
    partnerships,
    practices,
    recommendations,
    requests,
    review,
    search,
    stakeholders,
    taxonomy,
)
from hub.domain.settings import Settings
from hub.imports.registry import load_registry
from hub.imports.uploads import ImportQueue
from hub.jobs import JobTable
from hub.matchmaking.provider import publish
from hub.notifications.dispatcher import Dispatcher, DispatcherThread
from hub.notifications.ledger import open_ledger
from hub.session import Store, open_store

__all__ = ["create_app"]

API = "/api/v1"


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    *,
    body_limit: int = JSON_LIMIT,
    upload_limit: int = UPLOAD_LIMIT,
) -> FastAPI:
    """Build the app on the configured store, or on `store` when the caller owns one.

    A store opened here is opened at startup and closed at shutdown, and its models are
    served from the artifacts in the data folder, refitted in a worker process after
    writes (`hub.matchmaking.refit`); a store the caller owns is fitted in process.
    Uploads are imported by a worker that starts and stops with the app, and their jobs
    are kept in `jobs.db` in the data folder. Request bodies over `body_limit` bytes,
    and IATI uploads over `upload_limit`, are refused (413).
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or open_store(settings)
        published = None if store is not None else publish(app.state.store, settings)
        app.state.jobs = JobTable(settings.data_dir / "jobs.db")
        app.state.imports = ImportQueue(
            app.state.store, app.state.jobs, load_registry(settings.organisation_files)
        )
        app.state.notifications = open_ledger(settings)
        dispatcher = (
            DispatcherThread(
                Dispatcher(app.state.store, app.state.notifications, settings),
                settings.notify_interval,
            )
            if settings.notify_interval > 0
            else None
        )
        try:
            yield
        finally:
            if dispatcher is not None:
                dispatcher.close()
            app.state.notifications.close()
            app.state.imports.close()  # a running import rolls back
            app.state.jobs.close()
            if published is not None:
                published.close()
            if store is None:
                app.state.store.close()

    app = FastAPI(
        title="GCM Connection Hub",
        version="0.1.0",
        description="Matches migration support requests with partners, peers and funders.",
        lifespan=lifespan,
        docs_url=None,  # served by api.docs from local files, not from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(
        BodyLimit, limit=body_limit, uploads={f"{API}{data.IATI_UPLOAD}": upload_limit}
    )
    app.add_middleware(SecurityHeaders)  # outermost: also on BodyLimit's refusals
    for module in (
        health_router,
        stakeholders.router,
        requests.router,
        offers.router,
        partnerships.router,
        activities.router,
        taxonomy.router,
        recommendations.router,
        review.router,
        consent.router,
        claims.router,
        fund.router,
        explore.router,
        analysis.router,
        groups.router,
        practices.router,
        data.router,
        exports.router,
        merges.router,
        jobs.router,
        search.router,
        notifications.router,
    ):
        app.include_router(module, prefix=API)
    app.include_router(console.router)  # the web console at / and /console/
    app.include_router(docs.router)
    documented = app.openapi
    app.openapi = lambda: add_links(documented())  # type: ignore[method-assign]
    return app
