"""A write that meets another writer (a CLI import in another process) waits, then says busy.

The other writer is a second SQLite connection to the hub's file holding the write
lock, which is what a `gcm-hub import` in another process does for the whole file.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.sqlite import SqliteGraphStore
from hub.access import create_key
from hub.domain.keys import Role
from hub.domain.settings import Settings

NGO = {"name": "Patient NGO", "kind": "ngo"}


@pytest.fixture
def hub_db(tmp_path: Path) -> Path:
    return tmp_path / "hub.db"


@contextmanager
def client_on(hub_db: Path, wait: float) -> Iterator[TestClient]:
    store = SqliteGraphStore(hub_db, busy_timeout=wait)
    token = create_key(store, Role.COORDINATOR)[1]
    with TestClient(create_app(Settings(data_dir=hub_db.parent), store=store)) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client
    store.close()


def importing_elsewhere(hub_db: Path) -> sqlite3.Connection:
    other = sqlite3.connect(hub_db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_write_waits_for_the_other_writer_and_then_succeeds(hub_db: Path) -> None:
    with client_on(hub_db, wait=120) as client:
        other = importing_elsewhere(hub_db)
        finish = threading.Timer(0.5, other.execute, ("COMMIT",))
        finish.start()
        created = client.post("/api/v1/stakeholders", json=NGO)
        finish.join()
        other.close()
        assert created.status_code == 201, created.text


def test_a_write_that_waits_too_long_is_a_503_with_retry_after(hub_db: Path) -> None:
    with client_on(hub_db, wait=0.2) as client:
        other = importing_elsewhere(hub_db)
        try:
            refused = client.post("/api/v1/stakeholders", json=NGO)
            read = client.get("/api/v1/stakeholders")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert refused.status_code == 503, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["Retry-After"]) > 0
        assert refused.json()["title"] == "Busy"
        assert "busy with another write" in refused.json()["detail"]
        assert read.status_code == 200  # reads go on meanwhile
        assert client.post("/api/v1/stakeholders", json=NGO).status_code == 201
