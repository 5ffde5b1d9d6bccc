"""Mechanisms answer from structures kept per revision exactly as a full computation
over everything the caller may see answers (the demo hub, every request, four callers)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pytest

from hub.access import OPERATOR, Principal
from hub.demo import load_demo
from hub.domain.activities import Partnership, PartnershipStatus
from hub.domain.geography import REGIONS
from hub.domain.keys import Role
from hub.domain.records import Confidentiality, Stakeholder, StakeholderKind, SupportRequest
from hub.knowledge.records import Practice
from hub.matchmaking import provider
from hub.matchmaking.consortium import (
    RULES,
    propose_consortium,
)
from hub.matchmaking.fitted_programmes import FittedProgrammes
from hub.matchmaking.funding import donors, find_funders, funding_history
from hub.matchmaking.inputs import (
    partnership_activity,
    practice_initiative,
    request_query,
)
from hub.matchmaking.provider import models
from hub.matchmaking.similar import find_similar, hub_partnerships
from hub.matchmaking.synergies import synergies_in
from hub.records import reading
from hub.store import Store, repository
from hub.store.backend import open_store
from matching.funding import rank_funders
from matching.profiles import PastActivity
from matching.similar import similar_initiatives
from matching.training import as_activity
from tests.hub.consortium_support import full_consortium
from tests.hub.refit_support import Hub, hub
from tests.store_support import put

__all__ = ["hub"]

CALLERS = [
    OPERATOR,
    Principal(Role.COORDINATOR, key="key-amina"),
    Principal(Role.PARTNER, "iom", key="key-iom"),
    Principal(Role.MEMBER_STATE, "jordan", key="key-jordan"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from graph.sqlite import SqliteGraphStore

    store = SqliteGraphStore(tmp_path_factory.mktemp("answers") / "demo.db")
    load_demo(store)
    return store


def _everything_seen(store: Store, principal: Principal, request: str) -> list[PastActivity]:
    """What a similar call compared a request with before it kept a pool: all read anew."""
    found = list(models(store).history())
    for other in repository.list_records(store, SupportRequest):
        if other.id != request and other.confidentiality is Confidentiality.OPEN_TO_PARTNERS:
            found.append(as_activity(request_query(other), [other.requester]))
    found += [partnership_activity(p) for p in hub_partnerships(store, principal)]
    found += [practice_initiative(p) for p in reading.visible(store, principal, Practice)]
    return found


@pytest.mark.parametrize("principal", CALLERS, ids=lambda p: p.name)
def test_similar_initiatives_are_the_top_of_the_full_computation(
    demo: Store, principal: Principal
) -> None:
    texts = models(demo).texts()
    compared = 0
    for request in reading.visible(demo, principal, SupportRequest):
        answer = find_similar(demo, principal, request.id, n=10)
        full, peers = similar_initiatives(
            request_query(request), _everything_seen(demo, principal, request.id), 10, texts=texts
        )
        assert [i.id for i in answer.initiatives] == [i.id for i in full]
        for shown, computed in zip(answer.initiatives, full, strict=True):
            assert shown.score == computed.score
            assert shown.matched_terms == list(computed.matched_terms)
            assert shown.shared_places == list(computed.shared_places)
        assert [(p.id, p.score) for p in answer.peers] == [(p.id, p.score) for p in peers]
        compared += len(full)
    assert compared > 50


def _told(lead: dict[str, Any]) -> dict[str, Any]:
    """A lead's fields as JSON would hold them, implementers as a multiset: among
    equally many, the full computation lists them in the order of a set of strings,
    which changes with the process's hash seed."""
    found: dict[str, Any] = json.loads(json.dumps(lead, default=str))
    found["implementers"] = sorted(found["implementers"])
    found["reasons"] = [
        sorted(r.removeprefix("funds ").split(", ")) if r.startswith("funds ") else r
        for r in found["reasons"]
    ]
    return found


@pytest.mark.parametrize("principal", CALLERS, ids=lambda p: p.name)
def test_funding_leads_are_the_top_of_the_full_computation(
    demo: Store, principal: Principal
) -> None:
    texts = models(demo).texts()
    profiles, kinds = donors(demo)
    history = funding_history(demo, principal)
    compared = 0
    for request in reading.visible(demo, principal, SupportRequest):
        answer = find_funders(demo, principal, request.id, n=10)
        full = rank_funders(request_query(request), history, profiles, kinds, 10, texts=texts)
        assert [lead.funder for lead in answer.funders] == [lead.funder for lead in full]
        for shown, computed in zip(answer.funders, full, strict=True):
            told = shown.model_dump(exclude={"name"})
            told["implementers"] = [i.id for i in shown.implementers]
            assert _told(told) == _told(asdict(computed))
        compared += len(full)
    assert compared > 50


