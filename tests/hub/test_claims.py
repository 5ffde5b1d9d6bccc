"""Claims: a stakeholder's identity changes only when a coordinator accepts a claim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub import audit, claims, records
from hub.access import PUBLIC, Principal
from hub.demo import load_demo
from hub.domain import vocabulary
from hub.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from hub.domain.keys import Role
from hub.domain.records import IDENTITY_FIELDS, ClaimStatus, Offer, Stakeholder, StakeholderKind
from hub.imports.importer import import_file
from hub.store import Store, repository
from tests.store_support import put

TAMKEEN = Principal(Role.PARTNER, "tamkeen", "key-tamkeen")
NRC = Principal(Role.PARTNER, "nrc", "key-nrc")
AMINA = Principal(Role.COORDINATOR, key="key-amina")
UNOPS = {
    "aliases": ["Tamkeen", "UNOPS"],
    "external_ids": [{"scheme": "iati-org", "value": "XM-DAC-41502"}],
}


@pytest.fixture
def demo(store: Store) -> Store:
    load_demo(store)
    return store


def implementer(store: Store, tmp_path: Path, name: str, ref: str = "") -> str:
    """Who an import credits with an activity implemented by `name`."""
    xml = tmp_path / "one.xml"
    ref_attribute = f' ref="{ref}"' if ref else ""
    xml.write_text(
        '<iati-activities version="2.03"><iati-activity><iati-identifier>XM-1</iati-identifier>'
        f'<participating-org role="4"{ref_attribute}><narrative>{name}</narrative>'
        "</participating-org></iati-activity></iati-activities>",
        encoding="utf-8",
    )
    import_file(store, xml)
    [found] = [e.source for e in store.edges("IMPLEMENTED") if e.target == "XM-1"]
    return found


def test_an_accepted_claim_changes_the_stakeholder_and_imports_follow(
    demo: Store, tmp_path: Path
) -> None:
    before = repository.get(demo, Stakeholder, "tamkeen")
    claim = claims.file_claim(demo, TAMKEEN, "tamkeen", UNOPS, "we publish as XM-DAC-41502")
    assert repository.get(demo, Stakeholder, "tamkeen") == before
    assert claim.before.aliases == before.aliases and claim.before.external_ids == []
    assert [c.id for c in claims.claims(demo, AMINA).items] == [claim.id]
    assert claims.claims(demo, NRC).items == [] and claims.claims(demo, PUBLIC).items == []

    accepted = claims.accept(demo, AMINA, claim.id, "checked the IATI registry")
    assert accepted.status is ClaimStatus.ACCEPTED and accepted.decided_by == AMINA.name
    after = repository.get(demo, Stakeholder, "tamkeen")
    assert after.aliases == ["Tamkeen", "UNOPS"] and after.external_ids[0].value == "XM-DAC-41502"
    assert after.description == before.description
    logged = [(e.action, e.subject) for e in audit.entries(demo) if e.subject == claim.id]
    assert logged == [("claim.filed", claim.id), ("claim.accepted", claim.id)]
    assert implementer(demo, tmp_path, "UNOPS", "XM-DAC-41502") == "tamkeen"


def test_a_name_given_up_by_a_claim_no_longer_finds_the_stakeholder(
    demo: Store, tmp_path: Path
) -> None:
    taken = claims.file_claim(demo, TAMKEEN, "tamkeen", {"aliases": ["Tamkeen", "UNOPS"]})
    claims.accept(demo, AMINA, taken.id)
    given_up = claims.file_claim(demo, AMINA, "tamkeen", {"aliases": ["Tamkeen"]}, "not theirs")
    claims.accept(demo, AMINA, given_up.id)
    assert implementer(demo, tmp_path, "UNOPS") not in ("tamkeen", "iom")
    assert repository.get(demo, Stakeholder, "tamkeen").aliases == ["Tamkeen"]


def test_an_import_does_not_teach_a_stakeholder_another_ones_name(
    demo: Store, tmp_path: Path
) -> None:
    """A partner's own IATI file, naming its ref "IOM", once gave it IOM's alias."""
    claim = claims.file_claim(demo, TAMKEEN, "tamkeen", {"external_ids": UNOPS["external_ids"]})
    claims.accept(demo, AMINA, claim.id)
    assert implementer(demo, tmp_path, "IOM", "XM-DAC-41502") == "tamkeen"
    assert repository.get(demo, Stakeholder, "tamkeen").aliases == ["Tamkeen", "تمكين"]


def test_a_rejected_claim_changes_nothing_and_stays_decided(demo: Store) -> None:
    before = repository.get(demo, Stakeholder, "tamkeen")
    claim = claims.file_claim(demo, TAMKEEN, "tamkeen", {"kind": "un_entity"})
    with pytest.raises(InvalidInput, match="note"):
        claims.reject(demo, AMINA, claim.id, " ")
    rejected = claims.reject(demo, AMINA, claim.id, "Tamkeen is an NGO")
    assert rejected.status is ClaimStatus.REJECTED and rejected.note == "Tamkeen is an NGO"
    assert repository.get(demo, Stakeholder, "tamkeen") == before
    with pytest.raises(Conflict, match="already rejected"):
        claims.accept(demo, AMINA, claim.id)


def test_a_name_another_stakeholder_holds_is_not_given_away(demo: Store) -> None:
    before = repository.get(demo, Stakeholder, "tamkeen")
    claim = claims.file_claim(demo, TAMKEEN, "tamkeen", {"aliases": ["IOM"]})
    with pytest.raises(Conflict, match="'iom'"):
        claims.accept(demo, AMINA, claim.id)
    assert repository.get(demo, Stakeholder, "tamkeen") == before
    assert repository.get(demo, type(claim), claim.id).status is ClaimStatus.PENDING
    assert [e.action for e in audit.entries(demo) if e.subject == claim.id] == ["claim.filed"]


def test_a_name_held_elsewhere_before_the_claim_does_not_block_it(demo: Store) -> None:
    """Only what a claim adds is checked: an old clash is for a merge, not for every claim."""
    twin = Stakeholder(id="iom-twin", name="IOM", kind=StakeholderKind.OTHER)
    put(demo, twin)  # as an older hub could hold it: "IOM" finds iom, not the twin
    claim = claims.file_claim(demo, AMINA, "iom-twin", {"kind": "un_entity"})
    claims.accept(demo, AMINA, claim.id)
    assert repository.get(demo, Stakeholder, "iom-twin").kind is StakeholderKind.UN_ENTITY


def test_a_claim_on_a_record_that_moved_on_is_void(demo: Store) -> None:
    first = claims.file_claim(demo, TAMKEEN, "tamkeen", {"aliases": ["Tamkeen", "TLA"]})
    second = claims.file_claim(demo, TAMKEEN, "tamkeen", {"aliases": ["Tamkeen", "TLAHR"]})
    claims.accept(demo, AMINA, first.id)
    with pytest.raises(Conflict, match="changed since"):
        claims.accept(demo, AMINA, second.id)
    assert repository.get(demo, Stakeholder, "tamkeen").aliases == ["Tamkeen", "TLA"]


def test_who_may_file_and_who_may_decide(demo: Store) -> None:
    with pytest.raises(Forbidden):
        claims.file_claim(demo, TAMKEEN, "iom", {"aliases": ["IOM", "Tamkeen"]})
    with pytest.raises(Unauthorized):
        claims.file_claim(demo, PUBLIC, "tamkeen", {"kind": "un_entity"})
    claim = claims.file_claim(demo, TAMKEEN, "tamkeen", {"kind": "un_entity"})
    with pytest.raises(Forbidden):
        claims.accept(demo, TAMKEEN, claim.id)
    with pytest.raises(InvalidInput, match="Member States"):
        claims.file_claim(demo, TAMKEEN, "tamkeen", {"kind": "member_state"})
    with pytest.raises(InvalidInput, match="changes nothing"):
        claims.file_claim(demo, TAMKEEN, "tamkeen", {"kind": "ngo"})
    assert records.get(demo, TAMKEEN, type(claim), claim.id) == claim


IDENTITY_VALUES = st.fixed_dictionaries(
    {},
    optional={
        "name": st.sampled_from(["UNOPS", "Tamkeen"]),
        "aliases": st.lists(st.sampled_from(["IOM", "UNOPS", "Tamkeen"]), max_size=2),
        "kind": st.sampled_from(["un_entity", "ngo", "member_state"]),
        "home_country": st.sampled_from(["JO", "SO"]),
        "external_ids": st.just([{"scheme": "iati-org", "value": "XM-DAC-41502"}]),
    },
)


@given(changes=IDENTITY_VALUES, who=st.sampled_from([TAMKEEN, AMINA]))
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_update_changes_an_identity(
    demo: Store, changes: dict[str, object], who: Principal
) -> None:
    before = repository.get(demo, Stakeholder, "tamkeen")
    try:
        records.update(demo, who, Stakeholder, "tamkeen", changes)
    except InvalidInput as refused:
        assert "claim" in str(refused)
    after = repository.get(demo, Stakeholder, "tamkeen")
    assert after.model_dump(include=set(IDENTITY_FIELDS)) == before.model_dump(
        include=set(IDENTITY_FIELDS)
    )


def test_new_stakeholders_get_hub_ids_and_free_names(demo: Store) -> None:
    created = records.create_stakeholder(demo, AMINA, {"name": "UNOPS", "kind": "un_entity"})
    assert re.fullmatch(r"stakeholder-[0-9a-f]{16}", created.id)
    with pytest.raises(Conflict, match="'iom'"):
        records.create_stakeholder(demo, AMINA, {"name": "IOM", "kind": "un_entity"})
    with pytest.raises(InvalidInput, match="leave out 'id'"):
        records.create_stakeholder(demo, AMINA, {"id": "unops", "name": "X", "kind": "ngo"})


def test_an_offer_names_a_stakeholder_as_provider(demo: Store) -> None:
    with pytest.raises(NotFound, match="no Stakeholder"):
        records.create_offer(
            demo, AMINA, {"provider": "req-somalia-legal-identity", "title": "Data"}
        )
    assert not [o for o in repository.list_records(demo, Offer) if o.title == "Data"]


def test_names_in_other_scripts_find_their_own_stakeholder(demo: Store, tmp_path: Path) -> None:
    """Every multi-word Arabic name once folded to "" and so found the Comoros."""
    assert vocabulary.fold_name("جزر القمر") != vocabulary.fold_name("المنظمة الدولية للهجرة")
    assert implementer(demo, tmp_path, "المنظمة الدولية للهجرة") == "iom"


@given(st.text(min_size=1))
def test_a_name_with_a_letter_or_digit_never_folds_to_nothing(name: str) -> None:
    if re.search(r"[^\W_]", name):
        assert vocabulary.fold_name(name)
