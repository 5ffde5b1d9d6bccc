"""`gcm-hub refit` fits the data folder's model now, and only when the store has changed."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli import app
from hub.matchmaking import artifact

runner = CliRunner()


def test_refit_fits_once_per_revision(data_dir: Path) -> None:
    runner.invoke(app, ["demo"])
    first = runner.invoke(app, ["refit"])
    assert first.exit_code == 0, first.output
    stamp = artifact.load_stamp(data_dir / "models")
    assert stamp is not None and f"model {stamp.version}" in first.output
    again = runner.invoke(app, ["refit"])
    assert artifact.load_stamp(data_dir / "models") == stamp  # nothing changed, no fit
    runner.invoke(app, ["requests", "add", "--requester", "morocco", "--title", "Border data"])
    runner.invoke(app, ["refit"])
    newer = artifact.load_stamp(data_dir / "models")
    assert newer is not None and newer.version > stamp.version and again.exit_code == 0
