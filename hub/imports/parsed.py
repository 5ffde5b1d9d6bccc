"""What one IATI `<iati-activity>` element says, as plain data: `ParsedActivity`.

1.0x and 2.0x files differ in where they put texts (a `narrative` or the element
itself) and how they spell roles (words or codes); both come out the same here, with
what the hub's own exports add (GCM objective tags, declared kinds). Whitespace is
collapsed, empty values are dropped and duplicates kept once, so the importer only
decides what the graph makes of an activity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from hub.domain.vocabulary import IatiRole

__all__ = [
    "GCM_OBJECTIVES_URI",
    "GCM_TAG_VOCABULARY",
    "HUB_NAMESPACE",
    "ROLES",
    "XML_LANG",
    "Element",
    "ParsedActivity",
    "ParsedOrg",
    "ParsedSector",
    "parse_activity",
]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

GCM_TAG_VOCABULARY = "99"
"""IATI TagVocabulary 99, "reporting organisation": codes the publisher defines."""
GCM_OBJECTIVES_URI = "https://undocs.org/A/RES/73/195"
"""The vocabulary-uri of GCM objective tags: codes 1-23 are the objectives of the Compact."""
HUB_NAMESPACE = "urn:gcm-connection-hub:iati"
"""The hub's own IATI extension (2.03 allows attributes in other namespaces): `kind`."""
_HUB_KIND = f"{{{HUB_NAMESPACE}}}kind"

Element = etree._Element

ROLES = {
    "1": IatiRole.FUNDING,
    "funding": IatiRole.FUNDING,
    "2": IatiRole.ACCOUNTABLE,
    "accountable": IatiRole.ACCOUNTABLE,
    "3": IatiRole.EXTENDING,
    "extending": IatiRole.EXTENDING,
    "4": IatiRole.IMPLEMENTING,
    "implementing": IatiRole.IMPLEMENTING,
}
"""IATI participating-org roles; 1.0x files spell them as words."""

_DATE_TYPES = {"1": "start-planned", "2": "start-actual", "3": "end-planned", "4": "end-actual"}


@dataclass(frozen=True, slots=True)
class ParsedOrg:
    role: int
    name: str
    ref: str | None = None
    type: str | None = None
    kind: str | None = None
    """The stakeholder kind a hub export declares (`HUB_NAMESPACE`), finer than @type."""


@dataclass(frozen=True, slots=True)
class ParsedSector:
    vocabulary: str
    code: str
    name: str = ""


@dataclass(slots=True)
class ParsedActivity:
    identifier: str
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    status: str | None = None
    start: date | None = None
    end: date | None = None
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    sectors: list[ParsedSector] = field(default_factory=list)
    organisations: list[ParsedOrg] = field(default_factory=list)
    reporting_org: ParsedOrg | None = None
    objectives: list[int] = field(default_factory=list)
    """GCM objectives the file tags the activity with (`GCM_OBJECTIVES_URI`)."""


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _texts(element: Element | None, default_lang: str) -> dict[str, str]:
    """Narratives by language; 1.0x puts the text straight in the element."""
    if element is None:
        return {}
    found: dict[str, str] = {}
    pairs = [
        (n.get(XML_LANG) or default_lang, _clean(n.text)) for n in element.iterchildren("narrative")
    ] or [(element.get(XML_LANG) or default_lang, _clean(element.text))]
    for lang, text in pairs:
        if text:
            key = (lang.strip().lower() or default_lang)[:8]
            found[key] = f"{found[key]}\n{text}" if key in found else text
    return found


def _first_text(texts: dict[str, str]) -> str:
    return texts.get("en") or next(iter(texts.values()), "")


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _org(element: Element, role: int, default_lang: str) -> ParsedOrg | None:
    ref = (element.get("ref") or "").strip() or None
    name = _first_text(_texts(element, default_lang)) or ref
    if not name:
        return None
    return ParsedOrg(
        role=role,
        name=name,
        ref=ref,
        type=(element.get("type") or "").strip() or None,
        kind=(element.get(_HUB_KIND) or "").strip() or None,
    )


