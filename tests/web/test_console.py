"""The web console in a real browser: sign in, review, confidentiality, graph, errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hub import merges
from hub.access import Principal
from hub.domain.activities import RejectReason
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, StakeholderKind
from hub.imports.importer import import_file
from hub.review import reject
from tests.store_support import put
from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# One skip for the whole module, with one reason; CI sets HUB_REQUIRE_BROWSER=1 to fail instead.
if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

SOMALIA = "req-somalia-legal-identity"


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def test_coordinator_accepts_a_pairing_and_the_partnership_is_proposed(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "coordinator")
    nav(page, "Review queue")
    expect(page.get_by_role("heading", name="Review queue", level=1)).to_be_visible()
    card = page.locator("article.suggestion").first
    expect(card.locator("dl.bars dt")).not_to_have_count(0)
    candidate = card.locator("h2").inner_text()

    card.get_by_role("button", name="Accept").click()

    expect(card.locator(".decision .light")).to_have_attribute("data-status", "proposed")
    expect(page.locator("#messages")).to_contain_text("is proposed")
    card.locator(".decision a").click()
    partnership = page.locator("article.partnership")
    expect(partnership.locator(".light")).to_have_text("Proposed")
    expect(partnership.locator(".light .lamp")).to_have_css("background-color", "rgb(240, 165, 0)")
    expect(partnership).to_contain_text(candidate)
    # a coordinator moves it forward
    partnership.get_by_role("button", name="Mark agreed").click()
    expect(partnership.locator(".light")).to_have_text("Agreed")


def test_member_state_cannot_see_another_states_confidential_request(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "morocco")
    nav(page, "Requests")
    rows = page.locator("table.records tbody tr")
    expect(rows).not_to_have_count(0)
    assert SOMALIA not in (rows.evaluate_all("rs => rs.map(r => r.dataset.request)"))
    nav(page, "Review queue")
    expect(page.get_by_role("heading", name="Review queue", level=1)).to_be_visible()
    cards = page.locator("article.suggestion")
    expect(cards).not_to_have_count(0)
    assert all("Somalia" not in text for text in cards.all_inner_texts())

    page.goto(f"/console/#/requests/{SOMALIA}")
    expect(page.get_by_role("heading", name="Not found", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("does not exist, or it is not visible to you")
    assert "somalia" not in page.locator("main").inner_text().lower()


def test_graph_draws_the_neighbourhood_and_a_click_opens_a_neighbour(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "partner")
    page.goto("/console/#/stakeholders/iom")
    canvas = page.locator(".graph-canvas")
    expect(canvas).to_have_attribute("data-nodes", re.compile(r"^\d+$"))
    drawn = page.evaluate("window.hubConsole.graph.nodes().length")
    assert drawn > 1
    assert int(canvas.get_attribute("data-nodes") or 0) == drawn
    target = page.evaluate(
        """() => {
          const cy = window.hubConsole.graph;
          const node = cy.nodes().filter((n) => n.data("page") && !n.data("centre"))[0];
          return { page: node.data("page"), ...node.renderedPosition() };
        }"""
    )
    canvas.click(position={"x": target["x"], "y": target["y"]})
    expect(page).to_have_url(f"{live_hub.url}/console/{target['page']}")
    expect(page.locator("h1")).not_to_have_text("International Organization for Migration")


def test_keyboard_only_sign_in(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    page.goto("/console/")
    expect(page.get_by_label("API key")).to_be_focused()
    page.keyboard.type(live_hub.tokens["coordinator"])
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#who-label")).to_have_text("Signed in as Coordinator")
    expect(page.get_by_role("heading", name="Review queue", level=1)).to_be_focused()


def test_a_wrong_key_and_a_refused_action_read_as_plain_words(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    page.goto("/console/")
    page.get_by_label("API key").fill("gcm_not_a_real_key")
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("did not accept your API key")

    # another coordinator decides the pairing while this one still looks at it
    sign_in(page, live_hub, "coordinator")
    card = page.locator("article.suggestion").first
    other = Principal(Role.COORDINATOR, key="another-coordinator")
    reject(live_hub.store, other, card.get_attribute("data-suggestion") or "", RejectReason.OTHER)
    card.get_by_role("button", name="Accept").click()
    expect(page.locator("#messages")).to_contain_text("the step is not allowed now")
    expect(page.locator("#messages")).to_contain_text("already rejected")


def test_gap_heatmap_cells_link_to_requests_and_providers(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "coordinator")
    nav(page, "Synergies & gaps")
    heatmap = page.locator("table.heatmap")
    expect(heatmap.locator("tbody tr")).to_have_count(23)
    heatmap.locator("td.cell.gap a, td.cell.tight a").first.click()
    expect(page.get_by_role("heading", name="Open requests", exact=False)).to_be_visible()
    expect(page.locator("table.records tbody tr")).not_to_have_count(0)


def test_console_assets_are_served_only_from_the_whitelist(page: Page, live_hub: LiveHub) -> None:
    for path, status in [
        ("/console/lib/cytoscape/dist/cytoscape.esm.min.mjs", 200),
        ("/console/lib/cytoscape/package.json", 404),
        ("/console/lib/cytoscape/../../package.json", 404),
        ("/console/static/%2e%2e/index.html", 404),
        ("/console/static/js/main.js", 200),
    ]:
        assert page.request.get(path).status == status, path


def test_coordinator_merges_two_stakeholders_and_undoes_it(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    for key, name in (
        ("relief-aid", "Relief Aid Somalia"),
        ("relief-aid-ke", "Relief Aid Somalia Kenya"),
    ):
        put(live_hub.store, Stakeholder(id=key, name=name, kind=StakeholderKind.NGO))
    merges.propose(live_hub.store, merges.IMPORT_ACTOR)
    sign_in(page, live_hub, "coordinator")
    nav(page, "Merge review")
    expect(
        page.get_by_role("heading", name="Organisations that may be one", level=1)
    ).to_be_visible()
    card = page.locator("article.merge[data-merge='merge:relief-aid:relief-aid-ke']")
    expect(card).to_contain_text("Confidence")

    card.get_by_label("Note for the audit log (optional)").fill("one organisation")
    card.get_by_role("button", name="Merge them").click()
    expect(card.locator("header .tag")).to_have_text("accepted")
    expect(page.locator("#messages")).to_contain_text("accepted")
    assert live_hub.store.node("relief-aid-ke") is None

    card.get_by_role("button", name="Undo the merge").click()
    expect(card.locator("header .tag")).to_have_text("reverted")
    assert live_hub.store.node("relief-aid-ke") is not None


def test_a_stakeholder_page_shows_what_its_activities_say_as_derived(
    page: Page, live_hub: LiveHub, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    path = tmp_path / "one.xml"
    path.write_text(
        '<?xml version="1.0"?><iati-activities version="2.03"><iati-activity>'
        "<iati-identifier>DERIVED-1</iati-identifier><title><narrative>Wells</narrative></title>"
        '<participating-org role="4"><narrative>Sahel Water Link</narrative></participating-org>'
        '<recipient-country code="NE"/><sector vocabulary="99" code="WASH"><narrative>WASH'
        "</narrative></sector></iati-activity></iati-activities>"
    )
    import_file(live_hub.store, path)
    sign_in(page, live_hub, None)
    page.goto("/console/#/stakeholders/sahel-water-link")
    derived = page.locator("section.derived")
    expect(derived.get_by_role("heading")).to_have_text(
        "From its 1 activity (derived, not declared)"
    )
    expect(derived).to_contain_text("Works in: Niger")
    expect(derived).to_contain_text("Sectors: WASH")
