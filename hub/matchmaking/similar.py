"""Connection-hub mechanisms over the graph (GCM para 43(a)(iii)-(v)).

Each function reads the store, builds the plain inputs of one `matching` algorithm
(similar initiatives, funding leads, consortium, batch allocation) and hands back its
answer with the names of everyone in it, reasons kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from hub.access import Principal
from hub.domain import geography
from hub.domain.activities import Activity, Partnership, PartnershipSource
from hub.domain.errors import InvalidInput
from hub.domain.records import (
    Confidentiality,
    Offer,
    RequestStatus,
    Stakeholder,
    StakeholderKind,
    SupportRequest,
)
from hub.knowledge.practices import practice_initiative
from hub.knowledge.records import Practice
from hub.profiles import activity_query, build_candidates, build_history, busy, request_query
from hub.recommendation import fit_recommender
from hub.records import reading
from hub.store import Store, repository
from matching.allocation import Allocation, Opening, Provider, allocate, allocate_greedily
from matching.capacity import engagements
from matching.consortium import Consortium, Requirement, Rules, build_consortium
from matching.embedding import embedder
from matching.funding import FundingLead, rank_funders
from matching.profiles import Candidate, PastActivity, Query
from matching.similar import Peer, SimilarInitiative, similar_initiatives
from matching.training import as_activity

__all__ = [
    "RULES",
    "BatchAllocation",
    "Similar",
    "allocate_open_requests",
    "capacity_seen_by",
    "containing",
    "find_funders",
    "find_similar",
    "funding_history",
    "names",
    "propose_consortium",
]

RULES = ("whole-of-society", "in-region", "one-per-kind")
"""Composition rules a coordinator can ask a consortium to follow."""


@dataclass(frozen=True, slots=True)
class Similar:
    """Close initiatives, each with its kind (activity, request, partnership, practice),
    and peers."""

    initiatives: list[SimilarInitiative]
    kinds: dict[str, str]
    peers: list[Peer]


@dataclass(frozen=True, slots=True)
class BatchAllocation:
    """The optimal allocation, greedy's total for comparison, and why each pair fits.
    `capacity` is what each provider could take; `record_capacity` the part of it that
    comes from track records (providers that declare none)."""

    allocation: Allocation
    greedy_quality: float
    capacity: dict[str, int]
    reasons: dict[tuple[str, str], tuple[str, ...]]
    record_capacity: dict[str, int]


def names(store: Store) -> dict[str, str]:
    """Stakeholder id -> name, to print results."""
    return {s.id: s.name for s in repository.list_records(store, Stakeholder)}


def containing(countries: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Each known country's subregion and region."""
    table = geography.countries()
    return {c: (table[c].subregion, table[c].region) for c in countries if c in table}


def _partnership(partnership: Partnership, funders: Iterable[str] = ()) -> PastActivity:
    """A hub partnership as a past activity; members in `funders` count as its funders."""
    backers = [m for m in partnership.members if m in set(funders)]
    query = request_query(
        SupportRequest(
            id=partnership.id,
            requester=partnership.members[0],
            title=partnership.title,
            objectives=partnership.objectives,
            countries=[c for c in partnership.countries if c in geography.countries()],
        )
    )
    doers = [m for m in partnership.members if m not in backers]
    return replace(as_activity(query, doers, backers), start=partnership.started)


def _hub_partnerships(store: Store, principal: Principal) -> Iterable[Partnership]:
    """IATI partnerships repeat their activity, so only the hub's own count; and only
    those the caller may see, lest a similar initiative or a funder betray one."""
    return (
        p
        for p in reading.visible(store, principal, Partnership)
        if p.source is PartnershipSource.HUB
    )


def find_similar(store: Store, principal: Principal, request_id: str, n: int = 10) -> Similar:
    """Past activities, requests, partnerships and practices closest to a request, in
    any of the working languages, and their actors: peers to learn from.

    Confidential requests are never shown as similar: only their coordinator sees them;
    practices only as the caller may see them.
    """
    request = reading.get(store, principal, SupportRequest, request_id)
    found = build_history(store)
    kinds = dict.fromkeys((a.id for a in found), "activity")
    for other in repository.list_records(store, SupportRequest):
        if other.id != request.id and other.confidentiality is Confidentiality.OPEN_TO_PARTNERS:
            found.append(as_activity(request_query(other), [other.requester]))
            kinds[other.id] = "request"
    for partnership in _hub_partnerships(store, principal):
        found.append(_partnership(partnership))
        kinds[partnership.id] = "partnership"
    for practice in reading.visible(store, principal, Practice):
        found.append(practice_initiative(practice))
        kinds[practice.id] = "practice"
    query = request_query(request)
    initiatives, peers = similar_initiatives(query, found, n=n, embedder=embedder())
    return Similar(initiatives, {i.id: kinds[i.id] for i in initiatives}, peers)


def capacity_seen_by(store: Store, principal: Principal) -> dict[str, float]:
    """Engagements left to each provider that states a capacity, after the partnerships
    the caller may see: capacity spent on a hidden one would betray it."""
    return {
        c.id: c.capacity_left
        for c in build_candidates(store, reading.visible(store, principal, Partnership))
        if c.capacity_left is not None
    }


