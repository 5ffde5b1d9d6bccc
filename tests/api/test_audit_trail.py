"""A request's history as each role reads it: actors and subjects by name, and staff's
internal notes on decisions only for staff (`hub.access.Sight`, README: Audit trail)."""

from __future__ import annotations

from typing import Any

import pytest

from hub.access import OPERATOR, create_key
from hub.domain.activities import PartnershipStatus
from hub.domain.keys import Role
from hub.domain.records import Stakeholder
from hub.review import move_partnership
from hub.store import repository
from tests.api.conftest import Hub

REQUEST = "req-morocco-migration-data"
INTERNAL = "internal: their office is short of staff"
Entries = list[dict[str, Any]]


@pytest.fixture
def decided(hub: Hub) -> dict[str, str]:
    """Morocco's queue decided by a coordinator whose key's note names her: the first
    partner accepted, the second rejected with an internal note; the partnership agreed
    by the local operator. The third partner says it is interested, and Morocco accepts
    it. Keys for the three partners."""
    hub.tokens["amina"] = create_key(hub.store, Role.COORDINATOR, note="Amina Diallo")[1]
    queued = hub.client.get(
        "/api/v1/suggestions", params={"member_state": "morocco"}, headers=hub.headers("amina")
    ).json()["items"]
    first, second, third = queued[:3]
    accepted = hub.client.post(
        f"/api/v1/suggestions/{first['id']}/accept",
        json={"note": "good fit, internal"},
        headers=hub.headers("amina"),
    )
    rejected = hub.client.post(
        f"/api/v1/suggestions/{second['id']}/reject",
        json={"reason": "no_capacity", "note": INTERNAL},
        headers=hub.headers("amina"),
    )
    assert accepted.status_code == 200 and rejected.status_code == 200, rejected.text
    move_partnership(hub.store, OPERATOR, accepted.json()["id"], PartnershipStatus.AGREED, "ok")
    paired = {"accepted": first, "rejected": second, "answered": third}
    for who, suggestion in paired.items():
        hub.tokens[who] = create_key(hub.store, Role.PARTNER, suggestion["candidate"])[1]
    for who, side, said in (
        ("answered", "response", {"answer": "interested", "note": "we can start in May"}),
        ("member_state", "consent", {"answer": "accepted", "note": "welcome"}),
    ):
        url = f"/api/v1/suggestions/{third['id']}/{side}"
        answer = hub.client.post(url, json=said, headers=hub.headers(who))
        assert answer.status_code == 200, answer.text
    return {who: suggestion["candidate"] for who, suggestion in paired.items()}


def history(hub: Hub, who: str) -> Entries:
    answer = hub.client.get(f"/api/v1/requests/{REQUEST}/history", headers=hub.headers(who))
    assert answer.status_code == 200, answer.text
    entries: Entries = answer.json()
    return entries


def one(entries: Entries, action: str) -> dict[str, Any]:
    (entry,) = [e for e in entries if e["action"] == action]
    return entry


def name(hub: Hub, stakeholder: str) -> str:
    return repository.get(hub.store, Stakeholder, stakeholder).name


def test_staff_read_every_note_and_the_holder_of_each_key(
    hub: Hub, decided: dict[str, str]
) -> None:
    entries = history(hub, "coordinator")
    rejected = one(entries, "suggestion.rejected")
    assert rejected["detail"] == f"no_capacity: {INTERNAL}"
    assert rejected["subject_name"] == name(hub, decided["rejected"])
    assert (rejected["actor_name"], rejected["actor_role"]) == ("Amina Diallo", None)
    assert rejected["actor"].startswith("coordinator:key-")  # the id stays in the JSON
    assert one(entries, "suggestion.accepted")["detail"] == "good fit, internal"
    agreed = one(entries, "partnership.agreed")
    assert (agreed["actor_name"], agreed["actor_role"]) == ("Local operator", "operator")
    assert agreed["subject_name"].endswith(name(hub, decided["accepted"]))
    queued = one(entries, "suggestions.queued")  # by a key the store does not hold
    assert (queued["actor_name"], queued["actor_role"]) == ("hub coordinator", "coordinator")


def test_the_requester_reads_decisions_and_reasons_but_no_internal_note(
    hub: Hub, decided: dict[str, str]
) -> None:
    entries = history(hub, "member_state")
    rejected = one(entries, "suggestion.rejected")
    assert rejected["detail"] == "no_capacity"
    assert rejected["subject_name"] == name(hub, decided["rejected"])
    staff = {
        (e["actor_name"], e["actor_role"])
        for e in entries
        if not e["actor"].startswith(("partner", "member"))
    }
    assert staff == {("hub coordinator", "coordinator"), ("hub administrator", "admin")}
    assert one(entries, "suggestion.accepted")["detail"] == ""
    assert one(entries, "partnership.agreed")["detail"] == ""
    assert one(entries, "suggestions.queued")["detail"] == "3 suggestions"
    interested = one(entries, "partner.interested")  # one side's words, for the other
    assert "we can start in May" in interested["detail"]
    assert interested["actor_name"] == name(hub, decided["answered"])
    assert interested["actor_role"] is None
    body = str(entries)
    assert "internal" not in body and "key-" not in body and "Amina" not in body
    queue = hub.client.get(
        "/api/v1/suggestions", params={"status": "rejected"}, headers=hub.headers("member_state")
    ).json()["items"]
    assert [(s["reason"], s["note"]) for s in queue] == [("no_capacity", "")]


def test_a_requesters_own_edit_is_named_after_it(hub: Hub, decided: dict[str, str]) -> None:
    edited = hub.client.patch(
        f"/api/v1/requests/{REQUEST}",
        json={"text": "Now with data"},
        headers=hub.headers("member_state"),
    )
    assert edited.status_code == 200, edited.text
    for who in ("coordinator", "member_state"):
        updated = one(history(hub, who), "request.updated")
        assert (updated["actor"], updated["actor_name"]) == ("member_state:morocco", "Morocco")


@pytest.mark.parametrize(
    ("who", "mine"),
    [
        ("accepted", {"suggestion.accepted", "partnership.agreed"}),
        ("rejected", set()),  # the coordinator's to tell, as on its proposals
        ("answered", {"partner.interested"}),  # not the requester's answer
    ],
)
@pytest.mark.usefixtures("decided")
def test_a_partner_reads_only_what_concerns_it(hub: Hub, who: str, mine: set[str]) -> None:
    entries = history(hub, who)
    assert {e["action"] for e in entries} == mine
    assert all(e["subject_name"] for e in entries)
    assert "internal" not in str(entries) and "key-" not in str(entries)


@pytest.mark.usefixtures("decided")
def test_other_roles_read_no_history(hub: Hub) -> None:
    hub.tokens["fund"] = create_key(hub.store, Role.FUND_MANAGER)[1]
    for who in ("public", "fund"):
        url = f"/api/v1/requests/{REQUEST}/history"
        assert hub.client.get(url, headers=hub.headers(who)).status_code == 404
