"""Organisation identity: kinds from IATI, one stakeholder per organisation, merge review."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from hub import audit, merges
from hub.access import Principal
from hub.domain.errors import Conflict, Forbidden
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, StakeholderKind
from hub.imports.derived import derive
from hub.imports.importer import import_file
from hub.imports.organisation_kinds import kind_of_identifier
from hub.imports.registry import kind_of, load_registry
from hub.store import Store, repository
from tests.data_support import SHARED_DATA
from tests.store_support import put
from tools.evaluation import evaluate

ORG_MAP = SHARED_DATA / "orgs" / "iati3w-org-map.json"
COORDINATOR = Principal(Role.COORDINATOR, key="k")


def org(role: int, name: str, ref: str = "", kind: str = "") -> str:
    attributes = (
        f' role="{role}"' + (f' ref="{ref}"' if ref else "") + (f' type="{kind}"' if kind else "")
    )
    return f"<participating-org{attributes}><narrative>{name}</narrative></participating-org>"


def iati(path: Path, *activities: tuple[str, str], reporter: str = "") -> Path:
    body = "".join(
        f"<iati-activity><iati-identifier>{identifier}</iati-identifier>{reporter}"
        f"<title><narrative>Activity {identifier}</narrative></title>{orgs}"
        '<recipient-country code="SO"/></iati-activity>'
        for identifier, orgs in activities
    )
    path.write_text(
        f'<?xml version="1.0"?>\n<iati-activities version="2.03">{body}</iati-activities>'
    )
    return path


def stakeholders(store: Store) -> dict[str, Stakeholder]:
    return {s.id: s for s in repository.list_records(store, Stakeholder)}


@pytest.mark.parametrize(
    ("identifier", "kind"),
    [
        ("XM-DAC-41122", StakeholderKind.UN_ENTITY),
        ("41120", StakeholderKind.UN_ENTITY),
        ("XM-DAC-46002", StakeholderKind.MULTILATERAL),
        ("XM-DAC-3-1", StakeholderKind.DONOR),
        ("GB-CHC-285908", StakeholderKind.NGO),
        ("NL-KVK-41179943", None),
        ("XI-IATI-WARDI", None),
    ],
)
def test_registration_agency_prefixes_give_kinds(identifier: str, kind: StakeholderKind) -> None:
    assert kind_of_identifier(identifier) == kind


def test_somalia_un_agencies_are_un_entities_and_funding_makes_no_donor(
    store: Store, iati_dir: Path
) -> None:
    import_file(store, iati_dir / "somalia-3w-2021.xml", registry=load_registry([ORG_MAP]))
    found = stakeholders(store)
    for agency in ("unicef", "un-habitat", "iom", "undp"):
        assert found[agency].kind is StakeholderKind.UN_ENTITY, agency
    assert found["unicef"].name == "United Nations Children's Fund"
    assert found["netherlands-mfa"].kind is StakeholderKind.GOVERNMENT
    assert found["drc"].kind is StakeholderKind.NGO
    assert "arche noVa e. V." in found["arche-nova"].aliases  # merged by its legal form
    # Funding says nothing about kind: a donor is one because a reference says so.
    assert all(s.external_ids for s in found.values() if s.kind is StakeholderKind.DONOR)


def test_without_a_reference_kinds_come_from_the_file_or_stay_unknown(
    store: Store, tmp_path: Path
) -> None:
    reporter = (
        '<reporting-org ref="GB-CHC-1" type="21"><narrative>Own Charity</narrative></reporting-org>'
    )
    path = iati(
        tmp_path / "a.xml",
        ("A-1", org(1, "Some Funder") + org(4, "unicef-somalia", ref="XM-DAC-41122")),
        ("A-2", org(1, "Own Charity", ref="GB-CHC-1") + org(4, "Local Partner", kind="22")),
        reporter=reporter,
    )
    import_file(store, path)
    kinds = {s.name: s.kind for s in stakeholders(store).values()}
    assert kinds["Some Funder"] is StakeholderKind.UNKNOWN
    assert kinds["United Nations Children's Fund"] is StakeholderKind.UN_ENTITY
    assert kinds["Own Charity"] is StakeholderKind.NGO  # from the reporting org's own type
    assert kinds["Local Partner"] is StakeholderKind.NGO


def test_one_organisation_is_one_stakeholder_across_spellings_and_languages(
    store: Store, tmp_path: Path
) -> None:
    extension = tmp_path / "ours.json"
    extension.write_text(
        json.dumps(
            {
                "DRC": {
                    "name": "Danish Refugee Council",
                    "synonyms": ["Conseil Danois pour les Réfugiés"],
                }
            }
        ),
        encoding="utf-8",
    )
    path = iati(
        tmp_path / "drc.xml",
        ("D-1", org(4, "drc")),
        ("D-2", org(4, "Danish Refugee Council (DRC)")),
        ("D-3", org(4, "Conseil Danois pour les Réfugiés")),
        ("D-4", org(4, "arche noVa e. V.")),
    )
    import_file(store, path, registry=load_registry([ORG_MAP, extension]))
    found = stakeholders(store)
    assert sorted(found) == ["arche-nova", "drc"]
    drc = found["drc"]
    assert drc.name == "Danish Refugee Council"
    assert drc.kind is StakeholderKind.NGO
    assert "DK-CVR-20699310" in {e.value for e in drc.external_ids}
    implemented = {e.target for e in store.edges("IMPLEMENTED") if e.source == "drc"}
    assert implemented == {"D-1", "D-2", "D-3"}


def test_a_later_registry_file_adds_names_and_overrides_the_kind(tmp_path: Path) -> None:
    ours = tmp_path / "ours.json"
    ours.write_text(json.dumps({"UNDP": {"synonyms": ["PNUD Somalie"], "kind": "multilateral"}}))
    assert load_registry([ORG_MAP]).find("PNUD Somalie") is None
    found = load_registry([ORG_MAP, ours]).find("PNUD Somalie")
    assert found is not None
    assert found.organisation.name == "United Nations Development Programme"
    assert found.organisation.identifiers[0] == "XM-DAC-41114"
    assert kind_of(found.organisation, "40", None) is StakeholderKind.MULTILATERAL


@pytest.fixture
def alike(store: Store, tmp_path: Path) -> Store:
    path = iati(
        tmp_path / "alike.xml",
        ("K-1", org(1, "Some Funder") + org(4, "drc")),
        ("K-2", org(4, "Danish Refugee Council \u2013 Kenya, Kenya")),
        ("K-3", org(4, "Norwegian Refugee Council")),
    )
    import_file(store, path, registry=load_registry([ORG_MAP]))
    return store


def test_an_unsure_pair_waits_for_a_coordinator(alike: Store) -> None:
    proposed = merges.propose(alike, merges.IMPORT_ACTOR)
    pairs = {(p.keep, p.merge) for p in proposed}
    assert ("drc", "danish-refugee-council-kenya-kenya") in pairs or (
        "danish-refugee-council-kenya-kenya",
        "drc",
    ) in pairs
    assert all("norwegian" not in f"{p.keep}{p.merge}" for p in proposed)
    assert set(stakeholders(alike)) >= {"drc", "danish-refugee-council-kenya-kenya"}
    assert merges.propose(alike, merges.IMPORT_ACTOR) == []  # proposed once


def test_accepting_merges_and_reverting_restores_both_audited(alike: Store) -> None:
    (proposal,) = [
        p for p in merges.propose(alike, merges.IMPORT_ACTOR) if "drc" in (p.keep, p.merge)
    ]
    before = sorted(e.identity for e in alike.edges())
    ids_before = {p.merge: alike.external_ids(p.merge) for p in [proposal]}
    with pytest.raises(Forbidden):
        merges.accept(alike, Principal(Role.PARTNER, key="p", stakeholder="drc"), proposal.id)

    merges.accept(alike, COORDINATOR, proposal.id, "same office")
    found = stakeholders(alike)
    assert proposal.merge not in found
    assert {e.target for e in alike.edges("IMPLEMENTED") if e.source == proposal.keep} >= {
        "K-1",
        "K-2",
    }
    assert "Danish Refugee Council \u2013 Kenya, Kenya" in {
        *found[proposal.keep].aliases,
        found[proposal.keep].name,
    }
    with pytest.raises(Conflict):
        merges.accept(alike, COORDINATOR, proposal.id)

    merges.revert(alike, COORDINATOR, proposal.id, "they are separate")
    assert sorted(e.identity for e in alike.edges()) == before
    assert alike.external_ids(proposal.merge) == ids_before[proposal.merge]
    assert proposal.merge in stakeholders(alike)
    actions = [(e.action, e.actor) for e in audit.entries(alike) if e.subject == proposal.id]
    assert actions == [
        ("merge.propose", merges.IMPORT_ACTOR),
        ("merge.accept", "coordinator:k"),
        ("merge.revert", "coordinator:k"),
    ]


def test_rejecting_keeps_them_apart_for_good(alike: Store) -> None:
    (proposal,) = [
        p for p in merges.propose(alike, merges.IMPORT_ACTOR) if "drc" in (p.keep, p.merge)
    ]
    rejected = merges.reject(alike, COORDINATOR, proposal.id, "different legal entities")
    assert rejected.status is merges.MergeStatus.REJECTED
    assert merges.propose(alike, merges.IMPORT_ACTOR) == []
    assert merges.proposals(alike, merges.MergeStatus.PENDING) == []
    assert [e.action for e in audit.entries(alike) if e.subject == proposal.id] == [
        "merge.propose",
        "merge.reject",
    ]


def test_predictions_name_every_spelling_of_one_organisation(tmp_path: Path) -> None:
    def dated(identifier: str, day: str, *names: str) -> str:
        orgs = "".join(org(4, name) for name in names)
        return (
            f"<iati-activity><iati-identifier>{identifier}</iati-identifier>"
            f"<title><narrative>Refugee shelter and protection {identifier}</narrative></title>"
            f'{orgs}<activity-date type="2" iso-date="{day}"/>'
            '<recipient-country code="SO"/></iati-activity>'
        )

    path = tmp_path / "split.xml"
    path.write_text(
        '<?xml version="1.0"?><iati-activities version="2.03">'
        + dated("P-1", "2018-01-01", "drc", "Local Partner")
        + dated("P-2", "2019-01-01", "Danish Refugee Council (DRC)")
        + dated("P-3", "2019-06-01", "Local Partner")
        + dated("L-1", "2021-01-01", "Danish Refugee Council")
        + "</iati-activities>"
    )
    report = evaluate([path], date(2020, 1, 1), registry=load_registry([ORG_MAP]))
    assert report.requests == 1
    [prediction] = report.predictions
    assert ["drc", "Danish Refugee Council (DRC)", "Danish Refugee Council"] in prediction.ranked
    assert "Local Partner" in prediction.ranked


def test_undeclared_countries_sectors_and_objectives_come_from_activities(
    store: Store, iati_dir: Path
) -> None:
    import_file(store, iati_dir / "somalia-3w-2021.xml", registry=load_registry([ORG_MAP]))
    profile = derive(store, "un-habitat")
    assert profile.derived == ["countries", "objectives", "sectors"]
    assert profile.activities > 0 and profile.countries == ["SO"]
    assert profile.sectors and profile.objectives == []  # imported untagged
    put(
        store,
        repository.get(store, Stakeholder, "un-habitat").model_copy(
            update={"countries": ["KE"], "objectives": [5]}
        ),
    )
    declared = derive(store, "un-habitat")
    assert declared.derived == ["sectors"]
    assert (declared.countries, declared.objectives) == (["KE"], [5])


def test_long_ids_still_make_one_proposal_id_per_pair() -> None:
    one, other = "a" * 290, "b" * 290
    assert merges.proposal_id(one, other) == merges.proposal_id(other, one)
    assert len(merges.proposal_id(one, other)) <= 300
    assert merges.proposal_id("drc", "arche-nova") == "merge:arche-nova:drc"


def test_an_identifier_outranks_a_name() -> None:
    registry = load_registry([ORG_MAP])
    assert registry.find("IOM", "XM-DAC-41502") is None  # another's identifier, IOM's name
    by_ref = registry.find("unicef-somalia", "XM-DAC-41122")
    assert by_ref is not None and (by_ref.organisation.key, by_ref.confidence) == ("UNICEF", 1.0)
