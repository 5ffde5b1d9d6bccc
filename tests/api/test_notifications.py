"""Notifications through the API: the webhook contract end to end with `serve`'s own
dispatcher thread, the delivery log and replay, and the console inbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph import GraphStore
from hub.access import create_key
from hub.demo import load_demo
from hub.domain.keys import Role
from hub.domain.settings import Settings
from tests.api.conftest import Hub
from tests.hub.notify_support import receiving

SECRET = "webhook secret for the checks"


@pytest.fixture
def served(
    store: GraphStore, tmp_path: Path
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """A hub whose dispatcher thread runs every 50 ms and may call loopback receivers."""
    load_demo(store)
    headers = {
        name: {"Authorization": f"Bearer {create_key(store, role, who)[1]}"}
        for name, role, who in (
            ("coordinator", Role.COORDINATOR, None),
            ("morocco", Role.MEMBER_STATE, "morocco"),
            ("somalia", Role.MEMBER_STATE, "somalia"),
        )
    }
    settings = Settings(
        data_dir=tmp_path, webhooks_allow_local=True, notify_interval=0.05, webhook_backoff=0
    )
    with TestClient(create_app(settings, store=store)) as client:
        yield client, headers


def _file(client: TestClient, headers: dict[str, str], confidentiality: str) -> str:
    body = {"title": "Diaspora bonds", "objectives": [19], "confidentiality": confidentiality}
    answer = client.post("/api/v1/requests", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def test_the_webhook_contract_end_to_end(
    served: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    client, headers = served
    with receiving(SECRET) as receiver:
        created = client.post(
            "/api/v1/webhooks",
            json={"url": receiver.url, "events": ["request.created"], "secret": SECRET},
            headers=headers["somalia"],
        )
        assert created.status_code == 201, created.text
        hook = created.json()["id"]
        hidden = _file(client, headers["morocco"], "confidential")
        shown = _file(client, headers["morocco"], "open_to_partners")
        receiver.wait_for(1)
        log = client.get(f"/api/v1/webhooks/{hook}/deliveries", headers=headers["somalia"])
        replayed = client.post(
            f"/api/v1/webhooks/{hook}/deliveries/{log.json()[0]['event']}/replay",
            headers=headers["somalia"],
        )
        assert replayed.status_code == 202
        receiver.wait_for(2, distinct=False)
    assert [body["data"]["request"] for body in receiver.bodies] == [shown, shown]
    assert hidden not in str(receiver.bodies)  # somalia may not see morocco's secret one
    assert [d["status"] for d in log.json()] == ["delivered"]
    assert client.get(f"/api/v1/webhooks/{hook}", headers=headers["morocco"]).status_code == 404
    assert client.delete(f"/api/v1/webhooks/{hook}", headers=headers["somalia"]).status_code == 204
    assert client.get("/api/v1/webhooks", headers=headers["somalia"]).json() == []


def test_the_inbox_holds_what_concerns_the_caller(
    served: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    client, headers = served
    secret = _file(client, headers["morocco"], "confidential")

    def inbox(who: str) -> list[dict[str, object]]:
        answer = client.get("/api/v1/inbox", headers=headers[who])
        assert answer.status_code == 200, answer.text
        return list(answer.json())

    (mine,) = inbox("morocco")
    assert (mine["type"], mine["read"]) == ("request.created", False)
    assert [n["data"]["request"] for n in inbox("coordinator")] == [secret]  # type: ignore[index]
    assert inbox("somalia") == []
    assert client.post("/api/v1/inbox/read", json={}, headers=headers["morocco"]).status_code == 200
    assert [n["read"] for n in inbox("morocco")] == [True]
    assert client.get("/api/v1/inbox").status_code == 401


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/", "http://169.254.169.254/latest", "http://[::1]/"]
)
def test_local_webhooks_are_refused_by_default(hub: Hub, url: str) -> None:
    answer = hub.client.post(
        "/api/v1/webhooks",
        json={"url": url, "events": ["*"], "secret": SECRET},
        headers=hub.headers("coordinator"),
    )
    assert answer.status_code == 422
    assert "HUB_WEBHOOKS_ALLOW_LOCAL" in answer.text


def test_subscribing_needs_a_key(hub: Hub) -> None:
    body = {"url": "https://example.org/hook", "events": ["*"], "secret": SECRET}
    assert hub.client.post("/api/v1/webhooks", json=body).status_code == 401
