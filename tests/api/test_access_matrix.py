"""Every endpoint against every role: what each may do, and what it is told otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from api.errors import Problem
from tests.api.conftest import ROLES, Hub

IATI = (
    b'<iati-activities version="2.03"><iati-activity><iati-identifier>UP-1</iati-identifier>'
    b"<title><narrative>Upload</narrative></title></iati-activity></iati-activities>"
)

# method, path, body, expected status for public, partner, member_state, coordinator, admin
MATRIX: list[tuple[str, str, Any, tuple[int, int, int, int, int]]] = [
    ("GET", "/health", None, (200, 200, 200, 200, 200)),
    ("GET", "/ready", None, (200, 200, 200, 200, 200)),
    ("GET", "/taxonomy/objectives", None, (200, 200, 200, 200, 200)),
    ("GET", "/taxonomy/principles", None, (200, 200, 200, 200, 200)),
    ("GET", "/taxonomy/regions", None, (200, 200, 200, 200, 200)),
    ("GET", "/stakeholders?kind=un_entity", None, (200, 200, 200, 200, 200)),
    ("GET", "/stakeholders/iom", None, (200, 200, 200, 200, 200)),
    ("GET", "/stakeholders/iom/derived", None, (200, 200, 200, 200, 200)),
    ("GET", "/merges", None, (401, 403, 403, 200, 200)),
    ("POST", "/merges/scan", None, (401, 403, 403, 201, 201)),
    ("POST", "/merges/merge:iom:unodc/reject", {}, (401, 403, 403, 404, 404)),
    (
        "POST",
        "/stakeholders",
        {"name": "New NGO", "kind": "ngo"},
        (401, 403, 403, 201, 201),
    ),
    ("PATCH", "/stakeholders/iom", {"description": "Updated"}, (401, 200, 403, 200, 200)),
    (
        "POST",
        "/stakeholders/iom/claims",
        {"aliases": ["IOM", "UN Migration Agency"], "reason": "our usual names"},
        (401, 201, 403, 201, 201),
    ),
    ("GET", "/claims", None, (200, 200, 200, 200, 200)),
    ("GET", "/claims/{claim}", None, (404, 200, 404, 200, 200)),
    ("POST", "/claims/{claim}/accept", {}, (401, 403, 403, 200, 200)),
    ("POST", "/claims/{claim}/reject", {"note": "not theirs"}, (401, 403, 403, 200, 200)),
    ("GET", "/requests", None, (200, 200, 200, 200, 200)),
    ("GET", "/requests/req-morocco-migration-data", None, (404, 200, 200, 200, 200)),
    ("GET", "/requests/req-somalia-legal-identity", None, (404, 404, 404, 200, 200)),
    (
        "POST",
        "/requests",
        {"requester": "morocco", "title": "Diaspora bonds", "objectives": [19]},
        (401, 403, 201, 201, 201),
    ),
    ("POST", "/requests/tag", {"title": "Remittances"}, (401, 200, 200, 200, 200)),
    (
        "PATCH",
        "/requests/req-morocco-migration-data",
        {"text": "More detail"},
        (404, 403, 200, 200, 200),
    ),
    ("GET", "/requests/req-morocco-migration-data/history", None, (404, 200, 200, 200, 200)),
    ("GET", "/requests/req-morocco-migration-data/partners?n=3", None, (404, 200, 200, 200, 200)),
    ("GET", "/requests/req-somalia-legal-identity/partners", None, (404, 404, 404, 200, 200)),
    ("GET", "/requests/req-morocco-migration-data/similar", None, (404, 200, 200, 200, 200)),
    ("GET", "/requests/req-somalia-legal-identity/similar", None, (404, 404, 404, 200, 200)),
    ("GET", "/requests/req-morocco-migration-data/funders", None, (404, 200, 200, 200, 200)),
    ("GET", "/requests/req-somalia-legal-identity/funders", None, (404, 404, 404, 200, 200)),
    (
        "GET",
        "/requests/req-morocco-migration-data/consortium?rule=whole-of-society",
        None,
        (404, 200, 200, 200, 200),
    ),
    ("GET", "/requests/req-somalia-legal-identity/consortium", None, (404, 404, 404, 200, 200)),
    ("GET", "/analysis/synergies?region=Western%20Asia", None, (200, 200, 200, 200, 200)),
    ("GET", "/analysis/gaps", None, (200, 200, 200, 200, 200)),
    ("GET", "/analysis/gaps.png", None, (200, 200, 200, 200, 200)),
    ("GET", "/analysis/allocation", None, (401, 403, 403, 200, 200)),
    (
        "POST",
        "/requests/req-morocco-migration-data/suggestions?n=2",
        None,
        (401, 403, 403, 201, 201),
    ),
    ("GET", "/suggestions", None, (200, 200, 200, 200, 200)),
    ("POST", "/suggestions/{suggestion}/accept", {"note": "fits"}, (401, 403, 403, 200, 200)),
    (
        "POST",
        "/suggestions/{suggestion}/reject",
        {"reason": "no_capacity"},
        (401, 403, 403, 200, 200),
    ),
    ("POST", "/suggestions/{suggestion}/defer", {}, (401, 403, 403, 200, 200)),
    (
        "POST",
        "/suggestions/{suggestion}/consent",
        {"answer": "accepted"},
        (401, 403, 200, 403, 403),
    ),
    ("GET", "/proposals", None, (401, 200, 200, 403, 403)),
    ("GET", "/offers?provider=iom", None, (200, 200, 200, 200, 200)),
    ("GET", "/offers/offer-iom-reintegration", None, (200, 200, 200, 200, 200)),
    (
        "POST",
        "/offers",
        {"provider": "iom", "title": "Data"},
        (401, 201, 403, 201, 201),
    ),
    (
        "PATCH",
        "/offers/offer-iom-reintegration",
        {"capacity": {"engagements": 2}},
        (401, 200, 403, 200, 200),
    ),
    ("GET", "/partnerships", None, (200, 200, 200, 200, 200)),
    ("GET", "/partnerships/pship-bahrain-unodc-referral", None, (200, 200, 200, 200, 200)),
    (
        "POST",
        "/partnerships/pship-bahrain-unodc-referral/status",
        {"status": "active"},
        (401, 403, 403, 200, 200),
    ),
    ("GET", "/activities", None, (200, 200, 200, 200, 200)),
    ("GET", "/graph/neighbourhood/iom?depth=2", None, (401, 200, 200, 200, 200)),
    ("GET", "/graph/neighbourhood/iom?format=graphml", None, (401, 200, 200, 200, 200)),
    ("GET", "/graph/paths?source=iom&target=unodc", None, (401, 200, 200, 200, 200)),
    ("GET", "/graph/communities", None, (401, 200, 200, 200, 200)),
    ("GET", "/graph/centrality", None, (401, 200, 200, 200, 200)),
    ("POST", "/import/iati", "upload", (401, 403, 403, 202, 202)),
    ("GET", "/export.json", None, (200, 200, 200, 200, 200)),
    ("GET", "/export/stakeholders.csv", None, (200, 200, 200, 200, 200)),
]

CASES = [
    pytest.param(method, path, body, role, codes[i], id=f"{method} {path} as {role}")
    for method, path, body, codes in MATRIX
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("method", "path", "body", "role", "status"), CASES)
def test_endpoint_answers_each_role(
    hub: Hub, method: str, path: str, body: Any, role: str, status: int
) -> None:
    url = "/api/v1" + path.replace("{suggestion}", hub.suggestion).replace("{claim}", hub.claim)
    if body == "upload":
        response = hub.client.post(
            url, headers=hub.headers(role), files={"file": ("up.xml", IATI, "application/xml")}
        )
    else:
        response = hub.client.request(method, url, headers=hub.headers(role), json=body)
    assert response.status_code == status, response.text
    if status >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert Problem.model_validate(response.json()).status == status
