"""The inbox page in a real browser: a Member State's notices, marked read once seen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hub import review
from hub.access import Principal
from hub.domain.activities import PartnershipStatus
from hub.domain.keys import Role
from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

STAFF = Principal(Role.COORDINATOR, key="browser-tests")
EGYPT = "req-egypt-migrant-information"
CATALOGUES = Path(__file__).resolve().parents[2] / "web" / "static" / "i18n"


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


def test_a_partnership_notice_names_its_status_in_the_readers_language(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    # Morocco is a member: the move is its news, told as "agreed" in the event's data
    moved = review.move_partnership(
        live_hub.store, STAFF, "pship-arab-gcm-review-data", PartnershipStatus.AGREED, "signed"
    )
    assert moved.status is PartnershipStatus.AGREED
    sign_in(page, live_hub, "morocco")
    page.get_by_label("Console language").select_option("fr")
    page.goto("/console/#/inbox")
    french = json.loads((CATALOGUES / "fr.json").read_text("utf-8"))
    notice = page.locator(
        "article.notice", has_text=french["event.partnership.status_changed"]
    ).first
    agreed = french["lifecycle.agreed"].lower()
    expect(notice).to_contain_text(french["inbox.now"].replace("{status}", agreed))
    expect(notice).not_to_contain_text("agreed")


def test_a_proposed_partners_notice_opens_its_proposals(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    (pairing,) = review.queue_suggestions(live_hub.store, STAFF, EGYPT, n=1)
    assert pairing.candidate == "iom", "the demo no longer ranks IOM first for Egypt's request"
    title = _title(live_hub, EGYPT)
    sign_in(page, live_hub, "partner")  # IOM's key
    page.goto("/console/#/inbox")
    notice = page.locator("article.notice", has_text=title)
    expect(notice.get_by_role("heading")).to_have_text("You were proposed as a partner")
    notice.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name="Proposals", level=1)).to_be_visible()
    expect(page.locator(f"article[data-suggestion='{pairing.id}']")).to_contain_text(title)


def _title(hub: LiveHub, request: str) -> str:
    node = hub.store.node(request)
    assert node is not None
    return str(node.properties["title"])
