"""Commands that run the hub: API keys and the server."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.common import JsonFlag, app, console, keys_app, print_json, store_session
from hub import records
from hub.access import OPERATOR, create_key, revoke_key
from hub.domain.keys import ApiKey, Role
from hub.domain.settings import Settings

ARENAS = "2"
"""Two malloc arenas per worker instead of one per thread of the thread pool:
freed memory of concurrent calls goes back to fewer arenas, and two workers at 100k held
1.5 GB together instead of 2.1 GB (docs/scaling.md)."""


@app.command(rich_help_panel="Run the hub")
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes over the one store (docs/scaling.md).")
    ] = 1,
    access_log: Annotated[
        bool, typer.Option(help="Log every call (a line per call costs the server CPU).")
    ] = False,
) -> None:
    """Start the HTTP API and the web console.

    Every worker answers from the fitted model in the data folder; after a write, one
    fit worker process fits the next (a lock file in the folder keeps it to one).
    """
    if workers > 1:
        # Read by glibc when a process starts, so it reaches the workers, not this
        # process. Not set for one process: the fit worker it starts would inherit it,
        # and with it the first call on the demo hub waited over 60 s on the loaded
        # machine (tests/api/test_live_server.py timed out; it passes without it).
        os.environ.setdefault("MALLOC_ARENA_MAX", ARENAS)
    import uvicorn

    settings = Settings()
    uvicorn.run(
        "api.app:create_app",
        factory=True,  # each worker process builds its own app
        workers=workers,
        host=host or settings.host,
        port=port or settings.port,
        access_log=access_log,
    )


@app.command(rich_help_panel="Run the hub")
def refit() -> None:
    """Fit the models into the data folder now, as the server's fit worker does after a write.

    For a first start, or from cron where the server runs with HUB_REFIT_INTERVAL=0.
    Waits for a fit already running, then fits only if the store has changed since.
    """
    from hub.matchmaking import provider
    from hub.matchmaking.refit import FitLock, fit_once

    settings = Settings()
    with FitLock(settings.model_dir):
        pass  # a fit running elsewhere has ended
    stamp = fit_once(settings, settings.model_dir, provider.learn)
    if stamp is None:
        console.print("another process started a fit meanwhile; it covers this revision")
        return
    console.print(
        f"model {stamp.version}: revision {stamp.revision}, fitted {stamp.fitted_at:%c} UTC"
    )


@keys_app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option(help="What the key may do.")],
    stakeholder: Annotated[
        str | None, typer.Option(help="The Member State or partner the key acts for.")
    ] = None,
    note: Annotated[str, typer.Option(help="Who holds it, for the record.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Create a key; its token is printed once and stored only as a hash."""
    with store_session() as store:
        key, token = create_key(store, role, stakeholder, note)
    if as_json:
        print_json({"id": key.id, "role": key.role, "stakeholder": key.stakeholder, "token": token})
        return
    console.print(f"key {key.id} ({key.role.value}); give this token to its holder, once:")
    typer.echo(token)


@keys_app.command("list")
def keys_list(as_json: JsonFlag = False) -> None:
    """Keys with their role and holder; tokens cannot be shown again."""
    with store_session() as store:
        found = list(records.visible(store, OPERATOR, ApiKey))
    if as_json:
        print_json([k.model_dump(mode="json") for k in found])
        return
    table = Table("id", "role", "stakeholder", "note", "created", "revoked")
    for k in found:
        table.add_row(
            k.id,
            k.role.value,
            k.stakeholder or "",
            k.note,
            f"{k.created:%Y-%m-%d}",
            f"{k.revoked:%Y-%m-%d}" if k.revoked else "",
        )
    Console().print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: str) -> None:
    """Revoke a key at once; requests with it are refused from now on."""
    with store_session() as store:
        key = revoke_key(store, key_id)
    console.print(f"key {key.id} revoked")