def _codes(items: list[Element], upper: bool = False) -> list[str]:
    codes: list[str] = []
    for item in items:
        code = (item.get("code") or "").strip()
        codes.append(code.upper() if upper else code)
    return [code for code in codes if code]


def _sectors(items: list[Element], lang: str) -> list[ParsedSector]:
    sectors: list[ParsedSector] = []
    for sector in items:
        code = (sector.get("code") or "").strip()
        name = _first_text(_texts(sector, lang))
        if code or name:
            sectors.append(
                ParsedSector((sector.get("vocabulary") or "1").strip(), code or name, name)
            )
    return sectors


def _objectives(tags: list[Element]) -> list[int]:
    """GCM objective numbers among an activity's tags; other vocabularies are not ours."""
    found: set[int] = set()
    for tag in tags:
        code = (tag.get("code") or "").strip()
        if (
            tag.get("vocabulary") == GCM_TAG_VOCABULARY
            and (tag.get("vocabulary-uri") or "").strip() == GCM_OBJECTIVES_URI
            and code.isdigit()
            and 1 <= int(code) <= 23
        ):
            found.add(int(code))
    return sorted(found)


def _organisations(items: list[Element], lang: str) -> list[ParsedOrg]:
    organisations: list[ParsedOrg] = []
    for item in items:
        role = ROLES.get((item.get("role") or "").strip().lower())
        org = _org(item, role, lang) if role is not None else None
        if org is not None and org not in organisations:
            organisations.append(org)
    return organisations


def _dates(items: list[Element]) -> dict[str, date]:
    dates: dict[str, date] = {}
    for item in items:
        kind = _DATE_TYPES.get(item.get("type") or "", item.get("type") or "")
        when = _date(item.get("iso-date"))
        if when is not None:
            dates.setdefault(kind, when)
    return dates


def parse_activity(element: Element, position: int, default_lang: str) -> ParsedActivity:
    """The activity an element describes; `ValueError` if it has no identifier."""
    # One pass sorts the children by tag, in document order: cheaper than a findall each.
    children: dict[object, list[Element]] = {}
    for child in element:
        children.setdefault(child.tag, []).append(child)
    none: list[Element] = []
    first = {tag: items[0] for tag, items in children.items()}
    identifier = _clean(first["iati-identifier"].text) if "iati-identifier" in first else ""
    if not identifier:
        raise ValueError(f"activity #{position} has no iati-identifier")
    lang = (element.get(XML_LANG) or default_lang).lower()
    description: dict[str, str] = {}
    for item in children.get("description", none):
        for key, text in _texts(item, lang).items():
            old = description.get(key)
            description[key] = f"{old}\n{text}" if old else text
    status = first.get("activity-status")
    dates = _dates(children.get("activity-date", none))
    locations: list[str] = []
    for location in children.get("location", none):
        name = _first_text(_texts(location.find("name"), lang))
        if name and name not in locations:
            locations.append(name)
    reporting = first.get("reporting-org")
    return ParsedActivity(
        identifier=identifier,
        title=_texts(first.get("title"), lang),
        description=description,
        status=((status.get("code") or "").strip() or None) if status is not None else None,
        start=dates.get("start-actual") or dates.get("start-planned"),
        end=dates.get("end-actual") or dates.get("end-planned"),
        countries=list(dict.fromkeys(_codes(children.get("recipient-country", none), upper=True))),
        regions=_codes(children.get("recipient-region", none)),
        locations=locations,
        sectors=_sectors(children.get("sector", none), lang),
        organisations=_organisations(children.get("participating-org", none), lang),
        reporting_org=_org(reporting, 0, lang) if reporting is not None else None,
        objectives=_objectives(children.get("tag", none)),
    )
