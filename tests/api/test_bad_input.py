"""Input the hub refuses answers a 4xx problem naming what was wrong, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import PROBLEM_MEDIA_TYPE
from hub.access import create_key
from hub.domain.keys import Role
from hub.domain.settings import Settings
from hub.imports.importer import import_file
from tests.api.conftest import Hub, finished_job


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


def iati(activity_id: str = "UP-1", declaration: str = "") -> str:
    return (
        f'{declaration}<iati-activities version="2.03"><iati-activity><iati-identifier>'
        f"{activity_id}</iati-identifier><title><narrative>Upload</narrative></title>"
        "</iati-activity></iati-activities>"
    )


def declared(encoding: str) -> str:
    return iati(declaration=f'<?xml version="1.0" encoding="{encoding}"?>')


DTD = '<!DOCTYPE iati-activities [<!ENTITY x "expanded">]>'

BAD_UPLOADS = {
    "UTF-16 declared, UTF-8 written": ("a.xml", declared("UTF-16").encode()),
    "UTF-32 declared, UTF-16 written": ("a.xml", declared("UTF-32").encode("utf-16")),
    "UTF-32": ("a.xml", declared("UTF-32").encode("utf-32")),
    "UTF-32LE with a DTD": (
        "a.xml",
        declared("UTF-32LE")
        .replace("<iati-activities", f"{DTD}<iati-activities", 1)
        .encode("utf-32-le"),
    ),
    "Shift_JIS": ("a.xml", declared("Shift_JIS").encode()),
    "unknown encoding": ("a.xml", declared("x-no-such-thing").encode()),
    "5,000-character activity id": ("a.xml", iati("X" * 5000).encode()),
    "an activity id that reads as a path": ("a.xml", iati("../../etc/passwd").encode()),
    "filename ..": ("..", iati().encode()),
    "filename .": (".", iati().encode()),
    "filename of 300 characters": ("a" * 296 + ".xml", iati().encode()),
    "filename with a bidi override": ("invoice\u202elmx.exe", iati().encode()),
    "a title with a bidi override": (
        "a.xml",
        iati().replace("<narrative>Upload<", "<narrative>Data \u202eatad<").encode(),
    ),
}


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[TestClient]:
    """An empty embedded hub, signed in as a coordinator: uploads need nothing more."""
    app = create_app(Settings(data_dir=tmp_path))
    with TestClient(app) as client:
        token = create_key(app.state.store, Role.COORDINATOR)[1]
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


def upload(client: TestClient, name: str, content: bytes) -> httpx.Response:
    return client.post("/api/v1/import/iati", files={"file": (name, content, "application/xml")})


@pytest.mark.parametrize("case", BAD_UPLOADS, ids=list(BAD_UPLOADS))
def test_bad_uploads_are_problems_that_store_nothing(coordinator: TestClient, case: str) -> None:
    before = coordinator.get("/api/v1/ready").json()
    response = upload(coordinator, *BAD_UPLOADS[case])
    if response.status_code == 202:  # the file's content is judged by its import job
        job = finished_job(coordinator, response, {})
        assert job["status"] == "failed", job
        found = job["problem"]
    else:  # its name, before anything is queued
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
        found = response.json()
    assert found["status"] == 422, found
    assert "/tmp" not in found["detail"]  # the caller's name, not the spooled path
    assert coordinator.get("/api/v1/ready").json() == before


def test_an_honest_utf16_upload_imports_under_its_own_name(coordinator: TestClient) -> None:
    response = upload(coordinator, "dir/utf16.xml", declared("UTF-16").encode("utf-16"))
    job = finished_job(coordinator, response, {})
    assert job["file"] == "utf16.xml" and job["result"]["activities"] == 1, job


@pytest.mark.parametrize(
    "header",
    [
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "gcm_rawtokenwithoutscheme"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": ""},
        {"X-API-Key": ""},
    ],
)
def test_malformed_credentials_are_refused_not_taken_as_public(
    coordinator: TestClient, header: dict[str, str]
) -> None:
    del coordinator.headers["Authorization"]
    response = coordinator.get("/api/v1/stakeholders", headers=header)
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert coordinator.get("/api/v1/stakeholders").status_code == 200  # no header: public


def test_edits_are_audited_and_refused_edits_are_not(hub: Hub) -> None:
    """Found by review: PATCH, reclassification included, left no trace in the history."""
    url = "/api/v1/requests/req-morocco-migration-data"
    state = hub.headers("member_state")
    before = hub.client.get(f"{url}/history", headers=state).json()
    refused = hub.client.patch(url, headers=state, json={"title": "\u200b"})
    assert refused.status_code == 422
    edited = hub.client.patch(
        url, headers=state, json={"confidentiality": "confidential", "text": "Now private."}
    )
    assert edited.status_code == 200, edited.text
    after = hub.client.get(f"{url}/history", headers=state).json()
    [entry] = after[len(before) :]
    assert entry["action"] == "request.updated" and entry["subject"] == entry["request"]
    assert "confidentiality: open_to_partners -> confidential" in entry["detail"]
    assert "text" in entry["detail"] and "Now private" not in entry["detail"]
