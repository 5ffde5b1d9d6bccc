"""What every command shares: the app, its sub-groups, the store, JSON output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn

from hub.domain.settings import Settings
from hub.session import Store, open_store

__all__ = [
    "JsonFlag",
    "RequestId",
    "app",
    "claims_app",
    "console",
    "import_app",
    "keys_app",
    "one_line",
    "print_json",
    "requests_app",
    "stakeholders_app",
    "store_session",
]

app = typer.Typer(
    help="GCM Connection Hub: match migration support requests with partners.", no_args_is_help=True
)
import_app = typer.Typer(help="Import data into the hub.", no_args_is_help=True)
stakeholders_app = typer.Typer(
    help="Member States, UN entities, NGOs, donors...", no_args_is_help=True
)
requests_app = typer.Typer(help="Support requests from Member States.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (admin): create, list, revoke.", no_args_is_help=True)
claims_app = typer.Typer(
    help="Claims to a stakeholder's name, aliases, kind or refs: file, review.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import", rich_help_panel="Fill and inspect the hub")
app.add_typer(stakeholders_app, name="stakeholders", rich_help_panel="Fill and inspect the hub")
app.add_typer(requests_app, name="requests", rich_help_panel="Fill and inspect the hub")
app.add_typer(claims_app, name="claims", rich_help_panel="Fill and inspect the hub")
app.add_typer(keys_app, name="keys", rich_help_panel="Run the hub")

console = Console(stderr=True)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
RequestId = Annotated[str, typer.Option("--request", help="Id of a support request.")]


@contextmanager
def store_session() -> Iterator[Store]:
    """The configured store, closed when the command is done."""
    store = open_store(Settings())
    try:
        yield store
    finally:
        store.close()


def one_line(error: Exception, path: Path | None = None) -> str:
    """An error's message on one line, without the file name it starts with."""
    message = str(error)
    if path is not None:
        message = message.replace(f"{path}: ", "")
    return "; ".join(line.strip() for line in message.splitlines() if line.strip())


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def progress_bar(
    count: ProgressColumn, *, quiet: bool, label: str = "{task.description}"
) -> Progress:
    """A bar that leaves the screen when done: label, bar, `count` and time left;
    silent when the command prints JSON."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        count,
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=quiet,
    )
