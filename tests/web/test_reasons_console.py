"""Reasons in the console's language: funders' records, partners' evidence and why states
are grouped are worded from the answers' parts, not shown as the hub's English."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from hub import merges
from hub.domain.records import Stakeholder, StakeholderKind
from tests.store_support import put
from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in
from tests.web.test_catalogues import catalogue
from tests.web.test_titles_console import panel

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

LEBANON = "req-lebanon-primary-health"
"""Its funders show every part of a funding record: nearby, objectives, kinds, declared."""
JORDAN = "req-fund-jordan-skills"
"""Its first partners are named in it."""
MOROCCO = "req-morocco-migration-data"
"""Its first partners are present in Morocco."""
ENGLISH = re.compile(
    r"\b(?:funded|funds|declares interest|named in the request|present in|implemented"
    r"|ask for alike support|common terms|cohesion|needs at least)\b"
)
"""The hub's English sentences, as they begin or join."""


def _in(page: Page, language: str) -> dict[str, object]:
    page.locator("#language").select_option(language)
    return catalogue(language)


def _said(items: Locator) -> str:
    from playwright.sync_api import expect

    expect(items).not_to_have_count(0)
    said = " ".join(items.all_text_contents())  # folded explanations too
    assert not ENGLISH.search(said), said
    return said


def _run(message: object) -> str:
    """A message's longest run of fixed words (its `other` form if plural): what any
    sentence it makes shows whatever its values."""
    text = message["other"] if isinstance(message, dict) else str(message)
    return max(re.split(r"\{\w+\}", text), key=len).strip()


def test_a_funders_record_is_said_in_french(page: Page, live_hub: LiveHub) -> None:
    sign_in(page, live_hub, "coordinator")
    words = _in(page, "fr")
    page.goto(f"/console/#/requests/{LEBANON}")
    said = _said(panel(page, str(words["requests.funders"])).locator("ul.evidence > li"))
    for key in ("reason.inSame.country", "reason.fundedObjectives", "reason.declares"):
        assert _run(words[key]) in said, (key, said)


def test_a_partners_evidence_is_said_in_arabic(page: Page, live_hub: LiveHub) -> None:
    sign_in(page, live_hub, "coordinator")
    words = _in(page, "ar")
    for request, key in ((JORDAN, "reason.named"), (MOROCCO, "reason.present")):
        page.goto(f"/console/#/requests/{request}")
        said = _said(page.locator(".explain ul.evidence > li"))
        assert _run(words[key]) in said, (key, said)
    assert "المغرب" in said, said  # the country by its Arabic name, not MA


def test_why_states_are_grouped_is_said_in_french(page: Page, live_hub: LiveHub) -> None:
    sign_in(page, live_hub, "partner")
    words = _in(page, "fr")
    page.goto("/console/#/analysis?region=Africa")
    said = _said(page.locator("ol.cards article.card > p.meta:last-child"))
    assert _run(words["synergy.states"]) in said


def test_why_two_organisations_may_be_one_is_said_in_french(page: Page, live_hub: LiveHub) -> None:
    for key, name in (
        ("hope-relief", "Hope Relief Sahel"),
        ("hope-relief-ne", "Hope Relief Sahel Niger"),
    ):
        put(live_hub.store, Stakeholder(id=key, name=name, kind=StakeholderKind.NGO))
    merges.propose(live_hub.store, merges.IMPORT_ACTOR)
    sign_in(page, live_hub, "coordinator")
    words = _in(page, "fr")
    page.goto("/console/#/merges")
    card = page.locator("article.merge[data-merge='merge:hope-relief:hope-relief-ne']")
    said = _said(card.locator("p", has_text="Hope Relief Sahel Niger"))
    assert _run(words["merges.namesAlike"]) in said and "names alike" not in said, said


def test_why_a_note_is_ineligible_is_said_in_spanish(page: Page, live_hub: LiveHub) -> None:
    sign_in(page, live_hub, "coordinator")
    words = _in(page, "es")
    page.goto("/console/#/fund/notes/note-demo-morocco-data")
    said = _said(page.locator("ul.failures > li"))
    partners = words["note.failure.national_partners"]
    assert isinstance(partners, dict)
    for message in (words["note.failure.too_few_partners"], partners["one"]):
        assert _run(message) in said, (message, said)
