"""Funding leads (GCM para 43(a)(v)): donors and funds for a request, from what they
funded before and the interests they declare."""

from __future__ import annotations

from dataclasses import asdict

from hub.access import OPERATOR, Principal
from hub.domain.activities import Activity
from hub.domain.records import Stakeholder, StakeholderKind, SupportRequest
from hub.matchmaking.inputs import activity_query, partnership_activity, request_query
from hub.matchmaking.names import Names
from hub.matchmaking.provider import models
from hub.matchmaking.results import FunderRanking, FundingLead
from hub.matchmaking.similar import hub_partnerships
from hub.records import reading
from hub.store import Store, repository
from matching.funding import FundingLead as Lead
from matching.funding_pool import FundingPool
from matching.profiles import Candidate, PastActivity, Query
from matching.training import as_activity

__all__ = [
    "donors",
    "find_funders",
    "funding_history",
    "funding_leads",
    "funding_pool",
    "hidden_partnerships",
]


def funding_history(store: Store, principal: Principal = OPERATOR) -> list[PastActivity]:
    """Every funded activity (FUNDED edges), and the hub partnerships with a donor
    member that `principal` may see.

    Activities nobody is recorded implementing still tell where a donor funds, so they
    are added to the recommender's history here.
    """
    history = list(models(store).history())
    known = {a.id for a in history}
    funders: dict[str, list[str]] = {}
    for edge in store.edges("FUNDED"):
        if edge.target not in known:
            funders.setdefault(edge.target, []).append(edge.source)
    for activity_id, backers in funders.items():
        activity = repository.get(store, Activity, activity_id)
        history.append(as_activity(activity_query(activity), (), backers))
    donor_ids = {
        s.id for s in repository.list_records(store, Stakeholder) if s.kind is StakeholderKind.DONOR
    }
    history += [partnership_activity(p, donor_ids) for p in hub_partnerships(store, principal)]
    return history


def funding_pool(store: Store) -> tuple[FundingPool, list[Candidate], dict[str, str]]:
    """The funded history anyone may see funding leads from, donors' profiles and every
    stakeholder's kind (each call leaves out the partnerships its caller may not see);
    kept until the graph changes."""

    def build() -> tuple[FundingPool, list[Candidate], dict[str, str]]:
        profiles, kinds = donors(store)
        return FundingPool(funding_history(store), models(store).texts()), profiles, kinds

    return models(store).table("funding leads", build)


def funding_leads(store: Store, principal: Principal, query: Query, n: int = 10) -> list[Lead]:
    """`rank_funders` over the funding history `principal` may see
    (`matching.funding_pool`)."""
    pool, profiles, kinds = funding_pool(store)
    return pool.leads(query, profiles, kinds, n, hidden_partnerships(store, principal))


def hidden_partnerships(store: Store, principal: Principal) -> tuple[str, ...]:
    """The hub partnerships of the funded history that `principal` may not see; kept
    per caller until the graph changes (synergies ask for several leads at once).
    Found apart from the pool: a synergies call answered by the fit needs only these."""

    def everyone() -> list[str]:
        return sorted(p.id for p in hub_partnerships(store, OPERATOR))

    def build() -> tuple[str, ...]:
        seen = {p.id for p in hub_partnerships(store, principal)}
        return tuple(p for p in models(store).table("hub partnerships", everyone) if p not in seen)

    return models(store).answer(("partnerships hidden from", principal), build)


def donors(store: Store) -> tuple[list[Candidate], dict[str, str]]:
    """Donors' declared profiles, and every stakeholder's kind (to explain whom a donor
    funds)."""
    candidates = models(store).candidates()
    return [c for c in candidates if c.kind == StakeholderKind.DONOR], {
        c.id: c.kind for c in candidates
    }


def find_funders(store: Store, principal: Principal, request_id: str, n: int = 10) -> FunderRanking:
    """Donors and funds for a request the caller may see, best first, with names."""
    request = reading.get(store, principal, SupportRequest, request_id)
    leads = funding_leads(store, principal, request_query(request), n)
    names = Names(store)
    return FunderRanking(
        request=request_id,
        funders=[
            FundingLead(
                **{**asdict(lead), "implementers": names.all(lead.implementers)},
                name=names.name(lead.funder),
            )
            for lead in leads
        ],
    )
