"""The demo hub with planted confidential records, and the nine callers who look at it.

The records are planted through the API, as the people involved would: Morocco files a
confidential request whose title and text carry words found nowhere else and a random
marker; a coordinator queues suggestions and accepts one (a confidential partnership);
Morocco files a second request open to partners, a coordinator pairs it, and Morocco
then reclassifies it as confidential. Every step leaves audit entries by the
coordinator's key. Callers who may not see any of it: Somalia, two partners that are
not members of the planted partnerships, the public, a revoked and a malformed key.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from graph.sqlite import SqliteGraphStore
from hub.access import create_key, revoke_key
from hub.demo import load_demo
from hub.domain.keys import Role

__all__ = ["SEERS", "Planted", "build_hub", "finish", "plant"]

API = "/api/v1"
OWNER, OTHER_STATE = "morocco", "somalia"
PARTNERS = ("iom", "unodc")
SEERS = ("admin", "coordinator", "morocco")
"""Callers who may see the planted records; the other six may not."""
_JOB_WAIT_S = 600.0


@dataclass
class Planted:
    """What was planted: everything a caller who may not see it must never be shown."""

    marker: str
    words: list[str]
    requests: list[str] = field(default_factory=list)
    partnerships: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    coordinator_key: str = ""

    def secrets(self) -> list[str]:
        return [
            self.marker,
            *self.words,
            *self.requests,
            *self.partnerships,
            *self.suggestions,
            self.coordinator_key,
        ]


def build_hub(data_dir: Path) -> dict[str, dict[str, str]]:
    """The demo hub on disk and a header set per caller (anonymous sends none)."""
    store = SqliteGraphStore(data_dir / "hub.db")
    try:
        load_demo(store)
        tokens = {
            "admin": create_key(store, Role.ADMIN)[1],
            "coordinator": create_key(store, Role.COORDINATOR)[1],
            OWNER: create_key(store, Role.MEMBER_STATE, OWNER)[1],
            OTHER_STATE: create_key(store, Role.MEMBER_STATE, OTHER_STATE)[1],
            **{name: create_key(store, Role.PARTNER, name)[1] for name in PARTNERS},
        }
        revoked, tokens["revoked"] = create_key(store, Role.PARTNER, PARTNERS[0])
        revoke_key(store, revoked.id)
    finally:
        store.close()
    headers = {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}
    headers["anonymous"] = {}
    headers["malformed"] = {"Authorization": "Bearer gcm_notakey_" + "x" * 43}
    return headers


def _ok(response: httpx.Response) -> Any:
    if response.status_code >= 300:
        raise RuntimeError(f"planting failed: {response.request.url} {response.text[:300]}")
    return response.json()


def _pair(client: TestClient, coordinator: dict[str, str], request: str, planted: Planted) -> None:
    """Queue suggestions for a request and accept one whose partner is not a watcher."""
    queued = _ok(client.post(f"{API}/requests/{request}/suggestions?n=6", headers=coordinator))
    planted.suggestions += [s["id"] for s in queued]
    chosen = next(s for s in queued if s["candidate"] not in PARTNERS)
    accepted = _ok(
        client.post(f"{API}/suggestions/{chosen['id']}/accept", json={}, headers=coordinator)
    )
    planted.partnerships.append(accepted["id"])


def _file(
    client: TestClient, owner: dict[str, str], title: str, text: str, confidentiality: str
) -> str:
    body = {"objectives": [1, 6], "countries": ["MA"], "title": title, "text": text}
    filed = client.post(
        f"{API}/requests", headers=owner, json={**body, "confidentiality": confidentiality}
    )
    request_id: str = _ok(filed)["id"]
    return request_id


def plant(client: TestClient, headers: dict[str, dict[str, str]]) -> Planted:
    marker = f"zq{secrets.token_hex(8)}"
    planted = Planted(marker, ["Quokkaverse", "Zephyrine", "Tamariskian", "Heronsbridge"])
    owner, coordinator = headers[OWNER], headers["coordinator"]
    secret = _file(
        client,
        owner,
        f"Quokkaverse Zephyrine ledger {marker}",
        f"Zephyrine labour migration statistics across ministries {marker}.",
        "confidential",
    )
    shared = _file(
        client,
        owner,
        f"Tamariskian Heronsbridge registry {marker}",
        f"Heronsbridge civil registry and legal identity {marker}.",
        "open_to_partners",
    )
    for request in (secret, shared):
        planted.requests.append(request)
        _pair(client, coordinator, request, planted)
    reclassify = {"confidentiality": "confidential"}
    _ok(client.patch(f"{API}/requests/{shared}", headers=owner, json=reclassify))
    # the key's id, as audit entries name their actor: `gcm_<id>_<secret>`
    planted.coordinator_key = "key-" + coordinator["Authorization"].split("_")[1]
    return planted


def finish(client: httpx.Client | TestClient, response: httpx.Response) -> httpx.Response:
    """An upload's final answer: a 202's job followed to its end, or the answer itself."""
    location = response.headers.get("location")
    if response.status_code != 202 or not location:
        return response
    deadline = time.monotonic() + _JOB_WAIT_S
    headers = {"Authorization": response.request.headers.get("authorization", "")}
    while True:
        job = client.get(location, headers=headers)
        body = job.json() if job.status_code == 200 else {}
        if job.status_code != 200 or body.get("status") in ("done", "failed"):
            return job
        if time.monotonic() > deadline:
            raise RuntimeError(f"job {location} still {body.get('status')} after {_JOB_WAIT_S} s")
        time.sleep(0.2)
