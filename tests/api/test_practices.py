"""Practices over HTTP: each endpoint against each role, due prompts, similar initiatives."""

from __future__ import annotations

from typing import Any

import pytest

from hub import audit
from tests.api.conftest import ROLES, Hub

SURVEY = "practice-demo-morocco-survey-module"  # open to partners; Morocco and IOM are parties
SKILLS = "practice-demo-jordan-skills-certification"  # public; IOM is a party, Morocco not
REFERRAL = "practice-demo-bahrain-referral-review"  # confidential to Bahrain and UNODC


def _new(partnership: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Leçons d'une enquête",
        "language": "fr",
        "authors": ["morocco"],
        "objectives": [1],
        "partnerships": [partnership],
        **extra,
    }


# method, path, body, expected status for public, partner (IOM), member_state (Morocco),
# coordinator, admin
MATRIX: list[tuple[str, str, Any, tuple[int, int, int, int, int]]] = [
    ("GET", "/practices", None, (200, 200, 200, 200, 200)),
    ("GET", "/practices?language=ar&objective=5&author_kind=ngo", None, (200,) * 5),
    ("GET", "/practices?region=Northern%20Africa&principle=human-rights", None, (200,) * 5),
    ("GET", "/practices?region=Atlantis", None, (422,) * 5),
    ("GET", "/practices?objective=24", None, (422,) * 5),
    ("GET", f"/practices/{SKILLS}", None, (200, 200, 200, 200, 200)),
    ("GET", f"/practices/{SURVEY}", None, (404, 200, 200, 200, 200)),
    ("GET", f"/practices/{REFERRAL}", None, (404, 404, 404, 200, 200)),
    ("GET", "/practices/due", None, (401, 200, 200, 200, 200)),
    ("POST", "/practices", _new("pship-fund-morocco"), (401, 201, 201, 201, 201)),
    ("POST", "/practices", _new("pship-fund-jordan"), (401, 201, 403, 201, 201)),
    ("POST", "/practices", _new("pship-fund-morocco", id="practice-x"), (422,) * 5),
    ("POST", "/practices", _new("pship-fund-morocco", language="de"), (422,) * 5),
    ("PATCH", f"/practices/{SURVEY}", {"lessons": "Start early."}, (401, 200, 200, 200, 200)),
    ("PATCH", f"/practices/{SKILLS}", {"lessons": "Ask employers."}, (401, 200, 403, 200, 200)),
    ("PATCH", f"/practices/{REFERRAL}", {"lessons": "Listen."}, (401, 404, 404, 200, 200)),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "role", "status"),
    [
        pytest.param(method, path, body, role, codes[i], id=f"{method} {path} as {role}")
        for method, path, body, codes in MATRIX
        for i, role in enumerate(ROLES)
    ],
)
def test_practice_endpoint_answers_each_role(
    hub: Hub, method: str, path: str, body: Any, role: str, status: int
) -> None:
    response = hub.client.request(method, "/api/v1" + path, headers=hub.headers(role), json=body)
    assert response.status_code == status, response.text


def test_the_public_library_holds_only_public_practices(hub: Hub) -> None:
    public = hub.client.get("/api/v1/practices?limit=200").json()["items"]
    assert public and {p["visibility"] for p in public} == {"public"}
    staff = hub.client.get("/api/v1/practices?limit=200", headers=hub.headers("coordinator"))
    assert {p["language"] for p in staff.json()["items"]} == {"ar", "en", "es", "fr"}
    arabic = hub.client.get("/api/v1/practices?language=ar&limit=200").json()["items"]
    assert arabic and {p["language"] for p in arabic} == {"ar"}


def test_filing_clears_what_was_due_and_is_audited(hub: Hub) -> None:
    staff = hub.headers("coordinator")
    due = hub.client.get("/api/v1/practices/due", headers=staff).json()
    assert [d["partnership"] for d in due] == ["pship-senegal-diaspora-mapping"]
    assert set(due[0]["partners"]) == {"senegal", "ifad", "italy", "spain"}
    assert hub.client.get("/api/v1/practices/due", headers=hub.headers("partner")).json() == []
    body = _new("pship-senegal-diaspora-mapping", authors=["senegal", "ifad"])
    filed = hub.client.post("/api/v1/practices", headers=staff, json=body)
    assert filed.status_code == 201, filed.text
    assert hub.client.get("/api/v1/practices/due", headers=staff).json() == []
    (entry,) = [e for e in audit.entries(hub.store) if e.subject == filed.json()["id"]]
    assert entry.action == "practice.filed"


def test_similar_initiatives_name_practices_as_such(hub: Hub) -> None:
    found = hub.client.get(
        "/api/v1/requests/req-oman-gcm-review/similar?n=20", headers=hub.headers("member_state")
    ).json()
    kinds = {i["id"]: i["kind"] for i in found["initiatives"]}
    assert kinds.get("practice-demo-arab-voluntary-review") == "practice"
    assert REFERRAL not in kinds
