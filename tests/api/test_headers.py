"""Headers every answer carries, and the methods a 405 says a path accepts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import PROBLEM_MEDIA_TYPE
from hub.domain.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("headers")
    with TestClient(create_app(Settings(data_dir=folder), body_limit=64)) as client:
        yield client


ANSWERS = {
    "a JSON answer": ("GET", "/api/v1/taxonomy/objectives", None),
    "a problem": ("GET", "/api/v1/stakeholders/atlantis", None),
    "no such route": ("GET", "/nowhere", None),
    "a body over the limit": ("POST", "/api/v1/requests", b"x" * 100),
    "the console page": ("GET", "/console/", None),
    "the docs page": ("GET", "/docs", None),
    "a docs asset": ("GET", "/docs/assets/swagger-ui.css", None),
    "the OpenAPI document": ("GET", "/openapi.json", None),
    "a CSV export": ("GET", "/api/v1/export/stakeholders.csv", None),
}


@pytest.mark.parametrize("answer", ANSWERS, ids=list(ANSWERS))
def test_every_answer_forbids_framing_and_sniffing(client: TestClient, answer: str) -> None:
    method, url, body = ANSWERS[answer]
    response = client.request(method, url, content=body)
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("url", "methods"),
    [
        ("/api/v1/requests", {"GET", "POST"}),
        ("/api/v1/requests/req-x", {"GET", "PATCH"}),
        ("/api/v1/stakeholders/iom", {"GET", "PATCH"}),
        ("/api/v1/partnerships/p-1/status", {"POST"}),
    ],
)
def test_a_405_allows_every_method_of_its_path(
    client: TestClient, url: str, methods: set[str]
) -> None:
    response = client.delete(url)
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == methods


def test_a_bug_is_still_a_problem_with_the_headers(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path))

    @app.get("/bug")
    def bug() -> None:
        raise RuntimeError("secret insides")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/bug")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert "secret" not in response.text and response.json()["status"] == 500
    assert response.headers["x-frame-options"] == "DENY"
