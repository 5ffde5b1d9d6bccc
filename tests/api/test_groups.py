"""Working groups over HTTP: each endpoint against each role, and the group synergies."""

from __future__ import annotations

from typing import Any

import pytest

from hub import audit
from tests.api.conftest import ROLES, Hub

RABAT = {"slug": "rabat-process", "name": "Rabat Process", "countries": ["MAR", "SEN", "ESP"]}
INITIATIVE = {"title": "Joint data standards", "agreed_on": "2026-10-01"}

# method, path, body, expected status for public, partner (IOM), member_state (Morocco),
# coordinator, admin
MATRIX: list[tuple[str, str, Any, tuple[int, int, int, int, int]]] = [
    ("GET", "/groups", None, (200, 200, 200, 200, 200)),
    ("GET", "/groups/arab-region", None, (200, 200, 200, 200, 200)),
    ("GET", "/groups/atlantis", None, (404, 404, 404, 404, 404)),
    ("GET", "/groups/arab-region/view", None, (200, 200, 200, 200, 200)),
    ("POST", "/groups", RABAT, (401, 403, 403, 201, 201)),
    ("PATCH", "/groups/igad", {"objectives": [2, 7]}, (401, 403, 403, 200, 200)),
    ("POST", "/groups/arab-region/initiatives", INITIATIVE, (401, 403, 201, 201, 201)),
    ("POST", "/groups/igad/initiatives", INITIATIVE, (401, 403, 403, 201, 201)),
    ("GET", "/analysis/synergies?group=arab-region", None, (200, 200, 200, 200, 200)),
    ("GET", "/analysis/synergies?group=igad&with_group=ecowas", None, (200, 200, 200, 200, 200)),
    ("GET", "/analysis/synergies?group=atlantis", None, (404, 404, 404, 404, 404)),
    ("GET", "/analysis/synergies", None, (422, 422, 422, 422, 422)),
    ("GET", "/analysis/synergies?region=Asia&group=igad", None, (422, 422, 422, 422, 422)),
    ("GET", "/analysis/synergies?region=Arab%20States", None, (422, 422, 422, 422, 422)),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "role", "status"),
    [
        pytest.param(method, path, body, role, codes[i], id=f"{method} {path} as {role}")
        for method, path, body, codes in MATRIX
        for i, role in enumerate(ROLES)
    ],
)
def test_group_endpoint_answers_each_role(
    hub: Hub, method: str, path: str, body: Any, role: str, status: int
) -> None:
    response = hub.client.request(method, "/api/v1" + path, headers=hub.headers(role), json=body)
    assert response.status_code == status, response.text


def test_arab_region_synergies_group_morocco_with_oman_and_palestine(hub: Hub) -> None:
    response = hub.client.get(
        "/api/v1/analysis/synergies", params={"group": "arab-region"}, headers=hub.headers("admin")
    )
    states = [{s["id"] for s in p["states"]} for p in response.json()["programmes"]]
    assert any({"morocco", "oman", "palestine"} <= s for s in states)
    assert response.json()["group"] == "arab-region"


def test_the_view_never_shows_a_state_another_states_confidential_request(hub: Hub) -> None:
    def view(role: str) -> dict[str, Any]:
        response = hub.client.get("/api/v1/groups/arab-region/view", headers=hub.headers(role))
        assert response.status_code == 200
        body: dict[str, Any] = response.json()
        return body

    staff, morocco = view("coordinator"), view("member_state")
    assert "req-somalia-legal-identity" in {r["id"] for r in staff["requests"]}
    assert "req-somalia-legal-identity" not in {r["id"] for r in morocco["requests"]}
    synergies = hub.client.get(
        "/api/v1/analysis/synergies?group=arab-region", headers=hub.headers("member_state")
    ).json()["programmes"]
    assert synergies and "somalia" not in {s["id"] for p in synergies for s in p["states"]}
    members = {m["alpha_3"]: m["code"] for m in staff["group"]["members"]}
    assert len(members) == 22 and {"MAR": "MA", "OMN": "OM", "PSE": "PS"}.items() <= members.items()


def test_an_edit_is_audited_and_a_slug_cannot_change(hub: Hub) -> None:
    headers = hub.headers("coordinator")
    edited = hub.client.patch("/api/v1/groups/igad", json={"objectives": [2]}, headers=headers)
    assert edited.json()["objectives"] == [2]
    assert hub.client.get("/api/v1/groups/igad").json()["objectives"] == [2]
    assert [e.action for e in audit.entries(hub.store) if e.subject == "group:igad"] == [
        "group.edited"
    ]
    moved = hub.client.patch("/api/v1/groups/igad", json={"slug": "horn"}, headers=headers)
    assert moved.status_code == 422
    emptied = hub.client.patch("/api/v1/groups/igad", json={"countries": []}, headers=headers)
    assert emptied.status_code == 422 and "countries" in emptied.text
