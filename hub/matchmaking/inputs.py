"""Adapt the stakeholder graph to the matching algorithms' plain inputs.

`matching` knows nothing of stores; this module reads the store and builds the history
(who implemented what, where), the candidate profiles, the graph's ties, coordinators'
decisions and the queries. Each function reads the store afresh: the model provider
(`hub.matchmaking.provider`) keeps what is fitted on them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace
from itertools import chain

from hub.access import COMMON, Sight
from hub.domain import geography
from hub.domain.activities import (
    Activity,
    AnswerKind,
    Partnership,
    PartnershipSource,
    PartnershipStatus,
    Suggestion,
    SuggestionStatus,
)
from hub.domain.records import ObjectiveOrigin, Offer, Stakeholder, SupportRequest
from hub.domain.vocabulary import ROLE_EDGES
from hub.knowledge.records import Practice, practice_body
from hub.matchmaking.requesters import requester_languages
from hub.store import Store, repository
from matching.profiles import Candidate, Decision, PastActivity, Query
from matching.training import as_activity

__all__ = [
    "activity_query",
    "build_candidates",
    "build_history",
    "build_ties",
    "busy",
    "containing",
    "decisions",
    "known_texts",
    "partner_query",
    "partnership_activity",
    "practice_initiative",
    "request_query",
    "suggested_objectives",
]

_BUSY = (PartnershipStatus.AGREED, PartnershipStatus.ACTIVE)
_ENDED = (PartnershipStatus.COMPLETED, PartnershipStatus.CLOSED)
_TAKEN = (PartnershipStatus.AGREED, PartnershipStatus.ACTIVE, PartnershipStatus.COMPLETED)


def containing(countries: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Each known country's subregion and region."""
    table = geography.countries()
    return {c: (table[c].subregion, table[c].region) for c in countries if c in table}


def suggested_objectives(record: SupportRequest | Offer | Activity) -> tuple[int, ...]:
    """The objectives that only the tagger chose (all of an IATI activity's, unless a
    person confirmed them)."""
    if record.objective_origin is ObjectiveOrigin.SUGGESTED:
        return tuple(record.objectives)
    return ()


def _activity_text(activity: Activity) -> str:
    return "\n".join([*activity.title.values(), *activity.description.values()])


def _sectors(activity: Activity) -> tuple[str, ...]:
    return tuple(f"{s.vocabulary}:{s.code}" for s in activity.sectors)


def _roles(store: Store) -> dict[str, dict[int, list[str]]]:
    """activity id -> role number -> organisation ids, from the role edges."""
    found: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for role, edge_type in ROLE_EDGES.items():
        for edge in store.edges(edge_type):
            found[edge.target][role].append(edge.source)
    return found


def build_history(store: Store) -> list[PastActivity]:
    """Every activity with at least one implementer, as the recommender's track record."""
    roles = _roles(store)
    history = []
    for activity in repository.list_records(store, Activity):
        by_role = roles.get(activity.id, {})
        if not by_role.get(4):
            continue
        history.append(
            replace(
                as_activity(activity_query(activity), by_role[4], by_role.get(1, ())),
                partners=tuple(by_role.get(2, ())) + tuple(by_role.get(3, ())),
                accountable=tuple(by_role.get(2, ())),
            )
        )
    return history


def busy(store: Store, partnerships: Iterable[Partnership] | None = None) -> dict[str, int]:
    """Per stakeholder, its agreed and active hub partnerships: engagements taken. All
    of them, or only those given, so a caller never sees capacity spent on a hidden one."""
    found: dict[str, int] = defaultdict(int)
    every = repository.list_records(store, Partnership) if partnerships is None else partnerships
    for partnership in every:
        if partnership.source is PartnershipSource.HUB and partnership.status in _BUSY:
            for member in partnership.members:
                found[member] += 1
    return found


def build_candidates(
    store: Store, partnerships: Iterable[Partnership] | None = None
) -> list[Candidate]:
    """Every stakeholder with its profile, offers, presence and spare capacity (after
    all partnerships, or those given)."""
    offers: dict[str, list[Offer]] = defaultdict(list)
    for offer in repository.list_records(store, Offer):
        offers[offer.provider].append(offer)
    taken = busy(store, partnerships)
    present: dict[str, set[str]] = defaultdict(set)
    for edge in store.edges("PRESENT_IN"):
        if edge.target.startswith("country:"):
            present[edge.source].add(edge.target.removeprefix("country:"))
    candidates = []
    for stakeholder in repository.list_records(store, Stakeholder):
        own = offers.get(stakeholder.id, [])
        stated_in = [*stakeholder.countries, *(c for offer in own for c in offer.countries)]
        countries, subregions, regions = geography.places(
            [*stated_in, *present.get(stakeholder.id, ())]
        )
        declared = [*stakeholder.regions, *(r for offer in own for r in offer.regions)]
        # What only its activities show (the importer's PRESENT_IN edges), for requests
        # judged in the past to read from the activities they can see.
        derived = {*countries, *subregions, *regions} - {*chain(*geography.places(stated_in))}
        chosen = {*stakeholder.objectives, *(n for o in own for n in o.objectives)}
        confirmed = {
            *stakeholder.objectives,
            *(n for o in own for n in o.objectives if n not in suggested_objectives(o)),
        }
        stated = [o.capacity.engagements for o in own if o.capacity.engagements is not None]
        left = float(max(sum(stated) - taken[stakeholder.id], 0)) if stated else None
        candidates.append(
            Candidate(
                id=stakeholder.id,
                name=stakeholder.name,
                aliases=tuple(stakeholder.aliases),
                kind=stakeholder.kind.value,
                text="\n".join([stakeholder.description, *(f"{o.title}. {o.text}" for o in own)]),
                objectives=tuple(sorted(chosen)),
                suggested_objectives=tuple(sorted(chosen - confirmed)),
                countries=countries,
                subregions=tuple(
                    sorted({*subregions, *(r for r in declared if r in geography.SUBREGIONS)})
                ),
                regions=tuple(sorted({*regions, *(r for r in declared if r in geography.REGIONS)})),
                derived=tuple(sorted(derived - set(declared))),
                languages=tuple(
                    sorted({*stakeholder.languages, *(lang for o in own for lang in o.languages)})
                ),
                capacity_left=left,
            )
        )
    return candidates


