"""The start-up fund in a real browser: a call opened, a note submitted, scored, funded."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

from hub import audit
from hub.access import Principal
from hub.domain.keys import Role
from hub.fund import notes, steering
from hub.fund.records import ConceptNote
from hub.store import repository
from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

JORDAN_PROGRAMME = "Skills mobility partnership Jordan\u2013Gulf"


def switch(page: Page, hub: LiveHub, who: str | None) -> None:
    """Sign out whoever is signed in, then sign in as `who`."""
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, hub, who)


def open_call(page: Page, hub: LiveHub) -> str:
    """The fund manager opens a call through the form; returns its page."""
    from playwright.sync_api import expect

    sign_in(page, hub, "fund_manager")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Start-up fund").click()
    page.get_by_label("Title").fill("Labour mobility pilots")
    page.get_by_label("Budget", exact=True).fill("3000000")
    page.get_by_label("Ceiling per programme").fill("1000000")
    page.get_by_label("Objective groups").fill("decent work: 5, 6")
    page.get_by_role("button", name="Open the call").click()
    expect(page.locator("#messages")).to_contain_text("is open")
    expect(page.get_by_role("heading", name="Labour mobility pilots", level=1)).to_be_visible()
    return page.url


def submit_note(page: Page, hub: LiveHub, call_page: str) -> str:
    """Jordan drafts a note from its request, endorses and submits it; returns its page."""
    from playwright.sync_api import expect

    switch(page, hub, "jordan")
    page.goto(call_page)
    page.get_by_label("From your request").select_option(label=JORDAN_PROGRAMME)
    page.get_by_label("Budget asked").fill("800000")
    page.get_by_role("button", name="Draft the note").click()
    expect(page.get_by_role("heading", name=JORDAN_PROGRAMME, level=1)).to_be_visible()
    # partners come from the request's partnerships, by name
    expect(page.locator("ul.partners")).to_contain_text("Tamkeen for Legal Aid")
    page.get_by_label("Our government endorses this programme").check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("#messages")).to_contain_text("The draft is saved")
    page.get_by_role("button", name="Submit to the call").click()
    expect(page.locator("#messages")).to_contain_text("meets every rule")
    assert "/fund/notes/" in page.url
    return page.url


def test_a_call_from_opening_to_a_funded_programme(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    messages = page.locator("#messages")
    call_page = open_call(page, live_hub)
    note_page = submit_note(page, live_hub, call_page)

    switch(page, live_hub, "fund_manager")
    page.goto(call_page)
    page.get_by_role("button", name="Close the call and screen its notes").click()
    expect(messages).to_contain_text("is closed")
    expect(page.locator("table.notes")).to_contain_text("Eligible")

    switch(page, live_hub, "reviewer")
    page.goto(note_page)
    page.get_by_label("relevance (weight 2), 0 to 5").fill("5")
    page.get_by_label("feasibility (weight 1), 0 to 5").fill("4")
    page.get_by_label("partnership (weight 1), 0 to 5").fill("3")
    page.get_by_role("button", name="Save scores").click()
    expect(messages).to_contain_text("Your scores are recorded")

    switch(page, live_hub, "fund_manager")
    page.goto(call_page)
    page.get_by_role("button", name="Propose a portfolio").click()
    row = page.locator("table.verdicts tbody tr", has_text=JORDAN_PROGRAMME)
    expect(row).to_contain_text("In")
    expect(row).to_contain_text("4.25")  # (2*5 + 4 + 3) / 4
    expect(page.locator(".proposal")).to_contain_text("balance costs")

    switch(page, live_hub, "coordinator")
    page.goto(note_page)
    page.get_by_label("Reasons (recorded in the audit log)").fill("strong national partners")
    page.get_by_role("button", name="Fund", exact=True).click()
    expect(messages).to_contain_text("is funded")
    expect(page.locator(".decided")).to_contain_text("by the coordinator: strong national partners")
    decided = [e for e in audit.entries(live_hub.store) if e.subject == note_page.split("/")[-1]]
    assert decided[-1].action == "fund.note.funded"
    assert decided[-1].detail == "strong national partners"

    switch(page, live_hub, None)  # the public sees what the fund finances
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Start-up fund").click()
    funded = page.locator("table.pipeline tr", has_text="Funded")
    expect(funded).to_contain_text(JORDAN_PROGRAMME)
    expect(funded).to_contain_text("Labour mobility pilots")


def eligible_note(hub: LiveHub) -> str:
    """A note screened eligible on a call of its own, made through the hub's services."""
    fund = Principal(Role.FUND_MANAGER, key="browser-fund")
    egypt = Principal(Role.MEMBER_STATE, "egypt", "browser-egypt")
    today = date.today()
    call = notes.create_call(
        hub.store,
        fund,
        {
            "title": "Information for migrants",
            "opens": str(today - timedelta(days=1)),
            "closes": str(today + timedelta(days=1)),
            "budget": 1_000_000,
            "ceiling": 900_000,
            "criteria": [{"name": "relevance", "weight": 1}],
        },
    )
    note = notes.draft(hub.store, egypt, "req-fund-egypt-information", call.id)
    notes.edit(hub.store, egypt, note.id, {"budget": 500_000, "endorsed": True})
    notes.submit(hub.store, egypt, note.id)
    notes.close_call(hub.store, fund, call.id)
    return note.id


