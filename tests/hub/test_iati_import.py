"""IATI import on real files and on hostile ones, against every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.domain.activities import Activity, Partnership
from hub.domain.records import Stakeholder
from hub.imports.importer import import_file
from hub.imports.parse import IatiError
from hub.matchmaking.inputs import build_candidates, build_history
from hub.store import Edge, Node, Store, repository
from tests.store_support import put

FIXTURES = [
    "dfid-albania-2.01.xml",
    "dportal-covid-migration-extract-2.0x.xml",
    "iom-somalia-2.03-XM-DAC-47066-DP.2154.xml",
    "maec-spain-indonesia-2.01-first12.xml",
    "wvuk-malawi-1.0x.xml",
]


def snapshot(store: Store) -> tuple[list[Node], list[Edge]]:
    return list(store.nodes()), list(store.edges())


def write(path: Path, activities: str, root: str = "iati-activities") -> Path:
    path.write_text(f'<?xml version="1.0"?>\n<{root} version="2.03">{activities}</{root}>')
    return path


def activity(identifier: str, *orgs: tuple[int, str], country: str = "SO") -> str:
    parts = "".join(
        f'<participating-org role="{role}"><narrative>{name}</narrative></participating-org>'
        for role, name in orgs
    )
    return (
        f"<iati-activity><iati-identifier>{identifier}</iati-identifier>"
        f"<title><narrative>Activity {identifier}</narrative></title>{parts}"
        f'<recipient-country code="{country}"/></iati-activity>'
    )


def test_somalia_imports_whole_and_twice_changes_nothing(store: Store, iati_dir: Path) -> None:
    path = iati_dir / "somalia-3w-2021.xml"
    first = import_file(store, path)
    assert first.activities == 1709
    assert store.counts().nodes["Activity"] == 1709
    assert first.organisations > 900
    before = snapshot(store)
    again = import_file(store, path)
    assert (again.nodes_added, again.edges_added) == (0, 0)
    assert snapshot(store) == before


@pytest.mark.parametrize("name", FIXTURES)
def test_every_fixture_imports(store: Store, iati_dir: Path, name: str) -> None:
    report = import_file(store, iati_dir / "fixtures" / name)
    assert report.activities > 0
    assert store.counts().nodes["Activity"] == report.activities
    assert report.edges > 0


def test_iati_1_roles_as_words_and_text_without_narratives(store: Store, iati_dir: Path) -> None:
    import_file(store, iati_dir / "fixtures" / "wvuk-malawi-1.0x.xml")
    found = repository.get(store, Activity, "GB-CHC-285908-197126")
    assert found.title["en"].startswith("Citizen Voice and Action")
    assert found.start is not None and found.start.isoformat() == "2012-02-29"
    implementers = {
        n.properties["name"]
        for _, n in store.neighbours(found.id, direction="in", edge_types=["IMPLEMENTED"])
    }
    assert implementers == {"World Vision Malawi"}
    funders = [e.source for e in store.edges("FUNDS")]
    assert funders and all(
        f == store.node_by_external_id("iati-org", "GB-1").id  # type: ignore[union-attr]
        for f in funders
    )


def test_every_language_of_a_text_is_kept(store: Store, iati_dir: Path) -> None:
    import_file(store, iati_dir / "fixtures" / "dportal-covid-migration-extract-2.0x.xml")
    languages = set()
    for activity in repository.list_records(store, Activity):
        languages |= set(activity.title) | set(activity.description)
    assert {"en", "fr", "es"} <= languages


def test_organisations_match_by_ref_and_by_folded_name(store: Store, iati_dir: Path) -> None:
    import_file(store, iati_dir / "fixtures" / "dportal-covid-migration-extract-2.0x.xml")
    import_file(store, iati_dir / "fixtures" / "iom-somalia-2.03-XM-DAC-47066-DP.2154.xml")
    iom = store.node_by_external_id("iati-org", "XM-DAC-47066")
    assert iom is not None
    assert store.node_by_external_id("name", "international organization for migration iom") == iom
    undp = [
        s
        for s in repository.list_records(store, Stakeholder)
        if "united nations development programme" in s.name.lower()
    ]
    assert len(undp) == 1, "UNDP spelt in two cases must be one stakeholder"


def test_co_implementers_form_a_partnership_and_funders_fund_them(
    store: Store, tmp_path: Path
) -> None:
    path = write(tmp_path / "a.xml", activity("A-1", (1, "EU"), (4, "IOM"), (4, "NRC")))
    import_file(store, path)
    partnership = repository.get(store, Partnership, "iati-partnership:A-1")
    assert sorted(partnership.members) == ["iom", "nrc"]
    assert {(e.source, e.target, e.key) for e in store.edges("FUNDS")} == {
        ("eu", "iom", "A-1"),
        ("eu", "nrc", "A-1"),
    }
    assert {e.source for e in store.edges("PRESENT_IN")} == {"iom", "nrc"}


def test_presence_only_activities_show_is_marked_derived_for_the_recommender(
    store: Store, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "a.xml",
        activity("A-1", (2, "UNHCR"), (4, "IOM")) + activity("A-2", (4, "IOM"), country="FR"),
    )
    import_file(store, path)
    iom = repository.get(store, Stakeholder, "iom")
    put(store, iom.model_copy(update={"countries": ["KE"]}))
    candidates = {c.id: c for c in build_candidates(store)}
    # Somalia lies in Eastern Africa like Kenya: only the country is derived there.
    assert candidates["iom"].countries == ("FR", "KE", "SO")
    assert candidates["iom"].derived == ("Europe", "FR", "SO", "Western Europe")
    assert set(candidates["unhcr"].derived) == {"SO", "Eastern Africa", "Africa"}
    accountable = {a.id: a.accountable for a in build_history(store)}
    assert accountable == {"A-1": ("unhcr",), "A-2": ()}


HOSTILE = {
    "billion laughs": (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<iati-activities>&lol2;</iati-activities>',
        r"line 2: refused",
    ),
    "external entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        "<iati-activities>&xxe;</iati-activities>",
        r"line 2: refused",
    ),
    "wrong root": ('<?xml version="1.0"?><organisations/>', r"root element is <organisations>"),
    "truncated": (
        '<?xml version="1.0"?><iati-activities><iati-activity><iati-identifier>X</iati-id',
        r"malformed XML: .*line 1, column \d+",
    ),
    "undefined entity": (
        "<iati-activities><iati-activity><iati-identifier>&xxe;</iati-identifier>"
        "</iati-activity></iati-activities>",
        r"malformed XML: Entity 'xxe' not defined, line 1, column \d+",
    ),
    "not xml": ("hello, this is a CSV,1,2,3", r"malformed XML: .*line 1, column 1"),
    "empty": ("", r"malformed XML: no element found"),
    "no identifier": (
        '<?xml version="1.0"?><iati-activities><iati-activity><title/></iati-activity>'
        "</iati-activities>",
        r"activity #1 has no iati-identifier",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_bad_files_name_file_and_place_and_store_nothing(
    store: Store, tmp_path: Path, case: str
) -> None:
    import_file(store, write(tmp_path / "good.xml", activity("KEEP-1", (4, "IOM"))))
    before = snapshot(store)
    text, message = HOSTILE[case]
    path = tmp_path / "bad.xml"
    path.write_text(text)
    with pytest.raises(IatiError, match=rf"bad\.xml: {message}"):
        import_file(store, path)
    assert snapshot(store) == before


def test_a_file_that_breaks_halfway_stores_none_of_its_activities(
    store: Store, tmp_path: Path
) -> None:
    good = "".join(activity(f"OK-{i}", (4, f"Org {i}")) for i in range(50))
    path = tmp_path / "half.xml"
    path.write_text(f"<iati-activities>{good}<iati-activity><iati-identifier>BROKEN")
    with pytest.raises(IatiError, match=r"half\.xml"):
        import_file(store, path)
    assert snapshot(store) == ([], [])


def test_missing_file_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(IatiError, match=r"nope\.xml: cannot read file"):
        import_file(store, tmp_path / "nope.xml")


org_names = st.sampled_from(["IOM", "UNHCR", "Save the Children", "NRC", "ECHO", "Sida"])
activity_sets = st.lists(
    st.tuples(
        st.lists(st.tuples(st.sampled_from([1, 2, 3, 4]), org_names), max_size=4),
        st.sampled_from(["SO", "KE", "ET"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(activities=activity_sets)
def test_import_is_idempotent(
    store: Store, tmp_path: Path, activities: list[tuple[list[tuple[int, str]], str]]
) -> None:
    body = "".join(activity(f"H-{i}", *orgs, country=c) for i, (orgs, c) in enumerate(activities))
    path = write(tmp_path / "h.xml", body)
    import_file(store, path)
    once = snapshot(store)
    import_file(store, path)
    assert snapshot(store) == once
    for node in once[0]:
        store.delete_node(node.id)