def test_a_consortium_is_kept_per_caller_and_rules_until_the_graph_changes(
    store: Store,
) -> None:
    load_demo(store)
    demo = store
    coordinator, partner = CALLERS[1], CALLERS[2]
    asked = "req-jordan-labour-mobility"
    first = propose_consortium(demo, coordinator, asked, rules=["in-region", "one-per-kind"])
    assert (
        propose_consortium(demo, coordinator, asked, rules=["one-per-kind", "in-region"]) is first
    )
    assert (
        propose_consortium(demo, partner, asked, rules=["in-region", "one-per-kind"]) is not first
    )
    assert propose_consortium(demo, coordinator, asked) is not first
    put(demo, Stakeholder(id="new-ngo", name="New NGO", kind=StakeholderKind.NGO))
    again = propose_consortium(demo, coordinator, asked, rules=["in-region", "one-per-kind"])
    assert again is not first and again.members and again.rules == first.rules


RULE_SETS = [(), ("whole-of-society",), ("in-region", "one-per-kind"), tuple(sorted(RULES))]


@pytest.mark.parametrize("principal", CALLERS, ids=lambda p: p.name)
def test_a_consortium_is_the_team_the_full_computation_builds(
    demo: Store, principal: Principal
) -> None:
    compared = 0
    for request in reading.visible(demo, principal, SupportRequest):
        for rules in RULE_SETS:
            for size in (2, 5):
                answer = propose_consortium(demo, principal, request.id, size, rules)
                full = full_consortium(demo, principal, request, size, rules)
                assert [m.model_dump(exclude={"name"}) for m in answer.members] == [
                    {**asdict(m), "covers": list(m.covers), "meets": list(m.meets)}
                    for m in full.members
                ], (request.id, rules, size)
                assert answer.covered == list(full.covered)
                assert answer.uncovered == list(full.uncovered)
                assert (answer.rules, answer.satisfiable) == (full.rules, full.satisfiable)
                compared += len(full.members)
    assert compared > 100


def _with_a_confidential_funder(store: Store) -> Store:
    """The demo hub and a confidential partnership through which a donor nobody else
    knows funds Jordan's labour mobility: staff and Jordan see it, IOM does not."""
    load_demo(store)
    _add_a_confidential_funder(store)
    return store


def _add_a_confidential_funder(store: Store) -> None:
    put(store, Stakeholder(id="quiet-donor", name="Quiet Donor", kind=StakeholderKind.DONOR))
    put(
        store,
        Partnership(
            id="pship-quiet",
            title="Quiet funding",
            members=["jordan", "quiet-donor"],
            objectives=[5, 6, 18],
            countries=["JO"],
            status=PartnershipStatus.ACTIVE,
            confidential=True,
        ),
    )


def test_synergies_kept_for_one_caller_are_never_another_callers(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Programmes, their partners and funders are kept per sight: asked after every
    other caller, each caller gets what it gets from a hub nobody asked before."""
    from graph.sqlite import SqliteGraphStore

    def fresh() -> Store:
        return _with_a_confidential_funder(
            SqliteGraphStore(tmp_path_factory.mktemp("synergies") / "demo.db")
        )

    shared = fresh()
    warm = {
        (principal.name, region): synergies_in(shared, principal, region).model_dump()
        for principal in CALLERS
        for region in REGIONS
    }
    funders = {
        (name, region): {f["id"] for p in answer["programmes"] for f in p["funders"]}
        for (name, region), answer in warm.items()
    }
    assert "quiet-donor" in funders[(CALLERS[1].name, "Asia")]
    assert "quiet-donor" not in funders[(CALLERS[2].name, "Asia")]
    for principal in CALLERS:
        cold = fresh()
        for region in REGIONS:
            answer = synergies_in(cold, principal, region).model_dump()
            assert warm[(principal.name, region)] == answer, (principal.name, region)


def test_synergies_from_the_groups_a_fit_ranked_are_what_each_caller_gets_anyway(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The partners and funders a fit found for staff's groups (`fitted_programmes`)
    change no caller's synergies: a second store on the same hub, served the same
    artifact without them, answers every caller and region alike."""
    _add_a_confidential_funder(hub.store)
    served = provider.publish(hub.store, hub.settings)
    other = open_store(hub.settings)
    bare = provider.publish(other, hub.settings)
    try:
        fitted = served.current()[1].programmes
        assert fitted.partners and fitted.funders and fitted.revision == hub.store.revision()
        monkeypatch.setattr(models(other), "programmes", FittedProgrammes)
        for principal in CALLERS:
            for region in REGIONS:
                answer = synergies_in(hub.store, principal, region).model_dump()
                assert synergies_in(other, principal, region).model_dump() == answer
    finally:
        bare.close()
        served.close()
        other.close()
