"""Connects the test suite to the real IATI data beside the checkout (`../shared/data`).

Without it the tests that need it skip, all with one reason; under `CI=true` or
`HUB_REQUIRE_DATA=1` they fail instead, so a CI run never passes without the quality
guards that only real data can hold (as `HUB_REQUIRE_NEO4J=1` does for Neo4j).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
IATI = SHARED_DATA / "iati"


def required() -> bool:
    return os.environ.get("HUB_REQUIRE_DATA") == "1" or os.environ.get("CI") == "true"


def status_line(folder: Path = IATI) -> str:
    if folder.is_dir():
        return f"data: {folder}"
    return ("data: REQUIRED but " if required() else "data: ") + f"not found at {folder}"


def folder(path: Path = IATI) -> Path:
    """`path` when it is there, else skip (fail under CI or HUB_REQUIRE_DATA=1) saying why."""
    if path.is_dir():
        return path
    reason = f"real IATI data not found at {path} (see README, Data)"
    if required():
        pytest.fail(f"HUB_REQUIRE_DATA=1 or CI=true: {reason}", pytrace=False)
    pytest.skip(reason)
