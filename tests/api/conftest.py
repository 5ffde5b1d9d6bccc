"""An API client on the demo hub, with one key per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph import GraphStore
from hub.access import Principal, Role, create_key
from hub.claims import file_claim
from hub.demo import load_demo
from hub.review import queue_suggestions
from hub.settings import Settings

ROLES = ["public", "partner", "member_state", "coordinator", "admin"]
IOM_ALIASES = ["IOM", "OIM", "المنظمة الدولية للهجرة"]


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
