"""The practice library in a real browser: filters, languages, visibility, what is due."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

CONFIDENTIAL = "Reviewing a national referral mechanism"  # Bahrain and UNODC's
OPEN = "Un module migration dans l'enquête nationale"  # open to partners


def test_a_partner_filters_the_library_by_language_and_reads_arabic_right_to_left(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "partner")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practices").click()
    expect(page.get_by_role("heading", name="Practices and lessons", level=1)).to_be_visible()
    cards = page.locator("article.practice")
    expect(cards.filter(has_text=OPEN)).to_have_count(1)
    expect(cards.filter(has_text=CONFIDENTIAL)).to_have_count(0)
    expect(page.get_by_role("heading", name="Practices due")).to_be_visible()
    page.get_by_label("Language", exact=True).select_option("ar")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("p.count")).to_have_text("3 practices")
    heading = cards.first.locator("h2")
    expect(heading).to_have_attribute("dir", "rtl")
    expect(heading).to_have_attribute("lang", "ar")
    page.get_by_label("Language", exact=True).select_option("")
    page.get_by_label("Guiding principle").select_option("child-sensitive")
    page.get_by_role("button", name="Apply filters").click()
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("niñez no acompañada")


def test_the_public_reads_only_public_practices(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, None)
    page.goto(f"{live_hub.url}/console/#/practices")
    cards = page.locator("article.practice")
    expect(cards.filter(has_text="guichet unique")).to_have_count(1)
    expect(cards.filter(has_text=OPEN)).to_have_count(0)
    expect(cards.filter(has_text=CONFIDENTIAL)).to_have_count(0)
    expect(page.get_by_role("heading", name="Practices due")).to_have_count(0)


def test_staff_see_which_completed_partnership_waits_for_a_practice(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "coordinator")
    page.goto(f"{live_hub.url}/console/#/practices")
    cards = page.locator("article.practice")
    expect(page.locator("ul.due")).to_contain_text("Mapping diaspora investment")
    expect(cards.filter(has_text=CONFIDENTIAL)).to_have_count(1)
