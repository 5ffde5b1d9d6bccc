"""The request page says how old the partner ranking's model is while a write waits to
be learned, and says nothing once the model has caught up."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

MOROCCO = "req-morocco-migration-data"


def _fitted_minutes_ago(minutes: int) -> Callable[[Route], None]:
    """The hub's own answer, as if a write had come after a fit `minutes` old (the
    refit itself is tested in tests/hub/test_refit.py)."""

    def handle(route: Route) -> None:
        response = route.fetch()
        answer = response.json()
        fitted = datetime.now(UTC) - timedelta(minutes=minutes, seconds=20)
        answer["model"] = {**answer["model"], "pending": True, "fitted_at": fitted.isoformat()}
        route.fulfill(response=response, body=json.dumps(answer))

    return handle


def test_a_pending_refit_shows_the_age_of_the_model(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "coordinator")
    page.route(f"**/requests/{MOROCCO}/partners*", _fitted_minutes_ago(7))
    page.goto(f"/console/#/requests/{MOROCCO}")
    expect(page.get_by_text("Updated 7 minutes ago")).to_be_visible()
    expect(page.locator("ol.ranked li").first).to_be_visible()


def test_an_up_to_date_model_is_not_mentioned(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "coordinator")
    page.goto(f"/console/#/requests/{MOROCCO}")
    expect(page.locator("ol.ranked li").first).to_be_visible()
    expect(page.get_by_text("minutes ago")).to_have_count(0)
