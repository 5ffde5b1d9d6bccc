"""A consortium for a request (GCM para 43(a)(iv)): a small team that covers its
objectives and places within capacity, under the composition rules asked for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, replace

from hub.access import Principal
from hub.domain import geography
from hub.domain.activities import Partnership
from hub.domain.errors import InvalidInput
from hub.domain.records import Offer, Stakeholder, StakeholderKind, SupportRequest
from hub.matchmaking.inputs import build_candidates, containing, request_query
from hub.matchmaking.names import Names
from hub.matchmaking.provider import models
from hub.matchmaking.results import ConsortiumMember, ConsortiumProposal
from hub.records import reading
from hub.store import Store, repository
from matching.consortium import Requirement, Rules, build_consortium
from matching.profiles import Candidate, Query

__all__ = ["RULES", "capacity_seen_by", "propose_consortium"]

RULES = ("whole-of-society", "in-region", "one-per-kind")
"""Composition rules a coordinator can ask a consortium to follow."""


def capacity_seen_by(store: Store, principal: Principal) -> dict[str, float]:
    """Engagements left to each provider that states a capacity, after the partnerships
    the caller may see: capacity spent on a hidden one would betray it. Kept per caller
    until the graph changes."""

    def build() -> dict[str, float]:
        return {
            c.id: c.capacity_left
            for c in build_candidates(store, reading.visible(store, principal, Partnership))
            if c.capacity_left is not None
        }

    return models(store).table(("capacity seen by", principal), build)


def _rules(chosen: Iterable[str], query: Query, stakeholders: Mapping[str, Stakeholder]) -> Rules:
    chosen = set(chosen)
    unknown = chosen - set(RULES)
    if unknown:
        raise InvalidInput(f"unknown consortium rule(s) {sorted(unknown)}: expected {RULES}")

    def of_kind(*kinds: StakeholderKind) -> frozenset[str]:
        return frozenset(s.id for s in stakeholders.values() if s.kind in kinds)

    requirements = []
    if "whole-of-society" in chosen:
        requirements += [
            Requirement("UN entity", of_kind(StakeholderKind.UN_ENTITY)),
            Requirement(
                "civil society or academia", of_kind(StakeholderKind.NGO, StakeholderKind.ACADEMIA)
            ),
        ]
    if "in-region" in chosen:
        requirements.append(Requirement("based in the region", _based_in(query, stakeholders)))
    return Rules(tuple(requirements), one_per_kind="one-per-kind" in chosen)


def _based_in(query: Query, stakeholders: Mapping[str, Stakeholder]) -> frozenset[str]:
    """Stakeholders headquartered in the request's regions, and regional bodies serving them."""
    table = geography.countries()
    regions = {*query.regions, *query.subregions}
    return frozenset(
        s.id
        for s in stakeholders.values()
        if (s.home_country in table and table[s.home_country].region in regions)
        or (s.kind is StakeholderKind.REGIONAL_BODY and regions & set(s.regions))
    )


def _present(store: Store) -> dict[str, Candidate]:
    """The partner model's candidates with only the subregions they declare (own or
    offers' regions): working in Kenya is no presence in Somalia, though both are
    Eastern Africa. Kept until the graph changes."""

    def build() -> dict[str, Candidate]:
        declared: dict[str, set[str]] = {}
        for s in repository.list_records(store, Stakeholder):
            declared.setdefault(s.id, set()).update(s.regions)
        for o in repository.list_records(store, Offer):
            declared.setdefault(o.provider, set()).update(o.regions)
        served = set(geography.SUBREGIONS)
        return {
            c.id: replace(c, subregions=tuple(sorted(declared.get(c.id, set()) & served)))
            for c in models(store).partners().candidates
        }

    return models(store).table("present", build)


def _stakeholders(store: Store) -> dict[str, Stakeholder]:
    return models(store).table(
        "stakeholders", lambda: {s.id: s for s in repository.list_records(store, Stakeholder)}
    )


def propose_consortium(
    store: Store,
    principal: Principal,
    request_id: str,
    max_size: int = 5,
    rules: Iterable[str] = (),
) -> ConsortiumProposal:
    """A team of 2 to `max_size` partners for a request the caller may see, weighted by
    the partner ranking, with names; kept per caller until the graph changes (not the
    ranking of everyone it weighs by, which is megabytes on a large hub)."""
    request = reading.get(store, principal, SupportRequest, request_id)
    chosen = tuple(sorted(set(rules)))

    def propose() -> ConsortiumProposal:
        return _proposal(store, principal, request, max_size, chosen)

    key = ("consortium", request_id, principal, max_size, chosen)
    return models(store).answer(key, propose)


def _proposal(
    store: Store,
    principal: Principal,
    request: SupportRequest,
    max_size: int,
    rules: tuple[str, ...],
) -> ConsortiumProposal:
    query = request_query(request)
    ranked = models(store).partners().recommender.ranking(query)
    present = _present(store)
    left = capacity_seen_by(store, principal)
    # The ranking first, then whom it leaves out (requester, rejected, duplicates) in
    # the model's order.
    listed = dict(ranked)
    by_rank = [
        replace(present[c], capacity_left=left.get(c))
        for c in [*listed, *(c for c in present if c not in listed)]
    ]
    team = build_consortium(
        query,
        by_rank,
        weights=listed,
        rules=_rules(rules, query, _stakeholders(store)),
        max_size=max_size,
        containing=containing(query.countries),
    )
    names = Names(store)
    return ConsortiumProposal(
        request=request.id,
        members=[ConsortiumMember(**asdict(m), name=names.name(m.candidate)) for m in team.members],
        covered=list(team.covered),
        uncovered=list(team.uncovered),
        rules=team.rules,
        satisfiable=team.satisfiable,
    )
