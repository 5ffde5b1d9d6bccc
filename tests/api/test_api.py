"""API conventions: problems, pagination, keys, uploads."""

from __future__ import annotations

from hub.access import create_key, revoke_key
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, StakeholderKind, SupportRequest
from hub.store import repository
from tests.api.conftest import Hub, finished_job
from tests.store_support import put


def test_pages_are_bounded_and_chain_by_cursor(hub: Hub) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        page = hub.client.get("/api/v1/stakeholders", params=params).json()
        assert len(page["items"]) <= 7
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 90
    assert hub.client.get("/api/v1/stakeholders?limit=100000").status_code == 422


def test_validation_problems_name_the_field(hub: Hub) -> None:
    response = hub.client.post(
        "/api/v1/requests",
        headers=hub.headers("member_state"),
        json={"title": "Data", "objectives": [24], "countries": ["Narnia"]},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert "objectives.0" in detail and "countries.0" in detail and "Narnia" in detail


def test_unknown_and_revoked_keys_are_refused(hub: Hub) -> None:
    bad = hub.client.get("/api/v1/stakeholders", headers={"X-API-Key": "gcm_nope"})
    assert bad.status_code == 401 and bad.json()["detail"] == "unknown API key"
    key, token = create_key(hub.store, Role.COORDINATOR, note="temp")
    assert hub.client.get("/api/v1/suggestions", headers={"X-API-Key": token}).status_code == 200
    revoke_key(hub.store, key.id)
    refused = hub.client.get("/api/v1/suggestions", headers={"X-API-Key": token})
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]


def test_member_state_requests_are_filed_in_its_own_name(hub: Hub) -> None:
    created = hub.client.post(
        "/api/v1/requests",
        headers=hub.headers("member_state"),
        json={"requester": "somalia", "title": "Remittance corridors", "objectives": [20]},
    )
    assert created.status_code == 201 and created.json()["requester"] == "morocco"


def test_bad_upload_names_the_file_and_stores_nothing(hub: Hub) -> None:
    before = hub.client.get("/api/v1/ready").json()
    headers = hub.headers("coordinator")
    response = hub.client.post(
        "/api/v1/import/iati",
        headers=headers,
        files={"file": ("hostile.xml", b'<!DOCTYPE x [<!ENTITY a "b">]><iati-activities/>')},
    )
    job = finished_job(hub.client, response, headers)
    assert job["status"] == "failed" and job["result"] is None
    assert job["problem"]["status"] == 422 and job["problem"]["title"] == "InvalidInput"
    assert job["problem"]["detail"].startswith("hostile.xml: line 1: refused")
    assert hub.client.get("/api/v1/ready").json() == before


def test_graphml_export_opens_as_xml(hub: Hub) -> None:
    response = hub.client.get(
        "/api/v1/graph/neighbourhood/iom?format=graphml", headers=hub.headers("partner")
    )
    assert response.headers["content-type"].startswith("application/graphml+xml")
    assert response.text.startswith("<?xml")
    csv = hub.client.get("/api/v1/export/stakeholders.csv")
    assert csv.text.splitlines()[0].startswith("id,name,aliases,kind")


def test_a_pairing_with_long_ids_still_gets_an_id(hub: Hub) -> None:
    """Found by schemathesis: `sugg:<request>:<candidate>` outgrew the 300-character id.

    Ids of stakeholders created through the API are short; imports name them after
    the organisation, and a long name makes a long id.
    """
    coordinator = hub.headers("coordinator")
    request = repository.get(hub.store, SupportRequest, "req-morocco-migration-data")
    long_id = "ngo-" + "x" * 290
    put(
        hub.store,
        Stakeholder(
            id=long_id,
            name="An NGO with a long id",
            kind=StakeholderKind.NGO,
            objectives=request.objectives,
            countries=request.countries,
            description=request.text,
        ),
    )
    queued = hub.client.post(
        "/api/v1/requests/req-morocco-migration-data/suggestions?n=20", headers=coordinator
    )
    assert queued.status_code == 201, queued.text
    mine = next(s for s in queued.json() if s["candidate"] == long_id)
    assert len(mine["id"]) <= 300
    accepted = hub.client.post(
        f"/api/v1/suggestions/{mine['id']}/accept", json={}, headers=coordinator
    )
    assert accepted.status_code == 200, accepted.text
    assert len(accepted.json()["id"]) <= 300 and long_id in accepted.json()["members"]
