"""The console in Arabic, English, French and Spanish: every page, right to left, remembered."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.web.conftest import SCREENSHOTS, LiveHub, browser_missing, browser_required, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

if (_missing := browser_missing()) is not None and not browser_required():
    pytest.skip(_missing, allow_module_level=True)

CATALOGUES = Path(__file__).resolve().parents[2] / "web" / "static" / "i18n"
LANGUAGES = ("ar", "en", "es", "fr")
PAGES = (
    "/",
    "/queue",
    "/requests",
    "/requests/new",
    "/requests/req-morocco-migration-data",
    "/stakeholders",
    "/stakeholders/iom",
    "/partnerships",
    "/analysis",
    "/groups",
    "/groups/igad",
    "/fund",
    "/practices",
    "/search?q=migration%20data",
    "/merges",
)
# Objective 1's short label as the API names it in each language.
DATA = {"ar": "البيانات", "en": "Data", "es": "Datos", "fr": "Données"}


def catalogue(code: str) -> dict[str, str]:
    messages: dict[str, str] = json.loads((CATALOGUES / f"{code}.json").read_text("utf-8"))
    return messages


def signed_in_as_coordinator(page: Page, hub: LiveHub, language: str | None) -> None:
    """The key and the language as a returning coordinator's browser holds them."""
    stored = (
        f"localStorage.setItem('gcm-hub-language', {json.dumps(language)});" if language else ""
    )
    page.context.add_init_script(
        f"{stored} sessionStorage.setItem('gcm-hub-api-key', "
        f"{json.dumps(hub.tokens['coordinator'])});"
    )


def visit(page: Page, path: str) -> None:
    page.goto(f"/console/#{path}")
    page.locator(f"body[data-page='{path.split('?', maxsplit=1)[0]}']").wait_for(state="attached")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_speaks_the_chosen_language(
    page: Page, live_hub: LiveHub, path: str, language: str
) -> None:
    signed_in_as_coordinator(page, live_hub, language)
    visit(page, path)
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    words = catalogue(language)
    nav = page.locator("#nav")
    assert nav.locator("a[href='#/queue']").inner_text() == words["nav.queue"]
    assert nav.get_attribute("aria-label") == words["nav.label"]
    text = page.locator("body").inner_text()
    assert "⟦" not in text and "⟦" not in page.title(), f"a message is missing on {path}"
    assert page.locator(".problem").count() == 0, page.locator(".problem").all_inner_texts()
    labels = page.locator("select[name=objective] option[value='1']")
    if labels.count():
        assert DATA[language] in labels.first.inner_text()


def test_arabic_mirrors_the_layout(browser: Browser, live_hub: LiveHub) -> None:
    """In Arabic the page runs right to left: brand at the right edge, the navigation's
    first link right of its second, the language chooser left of the signed-in box, a
    card's score at the left end of its heading; French runs the other way."""
    starts: dict[str, dict[str, float]] = {}
    scores: dict[str, str] = {}
    for language in ("ar", "fr"):
        context = browser.new_context(
            viewport={"width": 1366, "height": 900}, base_url=live_hub.url
        )
        page = context.new_page()
        signed_in_as_coordinator(page, live_hub, language)
        visit(page, "/queue")
        card = page.locator("article.suggestion").first
        score = card.locator(".score")
        scores[language] = score.inner_text()
        starts[language] = {
            part: left(locator)
            for part, locator in {
                "brand": page.locator(".brand"),
                "queue": page.locator("#nav a[href='#/queue']"),
                "requests": page.locator("#nav a[href='#/requests']"),
                "who": page.locator("#who"),
                "chooser": page.locator("#language"),
                "score": score,
            }.items()
        }
        starts[language]["middle"] = left(card) + width(card) / 2
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"console-{language}.png")
        context.close()
    ar, fr = starts["ar"], starts["fr"]
    assert ar["brand"] > 1366 / 2 > fr["brand"]
    assert ar["queue"] > ar["requests"] and fr["queue"] < fr["requests"]
    assert ar["chooser"] < ar["who"] and fr["chooser"] > fr["who"]
    assert ar["score"] < ar["middle"] and fr["score"] > fr["middle"]
    assert re.search(r"\d,\d\d$", scores["fr"]), "French writes a decimal comma"


def left(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not laid out"
    return box["x"]


def width(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not laid out"
    return box["width"]


def test_the_chosen_language_is_remembered_and_the_browser_sets_the_default(
    browser: Browser, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(locale="es-ES", base_url=live_hub.url)
    page = context.new_page()
    page.goto("/console/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")

    page.get_by_label("Idioma de la consola").select_option("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")

    page.get_by_label("Langue de la console").select_option("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label("مفتاح الواجهة البرمجية").fill(live_hub.tokens["coordinator"])
    page.get_by_role("button", name="تسجيل الدخول").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("قائمة المراجعة")
    expect(page.locator("#queue-count")).to_contain_text("عدد الاقتراحات")
    context.close()


def test_what_was_just_said_is_said_again_in_the_new_language(
    page: Page, live_hub: LiveHub
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_hub, "morocco")
    messages = page.locator("#messages")
    expect(messages).to_have_text(re.compile(re.escape(catalogue("en")["signin.done"])))
    for code in ("fr", "ar", "es"):
        page.locator("#language").select_option(code)
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(messages).to_contain_text(catalogue(code)["signin.done"])
        expect(messages).not_to_contain_text(catalogue("en")["signin.done"])


def test_what_a_step_said_is_said_again_in_the_new_language(page: Page, live_hub: LiveHub) -> None:
    """A message after a step (here a deferral, with the partner's name in it) follows a
    change of language like the sign-in message does."""
    from playwright.sync_api import expect

    sign_in(page, live_hub, "coordinator")
    page.goto("/#/queue")
    card = page.locator("article.suggestion").first
    name = card.locator("h2").inner_text()
    card.get_by_role("button", name="Defer").click()
    messages = page.locator("#messages")
    said = {code: catalogue(code)["queue.deferredSaid"].format(name=name) for code in LANGUAGES}
    expect(messages).to_contain_text(said["en"])
    for code in ("fr", "ar", "es"):
        page.locator("#language").select_option(code)
        expect(messages).to_contain_text(said[code])
        expect(messages).not_to_contain_text(said["en"])


GHANA = "req-ghana-trafficking-victims"


def test_a_status_inside_a_message_follows_the_language_too(page: Page, live_hub: LiveHub) -> None:
    """The partnership's status in "Accepted: … is proposed." is a catalogue word: said
    again in the new language, not left in the one it was said in."""
    from playwright.sync_api import expect

    from hub.access import OPERATOR
    from hub.domain.records import SupportRequest
    from hub.review import queue_suggestions
    from hub.store import repository

    # a pairing of its own, so that the queues other tests read keep theirs
    requester = repository.get(live_hub.store, SupportRequest, GHANA).requester
    queue_suggestions(live_hub.store, OPERATOR, GHANA, n=1)
    sign_in(page, live_hub, "coordinator")
    page.goto(f"/#/queue?member_state={requester}")
    card = page.locator("article.suggestion").first
    card.get_by_role("button", name="Accept").click()
    light = card.locator(".light")
    expect(light).to_be_visible()
    status = light.get_attribute("data-status")
    word = {code: catalogue(code)[f"lifecycle.{status}"].lower() for code in LANGUAGES}
    messages = page.locator("#messages")
    expect(messages).to_contain_text(word["en"])
    for code in ("fr", "es", "ar"):
        page.locator("#language").select_option(code)
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(messages).to_contain_text(word[code])
        expect(messages).not_to_contain_text(f"is {word['en']}")
