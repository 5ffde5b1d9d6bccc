"""The review queue over HTTP: waiting order, pages that follow it, names beside ids."""

from __future__ import annotations

from hub.access import Principal
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, SupportRequest
from hub.review import queue_suggestions
from hub.store import repository
from tests.api.conftest import Hub


def test_pages_follow_the_waiting_order_and_name_what_they_hold(hub: Hub) -> None:
    # the fixture queued Morocco's request, then Somalia's; Egypt's waits least
    queue_suggestions(hub.store, Principal(Role.COORDINATOR), "req-egypt-migrant-information", n=2)
    found, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = hub.client.get(
            "/api/v1/suggestions", params=params, headers=hub.headers("coordinator")
        )
        assert page.status_code == 200, page.text
        found += page.json()["items"]
        if (cursor := page.json()["next_cursor"]) is None:
            break
    requests = [s["request"] for s in found]
    assert list(dict.fromkeys(requests)) == [
        "req-morocco-migration-data",
        "req-somalia-legal-identity",
        "req-egypt-migrant-information",
    ]
    assert [s["rank"] for s in found] == [1, 2, 3, 1, 2, 3, 1, 2]
    for s in found:
        assert s["request_title"] == repository.get(hub.store, SupportRequest, s["request"]).title
        assert s["candidate_name"] == repository.get(hub.store, Stakeholder, s["candidate"]).name
        assert s["requester_name"] == repository.get(hub.store, Stakeholder, s["requester"]).name


def test_a_cursor_the_queue_did_not_give_is_a_422(hub: Hub) -> None:
    answer = hub.client.get(
        "/api/v1/suggestions", params={"cursor": "sugg:x"}, headers=hub.headers("coordinator")
    )
    assert answer.status_code == 422 and "cursor" in answer.text