def funding_history(store: Store, principal: Principal) -> list[PastActivity]:
    """Every funded activity (FUNDED edges), and the caller's visible hub partnerships
    with a donor member.

    Activities nobody is recorded implementing still tell where a donor funds, so they
    are added to the recommender's history here.
    """
    history = build_history(store)
    known = {a.id for a in history}
    funders: dict[str, list[str]] = {}
    for edge in store.edges("FUNDED"):
        if edge.target not in known:
            funders.setdefault(edge.target, []).append(edge.source)
    for activity_id, backers in funders.items():
        activity = repository.get(store, Activity, activity_id)
        history.append(as_activity(activity_query(activity), (), backers))
    donors = {
        s.id for s in repository.list_records(store, Stakeholder) if s.kind is StakeholderKind.DONOR
    }
    history += [_partnership(p, donors) for p in _hub_partnerships(store, principal)]
    return history


def find_funders(
    store: Store, principal: Principal, request_id: str, n: int = 10
) -> list[FundingLead]:
    """Donors and funds for a request, from their funding history and declared interests."""
    request = reading.get(store, principal, SupportRequest, request_id)
    candidates = build_candidates(store)
    return rank_funders(
        request_query(request),
        funding_history(store, principal),
        profiles=[c for c in candidates if c.kind == StakeholderKind.DONOR],
        kinds={c.id: c.kind for c in candidates},
        n=n,
    )


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


def _present(store: Store, candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates with only the subregions they declare (own or offers' regions): working
    in Kenya is no presence in Somalia, though both are Eastern Africa."""
    declared: dict[str, set[str]] = {}
    for s in repository.list_records(store, Stakeholder):
        declared.setdefault(s.id, set()).update(s.regions)
    for o in repository.list_records(store, Offer):
        declared.setdefault(o.provider, set()).update(o.regions)
    return [
        replace(c, subregions=tuple(sorted(declared.get(c.id, set()) & set(geography.SUBREGIONS))))
        for c in candidates
    ]


def propose_consortium(
    store: Store,
    principal: Principal,
    request_id: str,
    max_size: int = 5,
    rules: Iterable[str] = (),
) -> Consortium:
    """A team of 2 to `max_size` partners for a request, weighted by recommender scores."""
    request = reading.get(store, principal, SupportRequest, request_id)
    query = request_query(request)
    model, candidates, _ = fit_recommender(store)
    ranked = model.recommend(query, n=len(candidates))
    order = {r.candidate: i for i, r in enumerate(ranked)}
    left = capacity_seen_by(store, principal)
    by_rank = [
        replace(c, capacity_left=left.get(c.id))
        for c in sorted(_present(store, candidates), key=lambda c: order.get(c.id, len(order)))
    ]
    return build_consortium(
        query,
        by_rank,
        weights={r.candidate: r.score for r in ranked},
        rules=_rules(rules, query, {s.id: s for s in repository.list_records(store, Stakeholder)}),
        max_size=max_size,
        containing=containing(query.countries),
    )


def allocate_open_requests(
    store: Store, shortlist: int = 10, balance: float = 0.0
) -> BatchAllocation:
    """Providers to every open request at once, within capacity.

    Eligible pairs are each request's `shortlist` best recommended partners with a
    positive score, which is the pair's quality. A provider's capacity is what its
    offers state; one that states none takes as many engagements a year as its recent
    track record shows (`matching.capacity`), less its running hub partnerships.
    `balance` spreads load (see `matching.allocation.allocate`).
    """
    openings = [
        r for r in repository.list_records(store, SupportRequest) if r.status is RequestStatus.OPEN
    ]
    model, candidates, history = fit_recommender(store)
    known = {c.id for c in candidates}
    stated = {  # staff see every partnership, not only the shared model's
        c.id: int(c.capacity_left)
        for c in build_candidates(store)
        if c.id in known and c.capacity_left is not None
    }
    taken = busy(store)
    recorded = {
        org: left
        for org, n in engagements(history).items()
        if org in known and org not in stated and (left := n - taken.get(org, 0)) > 0
    }
    providers = [Provider(p, n) for p, n in {**stated, **recorded}.items() if n > 0]
    queries = [request_query(r) for r in openings]
    quality: dict[tuple[str, str], float] = {}
    reasons: dict[tuple[str, str], tuple[str, ...]] = {}
    for query, found in zip(queries, model.recommend(queries, n=shortlist), strict=True):
        for r in found:
            if r.score > 0:
                quality[(r.candidate, query.id)] = r.score
                reasons[(r.candidate, query.id)] = _why(r.shared_objectives, r.parts)
    args = (providers, [Opening(r.id) for r in openings], quality)
    result = allocate(*args, balance=balance)
    return BatchAllocation(
        allocation=result,
        greedy_quality=allocate_greedily(*args).total_quality,
        capacity={p.id: p.capacity for p in providers},
        reasons={
            (a.provider, a.request): reasons[(a.provider, a.request)] for a in result.assignments
        },
        record_capacity=recorded,
    )


def _why(shared: Iterable[int], parts: Mapping[str, float]) -> tuple[str, ...]:
    strongest = sorted(parts.items(), key=lambda item: -abs(item[1]))[:3]
    return (
        *([f"objectives {sorted(shared)}"] if shared else []),
        *(f"{name} {value:+.2f}" for name, value in strongest),
    )
