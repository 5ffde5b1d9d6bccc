"""How domain records live in the property graph: one node each, plus derived edges.

Nested values (multilingual texts, sectors, capacity) are stored as JSON strings under
a `<field>_json` key so every property stays flat, as Neo4j requires. The edges a record
implies (who requested, who is present where, who is a member) are derived here and
kept in step when the record changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from graph import Edge, GraphWriter, Node, PropertyValue
from hub.domain import geography
from hub.domain.activities import Partnership, Suggestion
from hub.domain.records import Offer, Record, Stakeholder, SupportRequest
from hub.domain.vocabulary import NAME_SCHEME, country_id, fold_name, region_id
from hub.knowledge.records import AUTHORED, LEARNED_FROM, Practice

__all__ = [
    "edge_rows",
    "edges_from_rows",
    "edges_of",
    "ensure_places",
    "field_of",
    "from_node",
    "from_properties",
    "identity_keys",
    "properties_of",
    "to_node",
    "write",
]

R = TypeVar("R", bound=Record)

_JSON_SUFFIX = "_json"


def to_node(record: Record) -> Node:
    properties: dict[str, PropertyValue] = {}
    for key, value in record.model_dump(mode="json", exclude_none=True).items():
        if key == "id":
            continue
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(item, dict) for item in value)
        ):
            properties[key + _JSON_SUFFIX] = json.dumps(value, sort_keys=True, ensure_ascii=False)
        else:
            properties[key] = value
    return Node(record.id, type(record).__name__, properties)


def from_node(cls: type[R], node: Node) -> R:
    fields: dict[str, Any] = {"id": node.id}
    for key, value in node.properties.items():
        if key.endswith(_JSON_SUFFIX) and isinstance(value, str):
            fields[key.removesuffix(_JSON_SUFFIX)] = json.loads(value)
        else:
            fields[key] = value
    return cls.model_validate(fields)


def field_of(properties: Mapping[str, Any], name: str) -> Any:
    """One field's value from a node's properties, a flattened JSON field decoded;
    None when the node has no such field."""
    flat = properties.get(name + _JSON_SUFFIX)
    return json.loads(flat) if isinstance(flat, str) else properties.get(name)


def properties_of(record: Record) -> dict[str, PropertyValue]:
    """The flat properties a record is stored as, e.g. to keep a copy of it in a note."""
    return dict(to_node(record).properties)


def from_properties(cls: type[R], record_id: str, properties: dict[str, PropertyValue]) -> R:
    """The record that `properties_of` gave these properties, validated again."""
    return from_node(cls, Node(record_id, cls.__name__, properties))


def edge_rows(edges: Iterable[Edge]) -> list[dict[str, object]]:
    """Edges as JSON-ready rows, to restore them later with `edges_from_rows`."""
    return [
        {"s": e.source, "t": e.type, "o": e.target, "k": e.key, "p": dict(e.properties)}
        for e in edges
    ]


def edges_from_rows(rows: Iterable[dict[str, Any]]) -> list[Edge]:
    """The edges `edge_rows` wrote down, in the same order."""
    return [
        Edge(str(row["s"]), str(row["t"]), str(row["o"]), str(row["k"]), dict(row["p"]))
        for row in rows
    ]


def edges_of(record: Record) -> list[Edge]:
    """The edges a record implies; targets are stakeholders, places or partnerships."""
    match record:
        case Stakeholder():
            edges = [
                Edge(record.id, "PRESENT_IN", country_id(c), "profile") for c in record.countries
            ]
            edges += [
                Edge(record.id, "PRESENT_IN", region_id(r), "profile") for r in record.regions
            ]
            if record.home_country:
                edges.append(Edge(record.id, "BASED_IN", country_id(record.home_country)))
            return edges
        case SupportRequest():
            return [
                Edge(record.requester, "REQUESTED", record.id),
                *(Edge(record.id, "CONCERNS", country_id(c)) for c in record.countries),
            ]
        case Offer():
            return [Edge(record.provider, "OFFERS", record.id)]
        case Partnership():
            edges = [Edge(member, "MEMBER_OF", record.id) for member in record.members]
            if record.request:
                edges.append(Edge(record.id, "ANSWERS", record.request))
            return edges
        case Suggestion():
            return [
                Edge(record.id, "FOR_REQUEST", record.request),
                Edge(record.id, "PROPOSES", record.candidate),
            ]
        case Practice():
            return [
                *(Edge(author, AUTHORED, record.id) for author in record.authors),
                *(Edge(record.id, LEARNED_FROM, source) for source in _sources(record)),
            ]
    return []


def _sources(practice: Practice) -> list[str]:
    return [*practice.partnerships, *practice.activities]


def ensure_places(
    writer: GraphWriter, countries: Iterable[str], regions: Iterable[str] = ()
) -> None:
    """Create the Country and Region nodes that edges are about to point at."""
    table = geography.countries()
    for code in countries:
        place = table[code]
        writer.upsert_node(
            Node(
                country_id(code),
                "Country",
                {
                    "code": code,
                    "name": place.name,
                    "subregion": place.subregion,
                    "region": place.region,
                    **({"m49": place.m49} if place.m49 is not None else {}),
                },
            )
        )
    for name in regions:
        parent = geography.SUBREGIONS.get(name)
        writer.upsert_node(
            Node(
                region_id(name), "Region", {"name": name, **({"region": parent} if parent else {})}
            )
        )


def write(writer: GraphWriter, record: Record, stale: Iterable[Edge] = ()) -> None:
    """Write a record whose references are known to exist; drop edges it no longer implies."""
    edges = edges_of(record)
    targets = [edge.target for edge in edges]
    ensure_places(
        writer,
        sorted({t.removeprefix("country:") for t in targets if t.startswith("country:")}),
        sorted({t.removeprefix("region:") for t in targets if t.startswith("region:")}),
    )
    writer.upsert_node(to_node(record))
    for identity in {edge.identity for edge in stale} - {edge.identity for edge in edges}:
        writer.delete_edge(*identity)
    writer.upsert_edges(edges)
    if isinstance(record, Stakeholder):
        for key in identity_keys(record):
            writer.link_external_id(*key, record.id)


def identity_keys(stakeholder: Stakeholder) -> list[tuple[str, str]]:
    """The external ids by which imports find a stakeholder: its refs and folded names."""
    names = [(NAME_SCHEME, fold_name(name)) for name in (stakeholder.name, *stakeholder.aliases)]
    return [*names, *((e.scheme, e.value) for e in stakeholder.external_ids)]
