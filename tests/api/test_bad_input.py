"""Input the hub refuses answers a 4xx problem naming what was wrong, never a 500."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api.errors import PROBLEM_MEDIA_TYPE
from hub.iati.importer import import_file
from tests.api.conftest import Hub


def untagged(hub: Hub, requester: str, title: str) -> str:
    """A request with no objectives, about Morocco, open to partners."""
    body = {"requester": requester, "title": title, "countries": ["MA"]}
    created = hub.client.post(
        "/api/v1/requests",
        headers=hub.headers("coordinator"),
        json={**body, "confidentiality": "open_to_partners"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["objectives"] == []
    request_id: str = created.json()["id"]
    return request_id


UNTAGGED_FUNDED = (
    b'<iati-activities version="2.03"><iati-activity><iati-identifier>XM-1</iati-identifier>'
    b"<title><narrative>Qwxyz</narrative></title>"
    b'<participating-org role="1"><narrative>Sida</narrative></participating-org>'
    b'<participating-org role="4"><narrative>IOM</narrative></participating-org>'
    b'<recipient-country code="MA"/></iati-activity></iati-activities>'
)


@pytest.mark.parametrize("mechanism", ["similar", "funders"])
def test_untagged_requests_in_one_place_get_answers(
    hub: Hub, tmp_path: Path, mechanism: str
) -> None:
    """Found by review: Jaccard overlap of two empty objective sets divided by zero."""
    mine = untagged(hub, "morocco", "Zzyzx")
    untagged(hub, "somalia", "Qwxyz")
    (tmp_path / "untagged.xml").write_bytes(UNTAGGED_FUNDED)
    import_file(hub.store, tmp_path / "untagged.xml")  # no tagger: the activity stays untagged
    response = hub.client.get(
        f"/api/v1/requests/{mine}/{mechanism}", headers=hub.headers("coordinator")
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] != PROBLEM_MEDIA_TYPE


def problem_naming(response: httpx.Response, field: str) -> str:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    detail: str = response.json()["detail"]
    assert field in detail
    return detail


@pytest.mark.parametrize("title", ["\u200b", "Data\x00 systems", "Data \u202eatad", "\u2067\u2069"])
def test_titles_need_visible_characters_and_no_hidden_ones(hub: Hub, title: str) -> None:
    state = hub.headers("member_state")
    created = hub.client.post("/api/v1/requests", headers=state, json={"title": title})
    problem_naming(created, "title")
    edited = hub.client.patch(
        "/api/v1/requests/req-morocco-migration-data", headers=state, json={"title": title}
    )
    problem_naming(edited, "title")


def test_a_stakeholder_id_that_reads_as_a_path_is_refused(hub: Hub) -> None:
    created = hub.client.post(
        "/api/v1/stakeholders",
        headers=hub.headers("coordinator"),
        json={"id": "../../etc/passwd", "name": "Traversal", "kind": "ngo"},
    )
    assert "body.id" in problem_naming(created, "id")
