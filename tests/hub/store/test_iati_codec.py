"""The importer's hand-built nodes are exactly what `records.to_node` makes of the models."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.domain.activities import (
    ObjectiveSource,
    Partnership,
    PartnershipSource,
    PartnershipStatus,
)
from hub.domain.records import ExternalId, ObjectiveOrigin, Stakeholder, StakeholderKind
from hub.domain.vocabulary import REF_SCHEME
from hub.imports.parse import read_activities
from hub.imports.parsed import ParsedActivity
from hub.store.codec import to_node
from hub.store.iati_codec import (
    KnownStakeholder,
    activity_node,
    activity_record,
    partnership_node,
    stakeholder_node,
)


def _activities(iati_dir: Path) -> list[ParsedActivity]:
    files = [iati_dir / "somalia-3w-2021.xml", *sorted((iati_dir / "fixtures").glob("*.xml"))]
    return [activity for path in files for activity in read_activities(path)]


def test_activity_nodes_match_the_model(iati_dir: Path) -> None:
    sources = [None, *ObjectiveSource]
    for number, parsed in enumerate(_activities(iati_dir)):
        objectives = [23, 1, 7, 1][: number % 5]
        source = sources[number % len(sources)]
        origin = list(ObjectiveOrigin)[number % 2]
        built = activity_node(parsed, objectives, source, origin)
        assert built == to_node(activity_record(parsed, objectives, source, origin))


def test_partnership_nodes_match_the_model(iati_dir: Path) -> None:
    for parsed in _activities(iati_dir)[:300]:
        members, objectives = ["nrc", "iom"], [3, 2]
        title = next(iter(parsed.title.values()), parsed.identifier)[:500].strip() or "x"
        status = PartnershipStatus.COMPLETED
        expected = to_node(
            Partnership(
                id=f"iati-partnership:{parsed.identifier}",
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
        built = partnership_node(
            f"iati-partnership:{parsed.identifier}", title, members, objectives, parsed, status
        )
        assert built == expected


@pytest.mark.parametrize("ref", [None, "XM-DAC-47066"])
@pytest.mark.parametrize("aliases", [[], ["OIM"]])
def test_stakeholder_nodes_match_the_model(ref: str | None, aliases: list[str]) -> None:
    name = "International Organization for Migration"
    refs = [ref] if ref else []
    expected = to_node(
        Stakeholder(
            id="iom",
            name=name,
            kind=StakeholderKind.UN_ENTITY,
            aliases=aliases,
            external_ids=[ExternalId(scheme=REF_SCHEME, value=r) for r in refs],
        )
    )
    assert stakeholder_node("iom", name, StakeholderKind.UN_ENTITY, aliases, refs) == expected


def test_values_the_model_refuses_still_fail_as_before() -> None:
    parsed = ParsedActivity(identifier="A" * 301)
    with pytest.raises(ValueError, match="at most 300"):
        activity_node(parsed)
    with pytest.raises(ValueError, match="less than or equal to 23"):
        activity_node(ParsedActivity(identifier="A-1"), [24])


def test_a_known_stakeholder_learns_spellings_as_the_model_would_store_them() -> None:
    stored = Stakeholder(
        id="iom",
        name="International Organization for Migration",
        kind=StakeholderKind.UNKNOWN,
        aliases=["OIM"],
        external_ids=[
            ExternalId(scheme="registry", value="XM-DAC-47066"),
            ExternalId(scheme=REF_SCHEME, value="XM-DAC-1"),
        ],
    )
    known = KnownStakeholder.stored(to_node(stored))
    assert known is not None
    assert known.kind is StakeholderKind.UNKNOWN
    assert known.names == {"international organization for migration", "oim"}
    assert known.refs == {"XM-DAC-1"}  # refs of other schemes are not IATI refs
    known.kind = StakeholderKind.UN_ENTITY
    known.add_alias("Organización Internacional")
    known.add_ref("XM-DAC-47066")
    learnt = stored.model_copy(
        update={
            "kind": StakeholderKind.UN_ENTITY,
            "aliases": ["OIM", "Organización Internacional"],
            "external_ids": [
                *stored.external_ids,
                ExternalId(scheme=REF_SCHEME, value="XM-DAC-47066"),
            ],
        }
    )
    assert known.node() == to_node(learnt)
    assert "organizacion internacional" in known.names and "XM-DAC-47066" in known.refs


def test_a_new_known_stakeholder_is_its_stakeholder_node_and_others_are_not_stakeholders() -> None:
    known = KnownStakeholder.new("nrc", "Norwegian Refugee Council", StakeholderKind.NGO, ["NRC"])
    assert known.node() == stakeholder_node(
        "nrc", "Norwegian Refugee Council", StakeholderKind.NGO, ["NRC"]
    )
    assert known.names == {"norwegian refugee council", "nrc"} and known.refs == set()
    known.add_ref("NO-BRC-977538319")
    assert KnownStakeholder.stored(known.node()) is not None
    assert KnownStakeholder.stored(activity_node(ParsedActivity(identifier="A-1"))) is None
