"""The inbox page in a real browser: a Member State's notices, marked read once seen."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)


def test_a_member_state_reads_its_notices_once(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "morocco")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    # the queue of partners for its own request (other tests on this hub may add newer
    # notices); never somalia's confidential one
    notice = page.locator("article.notice", has_text="Partners suggested").first
    expect(notice).to_contain_text("new")
    expect(page.locator("ol.inbox")).not_to_contain_text("Somali")
    page.reload()
    expect(page.locator("article.notice").first).to_have_attribute("data-read", "true")
    expect(page.locator("p.count")).to_contain_text("0 unread")
