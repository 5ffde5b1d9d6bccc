"""The `gcm-hub` command line: import, inspect, match and serve the hub."""

from __future__ import annotations

import sys
from importlib import import_module

from rich.text import Text

from cli.common import app, console, one_line
from hub.domain.errors import HubError
from hub.session import StoreError

__all__ = ["app", "main"]

_COMMANDS = (
    "admin",
    "claims",
    "data",
    "export",
    "fund",
    "groups",
    "matching",
    "notifications",
    "organisations",
    "practices",
    "records",
    "retag",
    "review",
    "search",
)
"""Modules of `cli` that register their commands on `app` when imported."""
for _module in _COMMANDS:
    import_module(f"cli.{_module}")


def main() -> None:
    """Entry point: run the CLI and turn hub errors into one readable message."""
    try:
        app()
    except (HubError, StoreError) as error:
        _fail(one_line(error))
    except OSError as error:  # a file named on the command line: the user's to fix
        _fail(f"{error.filename}: {error.strerror}" if error.filename else str(error))


def _fail(message: str) -> None:
    console.print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True)
    sys.exit(1)
