"""The start-up fund through /api/v1/fund, as each role would use it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from hub import audit
from hub.access import create_key
from hub.domain.keys import Role
from tests.api.conftest import Hub

API = "/api/v1/fund"
TODAY = date.today()
CALL = {
    "title": "Labour mobility 2026",
    "opens": str(TODAY - timedelta(days=10)),
    "closes": str(TODAY + timedelta(days=10)),
    "budget": 1_000_000,
    "ceiling": 900_000,
    "objectives": [5, 6],
    "criteria": [{"name": "relevance", "weight": 2}, {"name": "feasibility"}],
}
SCORES = {"scores": {"relevance": 4, "feasibility": 1}, "comments": "clear results"}


@pytest.fixture
def fund(hub: Hub) -> Hub:
    hub.tokens |= {
        "fund_manager": create_key(hub.store, Role.FUND_MANAGER)[1],
        "reviewer": create_key(hub.store, Role.REVIEWER, "oxford-rsc")[1],
        "reviewer_ilo": create_key(hub.store, Role.REVIEWER, "ilo")[1],
        "jordan": create_key(hub.store, Role.MEMBER_STATE, "jordan")[1],
    }
    return hub


def call(hub: Hub, method: str, path: str, role: str, body: Any = None) -> Any:
    response = hub.client.request(method, API + path, headers=hub.headers(role), json=body)
    return response.status_code, response.json()


def test_a_note_from_draft_to_funded_as_each_role_sees_it(fund: Hub) -> None:
    assert call(fund, "POST", "/calls", "public", CALL)[0] == 401
    assert call(fund, "POST", "/calls", "coordinator", CALL)[0] == 403
    status, created = call(fund, "POST", "/calls", "fund_manager", CALL)
    assert status == 201 and created["status"] == "open"
    draft = {"request": "req-fund-jordan-skills", "call": created["id"], "budget": 600_000}
    assert call(fund, "POST", "/notes", "member_state", draft)[0] == 403  # Morocco's key
    status, note = call(fund, "POST", "/notes", "jordan", draft)
    # the demo's partnership for this request brings its members
    assert status == 201 and note["partners"] == ["amman-municipality", "ilo", "iom", "tamkeen"]
    path = f"/notes/{note['id']}"
    assert call(fund, "GET", path, "member_state")[0] == 404
    assert call(fund, "GET", path, "fund_manager")[0] == 404  # a draft is the state's own
    assert call(fund, "PATCH", path, "partner", {"summary": "IOM's words"})[0] == 200
    assert call(fund, "PATCH", path, "partner", {"endorsed": True})[0] == 403
    assert call(fund, "PATCH", path, "jordan", {"results": ["2,000 skills certified"]})[0] == 200
    status, submitted = call(fund, "POST", path + "/submit", "jordan")
    assert status == 200 and submitted["status"] == "submitted"
    assert submitted["failures"] == [
        "endorsement: the requesting government has not endorsed the note"
    ]
    assert submitted["summary"] == "IOM's words"
    assert call(fund, "PATCH", path, "jordan", {"partners": ["ilo"]})[0] == 409

    assert call(fund, "POST", f"/calls/{created['id']}/close", "reviewer")[0] == 403
    assert call(fund, "POST", f"/calls/{created['id']}/close", "fund_manager")[0] == 200
    status, screened = call(fund, "GET", path, "jordan")
    assert screened["status"] == "ineligible"
    assert call(fund, "GET", path, "reviewer")[0] == 404  # ineligible notes are not reviewed


def eligible_note(fund: Hub) -> tuple[str, str]:
    """A note screened eligible for a new call."""
    _, created = call(fund, "POST", "/calls", "fund_manager", CALL)
    draft = {
        "request": "req-fund-jordan-skills",
        "call": created["id"],
        "budget": 600_000,
        "endorsed": True,
    }
    _, note = call(fund, "POST", "/notes", "jordan", draft)
    call(fund, "POST", f"/notes/{note['id']}/submit", "jordan")
    call(fund, "POST", f"/calls/{created['id']}/close", "fund_manager")
    return created["id"], note["id"]


def test_reviews_proposal_and_decision_are_enforced_and_audited(fund: Hub) -> None:
    call_id, note_id = eligible_note(fund)
    path = f"/notes/{note_id}"
    status, seen = call(fund, "GET", path, "reviewer")
    assert status == 200 and seen["status"] == "eligible" and seen["request"] is None
    assert call(fund, "POST", path + "/reviews", "reviewer_ilo", SCORES)[0] == 403
    assert call(fund, "POST", path + "/reviews", "jordan", SCORES)[0] == 403
    status, review = call(fund, "POST", path + "/reviews", "reviewer", SCORES)
    assert status == 201 and review["organisation"] == "oxford-rsc"
    assert call(fund, "GET", path, "jordan")[1]["score"] == pytest.approx(3.0)
    assert len(call(fund, "GET", path + "/reviews", "reviewer")[1]) == 1
    assert call(fund, "GET", path + "/reviews", "reviewer_ilo")[1] == []
    assert call(fund, "GET", path + "/reviews", "jordan")[1] == []

    assert call(fund, "POST", f"/calls/{call_id}/proposal", "reviewer")[0] == 403
    status, proposal = call(fund, "POST", f"/calls/{call_id}/proposal", "fund_manager")
    assert status == 200 and proposal["chosen"] == [note_id]
    assert proposal["notes"][0]["explanation"].startswith("in:")
    # the console words the summary from the counts it is made of
    assert proposal["summary"].startswith(f"1 of {proposal['considered']} notes")
    assert call(fund, "GET", path, "public")[0] == 404

    decision = {"funded": True, "reason": "fills the labour-mobility gap"}
    assert call(fund, "POST", path + "/decision", "reviewer", decision)[0] == 403
    assert call(fund, "POST", path + "/decision", "coordinator", {"funded": True})[0] == 422
    status, decided = call(fund, "POST", path + "/decision", "coordinator", decision)
    assert status == 200 and decided["status"] == "funded"
    assert call(fund, "POST", path + "/decision", "coordinator", decision)[0] == 409
    status, public = call(fund, "GET", path, "public")
    assert status == 200 and public["request"] is None and public["score"] is None
    assert public["decided_by"] is None and public["reason"] == decision["reason"]
    assert call(fund, "GET", path + "/reviews", "public")[1] == []
    [entry] = [e for e in audit.entries(fund.store) if e.action == "fund.note.funded"]
    assert entry.subject == note_id and entry.detail == decision["reason"]
    assert entry.actor.startswith("coordinator:")


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("public", {"note-demo-jordan-skills", "note-demo-egypt-information"}),
        ("member_state", {"note-demo-jordan-skills", "note-demo-morocco-data"}),
        ("reviewer", {"note-demo-jordan-skills", "note-demo-philippines-consular"}),
        ("fund_manager", {"note-demo-morocco-data", "note-demo-philippines-consular"}),
    ],
)
def test_the_demo_pipeline_shows_each_role_what_it_should(
    fund: Hub, role: str, visible: set[str]
) -> None:
    status, page = call(fund, "GET", "/notes?limit=200", role)
    seen = {n["id"] for n in page["items"]}
    assert status == 200 and visible <= seen
    if role == "public":
        assert {n["status"] for n in page["items"]} == {"funded"}
        assert all(n["request"] is None and n["score"] is None for n in page["items"])
    if role == "member_state":  # Morocco: funded notes and its own ineligible one
        assert "note-demo-philippines-consular" not in seen
    if role == "reviewer":
        assert "note-demo-morocco-data" not in seen


def test_only_the_committee_moves_a_funded_programme(fund: Hub) -> None:
    path = "/notes/note-demo-jordan-skills/status"
    body = {"status": "in_implementation", "note": "agreement signed"}
    for role, status in (("public", 401), ("member_state", 403), ("reviewer", 403)):
        assert call(fund, "POST", path, role, body)[0] == status
    assert call(fund, "POST", path, "fund_manager", {"status": "closed"})[0] == 409
    status, moved = call(fund, "POST", path, "fund_manager", body)
    assert status == 200 and moved["status"] == "in_implementation"
