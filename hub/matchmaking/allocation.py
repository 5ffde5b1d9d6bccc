"""Batch allocation: providers for every open request at once, the best total fit
within capacity (staff only: it weighs confidential requests too)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict

from hub.access import Principal, require
from hub.domain.answers import Reason
from hub.domain.keys import Role
from hub.domain.records import RequestStatus, SupportRequest
from hub.matchmaking.inputs import busy, partner_query
from hub.matchmaking.names import Names
from hub.matchmaking.overviews import AllocationPlan, Assignment, ProviderLoad, UnservedRequest
from hub.matchmaking.provider import models
from hub.store import Store, repository
from matching import reasons as said
from matching.allocation import Opening, Provider, allocate, allocate_greedily
from matching.capacity import engagements

__all__ = ["allocate_open_requests"]


def allocate_open_requests(
    store: Store, principal: Principal, shortlist: int = 10, balance: float = 0.0
) -> AllocationPlan:
    """Providers to every open request at once, within capacity, for staff.

    Eligible pairs are each request's `shortlist` best recommended partners with a
    positive score, which is the pair's quality. A provider's capacity is what its
    offers state; one that states none takes as many engagements a year as its recent
    track record shows (`matching.capacity`), less its running hub partnerships.
    `balance` spreads load (see `matching.allocation.allocate`).
    """
    require(principal, Role.COORDINATOR)
    openings = [
        r for r in repository.list_records(store, SupportRequest) if r.status is RequestStatus.OPEN
    ]
    fitted = models(store).partners()
    providers, recorded = _providers(store)
    queries = [partner_query(store, r) for r in openings]
    quality: dict[tuple[str, str], float] = {}
    reasons: dict[tuple[str, str], tuple[said.Reason, ...]] = {}
    for query, found in zip(
        queries, fitted.recommender.recommend(queries, n=shortlist), strict=True
    ):
        for r in found:
            if r.score > 0:
                quality[(r.candidate, query.id)] = r.score
                reasons[(r.candidate, query.id)] = _why(r.shared_objectives, r.parts)
    args = (providers, [Opening(r.id) for r in openings], quality)
    result = allocate(*args, balance=balance)
    names = Names(store)
    return AllocationPlan(
        total_quality=result.total_quality,
        greedy_quality=allocate_greedily(*args).total_quality,
        assignments=[
            Assignment(
                **asdict(a),
                provider_name=names.name(a.provider),
                why=[said.say(r) for r in reasons[(a.provider, a.request)]],
                why_parts=Reason.each(reasons[(a.provider, a.request)]),
            )
            for a in result.assignments
        ],
        unserved=[
            UnservedRequest(
                request=r,
                why=said.say(result.why_unserved[r]),
                reason=Reason.each([result.why_unserved[r]])[0],
            )
            for r in result.unserved
        ],
        load={
            p.id: ProviderLoad.model_validate(
                {
                    "used": result.load.get(p.id, 0),
                    "capacity": p.capacity,
                    "from": "track record" if p.id in recorded else "offers",
                }
            )
            for p in providers
        },
    )


def _providers(store: Store) -> tuple[list[Provider], frozenset[str]]:
    """Every provider with engagements left, and those whose capacity is their track
    record's; the same for every staff caller, so kept per revision and model."""
    stamp, fitted = models(store).stamped()

    def build() -> tuple[list[Provider], frozenset[str]]:
        known = {c.id for c in fitted.candidates}
        stated = {  # staff see every partnership, not only the shared model's
            c.id: int(c.capacity_left)
            for c in models(store).candidates()
            if c.id in known and c.capacity_left is not None
        }
        taken = busy(store)
        recorded = {
            org: left
            for org, n in engagements(fitted.history).items()
            if org in known and org not in stated and (left := n - taken.get(org, 0)) > 0
        }
        found = [Provider(p, n) for p, n in {**stated, **recorded}.items() if n > 0]
        return found, frozenset(recorded)

    return models(store).table(("allocation providers", stamp), build)


def _why(shared: Iterable[int], parts: Mapping[str, float]) -> tuple[said.Reason, ...]:
    """The shared objectives and the three strongest score parts."""
    strongest = sorted(parts.items(), key=lambda item: -abs(item[1]))[:3]
    objectives = tuple(sorted(shared))
    return (
        *([said.Reason("objectives", objectives=objectives)] if objectives else []),
        *(said.Reason("part", names=(name,), value=value) for name, value in strongest),
    )
