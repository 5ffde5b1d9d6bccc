"""Regional working groups: who may edit them, what their view shows whom, the audit."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest

from hub import audit, explore
from hub.access import PUBLIC, Principal
from hub.demo import load_demo
from hub.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from hub.domain.keys import Role
from hub.groups import working_groups
from hub.groups.view import cross_group_synergies, group_synergies, group_view
from hub.matchmaking.synergies import find_synergies
from hub.store import Store, analytics

AMINA = Principal(Role.COORDINATOR, key="key-amina")
MOROCCO = Principal(Role.MEMBER_STATE, "morocco", "key-morocco")
KENYA = Principal(Role.MEMBER_STATE, "kenya", "key-kenya")
LAS = Principal(Role.PARTNER, "las", "key-las")
IOM = Principal(Role.PARTNER, "iom", "key-iom")


@pytest.fixture
def demo(store: Store) -> Store:
    load_demo(store)
    return store


def test_the_shipped_groups_hold_their_published_members() -> None:
    text = resources.files("hub").joinpath("data/groups.json").read_text(encoding="utf-8")
    shipped = {g.slug: g for g in working_groups.shipped_groups()}
    assert len(shipped["arab-region"].countries) == 22
    assert {"MA", "OM", "PS", "SY", "KM"} <= set(shipped["arab-region"].countries)
    assert len(shipped["igad"].countries) == 8 and "SS" in shipped["igad"].countries
    assert len(shipped["ecowas"].countries) == 12
    assert not {"BF", "ML", "NE"} & set(shipped["ecowas"].countries)  # left in January 2025
    for raw in json.loads(text)["groups"]:
        assert raw["sources"] and raw["as_of"], raw["slug"]


def test_morocco_oman_and_palestine_meet_in_the_arab_region_group(demo: Store) -> None:
    grouped = [{s.id for s in p.states} for p in group_synergies(demo, AMINA, "arab-region")]
    assert any({"morocco", "oman", "palestine"} <= states for states in grouped)
    by_m49 = [{s.id for s in p.states} for p in find_synergies(demo, AMINA, "Africa")]
    assert not any({"morocco", "oman"} <= states for states in by_m49)  # two M49 regions
    with pytest.raises(InvalidInput, match="Arab States"):
        find_synergies(demo, AMINA, "Arab States")
    with pytest.raises(NotFound, match="atlantis"):
        group_synergies(demo, AMINA, "atlantis")


def test_a_view_shows_only_what_the_caller_may_see(demo: Store) -> None:
    staff = group_view(demo, AMINA, "arab-region")
    state = group_view(demo, MOROCCO, "arab-region")
    public = group_view(demo, PUBLIC, "arab-region")
    assert "req-somalia-legal-identity" in {r.id for r in staff.requests}  # confidential
    assert "req-somalia-legal-identity" not in {r.id for r in state.requests}
    assert "req-morocco-migration-data" in {r.id for r in state.requests}
    assert "req-kenya-climate-mobility" not in {r.id for r in staff.requests}  # not a member
    assert public.requests == [] and public.gaps == []
    assert group_synergies(demo, PUBLIC, "arab-region") == []
    assert sum(g.requests for g in staff.gaps) > sum(g.requests for g in state.gaps)
    somalia_syria = {"somalia", "syria"}  # both confidential: a synergy only staff sees
    assert any(
        {s.id for s in p.states} == somalia_syria
        for p in group_synergies(demo, AMINA, "arab-region")
    )
    grouped = group_synergies(demo, MOROCCO, "arab-region")
    assert grouped and not any(somalia_syria & {s.id for s in p.states} for p in grouped)


def test_coordinators_create_and_edit_groups_with_audit(demo: Store) -> None:
    fields = {
        "slug": "rabat-process",
        "name": "Rabat Process",
        "countries": ["MAR", "Senegal", "ES", "NG"],
        "partners": ["iom"],
        "objectives": [9, 10],
    }
    for outsider, error in ((PUBLIC, Unauthorized), (MOROCCO, Forbidden), (IOM, Forbidden)):
        with pytest.raises(error):
            working_groups.create_group(demo, outsider, fields)
    created = working_groups.create_group(demo, AMINA, fields)
    assert created.countries == ["ES", "MA", "NG", "SN"] and created.id == "group:rabat-process"
    with pytest.raises(Conflict):
        working_groups.create_group(demo, AMINA, fields)
    with pytest.raises(NotFound, match="atlantis"):
        working_groups.create_group(
            demo, AMINA, {**fields, "slug": "other", "partners": ["atlantis"]}
        )
    with pytest.raises(InvalidInput, match="slug"):
        working_groups.create_group(demo, AMINA, {**fields, "slug": "Rabat Process"})
    with pytest.raises(Forbidden):
        working_groups.update_group(demo, MOROCCO, "rabat-process", {"objectives": [5]})
    edited = working_groups.update_group(demo, AMINA, "rabat-process", {"countries": ["MA", "FR"]})
    assert (
        edited.countries == ["FR", "MA"]
        and working_groups.get_group(demo, "rabat-process") == edited
    )
    with pytest.raises(InvalidInput, match="keeps its slug"):
        working_groups.update_group(demo, AMINA, "rabat-process", {"slug": "rabat"})
    logged = [(e.action, e.actor) for e in audit.entries(demo) if e.subject == created.id]
    assert logged == [("group.created", AMINA.name), ("group.edited", AMINA.name)]


def test_members_and_coordinators_record_initiatives_others_cannot(demo: Store) -> None:
    agreed = {"title": "Shared migration data standards", "agreed_on": date(2026, 10, 1)}
    for outsider in (KENYA, IOM):  # Kenya is in IGAD, not the Arab region; IOM no partner
        with pytest.raises(Forbidden):
            working_groups.record_initiative(demo, outsider, "arab-region", agreed)
    with pytest.raises(Unauthorized):
        working_groups.record_initiative(demo, PUBLIC, "arab-region", agreed)
    by_morocco = working_groups.record_initiative(
        demo,
        MOROCCO,
        "arab-region",
        {**agreed, "countries": ["MA", "OM"], "requests": ["req-morocco-migration-data"]},
    )
    by_las = working_groups.record_initiative(
        demo, LAS, "arab-region", {**agreed, "title": "Forum"}
    )
    working_groups.record_initiative(demo, AMINA, "arab-region", {**agreed, "title": "Staff"})
    with pytest.raises(InvalidInput, match="KE"):
        working_groups.record_initiative(
            demo, MOROCCO, "arab-region", {**agreed, "countries": ["KE"]}
        )
    hidden, missing = (
        pytest.raises(NotFound, match=f"no record with id '{i}'")
        for i in ("req-somalia-legal-identity", "req-atlantis")
    )
    with hidden:
        working_groups.record_initiative(
            demo, MOROCCO, "arab-region", {**agreed, "requests": ["req-somalia-legal-identity"]}
        )
    with missing:
        working_groups.record_initiative(
            demo, MOROCCO, "arab-region", {**agreed, "requests": ["req-atlantis"]}
        )
    assert by_morocco.actor == MOROCCO.name and by_morocco.group == "group:arab-region"
    assert [i.title for i in working_groups.initiatives(demo, "arab-region")] == [
        "Shared migration data standards",
        "Forum",
        "Staff",
    ]
    assert {e.subject for e in audit.entries(demo) if e.action == "group.initiative"} >= {
        by_morocco.id,
        by_las.id,
    }


def test_an_initiative_hides_the_requests_a_viewer_may_not_see(demo: Store) -> None:
    working_groups.record_initiative(
        demo,
        AMINA,
        "arab-region",
        {
            "title": "Legal identity",
            "agreed_on": date(2026, 9, 1),
            "requests": ["req-somalia-legal-identity", "req-morocco-migration-data"],
        },
    )
    staff = group_view(demo, AMINA, "arab-region")
    morocco = group_view(demo, MOROCCO, "arab-region")
    [logged] = staff.initiatives
    assert logged.actor == AMINA.name and morocco.initiatives[0].actor == "hub coordinator"
    assert len(staff.initiative_requests[logged.id]) == 2
    assert morocco.initiative_requests[logged.id] == ["req-morocco-migration-data"]
    public = analytics.to_json(explore.neighbourhood(demo, IOM, logged.id, 1))
    assert "req-somalia-legal-identity" not in json.dumps(public)
    assert "req-somalia-legal-identity" in json.dumps(
        analytics.to_json(explore.neighbourhood(demo, AMINA, logged.id, 1))
    )


def test_requests_of_two_groups_complement_along_shared_objectives(demo: Store) -> None:
    working_groups.create_group(
        demo, AMINA, {"slug": "south-asia", "name": "South Asia origin", "countries": ["BD", "NP"]}
    )
    found = cross_group_synergies(demo, AMINA, "arab-region", "south-asia")
    pairs = {(p.first, p.second): p.shared_objectives for p in found}
    assert pairs[("req-saudi-arabia-wage-protection", "req-bangladesh-social-security")] == (6, 22)
    assert all(shared for shared in pairs.values())
    assert not any(p.first.startswith("req-bangladesh") for p in found)
    with pytest.raises(InvalidInput):
        cross_group_synergies(demo, AMINA, "igad", "igad")


def test_loading_the_shipped_groups_again_changes_nothing(demo: Store) -> None:
    before = working_groups.list_groups(demo)
    assert [g.slug for g in before] == ["arab-region", "ecowas", "igad"]
    working_groups.load_groups(demo)
    assert working_groups.list_groups(demo) == before
