"""A working group's page in a real browser: synergies across M49 regions, the log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)


def test_morocco_meets_oman_and_palestine_and_records_an_initiative(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    # Earlier tests may have put Morocco's demo request in progress: file an open one.
    filed = page.request.post(
        f"{live_hub.url}/api/v1/requests",
        headers={"Authorization": f"Bearer {live_hub.tokens['morocco']}"},
        data={"requester": "morocco", "title": "Migration data system", "objectives": [1, 23]},
    )
    assert filed.status == 201, filed.text()
    sign_in(page, live_hub, "morocco")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Working groups").click()
    page.get_by_role("link", name="Arab region (League of Arab States)").click()
    expect(page.get_by_role("heading", name="Arab region", exact=False, level=1)).to_be_visible()
    cards = page.locator("article.card", has_text="Morocco")
    # Synergies may wait for a refit after earlier tests' writes: wait for it, don't time it.
    expect(cards.filter(has_text="Oman").filter(has_text="Palestine")).to_have_count(
        1, timeout=60_000
    )
    expect(page.locator("ul.requests")).not_to_contain_text("Somalia")  # confidential
    page.get_by_label("Initiative").fill("Common migration data standards")
    page.get_by_role("button", name="Record initiative").click()
    expect(page.locator("#messages")).to_contain_text("is recorded")
    expect(page.locator("ol.initiatives")).to_contain_text("Common migration data standards")


def test_a_partner_outside_the_group_is_told_in_plain_words(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "partner")
    page.goto(f"{live_hub.url}/#/groups/igad")
    page.get_by_label("Initiative").fill("Anything")
    page.get_by_role("button", name="Record initiative").click()
    expect(page.locator("#messages")).to_contain_text("not a member")
