"""Connects the test suite to a Neo4j server when one is configured.

`scripts/neo4j-local start` runs one and prints its URI; then
`HUB_TEST_NEO4J_URI=bolt://127.0.0.1:7687 pytest` runs every store test on it too.
User and password come from `HUB_TEST_NEO4J_USER` / `HUB_TEST_NEO4J_PASSWORD`
(defaults: the script's). Without a URI the Neo4j cases skip, all with the one reason
that the report header also prints; with `HUB_REQUIRE_NEO4J=1` (CI) they fail instead.
One store, and so one driver, serves the whole session; each test starts on a wiped
database.
"""

from __future__ import annotations

import atexit
import functools
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from neo4j import Driver, GraphDatabase

from graph import StoreUnavailable
from graph.neo4j import Neo4jGraphStore

DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "hub-test-password"  # scripts/neo4j-local's default
NOT_CONFIGURED = (
    "Neo4j tests skipped: HUB_TEST_NEO4J_URI is not set"
    " (run scripts/neo4j-local start, needs Java 17 and Maven)"
)


def credentials() -> tuple[str, str]:
    return (
        os.environ.get("HUB_TEST_NEO4J_USER", DEFAULT_USER),
        os.environ.get("HUB_TEST_NEO4J_PASSWORD", DEFAULT_PASSWORD),
    )


def uri() -> str | None:
    return os.environ.get("HUB_TEST_NEO4J_URI") or None


def required() -> bool:
    return os.environ.get("HUB_REQUIRE_NEO4J") == "1"


def status_line() -> str:
    address = uri()
    if address is None:
        return ("neo4j: REQUIRED but " if required() else "neo4j: ") + NOT_CONFIGURED
    return f"neo4j: {address}"


@functools.cache
def _connect() -> Neo4jGraphStore | str:
    """The session's store, or why there is none (asked once, so every skip says the same)."""
    address = uri()
    if address is None:
        return NOT_CONFIGURED
    try:
        store = Neo4jGraphStore(address, *credentials())
    except StoreUnavailable as error:
        return "Neo4j tests skipped: " + " ".join(str(error).split())
    atexit.register(store.close)
    return store


def session_store() -> Neo4jGraphStore:
    """The shared store as it is, or skip (fail under HUB_REQUIRE_NEO4J=1) saying why."""
    store = _connect()
    if isinstance(store, str):
        if required():
            pytest.fail(f"HUB_REQUIRE_NEO4J=1: {store}", pytrace=False)
        pytest.skip(store)
    return store


@functools.cache
def admin() -> Driver:
    """A driver of the tests' own, for wiping and inspecting behind the store's back."""
    driver = GraphDatabase.driver(uri() or "", auth=credentials())
    atexit.register(driver.close)
    return driver


def wipe() -> None:
    admin().execute_query("MATCH (n) DETACH DELETE n")


def fresh_store() -> Iterator[Neo4jGraphStore]:
    store = session_store()
    wipe()
    yield store


RESTARTS = os.environ.get("HUB_TEST_NEO4J_RESTART") == "1"
"""Tests that stop and start the real server run only when asked (30-90 s each)."""


def server(command: str) -> str:
    """Run `scripts/neo4j-local COMMAND` for the server the tests use."""
    port = str(urlparse(uri() or "").port or 7687)
    done = subprocess.run(
        [str(Path(__file__).resolve().parents[1] / "scripts" / "neo4j-local"), command],
        env={**os.environ, "HUB_NEO4J_PORT": port},
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return done.stdout
