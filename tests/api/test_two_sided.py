"""Two-sided review over HTTP: who may answer which pairing, what a partner is shown,
and problems that name the field."""

from __future__ import annotations

from typing import Any

import pytest

from hub.access import create_key
from hub.domain.activities import Suggestion
from hub.domain.keys import Role
from hub.store import repository
from tests.api.conftest import Hub

SECRET_REQUEST = "req-somalia-legal-identity"


def _post(hub: Hub, path: str, body: Any, headers: dict[str, str]) -> tuple[int, Any]:
    response = hub.client.post(f"/api/v1{path}", json=body, headers=headers)
    return response.status_code, response.json()


def _partner(hub: Hub, suggestion: str) -> dict[str, str]:
    """Headers of a key for the suggestion's proposed partner."""
    candidate = repository.get(hub.store, Suggestion, suggestion).candidate
    return {"Authorization": f"Bearer {create_key(hub.store, Role.PARTNER, candidate)[1]}"}


def _secret(hub: Hub) -> Suggestion:
    return next(
        s for s in repository.list_records(hub.store, Suggestion) if s.request == SECRET_REQUEST
    )


def test_a_state_answers_for_its_own_requests_only(hub: Hub) -> None:
    path = f"/suggestions/{hub.suggestion}/consent"
    status, problem = _post(hub, path, {"answer": "accepted"}, hub.headers("somalia"))
    assert status == 403 and "not 'somalia''s to answer" in problem["detail"]
    secret = f"/suggestions/{_secret(hub).id}/consent"
    status, _ = _post(hub, secret, {"answer": "accepted"}, hub.headers("member_state"))
    assert status == 404
    status, problem = _post(hub, path, {"answer": "declined"}, hub.headers("member_state"))
    assert status == 422 and [e["where"] for e in problem["errors"]] == ["body.reason"]
    body = {"answer": "declined", "reason": "not_in_region", "note": "closer partners"}
    status, declined = _post(hub, path, body, hub.headers("member_state"))
    assert status == 200 and declined["status"] == "rejected"
    assert declined["requester_answer"]["note"] == "closer partners"
    status, problem = _post(hub, path, {"answer": "accepted"}, hub.headers("member_state"))
    assert status == 409 and "already rejected" in problem["detail"]


def test_the_coordinators_queue_shows_both_sides(hub: Hub) -> None:
    partner = _partner(hub, hub.suggestion)
    _post(
        hub,
        f"/suggestions/{hub.suggestion}/consent",
        {"answer": "accepted"},
        hub.headers("member_state"),
    )
    _post(hub, f"/suggestions/{hub.suggestion}/response", {"answer": "interested"}, partner)
    queue = hub.client.get("/api/v1/suggestions", headers=hub.headers("coordinator")).json()
    [shown] = [s for s in queue["items"] if s["id"] == hub.suggestion]
    assert shown["requester_answer"]["kind"] == "accepted"
    assert shown["partner_answer"]["kind"] == "interested"


def test_a_partner_reads_and_answers_its_proposals(hub: Hub) -> None:
    partner = _partner(hub, hub.suggestion)
    listed = hub.client.get("/api/v1/proposals", headers=partner).json()["items"]
    assert hub.suggestion in {p["suggestion"] for p in listed}
    assert all(p["request"] != SECRET_REQUEST for p in listed)
    assert not {"note", "decided_by", "score", "requester_answer"} & set(listed[0])
    one = hub.client.get(f"/api/v1/proposals/{hub.suggestion}", headers=partner)
    assert one.status_code == 200 and one.json()["suggestion"] == hub.suggestion
    staff = hub.client.get(
        f"/api/v1/proposals/{hub.suggestion}", headers=hub.headers("coordinator")
    )
    assert staff.status_code == 403
    path = f"/suggestions/{hub.suggestion}"
    status, asked = _post(hub, f"{path}/questions", {"text": "Which cities?"}, partner)
    assert status == 201 and [q["text"] for q in asked["questions"]] == ["Which cities?"]
    status, problem = _post(hub, f"{path}/questions", {"text": " "}, partner)
    assert status == 422 and problem["errors"][0]["where"] == "body.text"
    status, problem = _post(hub, f"{path}/response", {"answer": "accepted"}, partner)
    assert status == 422 and problem["errors"][0]["where"] == "body.answer"
    body = {"answer": "declined", "reason": "no_capacity", "note": "booked until June"}
    status, declined = _post(hub, f"{path}/response", body, partner)
    assert status == 200 and declined["status"] == "rejected"
    assert declined["answer"]["reason"] == "no_capacity"


@pytest.mark.parametrize(
    ("role", "refused"), [("member_state", 403), ("coordinator", 403), ("partner", 404)]
)
def test_only_the_proposed_partner_may_respond(hub: Hub, role: str, refused: int) -> None:
    """Other roles are refused; to another partner the pairing is as missing as none."""
    headers = hub.headers(role)
    if role == "partner":  # a partner other than the one proposed
        candidate = repository.get(hub.store, Suggestion, hub.suggestion).candidate
        other = "unodc" if candidate != "unodc" else "iom"
        headers = {"Authorization": f"Bearer {create_key(hub.store, Role.PARTNER, other)[1]}"}
    path = f"/suggestions/{hub.suggestion}/response"
    status, problem = _post(hub, path, {"answer": "interested"}, headers)
    assert status == refused, problem
    missing = _post(
        hub, "/suggestions/sugg:req-none:none/response", {"answer": "interested"}, headers
    )
    if role == "partner":
        assert problem["detail"].replace(hub.suggestion, "X") == missing[1]["detail"].replace(
            "sugg:req-none:none", "X"
        )


def test_a_confidential_requests_pairing_stays_hidden_from_its_partner(hub: Hub) -> None:
    secret = _secret(hub)
    partner = _partner(hub, secret.id)
    listed = hub.client.get("/api/v1/proposals", headers=partner).json()["items"]
    assert secret.id not in {p["suggestion"] for p in listed}
    status, _ = _post(hub, f"/suggestions/{secret.id}/response", {"answer": "interested"}, partner)
    assert status == 404
