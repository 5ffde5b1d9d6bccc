"""Recommendation orchestration: fit the recommender from the graph, answer requests."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Collection

from hub.access import COMMON, Principal, Sight
from hub.domain.activities import Partnership, PartnershipStatus, Suggestion, SuggestionStatus
from hub.domain.records import StakeholderKind, SupportRequest
from hub.memo import RevisionMemo
from hub.profiles import build_candidates, build_history, build_ties, request_query
from hub.records import reading
from hub.store import Store, repository
from matching.profiles import Candidate, Decision, PastActivity, Recommendation
from matching.recommender import PartnerRecommender

__all__ = [
    "decisions",
    "eligible_candidates",
    "fit_recommender",
    "partners_for",
    "recommend_partners",
]


Fitted = tuple[PartnerRecommender, list[Candidate], list[PastActivity]]

_fitted: weakref.WeakKeyDictionary[Store, tuple[str, Fitted]] = weakref.WeakKeyDictionary()
_fitting: weakref.WeakKeyDictionary[Store, threading.Lock] = weakref.WeakKeyDictionary()
_registry_lock = threading.Lock()
_answers: RevisionMemo[tuple[Recommendation, ...]] = RevisionMemo(4096)


def fit_recommender(store: Store) -> Fitted:
    """A recommender fitted on everything the store knows, with the inputs it saw.

    Fitting takes seconds on a large hub, so the result is kept per store and reused
    until the graph's revision changes (a new request, decision or import). One fit
    runs at a time per store; callers arriving meanwhile wait for it and share it.
    """
    with _registry_lock:
        lock = _fitting.setdefault(store, threading.Lock())
    with lock:
        revision = store.revision()
        cached = _fitted.get(store)
        if cached is not None and cached[0] == revision:
            return cached[1]
        fitted = _fit(store)
        _fitted[store] = (revision, fitted)
        return fitted


def eligible_candidates(store: Store, history: list[PastActivity]) -> list[Candidate]:
    """Who may be proposed as a partner.

    Member States ask for support; they are matched with peers as similar initiatives,
    not proposed as implementing partners. Donors, and whoever has only funded, are
    proposed as funding leads, and as partners only where they have implemented
    something themselves. Every caller gets this model's answers, so its graph ties,
    capacity and what decisions teach it are what every partner and Member State may
    see (`COMMON`).
    """
    implemented = {org for activity in history for org in activity.implementers}
    funders = {edge.source for edge in store.edges("FUNDED")}
    return [
        c
        for c in build_candidates(store, reading.visible(store, COMMON, Partnership))
        if c.kind != StakeholderKind.MEMBER_STATE
        and ((c.kind != StakeholderKind.DONOR and c.id not in funders) or c.id in implemented)
    ]


def _fit(store: Store) -> Fitted:
    """Fit from scratch."""
    history = build_history(store)
    candidates = eligible_candidates(store, history)
    hidden = Sight(store, COMMON).hidden()
    model = PartnerRecommender().fit(
        candidates, history, decisions=decisions(store, hidden), ties=build_ties(store, hidden)
    )
    return model, candidates, history


_ENDED = (PartnershipStatus.COMPLETED, PartnershipStatus.CLOSED)
_TAKEN = (PartnershipStatus.AGREED, PartnershipStatus.ACTIVE, PartnershipStatus.COMPLETED)


def decisions(store: Store, hidden: Collection[str] | None = None) -> list[Decision]:
    """Coordinators' accepted and rejected suggestions, with the reject's reason and how
    far the accepted partnership got: training data, exclusions and pins.

    A decision on a request `COMMON` may not see now (`hidden`, by default read here)
    is private: it excludes and pins for that request alone, whose list only callers
    who may see it get, and teaches the shared model nothing.
    """
    if hidden is None:
        hidden = Sight(store, COMMON).hidden()
    requests = {r.id: r for r in repository.list_records(store, SupportRequest)}
    partnerships = {p.id: p.status for p in repository.list_records(store, Partnership)}
    found = []
    for s in repository.list_records(store, Suggestion):
        if s.status not in (SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED):
            continue
        if s.request not in requests:
            continue
        stage = partnerships.get(s.partnership or "")
        found.append(
            Decision(
                request_query(requests[s.request]),
                s.candidate,
                s.status is SuggestionStatus.ACCEPTED,
                reason=s.reason.value if s.reason else None,
                holds=stage not in _ENDED,
                taken=stage in _TAKEN,
                private=s.request in hidden,
            )
        )
    return found


def recommend_partners(store: Store, request_id: str, n: int = 10) -> list[Recommendation]:
    """Ranked partners for a stored support request, each with its explanation.

    Kept until the graph changes (`hub.memo`).
    """

    def rank() -> tuple[Recommendation, ...]:
        request = repository.get(store, SupportRequest, request_id)
        model, _, _ = fit_recommender(store)
        return tuple(model.recommend(request_query(request), n=n))

    return list(_answers.get(store, (request_id, n), rank))


def partners_for(
    store: Store, principal: Principal, request_id: str, n: int = 10
) -> list[Recommendation]:
    """Recommendations for a request the caller may see; others are not found."""
    reading.get(store, principal, SupportRequest, request_id)
    return recommend_partners(store, request_id, n)
