"""While Neo4j is down the API says so (503), and it recovers by itself when it is back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from hub.demo import load_demo
from hub.domain.settings import Settings
from tests import neo4j_support


@pytest.mark.neo4j
@pytest.mark.slow
@pytest.mark.timeout(400)
@pytest.mark.skipif(not neo4j_support.RESTARTS, reason="set HUB_TEST_NEO4J_RESTART=1")
def test_api_answers_503_while_neo4j_is_down_and_recovers(tmp_path: Path) -> None:
    store = neo4j_support.session_store()
    neo4j_support.wipe()
    load_demo(store)
    with TestClient(create_app(Settings(data_dir=tmp_path), store=store)) as client:
        assert client.get("/api/v1/stakeholders/iom").status_code == 200
        neo4j_support.server("stop")
        try:
            down = client.get("/api/v1/stakeholders/iom")
            assert down.status_code == 503
            assert down.headers["content-type"] == "application/problem+json"
            assert "Neo4j" in down.json()["detail"]
        finally:
            neo4j_support.server("start")
        deadline = time.monotonic() + 60
        while True:  # no restart of the hub: the driver reconnects on its own
            back = client.get("/api/v1/stakeholders/iom")
            if back.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert back.status_code == 200
        assert back.json()["name"] == "International Organization for Migration"
