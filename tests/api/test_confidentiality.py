"""A Member State never sees another state's confidential request, in any way."""

from __future__ import annotations

import json
from typing import Any

from hub.access import create_key
from hub.domain.keys import Role
from hub.merges import MergeProposal
from hub.store import codec
from tests.api.conftest import Hub

SECRET = "req-somalia-legal-identity"
GHOST = "req-somalia-does-not-exist"


def get(hub: Hub, role: str, path: str) -> tuple[int, str]:
    response = hub.client.get("/api/v1" + path, headers=hub.headers(role))
    return response.status_code, response.text


def unstamped(hub: Hub, role: str, path: str) -> tuple[int, object]:
    """The answer without the stamp of the fit that made it: every write anywhere moves
    the store's revision, which says nothing of what was written."""
    status, body = get(hub, role, path)
    found = json.loads(body)
    if isinstance(found, dict):
        found.pop("model", None)
    return status, found


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


def agree_on(hub: Hub, request: str, candidate: str) -> dict[str, Any]:
    """Accept the queued pairing of a request with a candidate, and agree it."""
    coordinator = hub.headers("coordinator")
    url = f"/api/v1/suggestions/sugg:{request}:{candidate}/accept"
    partnership = hub.client.post(url, json={}, headers=coordinator).json()
    moved = hub.client.post(
        f"/api/v1/partnerships/{partnership['id']}/status",
        json={"status": "agreed"},
        headers=coordinator,
    )
    assert moved.status_code == 200, moved.text
    return dict(moved.json())


def test_similar_initiatives_leave_out_confidential_partnerships(hub: Hub) -> None:
    partnership = agree_on(hub, SECRET, "nrc")["id"]
    for role in ("member_state", "partner"):
        visible = json.loads(get(hub, role, "/requests?limit=200")[1])["items"]
        for request in visible:
            status, body = get(hub, role, f"/requests/{request['id']}/similar?n=50")
            assert status == 200
            assert SECRET not in body and partnership not in body, (role, request["id"])
    status, body = get(hub, "somalia", f"/requests/{SECRET}/similar?n=50")
    assert status == 200 and partnership in body  # its member still finds it


def test_a_reclassified_request_takes_its_partnership_out_of_sight(hub: Hub) -> None:
    request = "req-morocco-migration-data"
    partnership = agree_on(hub, request, "escwa")["id"]
    assert get(hub, "public", f"/partnerships/{partnership}")[0] == 200
    patched = hub.client.patch(
        f"/api/v1/requests/{request}",
        json={"confidentiality": "confidential"},
        headers=hub.headers("member_state"),
    )
    assert patched.status_code == 200
    assert get(hub, "public", f"/partnerships/{partnership}")[0] == 404
    for path in ("/export.json", "/export/partnerships.csv", "/partnerships?limit=200"):
        status, body = get(hub, "public", path)
        assert status == 200 and request not in body, path
    status, body = get(hub, "member_state", f"/partnerships/{partnership}")
    assert status == 200 and json.loads(body)["confidential"] is True  # its member still sees it
    hub.client.patch(
        f"/api/v1/requests/{request}",
        json={"confidentiality": "open_to_partners"},
        headers=hub.headers("member_state"),
    )
    assert get(hub, "public", f"/partnerships/{partnership}")[0] == 200


def totals(hub: Hub, role: str) -> tuple[int, int]:
    ready = json.loads(get(hub, role, "/ready")[1])
    return ready["nodes"], ready["edges"]


def test_public_totals_do_not_count_confidential_requests(hub: Hub) -> None:
    before = {role: totals(hub, role) for role in ("public", "partner", "member_state")}
    staff = totals(hub, "coordinator")
    for country in ("SO", "TV"):  # Tuvalu: a country node only this request points at
        filed = hub.client.post(
            "/api/v1/requests",
            json={"title": "Quiet consular census", "objectives": [4], "countries": [country]},
            headers=hub.headers("somalia"),
        )
        assert filed.status_code == 201 and filed.json()["confidentiality"] == "confidential"
    assert {role: totals(hub, role) for role in before} == before
    assert totals(hub, "coordinator") > staff
    assert get(hub, "public", "/graph/neighbourhood/country:TV")[0] == 401  # analytics need a key
    assert get(hub, "partner", "/graph/neighbourhood/country:TV")[0] == 404


