"""A Member State never sees another state's confidential request, in any way."""

from __future__ import annotations

import json

from tests.api.conftest import Hub

SECRET = "req-somalia-legal-identity"
GHOST = "req-somalia-does-not-exist"


def get(hub: Hub, role: str, path: str) -> tuple[int, str]:
    response = hub.client.get("/api/v1" + path, headers=hub.headers(role))
    return response.status_code, response.text


def test_a_hidden_request_looks_exactly_like_a_missing_one(hub: Hub) -> None:
    for suffix in ("", "/history", "/partners", "/similar", "/funders", "/consortium"):
        hidden = get(hub, "member_state", f"/requests/{SECRET}{suffix}")
        missing = get(hub, "member_state", f"/requests/{GHOST}{suffix}")
        assert hidden[0] == missing[0] == 404
        assert json.loads(hidden[1])["detail"] == json.loads(missing[1])["detail"].replace(
            GHOST, SECRET
        )


def test_no_list_search_count_or_graph_reveals_it(hub: Hub) -> None:
    assert get(hub, "somalia", f"/requests/{SECRET}")[0] == 200  # its owner sees it
    for path in (
        "/requests",
        "/requests?requester=somalia",
        "/requests?objective=4&limit=200",
        "/suggestions?member_state=somalia",
        "/suggestions",
        "/export.json",
        "/graph/neighbourhood/somalia?depth=3",
        "/graph/neighbourhood/country:SO?depth=2",
        "/graph/communities",
        "/graph/centrality?top=200",
        "/partnerships",
    ):
        status, body = get(hub, "member_state", path)
        assert status == 200, path
        assert SECRET not in body, path
    assert get(hub, "member_state", f"/graph/paths?source=somalia&target={SECRET}")[0] == 404
    assert get(hub, "member_state", f"/graph/neighbourhood/{SECRET}")[0] == 404


def test_the_owner_sees_its_own_queue_and_history_but_not_others(hub: Hub) -> None:
    status, body = get(hub, "somalia", "/suggestions?member_state=somalia")
    assert status == 200 and json.loads(body)["items"]
    status, body = get(hub, "somalia", "/suggestions")
    assert all(s["requester"] == "somalia" for s in json.loads(body)["items"])
    status, body = get(hub, "somalia", f"/requests/{SECRET}/history")
    assert status == 200 and [e["action"] for e in json.loads(body)] == ["suggestions.queued"]


def test_an_accepted_confidential_pairing_stays_between_its_members(hub: Hub) -> None:
    suggestion = f"sugg:{SECRET}:"
    queue = hub.client.get(
        "/api/v1/suggestions?member_state=somalia", headers=hub.headers("coordinator")
    ).json()["items"]
    chosen = next(s for s in queue if s["id"].startswith(suggestion))
    accepted = hub.client.post(
        f"/api/v1/suggestions/{chosen['id']}/accept", json={}, headers=hub.headers("coordinator")
    )
    assert accepted.status_code == 200
    partnership = accepted.json()["id"]
    assert get(hub, "somalia", f"/partnerships/{partnership}")[0] == 200
    assert get(hub, "member_state", f"/partnerships/{partnership}")[0] == 404
    assert get(hub, "public", f"/partnerships/{partnership}")[0] == 404
    assert partnership not in get(hub, "public", "/export.json")[1]


def test_gap_counts_leave_hidden_requests_out(hub: Hub) -> None:
    def somalia_cell(role: str) -> int:
        cells = hub.client.get("/api/v1/analysis/gaps", headers=hub.headers(role)).json()["cells"]
        return sum(c["requests"] for c in cells if c["objective"] == 4 and c["area"] == "Africa")

    assert somalia_cell("coordinator") == somalia_cell("member_state") + 1
