"""Connects the test suite to a Neo4j server when one is configured.

Placeholder until the Neo4j backend lands: it always skips, saying why in one line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from graph import GraphStore

REASON = "Neo4j backend tests skipped: the Neo4j backend is not implemented yet"


def status_line() -> str:
    return f"neo4j: {os.environ.get('HUB_TEST_NEO4J_URI') or 'not configured'}"


def fresh_store() -> Iterator[GraphStore]:
    pytest.skip(REASON)
    yield  # pragma: no cover
