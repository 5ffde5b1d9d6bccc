"""An API client on the demo hub, with one key per role."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph import GraphStore
from hub.access import Principal, create_key
from hub.claims import file_claim
from hub.demo import load_demo
from hub.domain.keys import Role
from hub.domain.settings import Settings
from hub.review import queue_suggestions

ROLES = ["public", "partner", "member_state", "coordinator", "admin"]
IOM_ALIASES = ["IOM", "OIM", "المنظمة الدولية للهجرة"]
JOB_DEADLINE = 300.0
"""Seconds after which a job still unfinished is taken to be stuck."""


def finished_job(
    client: TestClient | httpx.Client, queued: httpx.Response, headers: Mapping[str, str]
) -> dict[str, Any]:
    """Follow a 202's `Location` until its job is done or failed."""
    assert queued.status_code == 202, queued.text
    deadline = time.monotonic() + JOB_DEADLINE
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(queued.headers["Location"], headers=headers).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {queued.json()['id']} did not finish")


@dataclass
class Hub:
    client: TestClient
    store: GraphStore
    tokens: dict[str, str]
    suggestion: str
    claim: str

    def headers(self, role: str) -> dict[str, str]:
        token = self.tokens.get(role)
        return {"Authorization": f"Bearer {token}"} if token else {}


@pytest.fixture
def hub(store: GraphStore, tmp_path: Path) -> Iterator[Hub]:
    load_demo(store)
    tokens = {
        "partner": create_key(store, Role.PARTNER, "iom")[1],
        "member_state": create_key(store, Role.MEMBER_STATE, "morocco")[1],
        "somalia": create_key(store, Role.MEMBER_STATE, "somalia")[1],
        "coordinator": create_key(store, Role.COORDINATOR)[1],
        "admin": create_key(store, Role.ADMIN)[1],
    }
    coordinator = Principal(Role.COORDINATOR, key="setup")
    queued = queue_suggestions(store, coordinator, "req-morocco-migration-data", n=3)
    queue_suggestions(store, coordinator, "req-somalia-legal-identity", n=3)
    claim = file_claim(
        store, Principal(Role.PARTNER, "iom"), "iom", {"aliases": [*IOM_ALIASES, "UN Migration"]}
    )
    app = create_app(Settings(data_dir=tmp_path), store=store)
    with TestClient(app) as client:
        yield Hub(client, store, tokens, queued[0].id, claim.id)
