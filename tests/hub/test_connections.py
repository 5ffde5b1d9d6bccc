"""Connection-hub mechanisms through the graph: demo hub, real IATI history, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from hub.access import OPERATOR
from hub.demo import load_demo
from hub.domain.errors import InvalidInput
from hub.domain.records import Confidentiality, RequestStatus, SupportRequest
from hub.imports.importer import import_file
from hub.matchmaking.allocation import allocate_open_requests
from hub.matchmaking.consortium import RULES, propose_consortium
from hub.matchmaking.funding import find_funders
from hub.matchmaking.similar import find_similar
from hub.matchmaking.synergies import find_synergies, supply_demand_gaps
from hub.store import Store, repository


def test_similar_initiatives_are_explained_and_never_confidential(store: Store) -> None:
    load_demo(store)
    confidential = {
        r.id
        for r in repository.list_records(store, SupportRequest)
        if r.confidentiality is Confidentiality.CONFIDENTIAL
    }
    found = find_similar(store, OPERATOR, "req-nepal-skills-recognition", n=5)
    # the partnership on this very request, and the practice its partners drew from it
    first_two = {i.id: i.kind for i in found.initiatives[:2]}
    assert first_two == {
        "pship-nepal-skills-recognition": "partnership",
        "practice-demo-nepal-returnee-skills": "practice",
    }
    top = next(i for i in found.initiatives if i.id == "pship-nepal-skills-recognition")
    assert top.shared_objectives == [18, 21]
    assert (top.place, top.shared_places) == ("country", ["NP"])
    assert "same country Nepal" in top.why and "ilo" in {a.id for a in top.actors}
    assert "nepal" not in {p.id for p in found.peers}
    assert {"qatar", "ilo"} <= {p.id for p in found.peers}
    for request in ("req-kuwait-domestic-workers", "req-jordan-labour-mobility"):
        shown = {i.id for i in find_similar(store, OPERATOR, request, n=20).initiatives}
        assert request not in shown
        assert not shown & confidential


def test_similar_activities_come_from_iati_history(store: Store, iati_dir: Path) -> None:
    import_file(store, iati_dir / "somalia-3w-2021.xml")
    load_demo(store)
    found = find_similar(store, OPERATOR, "req-somalia-legal-identity", n=10)
    activities = [i for i in found.initiatives if i.kind == "activity"]
    assert activities
    assert all(i.shared_places == ["SO"] for i in activities)


def test_funding_leads_from_demo_partnerships(store: Store) -> None:
    load_demo(store)
    leads = find_funders(store, OPERATOR, "req-lebanon-primary-health", n=5).funders
    top = leads[0]
    assert top.funder == "kuwait-fund" and top.name == "Kuwait Fund for Arab Economic Development"
    assert top.by_place == {"country": 1}
    assert top.activities == ["pship-lebanon-primary-health"]
    assert top.implementer_kinds == {"member_state": 1, "un_entity": 1}


def test_funding_leads_from_iati_funded_in_the_country(store: Store, iati_dir: Path) -> None:
    import_file(store, iati_dir / "somalia-3w-2021.xml")
    load_demo(store)
    leads = find_funders(store, OPERATOR, "req-somalia-legal-identity", n=5).funders
    assert len(leads) == 5
    assert all(lead.by_place.get("country", 0) > 0 for lead in leads)
    assert [lead.score for lead in leads] == sorted((lead.score for lead in leads), reverse=True)
    assert all(lead.reasons and lead.latest for lead in leads)


def test_consortium_meets_every_rule_and_skips_full_partners(store: Store) -> None:
    load_demo(store)
    team = propose_consortium(store, OPERATOR, "req-philippines-consular-network", 4, RULES)
    assert 2 <= len(team.members) <= 4
    assert team.satisfiable and all(team.rules.values())
    assert team.uncovered == []
    assert "philippines" not in {m.candidate for m in team.members}
    health = propose_consortium(store, OPERATOR, "req-lebanon-primary-health")
    assert "who" not in {m.candidate for m in health.members}  # its only offer is full
    with pytest.raises(InvalidInput, match="gender-balance"):
        propose_consortium(store, OPERATOR, "req-lebanon-primary-health", rules=["gender-balance"])


def test_allocation_serves_open_requests_within_capacity(store: Store) -> None:
    load_demo(store)
    plan = allocate_open_requests(store, OPERATOR)
    open_ids = {
        r.id
        for r in repository.list_records(store, SupportRequest)
        if r.status is RequestStatus.OPEN
    }
    assert {a.request for a in plan.assignments} | {u.request for u in plan.unserved} == open_ids
    assert all(load.used <= load.capacity for load in plan.load.values())
    assert plan.total_quality >= plan.greedy_quality
    assert all(a.why and a.provider_name for a in plan.assignments)


def test_synergies_group_gulf_and_levant_states_on_fair_recruitment(store: Store) -> None:
    load_demo(store)
    programmes = find_synergies(store, OPERATOR, "western asia", objective=6)
    assert [[s.id for s in p.states] for p in programmes] == [["jordan", "kuwait", "saudi-arabia"]]
    programme = programmes[0]
    assert programme.shared_objectives == [6]
    assert programme.lead_partners and programme.funders
    assert not {r.id for r in programme.lead_partners} & {s.id for s in programme.states}
    assert "Fair recruitment" in programme.why
    with pytest.raises(InvalidInput, match="Atlantis"):
        find_synergies(store, OPERATOR, "Atlantis")


def test_gap_matrix_counts_every_open_request(store: Store) -> None:
    load_demo(store)
    matrix = supply_demand_gaps(store, OPERATOR)
    assert matrix.requests.shape == (23, 5)
    assert matrix.areas == ("Africa", "Americas", "Asia", "Europe", "Oceania")
    # Ecuador asks for regular pathways; no offer on objective 5 serves the Americas.
    worst = matrix.gaps[0]
    assert (worst.objective, worst.area, worst.providers) == (5, "Americas", 0)
    assert supply_demand_gaps(store, OPERATOR, subregions=True).requests.shape == (23, 22)


@pytest.fixture
def demo_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HUB_GRAPH_BACKEND", "embedded")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["demo"]).exit_code == 0
    return runner


@pytest.mark.parametrize(
    "command",
    [
        ["similar", "--request", "req-jordan-labour-mobility", "--n", "3"],
        ["funders", "--request", "req-jordan-labour-mobility", "--n", "3"],
        ["consortium", "--request", "req-jordan-labour-mobility", "--rule", "whole-of-society"],
        ["synergies", "--region", "Africa"],
        ["allocate"],
    ],
)
def test_commands_print_json(demo_cli: CliRunner, command: list[str]) -> None:
    result = demo_cli.invoke(app, [*command, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)
    assert demo_cli.invoke(app, command).exit_code == 0


def test_gaps_command_draws_the_picture(demo_cli: CliRunner, tmp_path: Path) -> None:
    picture = tmp_path / "gaps.png"
    result = demo_cli.invoke(app, ["gaps", "--json", "--picture", str(picture)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["cells"]) == 23 * 5
    assert report["emptiest"][0]["no_provider"] is True
    assert picture.read_bytes().startswith(b"\x89PNG")


@pytest.fixture
def somalia_hub(store: Store, iati_dir: Path) -> Store:
    """The real Somalia history with the demo hub's requests and offers on top."""
    import_file(store, iati_dir / "somalia-3w-2021.xml")
    load_demo(store)
    return store


def test_consortium_and_allocation_on_the_somalia_history(somalia_hub: Store) -> None:
    team = propose_consortium(
        somalia_hub, OPERATOR, "req-somalia-legal-identity", rules=["whole-of-society"]
    )
    assert 2 <= len(team.members) <= 5 and team.satisfiable and all(team.rules.values())
    assert {m.kind for m in team.members} >= {"un_entity"}
    covered = {c for m in team.members for c in m.covers}
    assert "country:SO" in covered and not covered & set(team.uncovered)
    plan = allocate_open_requests(somalia_hub, OPERATOR, balance=0.5)
    assert all(load.used <= load.capacity for load in plan.load.values())
    assert all(u.why for u in plan.unserved)


def test_synergies_on_the_somalia_history(somalia_hub: Store) -> None:
    programmes = find_synergies(somalia_hub, OPERATOR, "Africa")
    assert programmes
    for programme in programmes:
        assert len(programme.states) >= 2 and programme.shared_objectives
        assert programme.lead_partners and programme.why
