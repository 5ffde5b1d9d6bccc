"""Nodes of imported records, built straight from parsed IATI data.

`records.to_node(Model(...))` validates and dumps a pydantic model: about 25 µs a
record, which is most of an import's time. Here the same property maps are built by
hand; whenever a value is anything but plainly valid (too long, out of range), the
model is used after all, so a bad value fails exactly as it would have. The tests hold
every builder equal to `to_node`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence

from graph import Node, PropertyValue
from hub.domain.activities import (
    Activity,
    ObjectiveSource,
    Partnership,
    PartnershipSource,
    PartnershipStatus,
    Sector,
)
from hub.domain.fields import MAX_ID, MAX_NAME, id_problem, text_problem
from hub.domain.records import ExternalId, ObjectiveOrigin, Stakeholder, StakeholderKind
from hub.domain.vocabulary import REF_SCHEME, fold_name
from hub.imports.parsed import ParsedActivity
from hub.store.codec import to_node

__all__ = [
    "KnownStakeholder",
    "activity_node",
    "activity_record",
    "partnership_node",
    "stakeholder_node",
]

_OBJECTIVES = range(1, 24)
"""`hub.domain.records`'s ObjectiveNumber."""


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _plain(text: str, limit: int) -> bool:
    """A string the model would keep as it is: non-empty, trimmed, within its limit."""
    return 0 < len(text) <= limit and not text[0].isspace() and not text[-1].isspace()


def _plain_id(text: str) -> bool:
    return _plain(text, MAX_ID) and id_problem(text) is None


def _plain_name(text: str) -> bool:
    """A name the model would keep as it is; its first character visible, as is usual."""
    return (
        _plain(text, MAX_NAME)
        and unicodedata.category(text[0])[0] in "LNPS"
        and text_problem(text) is None
    )


def activity_record(
    parsed: ParsedActivity,
    objectives: Sequence[int] = (),
    source: ObjectiveSource | None = None,
    origin: ObjectiveOrigin = ObjectiveOrigin.SUGGESTED,
) -> Activity:
    return Activity(
        id=parsed.identifier,
        title=parsed.title,
        description=parsed.description,
        status=parsed.status,
        start=parsed.start,
        end=parsed.end,
        countries=parsed.countries,
        regions=parsed.regions,
        locations=parsed.locations,
        sectors=[Sector(vocabulary=s.vocabulary, code=s.code, name=s.name) for s in parsed.sectors],
        objectives=list(objectives),
        objective_origin=origin,
        objective_source=source,
        reporting_org=parsed.reporting_org.name if parsed.reporting_org else None,
    )


def activity_node(
    parsed: ParsedActivity,
    objectives: Sequence[int] = (),
    source: ObjectiveSource | None = None,
    origin: ObjectiveOrigin = ObjectiveOrigin.SUGGESTED,
) -> Node:
    """`to_node(activity_record(parsed, objectives, source, origin))`, without the model."""
    if (
        not _plain_id(parsed.identifier)
        or not all(o in _OBJECTIVES for o in objectives)
        or any(
            text_problem(text, lines=True)
            for text in (*parsed.title.values(), *parsed.description.values())
        )
    ):
        # the model says what is wrong
        return to_node(activity_record(parsed, objectives, source, origin))
    properties: dict[str, PropertyValue] = {
        "title_json": _json(parsed.title),
        "description_json": _json(parsed.description),
    }
    if parsed.status is not None:
        properties["status"] = parsed.status
    if parsed.start is not None:
        properties["start"] = parsed.start.isoformat()
    if parsed.end is not None:
        properties["end"] = parsed.end.isoformat()
    properties["countries"] = list(parsed.countries)
    properties["regions"] = list(parsed.regions)
    properties["locations"] = list(parsed.locations)
    if parsed.sectors:
        properties["sectors_json"] = _json(
            [{"code": s.code, "name": s.name, "vocabulary": s.vocabulary} for s in parsed.sectors]
        )
    else:
        properties["sectors"] = []
    properties["objectives"] = sorted(set(objectives))
    properties["objective_origin"] = origin.value
    if source is not None:
        properties["objective_source"] = source.value
    if parsed.reporting_org is not None:
        properties["reporting_org"] = parsed.reporting_org.name
    return Node(parsed.identifier, "Activity", properties)


