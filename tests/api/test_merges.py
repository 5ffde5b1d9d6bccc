"""The merge-review list over HTTP: coordinators decide, everyone else is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph import GraphStore
from hub.access import create_key
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, StakeholderKind
from hub.domain.settings import Settings
from tests.api.conftest import finished_job
from tests.data_support import SHARED_DATA
from tests.store_support import put

UPLOAD = (
    '<?xml version="1.0"?><iati-activities version="2.03">'
    + "".join(
        f"<iati-activity><iati-identifier>{key}</iati-identifier>"
        f"<title><narrative>Shelter {key}</narrative></title>"
        f'<participating-org role="4"><narrative>{name}</narrative></participating-org>'
        '<recipient-country code="KE"/></iati-activity>'
        for key, name in (("U-1", "drc"), ("U-2", "Danish Refugee Council \u2013 Kenya, Kenya"))
    )
    + "</iati-activities>"
)


@pytest.fixture
def client(store: GraphStore, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    put(store, Stakeholder(id="partner", name="A Partner", kind=StakeholderKind.NGO))
    tokens = {
        "coordinator": create_key(store, Role.COORDINATOR)[1],
        "partner": create_key(store, Role.PARTNER, "partner")[1],
    }
    settings = Settings(
        data_dir=tmp_path, organisation_files=[SHARED_DATA / "orgs" / "iati3w-org-map.json"]
    )
    with TestClient(create_app(settings, store=store)) as test_client:
        yield test_client, tokens


def test_an_upload_fills_the_list_and_a_coordinator_merges_and_reverts(
    client: tuple[TestClient, dict[str, str]],
) -> None:
    http, tokens = client
    coordinator = {"Authorization": f"Bearer {tokens['coordinator']}"}
    uploaded = http.post(
        "/api/v1/import/iati", headers=coordinator, files={"file": ("drc.xml", UPLOAD.encode())}
    )
    assert finished_job(http, uploaded, coordinator)["status"] == "done"
    assert http.get("/api/v1/stakeholders/drc").json()["name"] == "Danish Refugee Council"

    assert http.get("/api/v1/merges").status_code == 401
    partner = {"Authorization": f"Bearer {tokens['partner']}"}
    assert http.get("/api/v1/merges", headers=partner).status_code == 403
    [proposal] = http.get("/api/v1/merges?status=pending", headers=coordinator).json()
    assert {proposal["keep"], proposal["merge"]} == {"drc", "danish-refugee-council-kenya-kenya"}
    assert 0.6 <= proposal["confidence"] < 1
    keep, merge = (
        http.get(f"/api/v1/stakeholders/{proposal[s]}").json() for s in ("keep", "merge")
    )
    assert proposal["names"] == [keep["name"], merge["name"]]
    assert proposal["evidence"] == f"names alike: {keep['name']!r} ~ {merge['name']!r}"

    url = f"/api/v1/merges/{proposal['id']}"
    refused = http.post(f"{url}/accept", headers=partner, json={"note": ""})
    assert refused.status_code == 403
    accepted = http.post(f"{url}/accept", headers=coordinator, json={"note": "one office"})
    assert accepted.json()["status"] == "accepted"
    assert http.get(f"/api/v1/stakeholders/{proposal['merge']}").status_code == 404
    assert http.post(f"{url}/accept", headers=coordinator, json={"note": ""}).status_code == 409
    reverted = http.post(f"{url}/revert", headers=coordinator, json={"note": "two offices"})
    assert reverted.json()["status"] == "reverted"
    assert http.get(f"/api/v1/stakeholders/{proposal['merge']}").status_code == 200
