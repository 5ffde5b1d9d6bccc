"""Download buttons on a coordinator's lists, in a real browser: the file is the list."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

from hub import records
from hub.access import Principal
from hub.domain.activities import Partnership
from hub.domain.keys import Role
from hub.domain.records import SupportRequest
from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

COORDINATOR = Principal(Role.COORDINATOR)


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def test_a_coordinator_downloads_the_requests_as_a_workbook(page: Page, live_hub: LiveHub) -> None:
    sign_in(page, live_hub, "coordinator")
    nav(page, "Requests")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the whole list as Excel").click()
    assert download.value.suggested_filename == "requests.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "requester", "title")
    listed = list(records.visible(live_hub.store, COORDINATOR, SupportRequest))
    assert [(r[0], r[2]) for r in rows[1:]] == [(r.id, r.title) for r in listed]
    assert any(r.confidentiality == "confidential" for r in listed)  # staff see every request


def test_partnerships_download_as_csv(page: Page, live_hub: LiveHub) -> None:
    sign_in(page, live_hub, "coordinator")
    nav(page, "Partnerships")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the whole list as CSV").click()
    with open(download.value.path(), encoding="utf-8") as saved:
        ids = [row["id"] for row in csv.DictReader(saved)]
    assert ids == [p.id for p in records.visible(live_hub.store, COORDINATOR, Partnership)]


def test_a_member_state_gets_no_download_button(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "morocco")
    nav(page, "Requests")
    expect(page.get_by_role("heading", name="Support requests")).to_be_visible()
    expect(page.get_by_role("button", name="Download the whole list as CSV")).to_have_count(0)
