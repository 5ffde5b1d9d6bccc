"""/docs and /redoc render from the hub's own assets, with no way out to a CDN."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest

from tests.web.conftest import LiveHub, browser_missing, browser_required

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

if browser_missing() and not browser_required():
    pytest.skip(browser_missing() or "", allow_module_level=True)


def offline(page: Page, hub: LiveHub) -> tuple[list[str], list[str]]:
    """Refuse every request that leaves the hub; note them, and what the CSP blocks."""
    elsewhere: list[str] = []
    blocked: list[str] = []
    own = urlparse(hub.url).netloc

    def only_the_hub(route: Route) -> None:
        if urlparse(route.request.url).netloc in (own, ""):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_hub)
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return elsewhere, blocked


def operations(page: Page) -> int:
    paths = page.request.get("/openapi.json").json()["paths"]
    return sum(len(methods) for methods in paths.values())


def test_swagger_ui_renders_offline_under_its_csp(page: Page, live_hub: LiveHub) -> None:
    elsewhere, blocked = offline(page, live_hub)
    response = page.goto("/docs")
    assert (
        response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    )
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() == operations(page)
    assert page.locator(".swagger-ui .title").inner_text().startswith("GCM Connection Hub")
    assert elsewhere == [] and blocked == []


def test_redoc_renders_offline_under_its_csp(page: Page, live_hub: LiveHub) -> None:
    elsewhere, blocked = offline(page, live_hub)
    page.goto("/redoc")
    page.get_by_role("heading", name="GCM Connection Hub").first.wait_for()
    assert page.locator("[data-section-id^='operation/']").count() == operations(page)
    assert elsewhere == []
    # Redoc's footer credit fetches its logo from cdn.redoc.ly: the policy stops it (the
    # footer then shows text only), and stops nothing else
    assert all("img-src" in message and "cdn.redoc.ly" in message for message in blocked)
