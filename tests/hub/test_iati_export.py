"""IATI exports: valid against the official 2.03 schemas, as the caller may see, and
importing them with the hub's own importer gives the same records back."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from graph import GraphStore
from graph.sqlite import SqliteGraphStore
from hub.access import OPERATOR, PUBLIC, Principal
from hub.demo import load_demo
from hub.domain import geography
from hub.domain.activities import Partnership, PartnershipStatus
from hub.domain.errors import InvalidInput
from hub.domain.keys import Role
from hub.domain.records import (
    Confidentiality,
    ExternalId,
    Stakeholder,
    StakeholderKind,
    SupportRequest,
)
from hub.domain.vocabulary import REF_SCHEME
from hub.imports.importer import import_file
from hub.knowledge.iati_export import (
    Reporter,
    activity_identifier,
    organisations_xml,
    partnerships_xml,
    validate,
)
from hub.store import codec, repository

REPORTER = Reporter("GCM Connection Hub", "XM-TEST-HUB", "40")
HUB = "{urn:gcm-connection-hub:iati}"

# What a partnership's status reads back as: IATI's pipeline holds proposed and agreed.
READ_BACK = {**{s: s for s in PartnershipStatus}, PartnershipStatus.PROPOSED: "agreed"}


@pytest.fixture(scope="module")
def demo_store() -> Iterator[GraphStore]:
    with tempfile.TemporaryDirectory(prefix="gcm-export-") as folder:
        store = SqliteGraphStore(Path(folder) / "hub.db")
        load_demo(store)
        yield store
        store.close()


def identity(store: GraphStore, stakeholder_id: str) -> tuple[str, str, set[str]]:
    found = repository.get(store, Stakeholder, stakeholder_id)
    return found.name, found.kind.value, {e.value for e in found.external_ids}


def assert_same_partnerships(source: GraphStore, target: GraphStore, exact: bool = True) -> None:
    """Every partnership of `source` is in `target` as the importer names it, the same.

    Its members have the same names, kinds and IATI refs; unless `exact`, the importer's
    organisation registry may know more refs of a well-known organisation.
    """
    for before in repository.list_records(source, Partnership):
        identifier = activity_identifier(REPORTER, before.id)
        assert target.node(identifier) is not None, identifier
        after = repository.get(target, Partnership, f"iati-partnership:{identifier}")
        assert after.title == before.title
        assert after.countries == before.countries
        assert after.objectives == before.objectives
        assert after.status == READ_BACK[before.status]
        assert len(after.members) == len(before.members)
        for new, old in zip(after.members, before.members, strict=True):
            (name, kind, refs), (old_name, old_kind, old_refs) = (
                identity(target, new),
                identity(source, old),
            )
            assert (name, kind) == (old_name, old_kind)
            assert refs == old_refs if exact else refs >= old_refs, (name, refs, old_refs)


def reimported(document: bytes, store: GraphStore, folder: Path) -> GraphStore:
    path = folder / "partnerships.xml"
    path.write_bytes(document)
    import_file(store, path)
    return store


def test_demo_partnerships_come_back_from_their_export(
    demo_store: GraphStore, store: GraphStore, tmp_path: Path
) -> None:
    document = partnerships_xml(demo_store, OPERATOR, REPORTER)
    validate(document, "activities")
    assert_same_partnerships(demo_store, reimported(document, store, tmp_path), exact=False)
    assert store.counts().nodes["Partnership"] == demo_store.counts().nodes["Partnership"]


def test_every_backend_exports_the_same_bytes(demo_store: GraphStore, store: GraphStore) -> None:
    load_demo(store)
    for export in (partnerships_xml, organisations_xml):
        assert export(store, OPERATOR, REPORTER) == export(demo_store, OPERATOR, REPORTER)


def test_the_organisation_file_is_valid_and_names_every_stakeholder(
    demo_store: GraphStore,
) -> None:
    document = organisations_xml(demo_store, PUBLIC, REPORTER)
    validate(document, "organisations")
    found = {
        record.get(f"{HUB}id"): (
            record.findtext("name/narrative"),
            record.get(f"{HUB}kind"),
            record.findtext("organisation-identifier"),
        )
        for record in etree.fromstring(document).iter("iati-organisation")
    }
    expected = {}
    for s in repository.list_records(demo_store, Stakeholder):
        refs = [e.value for e in s.external_ids if e.scheme == REF_SCHEME]
        expected[s.id] = (s.name, s.kind.value, refs[0] if refs else f"XM-TEST-HUB-{s.id}")
    assert found == expected


def test_a_caller_exports_only_the_partnerships_it_may_see(store: GraphStore) -> None:
    load_demo(store)
    request = repository.get(store, SupportRequest, "req-somalia-legal-identity")
    hidden = Partnership(
        id="pship-secret-export",
        title="Unpublishable corridor work",
        members=["somalia", "iom"],
        request=request.id,
    )
    with store.batch() as writer:
        secret = request.model_copy(update={"confidentiality": Confidentiality.CONFIDENTIAL})
        writer.upsert_node(codec.to_node(secret))
        writer.upsert_node(codec.to_node(hidden))
    for caller, sees_partnership, sees_request in (
        (PUBLIC, False, False),
        (Principal(Role.MEMBER_STATE, "morocco"), False, False),
        (Principal(Role.PARTNER, "iom"), True, False),  # a member, not the requester
        (Principal(Role.MEMBER_STATE, "somalia"), True, True),
        (OPERATOR, True, True),
    ):
        document = partnerships_xml(store, caller, REPORTER)
        validate(document, "activities")
        assert (b"Unpublishable" in document) is sees_partnership, caller
        assert (request.text.encode() in document) is sees_request, caller


def test_a_document_the_schema_refuses_names_its_line() -> None:
    with pytest.raises(InvalidInput, match=r"line 2: .*iati-activity"):
        validate(b'<?xml version="1.0"?>\n<iati-activities version="2.03"/>', "activities")


# Generated hubs: stakeholders of every kind, partnerships among them.

KINDS = st.sampled_from(list(StakeholderKind))
COUNTRIES = sorted(geography.countries())[:60]
WORDS = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=4, max_size=9)


@st.composite
def hubs(draw: st.DrawFn) -> tuple[list[Stakeholder], list[Partnership]]:
    count = draw(st.integers(2, 6))
    stakeholders = [
        Stakeholder(
            id=f"org-{i}",
            name=f"{draw(WORDS).capitalize()} Institute {i}",
            kind=draw(KINDS),
            external_ids=[ExternalId(scheme=REF_SCHEME, value=f"XM-TEST-{i}")]
            if draw(st.booleans())
            else [],
        )
        for i in range(count)
    ]
    ids = [s.id for s in stakeholders]
    partnerships = [
        Partnership(
            id=f"pship-{i}",
            title=f"{draw(WORDS).capitalize()} {draw(WORDS)} programme",
            members=draw(st.lists(st.sampled_from(ids), min_size=2, max_size=4, unique=True)),
            objectives=draw(st.lists(st.integers(1, 23), max_size=4)),
            countries=draw(st.lists(st.sampled_from(COUNTRIES), max_size=3, unique=True)),
            status=draw(st.sampled_from(list(PartnershipStatus))),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    return stakeholders, partnerships


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hub=hubs())
def test_any_partnership_comes_back_from_its_export(
    hub: tuple[list[Stakeholder], list[Partnership]],
) -> None:
    stakeholders, partnerships = hub
    with tempfile.TemporaryDirectory(prefix="gcm-roundtrip-") as folder:
        source = SqliteGraphStore(Path(folder) / "source.db")
        target = SqliteGraphStore(Path(folder) / "target.db")
        with source.batch() as writer:
            writer.upsert_nodes(codec.to_node(r) for r in [*stakeholders, *partnerships])
        document = partnerships_xml(source, OPERATOR, REPORTER)
        validate(document, "activities")
        assert_same_partnerships(source, reimported(document, target, Path(folder)))
        source.close()
        target.close()
