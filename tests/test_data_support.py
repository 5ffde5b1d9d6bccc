"""Tests that need the real IATI data skip without it, except where CI requires it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import data_support


@pytest.mark.parametrize(("name", "value"), [("CI", "true"), ("HUB_REQUIRE_DATA", "1")])
def test_missing_data_fails_when_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("HUB_REQUIRE_DATA", raising=False)
    monkeypatch.setenv(name, value)
    with pytest.raises(pytest.fail.Exception, match="real IATI data not found"):
        data_support.folder(tmp_path / "absent")
    assert "REQUIRED" in data_support.status_line(tmp_path / "absent")


def test_missing_data_skips_otherwise(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("HUB_REQUIRE_DATA", raising=False)
    with pytest.raises(pytest.skip.Exception, match="real IATI data not found"):
        data_support.folder(tmp_path / "absent")
    assert data_support.folder(tmp_path) == tmp_path
