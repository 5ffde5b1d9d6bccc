"""Every write of the OpenAPI, tried by each caller the role table says must not do it.

Who may do what follows the README's role table and `tests/api/test_access_matrix.py`:
staff (admin, coordinator) review, move partnerships and import; a Member State files
and edits its own requests; a stakeholder edits and claims only itself, and a partner
offers only in its own name. A write that succeeds (2xx, an upload's job `done`) for a
caller outside that set failed the review. A write the table does not know is taken as
staff only, and listed (suggestion and claim decisions are staff only by the table).
"""

from __future__ import annotations

import collections
from typing import Any

from fastapi.testclient import TestClient

from benchmarks.security.hostile import IATI
from benchmarks.security.planted import API, Planted, finish

__all__ = ["measure_writes"]

STAFF = frozenset({"admin", "coordinator"})

# (method, OpenAPI path) -> (who may, path filled, body)
_TABLE: dict[tuple[str, str], tuple[frozenset[str], str, Any]] = {
    ("POST", "/stakeholders"): (STAFF, "/stakeholders", {"name": "Intruder NGO", "kind": "ngo"}),
    ("PATCH", "/stakeholders/{stakeholder_id}"): (
        STAFF | {"iom"},
        "/stakeholders/iom",
        {"description": "Intruded"},
    ),
    ("POST", "/stakeholders/{stakeholder_id}/claims"): (
        STAFF | {"iom"},
        "/stakeholders/iom/claims",
        {"aliases": ["Intruder"], "reason": "intrusion"},
    ),
    ("POST", "/requests"): (
        STAFF | {"morocco"},
        "/requests",
        {"requester": "morocco", "title": "Intruder request", "objectives": [1]},
    ),
    ("PATCH", "/requests/{request_id}"): (
        STAFF | {"morocco"},
        "/requests/req-morocco-migration-data",
        {"text": "Intruded"},
    ),
    ("POST", "/offers"): (STAFF | {"iom"}, "/offers", {"provider": "iom", "title": "Intruder"}),
    ("PATCH", "/offers/{offer_id}"): (
        STAFF | {"iom"},
        "/offers/offer-iom-reintegration",
        {"capacity": {"engagements": 9}},
    ),
    ("POST", "/partnerships/{partnership_id}/status"): (
        STAFF,
        "/partnerships/pship-bahrain-unodc-referral/status",
        {"status": "active"},
    ),
    ("POST", "/requests/{request_id}/suggestions"): (
        STAFF,
        "/requests/req-morocco-migration-data/suggestions?n=2",
        None,
    ),
    ("POST", "/import/iati"): (STAFF, "/import/iati", "upload"),
}
_OWNER = {"/requests": "requester", "/offers": "provider"}
"""A record filed in the caller's own name, whatever the body says, is no wrong write."""
_STAFF_PREFIXES = ("/suggestions/", "/claims/", "/merges")
"""Decisions on suggestions, claims and merge proposals: coordinators' work."""
_DECISIONS = {"accept": {}, "reject": {"reason": "no_capacity"}, "defer": {}}


def _cases(
    openapi: dict[str, Any], planted: Planted, claim: str
) -> list[tuple[str, str, frozenset[str], str, Any]]:
    accepted = {p.removeprefix("partnership:") for p in planted.partnerships}
    pending = [s for s in planted.suggestions if s.removeprefix("sugg:") not in accepted]
    cases = []
    for path, operations in openapi["paths"].items():
        for method in operations:
            if method not in ("post", "patch", "put", "delete"):
                continue
            short = path.removeprefix(API)
            key = (method.upper(), short)
            if key in _TABLE:
                allowed, filled, body = _TABLE[key]
            elif short.startswith("/suggestions/{suggestion_id}/"):
                allowed, body = STAFF, _DECISIONS.get(short.rsplit("/", 1)[1], {})
                filled = short.replace("{suggestion_id}", pending[0])
            elif short.startswith("/claims/{claim_id}/"):
                allowed, body = STAFF, {"note": "intruded"}
                filled = short.replace("{claim_id}", claim)
            else:
                # not in the role table: staff only, on a made-up id
                allowed, filled, body = STAFF, short.replace("{", "none-").replace("}", ""), {}
            cases.append((key[0], short, allowed, filled, body))
    return cases


def measure_writes(
    client: TestClient,
    openapi: dict[str, Any],
    headers: dict[str, dict[str, str]],
    planted: Planted,
    claim: str,
) -> dict[str, Any]:
    wrong: list[str] = []
    statuses: collections.Counter[str] = collections.Counter()
    tried = 0
    cases = _cases(openapi, planted, claim)
    for method, path, allowed, filled, body in cases:
        for caller, h in headers.items():
            if caller in allowed:
                continue
            tried += 1
            if body == "upload":
                files = {"file": ("up.xml", IATI, "application/xml")}
                response = finish(client, client.post(API + filled, headers=h, files=files))
                done = response.status_code < 300 and response.json().get("status") != "failed"
            else:
                response = client.request(method, API + filled, headers=h, json=body)
                done = response.status_code < 300
                if done and path in _OWNER:
                    done = response.json().get(_OWNER[path]) != caller
            statuses[str(response.status_code)] += 1
            if done:
                wrong.append(f"{caller} {method} {path} -> {response.status_code}")
    return {
        "operations": len(cases),
        "not_in_role_table": [
            f"{m} {p}"
            for m, p, *_ in cases
            if (m, p) not in _TABLE and not p.startswith(_STAFF_PREFIXES)
        ],
        "tried": tried,
        "succeeded_wrongly": len(wrong),
        "server_errors": sum(n for s, n in statuses.items() if s.startswith("5")),
        "statuses": dict(sorted(statuses.items())),
        "examples": wrong[:20],
    }
