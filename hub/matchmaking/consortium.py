"""A consortium for a request (GCM para 43(a)(iv)): a small team that covers its
objectives and places within capacity, under the composition rules asked for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, replace

import numpy as np

from hub.access import Principal
from hub.domain import geography
from hub.domain.activities import Partnership
from hub.domain.errors import InvalidInput
from hub.domain.records import Offer, Stakeholder, StakeholderKind, SupportRequest
from hub.matchmaking.artifact import Stamp
from hub.matchmaking.inputs import build_candidates, containing, partner_query
from hub.matchmaking.names import Names
from hub.matchmaking.provider import Fitted, models
from hub.matchmaking.results import ConsortiumMember, ConsortiumProposal
from hub.matchmaking.team_pool import composition_of, left_of, near_duplicates
from hub.records import reading
from hub.store import Store, repository
from matching.consortium import Requirement, Rules, needs
from matching.listing import Listing
from matching.profiles import Candidate, Query
from matching.teams import Weights, weigh_team

__all__ = [
    "RULES",
    "capacity_seen_by",
    "composition_rules",
    "present_candidates",
    "propose_consortium",
    "requirements_of",
    "stakeholders_by_id",
]

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

    return models(store).caller_table(("capacity seen by", principal), build)


_ASKED: dict[str, tuple[tuple[str, frozenset[StakeholderKind] | None], ...]] = {
    "whole-of-society": (
        ("UN entity", frozenset({StakeholderKind.UN_ENTITY})),
        ("civil society or academia", frozenset({StakeholderKind.NGO, StakeholderKind.ACADEMIA})),
    ),
    "in-region": (("based in the region", None),),
}
"""What each rule asks of one member at least: one of these kinds, or (None) being
based in the request's regions."""


def requirements_of(
    chosen: Iterable[str],
) -> tuple[tuple[tuple[str, frozenset[StakeholderKind] | None], ...], bool]:
    """The requirements the chosen rules make, and whether one member per kind."""
    chosen = set(chosen)
    unknown = chosen - set(RULES)
    if unknown:
        raise InvalidInput(f"unknown consortium rule(s) {sorted(unknown)}: expected {RULES}")
    asked = tuple(r for rule in _ASKED if rule in chosen for r in _ASKED[rule])
    return asked, "one-per-kind" in chosen


def composition_rules(
    chosen: Iterable[str], query: Query, stakeholders: Mapping[str, Stakeholder]
) -> Rules:
    """The chosen rules over every stakeholder, as `build_consortium` takes them."""
    asked, one_per_kind = requirements_of(chosen)
    return Rules(
        tuple(
            Requirement(
                name,
                frozenset(s.id for s in stakeholders.values() if s.kind in kinds)
                if kinds is not None
                else _based_in(query, stakeholders),
            )
            for name, kinds in asked
        ),
        one_per_kind=one_per_kind,
    )


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


def present_candidates(
    store: Store, served: tuple[Stamp, Fitted] | None = None
) -> dict[str, Candidate]:
    """The candidates of the served partner model (or of `served`), in its order, with
    only the subregions they declare (own or offers' regions): working in Kenya is no
    presence in Somalia, though both are Eastern Africa. Kept until the graph or the
    model changes."""
    stamp, fitted = served or models(store).stamped()

    def build() -> dict[str, Candidate]:
        declared: dict[str, set[str]] = {}
        for s in repository.list_records(store, Stakeholder):
            declared.setdefault(s.id, set()).update(s.regions)
        for o in repository.list_records(store, Offer):
            declared.setdefault(o.provider, set()).update(o.regions)
        served = set(geography.SUBREGIONS)
        return {
            c.id: replace(c, subregions=tuple(sorted(declared.get(c.id, set()) & served)))
            for c in fitted.candidates
        }

    return models(store).table(("present", stamp), build)


def stakeholders_by_id(store: Store) -> dict[str, Stakeholder]:
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
    """`build_consortium` over the ranking of everyone (tests/hub/test_mechanism_answers
    builds it so), reading only the candidates that can win a step."""
    query = partner_query(store, request)
    asked, one_per_kind = requirements_of(rules)
    served = models(store).stamped()
    recommender = served[1].recommender
    present = present_candidates(store, served)
    held = composition_of(store, served[0], present, stakeholders_by_id(store))
    scores = recommender.scores(query)
    shunned, pinned = recommender.set_apart(query)
    allowed = np.ones(scores.size, dtype=bool)
    allowed[sorted(shunned | pinned)] = False
    capacity, eligible = left_of(recommender, capacity_seen_by(store, principal))
    if query.requester in recommender.positions_:
        allowed[recommender.positions_[query.requester]] = False
        eligible[recommender.positions_[query.requester]] = False
    listing = Listing(near_duplicates(served[1]), scores, allowed, sorted(shunned | pinned))
    regions = {*query.regions, *query.subregions}
    need = needs(query)
    team = weigh_team(
        need,
        held.pool,
        held.pool.cover(need, containing(query.countries)),
        Weights(scores, pinned, listing),
        eligible,
        capacity,
        [(n, held.of_kind(k) if k is not None else held.based_in(regions)) for n, k in asked],
        one_per_kind=one_per_kind,
        max_size=max_size,
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
