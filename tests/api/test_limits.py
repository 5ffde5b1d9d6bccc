"""Bodies over their limit are refused with a 413 problem, declared or streamed (chunked)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import PROBLEM_MEDIA_TYPE, Problem
from api.limits import JSON_LIMIT, UPLOAD_LIMIT
from hub.access import create_key
from hub.domain.keys import Role
from hub.domain.settings import Settings
from tests.api.conftest import finished_job

BODY_LIMIT = 1024
UPLOADS = 8192
IATI = (
    b'<iati-activities version="2.03"><iati-activity><iati-identifier>UP-1</iati-identifier>'
    b"<title><narrative>Upload</narrative></title></iati-activity></iati-activities>"
)
BOUNDARY = "gcm-hub-test"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """An app with small limits on an empty embedded hub, signed in as a coordinator."""
    app = create_app(Settings(data_dir=tmp_path), body_limit=BODY_LIMIT, upload_limit=UPLOADS)
    with TestClient(app) as client:
        token = create_key(app.state.store, Role.COORDINATOR)[1]
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


def stakeholder(size: int) -> bytes:
    """A valid stakeholder whose JSON is `size` bytes long."""
    body = {"name": "Padded NGO", "kind": "ngo", "description": ""}
    body["description"] = "x" * (size - len(json.dumps(body).encode()))
    encoded = json.dumps(body).encode()
    assert len(encoded) == size
    return encoded


def streamed(*parts: bytes, piece: int = 256) -> Iterator[bytes]:
    """The parts in small pieces, from a generator, so the client sends no Content-Length."""
    for part in parts:
        for start in range(0, len(part), piece):
            yield part[start : start + piece]


def multipart(content: bytes) -> tuple[bytes, bytes]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.xml"'
        "\r\nContent-Type: application/xml\r\n\r\n"
    ).encode()
    return head + content, f"\r\n--{BOUNDARY}--\r\n".encode()


def assert_refused(response: httpx.Response, limit: str) -> None:
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    problem = Problem.model_validate(response.json())
    assert problem.status == 413 and problem.title == "PayloadTooLarge"
    assert limit in problem.detail


def test_a_body_at_the_limit_is_taken(client: TestClient) -> None:
    created = client.post(
        "/api/v1/stakeholders",
        content=stakeholder(BODY_LIMIT),
        headers={"Content-Type": "application/json"},
    )
    assert created.status_code == 201, created.text


def test_a_declared_body_over_the_limit_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post(
        "/api/v1/stakeholders",
        content=stakeholder(BODY_LIMIT + 1),
        headers={"Content-Type": "application/json"},
    )
    assert_refused(response, "1 KiB (1024 bytes)")
    assert client.get("/api/v1/stakeholders").json()["items"] == []


def test_a_chunked_body_is_counted_as_it_streams(client: TestClient) -> None:
    response = client.post(
        "/api/v1/stakeholders",
        content=streamed(stakeholder(BODY_LIMIT + 1)),
        headers={"Content-Type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_refused(response, "1024 bytes")
    assert client.get("/api/v1/stakeholders").json()["items"] == []


def test_a_chunked_body_under_the_limit_is_taken(client: TestClient) -> None:
    response = client.post(
        "/api/v1/stakeholders",
        content=streamed(stakeholder(BODY_LIMIT // 2)),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.text


def test_uploads_have_their_own_larger_limit(client: TestClient) -> None:
    padded = IATI + b" " * (2 * BODY_LIMIT)  # over the JSON limit, under the upload one
    response = client.post(
        "/api/v1/import/iati", files={"file": ("padded.xml", padded, "application/xml")}
    )
    job = finished_job(client, response, {})
    assert job["status"] == "done", job
    assert job["file"] == "padded.xml"  # not where the hub spooled it
    assert job["result"]["activities"] == 1


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
def test_an_upload_over_its_limit_is_refused(client: TestClient, chunked: bool) -> None:
    head, tail = multipart(IATI + b" " * UPLOADS)
    response = client.post(
        "/api/v1/import/iati",
        content=streamed(head, tail) if chunked else head + tail,
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    assert ("content-length" in response.request.headers) is not chunked
    assert_refused(response, "upload is larger than the limit of 8 KiB (8192 bytes)")
    assert client.get("/api/v1/activities").json()["items"] == []


def test_the_default_limits(tmp_path: Path) -> None:
    assert (JSON_LIMIT, UPLOAD_LIMIT) == (1 << 20, 100 << 20)
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        response = client.post(
            "/api/v1/requests",
            content=streamed(b"[" + b" " * JSON_LIMIT + b"]", piece=64 * 1024),
            headers={"Content-Type": "application/json"},
        )
    assert response.status_code == 413
    assert "1 MiB (1048576 bytes)" in response.json()["detail"]
