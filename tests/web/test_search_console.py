"""The search page in a real browser: an Arabic query finds English records, filters."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)


def test_an_arabic_query_finds_english_offers_and_filters_narrow(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, None)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    expect(page.get_by_role("heading", name="Search", level=1)).to_be_visible()
    page.get_by_label("Search for").fill("إدارة الحدود")  # border management
    page.get_by_role("button", name="Search").click()
    results = page.locator("ol.results li")
    # The first search embeds the hub's records: wait for it, don't time it.
    expect(results.first).to_contain_text("Integrated border management", timeout=60_000)
    page.get_by_label("Kind").select_option("stakeholder")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"kind=stakeholder"))
    expect(results.first).to_contain_text("stakeholder, score")
    expect(page.locator("ol.results")).not_to_contain_text("offer, score")


def test_a_member_state_never_finds_another_states_confidential_request(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "morocco")
    page.goto(f"{live_hub.url}/console/#/search?q=Civil+registration+displaced+Somalis")
    expect(page.locator("ol.results li").first).to_be_visible(timeout=60_000)
    expect(page.locator("ol.results")).not_to_contain_text("returning Somalis")
