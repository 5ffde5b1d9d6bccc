"""Streaming reader of IATI activity XML (1.0x and 2.0x) through defusedxml.

It yields one `ParsedActivity` at a time and forgets the XML behind it, so memory
stays flat however large the file. Everything that goes wrong raises `IatiError`
naming the file and the place: a line and column for XML faults, the activity's
position and identifier for content faults.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from hub.errors import InvalidInput

__all__ = ["IatiError", "ParsedActivity", "ParsedOrg", "ParsedSector", "read_activities"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

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

_DATE_TYPES = {"1": "start-planned", "2": "start-actual", "3": "end-planned", "4": "end-actual"}


class IatiError(InvalidInput):
    """A file that is not importable IATI activity XML; nothing of it was stored."""


@dataclass(frozen=True, slots=True)
class ParsedOrg:
    role: int
    name: str
    ref: str | None = None
    type: str | None = None


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


class _CountingReader:
    """Wraps the file so callers can follow progress in bytes."""

    def __init__(self, raw: BinaryIO, on_progress: Callable[[int], None] | None) -> None:
        self._raw = raw
        self._on_progress = on_progress

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size)
        if self._on_progress is not None and chunk:
            self._on_progress(len(chunk))
        return chunk


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _texts(element: Element | None, default_lang: str) -> dict[str, str]:
    """Narratives by language; 1.0x puts the text straight in the element."""
    if element is None:
        return {}
    found: dict[str, str] = {}
    narratives = element.findall("narrative")
    pairs = [(n.get(_XML_LANG) or default_lang, _clean(n.text)) for n in narratives] or [
        (element.get(_XML_LANG) or default_lang, _clean(element.text))
    ]
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
        role=role, name=name, ref=ref, type=(element.get("type") or "").strip() or None
    )


def _activity(element: Element, position: int, default_lang: str) -> ParsedActivity:
    identifier = _clean(element.findtext("iati-identifier"))
    if not identifier:
        raise ValueError(f"activity #{position} has no iati-identifier")
    lang = (element.get(_XML_LANG) or default_lang).lower()
    activity = ParsedActivity(identifier=identifier, title=_texts(element.find("title"), lang))
    for description in element.findall("description"):
        for key, text in _texts(description, lang).items():
            old = activity.description.get(key)
            activity.description[key] = f"{old}\n{text}" if old else text
    status = element.find("activity-status")
    if status is not None:
        activity.status = (status.get("code") or "").strip() or None
    dates: dict[str, date] = {}
    for item in element.findall("activity-date"):
        kind = _DATE_TYPES.get(item.get("type") or "", item.get("type") or "")
        when = _date(item.get("iso-date"))
        if when is not None:
            dates.setdefault(kind, when)
    activity.start = dates.get("start-actual") or dates.get("start-planned")
    activity.end = dates.get("end-actual") or dates.get("end-planned")
    for country in element.findall("recipient-country"):
        code = (country.get("code") or "").strip().upper()
        if code and code not in activity.countries:
            activity.countries.append(code)
    for region in element.findall("recipient-region"):
        code = (region.get("code") or "").strip()
        if code:
            activity.regions.append(code)
    for location in element.findall("location"):
        name = _first_text(_texts(location.find("name"), lang))
        if name and name not in activity.locations:
            activity.locations.append(name)
    for sector in element.findall("sector"):
        code = (sector.get("code") or "").strip()
        name = _first_text(_texts(sector, lang))
        if code or name:
            activity.sectors.append(
                ParsedSector((sector.get("vocabulary") or "1").strip(), code or name, name)
            )
    for org in element.findall("participating-org"):
        role = ROLES.get((org.get("role") or "").strip().lower())
        parsed = _org(org, role, lang) if role is not None else None
        if parsed is not None and parsed not in activity.organisations:
            activity.organisations.append(parsed)
    reporting = element.find("reporting-org")
    if reporting is not None:
        activity.reporting_org = _org(reporting, 0, lang)
    return activity


def _doctype_line(path: Path) -> str:
    """Where the DTD that defusedxml refused starts, for the error message."""
    with path.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            if re.search(rb"<!(DOCTYPE|ENTITY)", line):
                return f"line {number}"
            if number > 1000:
                break
    return "its prologue"


def read_activities(
    path: Path, on_progress: Callable[[int], None] | None = None
) -> Iterator[ParsedActivity]:
    """Yield the activities of one IATI file, in file order."""
    position = 0
    try:
        with path.open("rb") as raw:
            events = iterparse(
                _CountingReader(raw, on_progress), events=("start", "end"), forbid_dtd=True
            )
            _, root = next(events)
            if root.tag != "iati-activities":
                raise IatiError(f"{path}: root element is <{root.tag}>, expected <iati-activities>")
            default_lang = (root.get(_XML_LANG) or "en").lower()
            for event, element in events:
                if event == "end" and element.tag == "iati-activity":
                    position += 1
                    try:
                        yield _activity(element, position, default_lang)
                    except ValueError as error:
                        raise IatiError(f"{path}: {error}") from None
                    root.clear()
    except ParseError as error:
        raise IatiError(f"{path}: malformed XML: {error}") from None
    except DefusedXmlException as error:
        raise IatiError(
            f"{path}: {_doctype_line(path)}: refused {type(error).__name__}; IATI files need"
            " no DTD or entity declarations"
        ) from None
    except OSError as error:
        raise IatiError(f"{path}: cannot read file: {error.strerror or error}") from None
