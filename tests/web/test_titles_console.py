"""Titles and names, never raw ids, where a person reads: the queue, a request's similar
initiatives and history, a stakeholder's graph, synergy cards, partnerships, the inbox."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from hub.access import Principal, create_key
from hub.domain.activities import RejectReason
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, SupportRequest
from hub.review import accept, queue_suggestions, reject
from hub.store import repository
from tests.web.conftest import LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

KENYA = "req-kenya-climate-mobility"
RAW_ID = re.compile(
    r"\b(?:req|pship|offer|request|claim|practice|stakeholder)-[a-z0-9]"
    r"|\b(?:sugg|partnership|audit|event|country|region|activity):\S"
    r"|\bkey-[0-9a-f]{6}"
    r"|\b(?:admin|coordinator|member_state|partner):[a-z]"
)
"""The forms of the hub's ids (`req-…`, `sugg:…`, `key-…`, `coordinator:key-…`)."""
INTERNAL_NOTE = "internal: their office is understaffed"


@pytest.fixture(scope="module")
def decided(live_hub: LiveHub) -> dict[str, str]:
    """Kenya's request with one partner accepted and one rejected with an internal note,
    and a key for Kenya; the names of both partners."""
    staff = Principal(Role.COORDINATOR, key="titles-tests")
    found = queue_suggestions(live_hub.store, staff, KENYA, n=2)
    accept(live_hub.store, staff, found[0].id, "good fit")
    reject(live_hub.store, staff, found[1].id, RejectReason.NO_CAPACITY, INTERNAL_NOTE)
    live_hub.tokens["kenya"] = create_key(live_hub.store, Role.MEMBER_STATE, "kenya")[1]
    name = [repository.get(live_hub.store, Stakeholder, s.candidate).name for s in found]
    return {"accepted": name[0], "rejected": name[1]}


def raw_ids(page: Page) -> list[str]:
    """Raw ids in the page's main text once it has loaded, with their surroundings."""
    page.locator("main .loading").first.wait_for(state="detached")
    text = page.locator("main").inner_text()
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in RAW_ID.finditer(text)]


PAGES = [
    "/queue?status=accepted",
    "/queue?status=rejected",
    "/queue",
    f"/requests/{KENYA}",
    "/stakeholders/iom",
    "/analysis?region=Africa",
    "/partnerships",
    "/inbox",
    "/groups/arab-region",
    "/search?q=data",
    "/partnerships/pship-igad-free-movement",
    "/practices",
]


@pytest.mark.usefixtures("decided")
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["coordinator", "partner", "kenya"])
def test_pages_name_what_they_show(page: Page, live_hub: LiveHub, who: str, path: str) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, who)
    page.goto(f"/console/#{path}")
    expect(page.locator("main h1")).to_be_visible()
    found = raw_ids(page)
    assert not found, "\n".join(found)
    expect(page.locator("main .problem")).to_have_count(0)  # no error stood in for content


@pytest.mark.usefixtures("decided")
def test_a_partners_proposals_name_what_they_show(page: Page, live_hub: LiveHub) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "partner")
    page.goto("/console/#/proposals")
    expect(page.locator("main h1")).to_be_visible()
    found = raw_ids(page)
    assert not found, "\n".join(found)


def panel(page: Page, heading: str) -> Locator:
    return page.locator("section", has=page.get_by_role("heading", name=heading))


@pytest.mark.usefixtures("decided")
def test_similar_initiatives_synergies_and_graph_nodes_go_by_title(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "coordinator")
    page.goto(f"/console/#/requests/{KENYA}")
    similar = panel(page, "Similar initiatives").locator("ol.ranked > li > p:first-child")
    expect(similar).not_to_have_count(0)
    for text in similar.all_inner_texts():
        assert re.match(r"\w", text), f"an initiative without its title: {text!r}"
    page.goto("/console/#/analysis?region=Africa")
    links = page.locator("main a[href^='#/requests/']")
    expect(links).not_to_have_count(0)
    for link in links.all():
        request = (link.get_attribute("href") or "").removeprefix("#/requests/")
        title = repository.get(live_hub.store, SupportRequest, request).title
        expect(link).to_have_text(title)
    page.goto("/console/#/stakeholders/iom")
    page.locator(".graph-canvas[data-nodes]").wait_for()
    names = page.evaluate("window.hubConsole.graph.nodes().map((n) => n.data('name'))")
    assert names and not [n for n in names if RAW_ID.search(n)]


@pytest.mark.parametrize(
    ("who", "detail"),
    [("coordinator", f"No capacity left: {INTERNAL_NOTE}"), ("kenya", "No capacity left")],
)
def test_the_history_names_partner_and_actor_and_only_staff_read_internal_notes(
    page: Page, live_hub: LiveHub, decided: dict[str, str], who: str, detail: str
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, who)
    page.goto(f"/console/#/requests/{KENYA}")
    timeline = page.locator("ol.timeline")
    rejected = timeline.locator("li[data-action='suggestion.rejected']")
    expect(rejected).to_contain_text(f"about {decided['rejected']}")
    expect(rejected).to_contain_text("by hub coordinator")
    expect(rejected.locator(".detail")).to_have_text(re.compile(rf"^\s*— {re.escape(detail)}$"))
    accepted = timeline.locator("li[data-action='suggestion.accepted']")
    expect(accepted).to_contain_text(f"about {decided['accepted']}")
    assert ("good fit" in accepted.inner_text()) is (who == "coordinator")


@pytest.mark.parametrize("code", ["fr", "ar"])
@pytest.mark.usefixtures("decided")
def test_the_history_words_its_steps_and_staff_in_the_console_language(
    page: Page, live_hub: LiveHub, code: str
) -> None:
    """What happened and who did it, where the hub knows only a role, are the console's
    words: not the hub's English ones."""
    from playwright.sync_api import expect

    from tests.web.test_languages_console import catalogue

    sign_in(page, live_hub, "kenya")
    page.locator("#language").select_option(code)
    expect(page.locator("html")).to_have_attribute("lang", code)
    page.goto(f"/console/#/requests/{KENYA}")
    words = catalogue(code)
    rejected = page.locator("ol.timeline li[data-action='suggestion.rejected']")
    expect(rejected.locator(".action")).to_have_text(words["history.suggestion.rejected"])
    expect(rejected.locator(".meta")).to_contain_text(words["actor.coordinator"])
    expect(rejected).not_to_contain_text("hub coordinator")


def test_why_an_initiative_is_similar_is_said_in_the_console_language(
    page: Page, live_hub: LiveHub
) -> None:
    """The reasons are built from the answer's parts (objectives, shared places, terms)
    in the reader's language, not shown as the hub's English sentence."""
    from playwright.sync_api import expect

    from tests.web.test_languages_console import catalogue

    sign_in(page, live_hub, "coordinator")
    page.locator("#language").select_option("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto(f"/console/#/requests/{KENYA}")
    words = catalogue("fr")
    reasons = panel(page, words["requests.similar"]).locator("ol.ranked > li > p.meta")
    expect(reasons).not_to_have_count(0)
    said = " ".join(reasons.all_inner_texts())
    assert words["similar.why.objectives"].split()[0] in said
    assert "objectives " not in said and "same " not in said, said
