"""Every CLI test runs on an embedded store of its own, from a folder with no `.env`."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HUB_GRAPH_BACKEND", "embedded")
    monkeypatch.chdir(tmp_path)  # no stray .env
    return tmp_path / "data"