def build_ties(store: Store, hidden: Collection[str] = ()) -> Iterator[tuple[str, str]]:
    """Every edge as the pair of ids it links, but those at a `hidden` node: all the
    recommender reads of the graph.

    Not the store's networkx projection, which holds every node's properties too (about
    0.9 GB at 100k stakeholders). Read one edge type at a time, so that only one type's
    rows are held at once.
    """
    for edge_type in store.counts().edges:
        for edge in store.edges(edge_type):
            if edge.source not in hidden and edge.target not in hidden:
                yield edge.source, edge.target


def _confidence(request: SupportRequest) -> tuple[float, ...]:
    """The tagger's confidence in each suggested objective; none unless it gave all."""
    suggested = suggested_objectives(request)
    if not all(o in request.objective_confidence for o in suggested):
        return ()
    return tuple(request.objective_confidence[o] for o in suggested)


def request_query(request: SupportRequest) -> Query:
    """What the request itself says, in its own languages only; partners are ranked
    for `partner_query`."""
    countries, subregions, regions = geography.places(request.countries)
    return Query(
        id=request.id,
        text=f"{request.title}\n{request.text}",
        countries=countries,
        subregions=subregions,
        regions=regions,
        objectives=tuple(request.objectives),
        suggested_objectives=suggested_objectives(request),
        languages=tuple(request.languages),
        requester=request.requester,
        when=request.timeframe.start if request.timeframe else None,
        suggested_confidence=_confidence(request),
    )


def partner_query(store: Store, request: SupportRequest) -> Query:
    """The query partners are ranked for: the request's, asking for the languages its
    requester works in as well as its own (`hub.matchmaking.requesters`)."""
    query = request_query(request)
    spoken = {*query.languages, *requester_languages(store, request.requester)}
    return replace(query, languages=tuple(sorted(spoken)))


def activity_query(activity: Activity) -> Query:
    """A query built only from what a request would say: never from the organisations."""
    countries, subregions, regions = geography.places(activity.countries)
    return Query(
        id=activity.id,
        text=_activity_text(activity),
        countries=countries,
        subregions=subregions,
        regions=regions,
        locations=tuple(activity.locations),
        sectors=_sectors(activity),
        objectives=tuple(activity.objectives),
        suggested_objectives=suggested_objectives(activity),
        when=activity.start,
    )


def decisions(store: Store, hidden: Collection[str] | None = None) -> list[Decision]:
    """Accepted and rejected suggestions, with the reject's reason and how far the
    accepted partnership got: training data, exclusions and pins. A requester's or a
    partner's decline is a reject like a coordinator's; an open suggestion that either
    side said yes to (the partner's interest, the requester's accept) is an `interest`.

    A decision on a request `COMMON` may not see now (`hidden`, by default read here)
    is private: it excludes and pins for that request alone, whose list only callers
    who may see it get, and teaches the shared model nothing.
    """
    if hidden is None:
        hidden = Sight(store, COMMON).hidden()
    requests = {r.id: r for r in repository.list_records(store, SupportRequest)}
    partnerships = {p.id: p.status for p in repository.list_records(store, Partnership)}
    found = []
    queries: dict[str, Query] = {}  # one requester read per request, not per suggestion
    for s in repository.list_records(store, Suggestion):
        interest = s.status not in _DECIDED and _said_yes(s)
        if (s.status not in _DECIDED and not interest) or s.request not in requests:
            continue
        if s.request not in queries:
            queries[s.request] = partner_query(store, requests[s.request])
        stage = partnerships.get(s.partnership or "")
        found.append(
            Decision(
                queries[s.request],
                s.candidate,
                interest or s.status is SuggestionStatus.ACCEPTED,
                reason=s.reason.value if s.reason else None,
                holds=stage not in _ENDED,
                taken=stage in _TAKEN,
                private=s.request in hidden,
                interest=interest,
            )
        )
    return found


_DECIDED = (SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED)


def _said_yes(suggestion: Suggestion) -> bool:
    """Whether the partner is interested in the pairing or the requester accepted it."""
    return any(
        answer is not None and answer.kind in (AnswerKind.ACCEPTED, AnswerKind.INTERESTED)
        for answer in (suggestion.partner_answer, suggestion.requester_answer)
    )


def partnership_activity(partnership: Partnership, funders: Iterable[str] = ()) -> PastActivity:
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


def practice_initiative(practice: Practice) -> PastActivity:
    """A practice as an initiative its authors carried out, for similar initiatives."""
    query = request_query(
        SupportRequest(
            id=practice.id,
            requester=practice.authors[0],
            title=practice.title,
            text=practice_body(practice),
            objectives=practice.objectives,
            countries=practice.countries,
        )
    )
    return as_activity(query, practice.authors)


def known_texts(store: Store) -> Iterator[str]:
    """The text of every activity, request and hub partnership, as similar initiatives
    and funding leads compare them with a request: what the model provider reads once."""
    yield from (_activity_text(a) for a in repository.list_records(store, Activity))
    yield from (request_query(r).text for r in repository.list_records(store, SupportRequest))
    for partnership in repository.list_records(store, Partnership):
        if partnership.source is PartnershipSource.HUB:
            yield partnership_activity(partnership).text
