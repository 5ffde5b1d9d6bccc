"""The hub's partnerships as IATI 2.03 activities, and its stakeholders as an IATI
organisation file, each as the caller may see it and valid against the IATI schemas.

What IATI codes cannot say, the hub says in its own namespace (`HUB_NAMESPACE`, which
the 2.03 schemas allow on every element) so that importing an export gives the same
records back: a participating organisation's stakeholder kind, and GCM objectives as
tags of a reporting-organisation vocabulary (99) whose URI is the Compact itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Literal

from lxml import etree

from hub.access import PUBLIC, Principal, Sight
from hub.domain.activities import Partnership, PartnershipStatus
from hub.domain.errors import InvalidInput
from hub.domain.records import Stakeholder, StakeholderKind, SupportRequest
from hub.domain.settings import Settings
from hub.domain.taxonomy import objective
from hub.domain.vocabulary import REF_SCHEME
from hub.imports.parsed import GCM_OBJECTIVES_URI, GCM_TAG_VOCABULARY, HUB_NAMESPACE
from hub.records import reading
from hub.store import Store

__all__ = [
    "IATI_VERSION",
    "SCHEMA_DIR",
    "Reporter",
    "activity_identifier",
    "organisations_xml",
    "partnerships_xml",
    "unpublished_partnerships",
    "validate",
]

IATI_VERSION = "2.03"
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "iati-schema"
_SCHEMAS = {
    "activities": "iati-activities-schema.xsd",
    "organisations": "iati-organisations-schema.xsd",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_KIND = f"{{{HUB_NAMESPACE}}}kind"
_NSMAP = {"gcm": HUB_NAMESPACE}

MIGRATION_SECTOR = "15190"
"""OECD DAC 5-digit sector: facilitation of orderly, safe, regular and responsible
migration and mobility; every hub partnership is about migration."""

# Where a partnership stands -> IATI ActivityStatus (1 pipeline, 2 implementation,
# 4 closed, 5 cancelled); the importer reads 1 back as agreed.
_STATUS = {
    PartnershipStatus.PROPOSED: "1",
    PartnershipStatus.AGREED: "1",
    PartnershipStatus.ACTIVE: "2",
    PartnershipStatus.COMPLETED: "4",
    PartnershipStatus.CLOSED: "5",
}

# Stakeholder kind -> IATI OrganisationType, where one code says it. NGOs (21-24 by
# reach) and donors (a ministry or a foundation) are left to the hub's own `kind`.
_ORGANISATION_TYPE = {
    StakeholderKind.MEMBER_STATE: "10",
    StakeholderKind.GOVERNMENT: "10",
    StakeholderKind.LOCAL_AUTHORITY: "11",
    StakeholderKind.UN_ENTITY: "40",
    StakeholderKind.MULTILATERAL: "40",
    StakeholderKind.REGIONAL_BODY: "40",
    StakeholderKind.PRIVATE_SECTOR: "70",
    StakeholderKind.ACADEMIA: "80",
    StakeholderKind.OTHER: "90",
}

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


@dataclass(frozen=True, slots=True)
class Reporter:
    """The hub operator, the reporting-org of everything the hub publishes."""

    name: str
    ref: str
    type: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Reporter:
        return cls(settings.operator_name, settings.operator_ref, settings.operator_type)


def activity_identifier(reporter: Reporter, partnership_id: str) -> str:
    """A partnership's IATI identifier: the operator's ref, then the hub's id."""
    return f"{reporter.ref}-{partnership_id}"


def _text(parent: etree._Element, tag: str, text: str, lang: str | None = None) -> None:
    element = etree.SubElement(parent, tag)
    narrative = etree.SubElement(element, "narrative")
    narrative.text = text
    if lang is not None:
        narrative.set(_XML_LANG, lang)


def _reporting_org(parent: etree._Element, reporter: Reporter) -> None:
    element = etree.SubElement(parent, "reporting-org", ref=reporter.ref, type=reporter.type)
    etree.SubElement(element, "narrative").text = reporter.name


