"""`gcm-hub search` as a user runs it, on the demo hub in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.errors import InvalidInput

runner = CliRunner()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HUB_GRAPH_BACKEND", "embedded")
    monkeypatch.chdir(tmp_path)  # no stray .env
    return tmp_path / "data"


def test_search_prints_the_contract_best_first() -> None:
    assert runner.invoke(app, ["demo"]).exit_code == 0
    result = runner.invoke(
        app, ["search", "gestión de fronteras", "--top", "3", "--kind", "offer", "--json"]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert all(set(hit) == {"kind", "id", "title", "score"} for hit in hits)
    assert hits[0] == {
        "kind": "offer",
        "id": "offer-iom-border-management",
        "title": "Integrated border management assessments",
        "score": hits[0]["score"],
    }
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    requests = runner.invoke(app, ["search", "migration", "--kind", "request", "--json"])
    assert {h["kind"] for h in json.loads(requests.stdout)} == {"request"}  # the operator's


def test_a_bad_filter_is_refused_by_name() -> None:
    result = runner.invoke(app, ["search", "borders", "--kind", "memo"])
    assert isinstance(result.exception, InvalidInput)  # `main` prints it as one line
    assert "kind 'memo': expected one of" in str(result.exception)
