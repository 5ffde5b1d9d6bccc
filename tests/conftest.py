"""Shared fixtures: every store test runs once per backend.

The embedded backend always runs. The Neo4j backend runs when `HUB_TEST_NEO4J_URI`
points at a server (`scripts/neo4j-local start` prints one); CI sets
`HUB_REQUIRE_NEO4J=1` so that a missing server fails instead of skipping, and
`HUB_REQUIRE_DATA=1` so that missing real IATI data does too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from graph import GraphStore
from graph.sqlite import SqliteGraphStore
from tests import data_support, neo4j_support

settings.register_profile("hub", deadline=None)
settings.load_profile("hub")
"""Speed is measured by the benchmarks, never asserted by a test: no property fails
for an example that a loaded machine ran slowly (hypothesis's default is 200 ms)."""


def pytest_report_header() -> list[str]:
    return [neo4j_support.status_line(), data_support.status_line()]


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
    return data_support.folder()