def test_capacity_spent_on_a_confidential_partnership_is_not_shown(hub: Hub) -> None:
    def capacity(role: str) -> list[float]:
        cells = json.loads(get(hub, role, "/analysis/gaps")[1])["cells"]
        return [c["capacity"] for c in cells]

    before = {role: capacity(role) for role in ("public", "partner", "member_state")}
    staff = capacity("coordinator")
    agree_on(hub, SECRET, "nrc")  # its only offer states 2 engagements
    assert {role: capacity(role) for role in before} == before
    assert sum(capacity("coordinator")) < sum(staff)


def test_member_states_read_staff_actors_by_role_not_key(hub: Hub) -> None:
    agree_on(hub, SECRET, "nrc")
    for path in (
        "/suggestions?status=accepted",
        f"/requests/{SECRET}/history",
        "/graph/neighbourhood/somalia?depth=3",
        "/graph/neighbourhood/somalia?depth=3&format=graphml",
    ):
        status, body = get(hub, "somalia", path)
        assert status == 200 and "key-" not in body and "hub coordinator" in body, path
    assert "coordinator:key-" in get(hub, "coordinator", f"/requests/{SECRET}/history")[1]


def test_decisions_on_a_confidential_request_change_no_answer_for_others(hub: Hub) -> None:
    """The shared recommender learns nothing from them (weights, track record, strain,
    conflicts of interest); they still shape the request's own list for its owner."""
    hub.tokens["kenya"] = create_key(hub.store, Role.MEMBER_STATE, "kenya")[1]
    coordinator = hub.headers("coordinator")
    filed = hub.client.post(
        "/api/v1/requests",
        json={
            "title": "Planned relocation from drought-hit counties",
            "text": "Advice on pastoralist mobility in county climate adaptation plans.",
            "objectives": [2, 23],
            "countries": ["KE"],
        },
        headers=hub.headers("kenya"),
    )
    assert filed.json()["confidentiality"] == "confidential"
    secret = filed.json()["id"]
    queued = hub.client.post(f"/api/v1/requests/{secret}/suggestions?n=4", headers=coordinator)
    chosen, full, conflicted, misfit = (s["candidate"] for s in queued.json())
    public_request = "req-kenya-climate-mobility"
    paths = [
        f"/requests/{public_request}/partners?n=20",
        f"/requests/{public_request}/consortium",
        "/requests/req-morocco-migration-data/partners?n=20",
        "/analysis/synergies?region=Africa",
    ]
    callers = ("public", "member_state", "partner")
    before = {(role, path): unstamped(hub, role, path) for role in callers for path in paths}
    agree_on(hub, secret, chosen)
    for candidate, reason in (
        (full, "no_capacity"),
        (conflicted, "conflict_of_interest"),
        (misfit, "wrong_expertise"),
    ):
        rejected = hub.client.post(
            f"/api/v1/suggestions/sugg:{secret}:{candidate}/reject",
            json={"reason": reason},
            headers=coordinator,
        )
        assert rejected.status_code == 200, rejected.text
    assert {
        (role, path): unstamped(hub, role, path) for role in callers for path in paths
    } == before

    def ranked(role: str, path: str) -> list[str]:
        status, body = get(hub, role, path)
        assert status == 200, body
        return [r["candidate"] for r in json.loads(body)["partners"]]

    # The conflict of interest holds for its request alone, which only its owner sees.
    assert conflicted in ranked("member_state", paths[0])
    shown = ranked("kenya", f"/requests/{secret}/partners?n=20")
    assert shown[0] == chosen and not {full, conflicted, misfit} & set(shown)


def test_merge_proposals_stay_with_the_coordinators(hub: Hub) -> None:
    def totals(role: str) -> int:
        nodes: int = hub.client.get("/api/v1/ready", headers=hub.headers(role)).json()["nodes"]
        return nodes

    before = {role: totals(role) for role in ("public", "partner", "member_state", "coordinator")}
    with hub.store.batch() as writer:
        codec.write(
            writer,
            MergeProposal(
                id="merge-iom-undesa", keep="iom", merge="undesa", confidence=0.7, evidence="test"
            ),
        )
    assert totals("coordinator") == before["coordinator"] + 1
    for role in ("public", "partner", "member_state"):
        assert totals(role) == before[role], role
