"""Two-sided review in a real browser: a Member State accepts and declines partners
proposed for its own request, a proposed partner answers on its Proposals page, and the
coordinators' queue shows what both sides said."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from hub.access import Principal, create_key
from hub.domain.activities import Suggestion
from hub.domain.keys import Role
from hub.review import queue_suggestions
from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

JORDAN = "req-jordan-labour-mobility"
STAFF = Principal(Role.COORDINATOR, key="browser-two-sided")


def _queued(hub: LiveHub) -> list[Suggestion]:
    """Jordan's own pairings, queued here so that no other test has decided them."""
    return queue_suggestions(hub.store, STAFF, JORDAN, n=3)


def test_a_state_accepts_and_declines_partners_for_its_own_request(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    welcome, unwanted, spare = _queued(live_hub)
    sign_in(page, live_hub, "jordan")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    card = page.locator(f"article[data-suggestion='{welcome.id}']")
    card.get_by_role("button", name="Accept this partner").click()
    expect(card.locator(".consent")).to_contain_text("You accepted this partner")
    expect(page.locator("#messages")).to_contain_text("a coordinator decides")

    other = page.locator(f"article[data-suggestion='{unwanted.id}']")
    other.get_by_role("button", name="Decline…").click()
    other.get_by_label("Reason").select_option("not_in_region")
    other.get_by_role("button", name="Confirm decline").click()
    expect(other.locator(".consent")).to_contain_text("You declined this partner")
    expect(other.locator(".decision")).not_to_contain_text("Pending")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_hub, "coordinator")
    shown = page.locator(f"article[data-suggestion='{welcome.id}']")
    expect(shown.locator(".answers")).to_contain_text("Requesting state accepted this partner")
    expect(page.locator(f"article[data-suggestion='{unwanted.id}']")).to_have_count(0)
    # the coordinator's own reject form, which shares the decline form
    third = page.locator(f"article[data-suggestion='{spare.id}']")
    third.get_by_role("button", name="Reject…").click()
    third.get_by_label("Reason").select_option("wrong_expertise")
    third.get_by_role("button", name="Confirm rejection").click()
    expect(third.locator(".decision")).to_contain_text("Rejected: Wrong expertise")


def test_a_partner_answers_a_proposal(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    proposed = _queued(live_hub)[2]
    live_hub.tokens["proposed"] = create_key(live_hub.store, Role.PARTNER, proposed.candidate)[1]
    sign_in(page, live_hub, "proposed")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Proposals").click()
    expect(page.get_by_role("heading", name="Proposals", level=1)).to_be_visible()
    card = page.locator(f"article[data-suggestion='{proposed.id}']")
    expect(card).to_contain_text("Bilateral labour mobility agreements")

    card.get_by_role("button", name="We are interested").click()
    expect(card.locator(".decision")).to_contain_text("You said you are interested")
    card.get_by_role("button", name="Ask a question…").click()
    card.get_by_label("Your question").fill("Which destination countries first?")
    card.get_by_role("button", name="Send the question").click()
    expect(card.locator("ul.answers")).to_contain_text("Which destination countries first?")
    card.get_by_role("button", name="Decline…").click()
    card.get_by_label("Reason").select_option("no_capacity")
    card.get_by_role("button", name="Confirm decline").click()
    expect(card.locator(".decision")).to_contain_text("You declined: No capacity left")
    expect(card.get_by_role("button", name="We are interested")).to_have_count(0)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_hub, "coordinator")
    page.goto("/console/#/queue?status=rejected")
    answers = page.locator(f"article[data-suggestion='{proposed.id}'] .answers")
    expect(answers).to_contain_text("Partner declined: No capacity left")
    expect(answers).to_contain_text("Partner asked: Which destination countries first?")


def test_the_proposals_page_speaks_arabic_right_to_left(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    proposed = _queued(live_hub)[0]
    live_hub.tokens["proposed-ar"] = create_key(live_hub.store, Role.PARTNER, proposed.candidate)[1]
    sign_in(page, live_hub, "proposed-ar")
    page.locator("#language").select_option("ar")
    page.goto("/console/#/proposals")
    expect(page.get_by_role("heading", name="العروض المقترحة", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    card = page.locator(f"article[data-suggestion='{proposed.id}']")
    expect(card.get_by_role("button", name="نحن مهتمون")).to_be_visible()
