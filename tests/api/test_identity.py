"""A partner cannot take another organisation's identity, nor an id the hub would give.

Regressions of issue 12, break 4: a partner's own alias, IATI ref or kind captured
imports and "named in the request" credit; a caller-chosen offer id broke the review of
a request; and a taken id answered differently from an unused one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hub.access import create_key
from hub.domain.keys import Role
from hub.imports.importer import import_file
from hub.matchmaking.partners import recommend_partners
from hub.review import suggestion_id
from tests.api.conftest import Hub

TAKEN = ("name", "UNOPS"), ("aliases", ["UNOPS"]), ("kind", "un_entity")
UNOPS_REF = {"scheme": "iati-org", "value": "XM-DAC-41502"}


def partner(hub: Hub, stakeholder: str = "tamkeen") -> dict[str, str]:
    return {"Authorization": f"Bearer {create_key(hub.store, Role.PARTNER, stakeholder)[1]}"}


@pytest.mark.parametrize(
    ("field", "value"), [*TAKEN, ("external_ids", [UNOPS_REF])], ids=lambda v: str(v)[:12]
)
def test_a_partner_cannot_edit_its_own_identity(hub: Hub, field: str, value: object) -> None:
    before = hub.client.get("/api/v1/stakeholders/tamkeen").json()
    response = hub.client.patch(
        "/api/v1/stakeholders/tamkeen", headers=partner(hub), json={field: value}
    )
    assert response.status_code == 422, response.text
    assert field in response.json()["detail"]
    assert hub.client.get("/api/v1/stakeholders/tamkeen").json() == before


def test_descriptive_fields_stay_the_partners_own(hub: Hub) -> None:
    response = hub.client.patch(
        "/api/v1/stakeholders/tamkeen",
        headers=partner(hub),
        json={"description": "Legal aid in Amman", "countries": ["JO"], "objectives": [6]},
    )
    assert response.status_code == 200, response.text
    assert response.json()["countries"] == ["JO"] and response.json()["objectives"] == [6]


def test_a_partners_attempt_captures_neither_imports_nor_named_credit(
    hub: Hub, tmp_path: Path
) -> None:
    headers = partner(hub)
    for field, value in [*TAKEN, ("external_ids", [UNOPS_REF])]:
        hub.client.patch("/api/v1/stakeholders/tamkeen", headers=headers, json={field: value})
    xml = tmp_path / "unops.xml"
    xml.write_text(
        '<iati-activities version="2.03"><iati-activity><iati-identifier>XM-1</iati-identifier>'
        "<title><narrative>Border posts</narrative></title>"
        '<participating-org role="4" ref="XM-DAC-41502"><narrative>UNOPS</narrative>'
        "</participating-org></iati-activity></iati-activities>"
    )
    import_file(hub.store, xml)
    [implementer] = [e.source for e in hub.store.edges("IMPLEMENTED") if e.target == "XM-1"]
    assert implementer != "tamkeen"
    created = hub.client.post(
        "/api/v1/requests",
        headers=hub.headers("member_state"),
        json={"title": "Border management with UNOPS", "text": "UNOPS", "objectives": [11]},
    )
    named = {
        r.candidate
        for r in recommend_partners(hub.store, created.json()["id"], n=50)
        if "named in the request" in r.evidence
    }
    assert "tamkeen" not in named


def test_a_partners_offer_cannot_take_the_ids_of_a_review(hub: Hub) -> None:
    """Offers with the ids of a suggestion and its partnership once broke queueing and accepting."""
    request = "req-morocco-migration-data"
    taken = [suggestion_id(request, "iom"), f"partnership:{request}:iom"]
    for offer_id in taken:
        hub.client.post(
            "/api/v1/offers",
            headers=hub.headers("partner"),
            json={"id": offer_id, "provider": "iom", "title": "Data systems"},
        )
    coordinator = hub.headers("coordinator")
    assert all(hub.store.node(i) is None or hub.store.node(i).label != "Offer" for i in taken)  # type: ignore[union-attr]
    queued = hub.client.post(f"/api/v1/requests/{request}/suggestions?n=20", headers=coordinator)
    assert queued.status_code == 201, queued.text
    for suggestion in queued.json():
        accepted = hub.client.post(
            f"/api/v1/suggestions/{suggestion['id']}/accept", json={}, headers=coordinator
        )
        assert accepted.status_code == 200, accepted.text


@pytest.mark.parametrize(
    ("path", "role", "body"),
    [
        ("/offers", "partner", {"provider": "iom", "title": "Data systems"}),
        ("/stakeholders", "coordinator", {"name": "New NGO", "kind": "ngo"}),
        ("/requests", "member_state", {"title": "Diaspora bonds"}),
    ],
)
def test_new_records_get_their_id_from_the_hub(
    hub: Hub, path: str, role: str, body: dict[str, object]
) -> None:
    kind = path.strip("/").removesuffix("s")
    created = hub.client.post(f"/api/v1{path}", headers=hub.headers(role), json=body)
    assert created.status_code == 201, created.text
    assert re.fullmatch(rf"{kind}-[0-9a-f]{{16}}", created.json()["id"])
    chosen = hub.client.post(
        f"/api/v1{path}", headers=hub.headers(role), json={**body, "id": "my-own-id"}
    )
    assert chosen.status_code == 422 and hub.store.node("my-own-id") is None


@pytest.mark.parametrize(
    ("path", "role", "body"),
    [
        ("/offers", "partner", {"provider": "iom", "title": "Data systems"}),
        ("/requests", "member_state", {"title": "Diaspora bonds"}),
    ],
)
def test_a_hidden_id_answers_as_an_unused_one(
    hub: Hub, path: str, role: str, body: dict[str, object]
) -> None:
    """`POST /offers` once said 409 "already taken" for a hidden record, 201 for a free id."""
    hidden = "req-somalia-legal-identity"  # Somalia's confidential request
    answers = [
        hub.client.post(f"/api/v1{path}", headers=hub.headers(role), json={**body, "id": taken})
        for taken in (hidden, "req-nobody-has-this")
    ]
    assert answers[0].status_code == answers[1].status_code
    assert answers[0].json()["detail"] == answers[1].json()["detail"]


def test_a_request_id_says_nothing_of_its_title(hub: Hub) -> None:
    created = hub.client.post(
        "/api/v1/requests",
        headers=hub.headers("member_state"),
        json={"title": "Quiet return of nationals", "confidentiality": "confidential"},
    )
    assert "quiet" not in created.json()["id"] and "morocco" not in created.json()["id"]


HIDDEN_REQUEST = "req-somalia-legal-identity"  # Somalia's confidential request


@pytest.mark.parametrize(
    ("method", "path", "role", "body"),
    [
        ("PATCH", "/requests/{request}", "member_state", {"text": "More"}),
        ("PATCH", "/offers/{request}", "partner", {"title": "Mine now"}),
        ("PATCH", "/stakeholders/{request}", "partner", {"description": "Mine now"}),
        ("POST", "/stakeholders/{request}/claims", "partner", {"kind": "ngo"}),
        ("POST", "/requests/{request}/suggestions", "partner", None),
        ("GET", "/requests/{request}/history", "partner", None),
        ("GET", "/claims/{claim}", "member_state", None),  # IOM's claim
    ],
)
def test_a_hidden_record_answers_every_path_as_a_missing_one(
    hub: Hub, method: str, path: str, role: str, body: object
) -> None:
    hidden = {"request": HIDDEN_REQUEST, "claim": hub.claim}
    answers = []
    for ids in (hidden, dict.fromkeys(hidden, "nobody-has-this-id")):
        response = hub.client.request(
            method, f"/api/v1{path.format(**ids)}", headers=hub.headers(role), json=body
        )
        detail = response.json()["detail"]
        answers.append((response.status_code, re.sub(r"'[^']*'", "ID", detail)))
    assert answers[0] == answers[1]