def test_a_reviewer_with_a_conflict_cannot_score(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    note = eligible_note(live_hub)
    scores = {"scores": {"relevance": 5}}
    url = f"{live_hub.url}/api/v1/fund/notes/{note}/reviews"

    # IOM is a partner of the note: its reviewer is told why, and the hub refuses anyway
    sign_in(page, live_hub, "reviewer_iom")
    page.goto(f"/console/#/fund/notes/{note}")
    expect(page.locator(".conflict")).to_contain_text("International Organization for Migration")
    expect(page.get_by_role("button", name="Save scores")).to_have_count(0)
    bearer = {"Authorization": f"Bearer {live_hub.tokens['reviewer_iom']}"}
    assert page.request.post(url, headers=bearer, data=scores).status == 403

    # an independent reviewer declares a conflict, and may not score afterwards
    switch(page, live_hub, "reviewer_b")
    page.goto(f"/console/#/fund/notes/{note}")
    page.get_by_role("button", name="Declare a conflict of interest").click()
    expect(page.locator("#messages")).to_contain_text("conflict of interest is recorded")
    expect(page.locator(".conflict")).to_contain_text("You declared a conflict of interest")
    expect(page.get_by_role("button", name="Save scores")).to_have_count(0)
    bearer = {"Authorization": f"Bearer {live_hub.tokens['reviewer_b']}"}
    refused = page.request.post(url, headers=bearer, data=scores)
    assert refused.status == 403 and "conflict of interest" in refused.text()


def test_a_portfolio_proposal_is_said_in_french(page: Page, live_hub: LiveHub) -> None:
    """The summary and each note's verdict are worded from the proposal's parts, not
    shown as the hub's English sentences."""
    from playwright.sync_api import expect

    from tests.web.test_catalogues import catalogue

    note_id = eligible_note(live_hub)
    steering.score(live_hub.store, Principal(Role.REVIEWER, key="fr"), note_id, {"relevance": 4})
    call_id = repository.get(live_hub.store, ConceptNote, note_id).call
    sign_in(page, live_hub, "fund_manager")
    page.locator("#language").select_option("fr")
    words = catalogue("fr")
    page.goto(f"/console/#/fund/calls/{call_id}")
    page.get_by_role("button", name=str(words["call.propose"])).click()
    lead = page.locator(".proposal p.lead")
    summary = words["call.summary"]
    assert isinstance(summary, dict)
    expect(lead).to_contain_text(re.split(r"\{\w+\}", summary["one"])[-2].strip())
    assert "balance costs" not in lead.inner_text()
    verdict = page.locator("table.verdicts tbody tr td:last-child")
    expect(verdict).to_have_text(str(words["call.why.chosen"]).replace("{delta}", "4,00"))
