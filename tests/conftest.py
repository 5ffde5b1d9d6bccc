"""Shared fixtures: every store test runs once per backend.

The embedded backend always runs. The Neo4j backend runs when `HUB_TEST_NEO4J_URI`
points at a server (`scripts/neo4j-local start` prints one); CI sets
`HUB_REQUIRE_NEO4J=1` so that a missing server fails instead of skipping.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import GraphStore
from graph.sqlite import SqliteGraphStore
from tests import neo4j_support

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
IATI = SHARED_DATA / "iati"


def pytest_report_header() -> str:
    return neo4j_support.status_line()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh, empty store of each backend."""
    if request.param == "embedded":
        embedded = SqliteGraphStore(tmp_path / "hub.db")
        yield embedded
        embedded.close()
    else:
        yield from neo4j_support.fresh_store()


@pytest.fixture
def iati_dir() -> Path:
    if not IATI.is_dir():
        pytest.skip(f"real IATI data not found at {IATI}")
    return IATI
