"""Streaming reader of IATI activity XML (1.0x and 2.0x), vetted by defusedxml.

It yields one `ParsedActivity` at a time and forgets the XML behind it, so memory
stays flat however large the file. defusedxml reads the prologue, where any DTD or
entity declaration would be; libxml2 (lxml) reads the body, building only activities.
Everything that goes wrong raises `IatiError` naming the file and the place: a line
and column for XML faults, the activity's position and identifier for content faults.
Encodings the two parsers might read differently are refused first (`encoding`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from lxml import etree

from hub.domain.errors import InvalidInput
from hub.imports.encoding import encoding_problem

__all__ = [
    "GCM_OBJECTIVES_URI",
    "GCM_TAG_VOCABULARY",
    "HUB_NAMESPACE",
    "IatiError",
    "ParsedActivity",
    "ParsedOrg",
    "ParsedSector",
    "read_activities",
]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

GCM_TAG_VOCABULARY = "99"
"""IATI TagVocabulary 99, "reporting organisation": codes the publisher defines."""
GCM_OBJECTIVES_URI = "https://undocs.org/A/RES/73/195"
"""The vocabulary-uri of GCM objective tags: codes 1-23 are the objectives of the Compact."""
HUB_NAMESPACE = "urn:gcm-connection-hub:iati"
"""The hub's own IATI extension (2.03 allows attributes in other namespaces): `kind`."""
_HUB_KIND = f"{{{HUB_NAMESPACE}}}kind"

Element = etree._Element

ROLES = {
    "1": 1,
    "funding": 1,
    "2": 2,
    "accountable": 2,
    "3": 3,
    "extending": 3,
    "4": 4,
    "implementing": 4,
}
"""IATI participating-org roles; 1.0x files spell them as words."""

_CHUNK = 1 << 16
_PROLOGUE_CHUNK = 1 << 12

_DATE_TYPES = {"1": "start-planned", "2": "start-actual", "3": "end-planned", "4": "end-actual"}


class IatiError(InvalidInput):
    """A file that is not importable IATI activity XML; nothing of it was stored."""


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
        (n.get(_XML_LANG) or default_lang, _clean(n.text))
        for n in element.iterchildren("narrative")
    ] or [(element.get(_XML_LANG) or default_lang, _clean(element.text))]
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


def _activity(element: Element, position: int, default_lang: str) -> ParsedActivity:
    # One pass sorts the children by tag, in document order: cheaper than a findall each.
    children: dict[object, list[Element]] = {}
    for child in element:
        children.setdefault(child.tag, []).append(child)
    none: list[Element] = []
    first = {tag: items[0] for tag, items in children.items()}
    identifier = _clean(first["iati-identifier"].text) if "iati-identifier" in first else ""
    if not identifier:
        raise ValueError(f"activity #{position} has no iati-identifier")
    lang = (element.get(_XML_LANG) or default_lang).lower()
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


def _doctype_line(path: Path) -> str:
    """Where the DTD that defusedxml refused starts, for the error message."""
    with path.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            if re.search(rb"<!(DOCTYPE|ENTITY)", line):
                return f"line {number}"
            if number > 1000:
                break
    return "its prologue"


class _RootReached(Exception):
    """The prologue is over: no DTD can follow."""


class _PrologueEnd:
    """Parser target that stops at the root element's start tag."""

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        raise _RootReached

    def end(self, tag: str) -> None: ...

    def data(self, text: str) -> None: ...

    def close(self) -> None: ...


def _refuse_declarations(path: Path) -> None:
    """Read the prologue through defusedxml, which refuses any DTD or entity in it.

    XML allows declarations only before the root element, so once defusedxml has seen
    the root start, the fast C parser can read the rest safely: an entity reference in
    the body would be undefined and fail as malformed XML. Faults that are not
    declarations are left for the main parse to report.
    """
    parser = DefusedXMLParser(target=_PrologueEnd(), forbid_dtd=True)
    with path.open("rb") as raw:
        while chunk := raw.read(_PROLOGUE_CHUNK):
            try:
                parser.feed(chunk)
            except (_RootReached, ParseError):
                return


def _body_parser() -> etree.XMLPullParser:
    """libxml2 with nothing fetched or expanded, reporting only whole activities."""
    return etree.XMLPullParser(
        events=("end",),
        tag="iati-activity",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def _language(root: Element, path: Path) -> str:
    if root.tag != "iati-activities":
        raise IatiError(f"{path}: root element is <{root.tag!s}>, expected <iati-activities>")
    if root.getroottree().docinfo.internalDTD is not None:
        # defusedxml refuses these; this holds should the two parsers ever disagree
        raise IatiError(f"{path}: refused a DTD; IATI files need no DTD or entity declarations")
    return (root.get(_XML_LANG) or "en").lower()


def _first_fault(error: etree.XMLSyntaxError) -> str:
    """libxml2's first complaint: the exception's own message can be a later, vaguer one
    (an undefined entity surfaces at the end as "no element found")."""
    faults = error.error_log.filter_from_errors()
    if len(faults) == 0:
        return str(error.msg)
    first = faults[0]
    return f"{first.message}, line {first.line}, column {first.column}"


def _forget(element: Element) -> None:
    """Drop an activity and everything before it, so the tree never grows."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def read_activities(
    path: Path, on_progress: Callable[[int], None] | None = None
) -> Iterator[ParsedActivity]:
    """Yield the activities of one IATI file, in file order."""
    position = 0
    try:
        problem = encoding_problem(path)
        if problem is not None:
            raise IatiError(f"{path}: {problem}")
        _refuse_declarations(path)
        parser = _body_parser()
        etree.clear_error_log()  # the log is per thread: keep this file's faults only
        default_lang: str | None = None
        with path.open("rb") as raw:
            while True:
                chunk = raw.read(_CHUNK)
                if chunk:
                    parser.feed(chunk)
                    if on_progress is not None:
                        on_progress(len(chunk))
                else:
                    root = parser.close()
                    if default_lang is None:
                        _language(root, path)
                for _, element in parser.read_events():
                    if default_lang is None:
                        default_lang = _language(element.getroottree().getroot(), path)
                    position += 1
                    try:
                        yield _activity(element, position, default_lang)
                    except ValueError as error:
                        raise IatiError(f"{path}: {error}") from None
                    _forget(element)
                if not chunk:
                    return
    except etree.XMLSyntaxError as error:
        raise IatiError(f"{path}: malformed XML: {_first_fault(error)}") from None
    except DefusedXmlException as error:
        raise IatiError(
            f"{path}: {_doctype_line(path)}: refused {type(error).__name__}; IATI files need"
            " no DTD or entity declarations"
        ) from None
    except OSError as error:
        raise IatiError(f"{path}: cannot read file: {error.strerror or error}") from None