def _iati_ref(stakeholder: Stakeholder) -> str | None:
    return next((e.value for e in stakeholder.external_ids if e.scheme == REF_SCHEME), None)


def _organisation(parent: etree._Element, role: str, who: Stakeholder | str) -> None:
    element = etree.SubElement(parent, "participating-org", role=role)
    if isinstance(who, str):  # a member the caller may not look up: named by its id
        etree.SubElement(element, "narrative").text = who
        return
    ref = _iati_ref(who)
    if ref is not None:
        element.set("ref", ref)
    if who.kind in _ORGANISATION_TYPE:
        element.set("type", _ORGANISATION_TYPE[who.kind])
    element.set(_KIND, who.kind.value)
    etree.SubElement(element, "narrative").text = who.name


def _language(request: SupportRequest | None) -> str | None:
    """The request's first working language whose script its text is written in."""
    if request is None or not request.languages:
        return None
    arabic = bool(_ARABIC_SCRIPT.search(request.text or request.title))
    fitting = [code for code in request.languages if (code == "ar") == arabic]
    return (fitting or request.languages)[0]


def _dates(
    partnership: Partnership, request: SupportRequest | None, today: date
) -> list[tuple[str, date]]:
    """IATI activity dates: the actual start and end where known. Else the planned
    start is when it was proposed, or when its request wants to start, or (the schema
    wants one date at least) the day of the export."""
    found: list[tuple[str, date]] = []
    if partnership.started is not None:
        found.append(("2", partnership.started))
    else:
        wanted = request.timeframe.start if request and request.timeframe else None
        found.append(("1", min(partnership.status_dates.values(), default=wanted or today)))
    ended = partnership.ended or (
        partnership.status_dates.get(partnership.status)
        if partnership.status in (PartnershipStatus.COMPLETED, PartnershipStatus.CLOSED)
        else None
    )
    if ended is not None:
        found.append(("4", ended))
    return found


