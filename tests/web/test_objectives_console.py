"""Suggested objectives of offers and requests are confirmed in the console by their owner."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from hub.domain.records import ObjectiveOrigin, Offer, SupportRequest
from hub.store import repository
from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

OFFER = "offer-iom-tagged-border-training"
TITLE = "Training for border officials on screening"


def offer_item(page: Page) -> Locator:
    """The offer's entry in the provider page's list of offers (titled in bold; the
    graph's list of nodes names it too)."""
    return page.locator("li:has(> strong)", has_text=TITLE)


def suggested_offer(hub: LiveHub) -> Offer:
    offer = Offer(
        id=OFFER,
        provider="iom",
        title=TITLE,
        text="Workshops on screening and referral at land borders.",
        objectives=[11],
        objective_origin=ObjectiveOrigin.SUGGESTED,
        objective_confidence={11: 0.41},
    )
    with hub.store.batch() as writer:
        repository.save(hub.store, writer, offer)
    return offer


def test_the_provider_confirms_its_offers_suggested_objectives(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    suggested_offer(live_hub)
    sign_in(page, live_hub, "partner")  # IOM's key
    page.goto("/console/#/stakeholders/iom")
    item = offer_item(page)
    expect(item).to_contain_text("suggested by the tagger (confidence: ")
    expect(item).to_contain_text("41%")
    item.get_by_label("Objective numbers of Training for border officials").fill("11, 10")
    item.get_by_role("button", name="Confirm objectives").click()
    expect(page.locator("#messages")).to_contain_text("Objectives confirmed.")
    item = offer_item(page)
    expect(item).to_contain_text("Objectives confirmed by a person.")
    stored = repository.get(live_hub.store, Offer, OFFER)
    assert (stored.objectives, stored.objective_origin) == ([10, 11], ObjectiveOrigin.CONFIRMED)


def test_someone_elses_offer_shows_its_origin_without_the_control(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    suggested_offer(live_hub)
    sign_in(page, live_hub, "morocco")
    page.goto("/console/#/stakeholders/iom")
    item = offer_item(page)
    expect(item).to_contain_text("not yet confirmed")
    expect(item.get_by_role("button", name="Confirm objectives")).to_have_count(0)


def test_a_coordinator_confirms_a_requests_suggested_objectives(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    request = repository.get(live_hub.store, SupportRequest, "req-morocco-migration-data")
    with live_hub.store.batch() as writer:
        repository.save(
            live_hub.store,
            writer,
            request.model_copy(update={"objective_origin": ObjectiveOrigin.SUGGESTED}),
        )
    sign_in(page, live_hub, "coordinator")
    page.goto("/console/#/requests/req-morocco-migration-data")
    origin = page.locator(".objectives-origin")
    expect(origin).to_contain_text("not yet confirmed")
    origin.get_by_role("button", name="Confirm objectives").click()
    expect(origin).to_contain_text("Objectives confirmed by a person.")
    stored = repository.get(live_hub.store, SupportRequest, "req-morocco-migration-data")
    assert stored.objective_origin is ObjectiveOrigin.CONFIRMED
    assert stored.objectives == request.objectives
