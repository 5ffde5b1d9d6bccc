"""Exports over HTTP: IATI XML and CSV/Excel lists, each only what the caller may see."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

from hub.knowledge.iati_export import validate
from tests.api.conftest import Hub

SECRET = "req-somalia-legal-identity"

JSON_LISTS = {
    "review-queue": ("/suggestions", None),
    "requests": ("/requests", None),
    "offers": ("/offers", None),
    "stakeholders": ("/stakeholders", None),
    "partnerships": ("/partnerships", None),
    "activities": ("/activities", None),
    "practices": ("/practices", None),
    "claims": ("/claims", None),
    "merges": ("/merges", None),
    "gaps": ("/analysis/gaps", "cells"),
    "allocation": ("/analysis/allocation", "assignments"),
    "fund-calls": ("/fund/calls", None),
    "fund-notes": ("/fund/notes", None),
    "groups": ("/groups", None),
    "group-requests": ("/groups/arab-region/view", "requests"),
}
"""Each exported list and the JSON list it must hold row for row (`key`: inside it)."""


def accept_secret_pairing(hub: Hub) -> str:
    """Somalia's confidential request paired with a partner other than IOM (`partner`)."""
    coordinator = hub.headers("coordinator")
    queue = hub.client.get("/api/v1/suggestions?member_state=somalia", headers=coordinator).json()[
        "items"
    ]
    chosen = next(s for s in queue if s["request"] == SECRET and s["candidate"] != "iom")
    accepted = hub.client.post(
        f"/api/v1/suggestions/{chosen['id']}/accept", json={}, headers=coordinator
    )
    assert accepted.status_code == 200, accepted.text
    return str(accepted.json()["title"])


@pytest.mark.parametrize("role", ["public", "member_state", "partner", "somalia", "coordinator"])
def test_iati_exports_hold_what_the_caller_may_see(hub: Hub, role: str) -> None:
    title = accept_secret_pairing(hub)
    activities = hub.client.get("/api/v1/export/iati", headers=hub.headers(role))
    assert activities.status_code == 200, activities.text
    assert activities.headers["content-type"].startswith("application/xml")
    validate(activities.content, "activities")
    seen = [p["title"] for p in json_rows(hub, role, "/partnerships", None)]
    assert (title in seen) is (role in ("somalia", "coordinator"))
    exported = [
        a.findtext("title/narrative")
        for a in etree.fromstring(activities.content).iter("iati-activity")
    ]
    assert exported == seen
    organisations = hub.client.get("/api/v1/export/iati-org", headers=hub.headers(role))
    assert organisations.status_code == 200
    validate(organisations.content, "organisations")


def json_rows(hub: Hub, role: str, url: str, key: str | None) -> list[Any]:
    """Every item of a JSON list, following its pages."""
    headers, found, cursor = hub.headers(role), [], None
    while True:
        query = {"limit": "200", **({"cursor": cursor} if cursor else {})}
        answer = hub.client.get(f"/api/v1{url}", headers=headers, params=query).json()
        items = answer[key] if key else answer
        if isinstance(items, dict):  # a page
            found += items["items"]
            cursor = items["next_cursor"]
            if cursor is None:
                return found
        else:
            return found + items


def text(value: Any) -> str:
    """A JSON value as a CSV cell holds it: strings as they are, the rest as JSON."""
    if value is None or isinstance(value, str):
        return value or ""
    return json.dumps(value, ensure_ascii=False)


def cell(value: Any) -> Any:
    """A JSON value as a workbook holds it, to compare: no empty text, and floats to 12
    significant digits (Excel keeps 15)."""
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value if value != "" else None


@pytest.mark.parametrize("role", ["coordinator", "member_state", "partner"])
def test_every_list_exports_the_rows_of_its_json_list(hub: Hub, role: str) -> None:
    accept_secret_pairing(hub)
    for name, (url, key) in JSON_LISTS.items():
        listed = hub.client.get(f"/api/v1{url}", headers=hub.headers(role))
        exported = {
            fmt: hub.client.get(
                f"/api/v1/export/lists/{name}",
                params={"format": fmt, "group": "arab-region"},
                headers=hub.headers(role),
            )
            for fmt in ("csv", "xlsx")
        }
        if listed.status_code != 200:  # a list the role may not read, it may not export
            assert {r.status_code for r in exported.values()} == {listed.status_code}, name
            continue
        rows = json_rows(hub, role, url, key)
        assert exported["csv"].headers["content-type"].startswith("text/csv")
        read = list(csv.reader(io.StringIO(exported["csv"].text)))
        columns = read[0] if rows else []
        assert read[1:] == [[text(row.get(c)) for c in columns] for row in rows], (role, name)
        sheet = load_workbook(io.BytesIO(exported["xlsx"].content)).active
        assert sheet is not None
        cells = [[cell(v) for v in r] for r in sheet.iter_rows(values_only=True)]
        assert cells[1:] == [[cell(row.get(c)) for c in columns] for row in rows], (role, name)
        if name == "requests":
            assert any(SECRET in line for line in read) is (role == "coordinator")


def test_an_unknown_list_and_format_are_refused(hub: Hub) -> None:
    coordinator = hub.headers("coordinator")
    missing = hub.client.get("/api/v1/export/lists/budgets", headers=coordinator)
    assert missing.status_code == 404 and "review-queue" in missing.text
    wrong = hub.client.get("/api/v1/export/lists/requests?format=pdf", headers=coordinator)
    assert wrong.status_code == 422
    names = hub.client.get("/api/v1/export/lists").json()
    assert set(names) == set(JSON_LISTS)