def _shares(count: int) -> list[str]:
    """Equal percentages summing to exactly 100: the hub records no split by country."""
    cents = [10_000 // count] * count
    cents[-1] += 10_000 - sum(cents)
    return [f"{c // 100}.{c % 100:02d}" for c in cents]


def _activity(
    partnership: Partnership,
    reporter: Reporter,
    request: SupportRequest | None,
    stakeholders: dict[str, Stakeholder],
    today: date,
) -> etree._Element:
    lang = _language(request)
    activity = etree.Element("iati-activity", nsmap=_NSMAP)
    if partnership.status_dates:  # the last move is the last change the hub dates
        changed = max(partnership.status_dates.values())
        activity.set("last-updated-datetime", f"{changed.isoformat()}T00:00:00Z")
    if lang is not None:
        activity.set(_XML_LANG, lang)
    etree.SubElement(activity, "iati-identifier").text = activity_identifier(
        reporter, partnership.id
    )
    _reporting_org(activity, reporter)
    _text(activity, "title", partnership.title)
    if request is not None and request.text:
        _text(activity, "description", request.text)
    else:  # the schema wants a description; say what the hub knows, in English
        goals = "; ".join(objective(n).label for n in partnership.objectives) or "none recorded"
        _text(activity, "description", f"{partnership.title}. GCM objectives: {goals}.", "en")
    if request is not None:
        requester = stakeholders.get(request.requester, request.requester)
        _organisation(activity, "2", requester)  # the state accountable for its request
    for member in partnership.members:
        _organisation(activity, "4", stakeholders.get(member, member))
    etree.SubElement(activity, "activity-status", code=_STATUS[partnership.status])
    for kind, when in _dates(partnership, request, today):
        etree.SubElement(activity, "activity-date", {"type": kind, "iso-date": when.isoformat()})
    countries = partnership.countries
    for code, share in zip(countries, _shares(len(countries)) if countries else [], strict=True):
        country = etree.SubElement(activity, "recipient-country", code=code)
        if len(countries) > 1:
            country.set("percentage", share)
    etree.SubElement(activity, "sector", vocabulary="1", code=MIGRATION_SECTOR)
    for number in partnership.objectives:
        tag = etree.SubElement(
            activity,
            "tag",
            {"vocabulary": GCM_TAG_VOCABULARY, "vocabulary-uri": GCM_OBJECTIVES_URI},
            code=str(number),
        )
        etree.SubElement(tag, "narrative").text = f"Objective {number}: {objective(number).label}"
    for source in partnership.activities:  # another publisher's report of the same work
        etree.SubElement(activity, "related-activity", ref=source, type="5")
    return activity


def _root(tag: str, generated: datetime | None) -> etree._Element:
    root = etree.Element(tag, nsmap=_NSMAP)
    root.set("version", IATI_VERSION)
    if generated is not None:
        root.set("generated-datetime", generated.isoformat(timespec="seconds"))
    return root


def _document(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def partnerships_xml(
    store: Store, principal: Principal, reporter: Reporter, generated: datetime | None = None
) -> bytes:
    """One iati-activity per partnership the caller may see, in id order.

    A partnership's request is read only when the caller may see it: its text becomes
    the description and its state the accountable organisation. Without `generated`
    the same hub gives the same bytes.
    """
    today = (generated or datetime.now(UTC)).date()
    stakeholders = {s.id: s for s in reading.visible(store, principal, Stakeholder)}
    requests = {r.id: r for r in reading.visible(store, principal, SupportRequest)}
    root = _root("iati-activities", generated)
    found = False
    for partnership in reading.visible(store, principal, Partnership):
        request = requests.get(partnership.request) if partnership.request else None
        root.append(_activity(partnership, reporter, request, stakeholders, today))
        found = True
    if not found:
        raise InvalidInput("no partnership to export: IATI activity files hold one at least")
    return _document(root)


def unpublished_partnerships(store: Store) -> int:
    """How many partnerships the public may not see: those to leave out of a publication."""
    public = Sight(store, PUBLIC)
    return sum(not public.sees(node) for node in store.nodes("Partnership"))


def organisations_xml(
    store: Store, principal: Principal, reporter: Reporter, generated: datetime | None = None
) -> bytes:
    """One iati-organisation per stakeholder the caller may see, reported by the operator.

    A stakeholder without an IATI identifier is identified as the operator's ref and
    the hub's id; its kind, id and other names travel in the hub's namespace.
    """
    root = _root("iati-organisations", generated)
    found = False
    for stakeholder in reading.visible(store, principal, Stakeholder):
        root.append(_organisation_record(stakeholder, reporter))
        found = True
    if not found:
        raise InvalidInput("no stakeholder to export: IATI organisation files hold one at least")
    return _document(root)


def _organisation_record(stakeholder: Stakeholder, reporter: Reporter) -> etree._Element:
    record = etree.Element("iati-organisation", nsmap=_NSMAP)
    record.set(f"{{{HUB_NAMESPACE}}}id", stakeholder.id)
    record.set(_KIND, stakeholder.kind.value)
    identifier = _iati_ref(stakeholder) or activity_identifier(reporter, stakeholder.id)
    etree.SubElement(record, "organisation-identifier").text = identifier
    _text(record, "name", stakeholder.name)
    _reporting_org(record, reporter)
    for alias in stakeholder.aliases:
        etree.SubElement(record, f"{{{HUB_NAMESPACE}}}alias").text = alias
    return record


@cache
def _schema(kind: Literal["activities", "organisations"]) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / _SCHEMAS[kind]), parser))


def validate(document: bytes, kind: Literal["activities", "organisations"]) -> None:
    """Check an export against the official IATI 2.03 schema; name each fault's line."""
    schema = _schema(kind)
    tree = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    if not schema.validate(tree):
        faults = [f"line {e.line}: {e.message}" for e in schema.error_log]
        raise InvalidInput(f"not valid IATI {IATI_VERSION} {kind}: " + "; ".join(faults[:5]))
