"""`gcm-hub merges`, with the organisation registry named by HUB_ORGANISATION_FILES."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from tests.data_support import SHARED_DATA

runner = CliRunner()


@pytest.fixture(autouse=True)
def organisation_files(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = SHARED_DATA / "orgs" / "iati3w-org-map.json"
    monkeypatch.setenv("HUB_ORGANISATION_FILES", json.dumps([str(registry)]))


def run_json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_lists_unsure_pairs_and_merges_are_decided_from_the_command_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "offices.xml"
    path.write_text(
        '<?xml version="1.0"?><iati-activities version="2.03">'
        + "".join(
            f"<iati-activity><iati-identifier>{key}</iati-identifier>"
            f'<participating-org role="4"><narrative>{name}</narrative></participating-org>'
            "</iati-activity>"
            for key, name in (("C-1", "world-vision-uk"), ("C-2", "World Vision United Kingdom"))
        )
        + "</iati-activities>"
    )
    run_json("import", "iati", str(path))
    shown = run_json("stakeholders", "show", "world-vision-uk")
    assert shown["kind"] == "ngo"  # type: ignore[index]
    [pending] = run_json("merges", "list", "--status", "pending")  # type: ignore[misc]
    assert pending["confidence"] == 1.0
    [accepted] = run_json("merges", "accept", pending["id"], "--note", "same charity")  # type: ignore[misc]
    assert accepted["status"] == "accepted"
    names = [s["name"] for s in run_json("stakeholders", "list")]  # type: ignore[union-attr]
    assert names == ["World Vision UK"]
    run_json("merges", "revert", pending["id"])
    assert len(run_json("stakeholders", "list")) == 2  # type: ignore[arg-type]