def stakeholder_node(
    stakeholder_id: str,
    name: str,
    kind: StakeholderKind,
    aliases: Sequence[str] = (),
    refs: Sequence[str] = (),
) -> Node:
    """A new stakeholder known by its name, its other spellings and its refs."""
    if not (
        _plain_id(stakeholder_id)
        and _plain_name(name)
        and all(_plain_name(n) for n in (*aliases, *refs))
    ):
        return to_node(
            Stakeholder(
                id=stakeholder_id,
                name=name,
                kind=kind,
                aliases=list(aliases),
                external_ids=[ExternalId(scheme=REF_SCHEME, value=ref) for ref in refs],
            )
        )
    properties: dict[str, PropertyValue] = {
        "name": name,
        "aliases": list(aliases),
        "kind": kind.value,
        "countries": [],
        "regions": [],
        "languages": [],
        "objectives": [],
        "description": "",
    }
    if refs:
        properties["external_ids_json"] = _json(
            [{"scheme": REF_SCHEME, "value": ref} for ref in refs]
        )
    else:
        properties["external_ids"] = []
    return Node(stakeholder_id, "Stakeholder", properties)


def partnership_node(
    partnership_id: str,
    title: str,
    members: list[str],
    objectives: list[int],
    parsed: ParsedActivity,
    status: PartnershipStatus,
) -> Node:
    """The co-implementation partnership of one activity, as `to_node` would store it."""
    if not (
        _plain_id(partnership_id)
        and _plain_name(title)
        and len(members) >= 2
        and all(_plain_id(m) for m in members)
        and all(o in _OBJECTIVES for o in objectives)
    ):
        return to_node(
            Partnership(
                id=partnership_id,
                title=title,
                members=members,
                objectives=objectives,
                countries=parsed.countries,
                source=PartnershipSource.IATI,
                status=status,
                activities=[parsed.identifier],
                started=parsed.start,
                ended=parsed.end,
            )
        )
    properties: dict[str, PropertyValue] = {
        "title": title,
        "members": list(members),
        "objectives": sorted(set(objectives)),
        "countries": list(parsed.countries),
        "source": PartnershipSource.IATI.value,
        "status": status.value,
        "activities": [parsed.identifier],
        "confidential": False,
    }
    if parsed.start is not None:
        properties["started"] = parsed.start.isoformat()
    if parsed.end is not None:
        properties["ended"] = parsed.end.isoformat()
    properties["status_dates_json"] = "{}"
    return Node(partnership_id, "Partnership", properties)


class KnownStakeholder:
    """A stakeholder as an import learns new spellings of it.

    Its node stays encoded, so writing it back costs no model; beside it, the folded
    names and the IATI refs it is known by, which every mention is checked against.
    """

    __slots__ = ("_properties", "id", "names", "refs")

    def __init__(
        self, node: Node, names: set[str] | None = None, refs: set[str] | None = None
    ) -> None:
        self.id = node.id
        self._properties = dict(node.properties)
        if names is None:
            aliases = self._properties.get("aliases")
            spellings = [
                self._properties.get("name"),
                *(aliases if isinstance(aliases, list) else []),
            ]
            names = {fold_name(n) for n in spellings if isinstance(n, str)}
        self.names = names
        if refs is None:
            refs = {e["value"] for e in self._external_ids() if e.get("scheme") == REF_SCHEME}
        self.refs = refs

    @classmethod
    def stored(cls, node: Node) -> KnownStakeholder | None:
        """The stakeholder a stored node is; None when the node is something else."""
        return cls(node) if node.label == "Stakeholder" else None

    @classmethod
    def new(
        cls,
        stakeholder_id: str,
        name: str,
        kind: StakeholderKind,
        aliases: Sequence[str] = (),
        refs: Sequence[str] = (),
    ) -> KnownStakeholder:
        """A stakeholder this import creates (see `stakeholder_node`)."""
        node = stakeholder_node(stakeholder_id, name, kind, aliases, refs)
        return cls(node, {fold_name(n) for n in (name, *aliases)}, set(refs))

    @property
    def kind(self) -> StakeholderKind:
        return StakeholderKind(str(self._properties["kind"]))

    @kind.setter
    def kind(self, kind: StakeholderKind) -> None:
        self._properties["kind"] = kind.value

    def add_alias(self, name: str) -> None:
        aliases = self._properties.get("aliases")
        known = [a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else []
        self._properties["aliases"] = [*known, name]
        self.names.add(fold_name(name))

    def add_ref(self, ref: str) -> None:
        external = [*self._external_ids(), {"scheme": REF_SCHEME, "value": ref}]
        self._properties.pop("external_ids", None)
        self._properties["external_ids_json"] = _json(external)
        self.refs.add(ref)

    def node(self) -> Node:
        return Node(self.id, "Stakeholder", dict(self._properties))

    def _external_ids(self) -> list[dict[str, str]]:
        encoded = self._properties.get("external_ids_json")
        found: list[dict[str, str]] = json.loads(encoded) if isinstance(encoded, str) else []
        return found
