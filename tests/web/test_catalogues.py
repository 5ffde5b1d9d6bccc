"""The console's words: every message in all four catalogues, and no hard-coded prose.

These read the files and need no browser. The scan tokenises web/static/js and
web/index.html; a string literal that reads like words for people must be a message
key passed to t(), or be named in ALLOWED with the reason it stays as it is.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.web.js_strings import Literal, literals

WEB = Path(__file__).resolve().parents[2] / "web"
SCRIPTS = WEB / "static" / "js"
CATALOGUES = WEB / "static" / "i18n"
LANGUAGES = ("ar", "en", "es", "fr")
PLURAL_FORMS = {"zero", "one", "two", "few", "many", "other"}
MESSAGE_CALLS = ("t", "tell")
"""Functions whose first argument is a catalogue key: t() and ui.js's tell()."""

# Literals that look like words but are not shown to people, or are the same in every
# language; each with its reason.
ALLOWED: dict[str, str] = {
    "tag objective": "CSS classes for objective tags",
    "tag term": "CSS classes for matched-term tags",
    "Bearer ": "HTTP authorization scheme",
    "Accept-Language": "HTTP header name",
    "Content-Type": "HTTP header name",
    "Stakeholder": "graph node label from the API",
    "SupportRequest": "graph node label from the API",
    "Partnership": "graph node label from the API",
    "Region": "graph node label from the API",
    "Country": "graph node label from the API",
    "Offer": "graph node label from the API",
    "العربية": "a language named in itself, the same in every interface language",
    "English": "a language named in itself, the same in every interface language",
    "Español": "a language named in itself, the same in every interface language",
    "Français": "a language named in itself, the same in every interface language",
    "node:active, node:selected": "cytoscape style selector",
    "the  catalogue did not load ()": "for developers: without a catalogue nothing can be said",
}

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_WORDS = re.compile(r"[A-Za-z]{2,}[,.:;!?…]?\s+[A-Za-z]{2,}")
_CAPITALISED = re.compile(r"^[A-Z][a-z]+(?:$|[ .,:!?…])")


def catalogue(code: str) -> dict[str, object]:
    messages: dict[str, object] = json.loads((CATALOGUES / f"{code}.json").read_text("utf-8"))
    return messages


def placeholders(message: object) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", json.dumps(message, ensure_ascii=False)))


def reads_as_prose(text: str) -> bool:
    """Words for people: Arabic letters, two words in a row, or a capitalised word."""
    return bool(_ARABIC.search(text) or _WORDS.search(text) or _CAPITALISED.search(text))


def scripts() -> list[Path]:
    return sorted(SCRIPTS.rglob("*.js"))


def all_literals() -> list[tuple[Path, Literal]]:
    return [(path, lit) for path in scripts() for lit in literals(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_every_message_is_in_every_catalogue_with_the_same_placeholders(code: str) -> None:
    english, other = catalogue("en"), catalogue(code)
    assert sorted(set(english) - set(other)) == [], f"missing from {code}.json"
    assert sorted(set(other) - set(english)) == [], f"in {code}.json but not in en.json"
    wrong = [k for k in english if placeholders(english[k]) != placeholders(other[k])]
    assert wrong == [], f"{code}.json changes the {{placeholders}} of {wrong}"
    empty = [k for k, v in other.items() if not v]
    assert empty == [], f"{code}.json leaves {empty} empty"


@pytest.mark.parametrize("code", LANGUAGES)
def test_plural_messages_name_only_plural_forms_and_always_other(code: str) -> None:
    for key, message in catalogue(code).items():
        if isinstance(message, dict):
            assert set(message) <= PLURAL_FORMS and "other" in message, f"{code}.json {key}"
            assert "count" in placeholders(message), f"{code}.json {key} has no {{count}}"


def test_every_key_the_scripts_name_is_in_the_english_catalogue() -> None:
    english = catalogue("en")
    calls = [lit for _, lit in all_literals() if lit.called in MESSAGE_CALLS]
    named = {lit.text for lit in calls if lit.template_prefix is None}
    assert named, "the scan found no t() call: the tokenizer is broken"
    assert sorted(named - set(english)) == []
    families = {lit.template_prefix for lit in calls if lit.template_prefix is not None}
    assert [f for f in families if not any(k.startswith(f) for k in english)] == []


def test_no_catalogue_message_is_stale() -> None:
    """Each key is named somewhere: as a literal, in the page, or under a `prefix.${...}`."""
    found = all_literals()
    named = {lit.text for _, lit in found}
    prefixes = tuple(lit.text for _, lit in found if lit.template_prefix and lit.called == "t")
    page = set(re.findall(r'data-i18n(?:-label)?="([^"]+)"', (WEB / "index.html").read_text()))
    stale = [k for k in catalogue("en") if k not in named | page and not k.startswith(prefixes)]
    assert stale == []


def test_no_hard_coded_words_for_people_in_the_scripts() -> None:
    english = catalogue("en")
    offenders = [
        f"{path.relative_to(WEB)}:{lit.line}: {lit.text!r}"
        for path, lit in all_literals()
        if lit.called != "t"
        and lit.text not in english
        and lit.text not in ALLOWED
        and not lit.is_class
        and reads_as_prose(lit.text)
    ]
    assert offenders == [], "route these through t() or allow them with a reason"


def test_the_scan_catches_a_new_hard_coded_sentence() -> None:
    source = 'put(main, h("p", {}, "Nothing to review."), h("h1", {}, t("queue.title")));'
    flagged = [
        lit.text for lit in literals(source) if lit.called != "t" and reads_as_prose(lit.text)
    ]
    assert flagged == ["Nothing to review."]
    template = "say(`Rejected ${name}.`);"
    assert [lit.text for lit in literals(template) if reads_as_prose(lit.text)] == ["Rejected ."]


def test_every_allowed_literal_is_still_there() -> None:
    named = {lit.text for _, lit in all_literals()}
    assert sorted(set(ALLOWED) - named) == [], "drop allowances nothing needs"


class _PageText(HTMLParser):
    """Text of index.html outside an element that names its message with data-i18n."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.loose: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"img", "link", "meta", "input", "br"}:
            return
        names = dict(attrs)
        # noscript runs without JavaScript, so no catalogue can reach it; options name
        # languages in themselves
        exempt = "data-i18n" in names or tag in {"noscript", "option", "script"}
        self.stack.append((tag, exempt or any(e for _, e in self.stack)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if data.strip() and not (self.stack and self.stack[-1][1]):
            self.loose.append(data.strip())


def test_the_page_itself_takes_its_words_from_the_catalogue() -> None:
    html = (WEB / "index.html").read_text(encoding="utf-8")
    parser = _PageText()
    parser.feed(html)
    assert parser.loose == []
    english = catalogue("en")
    keys = re.findall(r'data-i18n(?:-label)?="([^"]+)"', html)
    assert keys and sorted(set(keys) - set(english)) == []
