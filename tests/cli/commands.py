"""Running `gcm-hub` in process as a user would: its JSON answer, or what it refuses."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from cli import app

runner = CliRunner()


def run(*args: str) -> Any:
    """The command's `--json` answer; it must succeed."""
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def fails(*args: str) -> str:
    """What the command says when it refuses: a usage error or the hub's error."""
    result = runner.invoke(app, list(args))
    assert result.exit_code != 0
    return result.output + str(result.exception or "")
